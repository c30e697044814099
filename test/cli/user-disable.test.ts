import request from 'supertest';
import { count, submitLogin, useApp } from '../support/app';
import { createUser, PASSWORD } from '../support/factories';
import { startCommand, stopAll } from '../support/processes';

/** `npm run user:disable` and `npm run user:set-password` as a user runs them: the built commands on DATABASE_URL. */

const t = useApp();
jest.setTimeout(60_000);
afterAll(() => stopAll());

const run = (script: string, args: string[], env: Record<string, string | null> = {}) =>
  startCommand(
    `cli/${script}.js`,
    args,
    { DATABASE_URL: t.config.databaseUrl!, DEMARCHE_PASSWORD: null, ...env },
    30_000,
  ).done;

async function loggedIn(email: string, password = PASSWORD) {
  const agent = request.agent(t.app);
  const res = await submitLogin(agent, { email, password });
  expect(res.status).toBe(303);
  expect(res.headers.location).not.toMatch(/login/);
  return agent;
}

const state = async (email: string) =>
  (await t.db.query(`SELECT disabled, password_hash AS hash FROM users WHERE email = $1`, [email]))[0];

describe('npm run user:disable', () => {
  it('disables a user (their open session ends at once), and --enable lets them log in again', async () => {
    await createUser(t.db, { email: 'aas@justice.test', role: 'staff' });
    await createUser(t.db, { email: 'boss@justice.test', role: 'admin' });
    const session = await loggedIn('aas@justice.test');
    expect((await session.get('/')).status).toBe(200);

    const off = await run('user-disable', ['--email', 'AAS@Justice.test']);
    expect(off.stderr).toBe('');
    expect(off.code).toBe(0);
    expect(off.stdout).toContain('aas@justice.test is disabled; their sessions have ended.');
    expect((await state('aas@justice.test')).disabled).toBe(true);
    const next = await session.get('/');
    expect([302, 303]).toContain(next.status);
    expect(next.headers.location).toMatch(/^\/login/);
    expect((await submitLogin(request.agent(t.app), { email: 'aas@justice.test', password: PASSWORD })).status).toBe(
      401,
    );

    const on = await run('user-disable', ['--email', 'aas@justice.test', '--enable']);
    expect(on.code).toBe(0);
    expect(on.stdout).toContain('aas@justice.test can log in again.');
    expect((await state('aas@justice.test')).disabled).toBe(false);
    await loggedIn('aas@justice.test');
    expect(await count(t.db, `audit_events WHERE entity_type = 'user' AND action = 'update'`)).toBe(2);
  });

  it.each([
    [['--email', 'nobody@justice.test'], /No user has the email nobody@justice.test/],
    [[], /Usage: npm run user:disable -- --email E/],
    [['--email'], /--email needs a value/],
    [['--email', 'a@b.test', '--role', 'x'], /Usage/],
  ])('refuses %j with a clear message and changes nobody', async (args, message) => {
    await createUser(t.db, { email: 'a@b.test', role: 'staff' });
    const res = await run('user-disable', args);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(message);
    expect(res.stderr).not.toMatch(/\n\s+at /);
    expect((await state('a@b.test')).disabled).toBe(false);
  });

  it('will not disable the last administrator', async () => {
    await createUser(t.db, { email: 'only@admin.test', role: 'admin' });
    const res = await run('user-disable', ['--email', 'only@admin.test']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('last administrator');
    expect((await state('only@admin.test')).disabled).toBe(false);
  });
});

describe('npm run user:set-password', () => {
  it('sets the password from DEMARCHE_PASSWORD; the old one stops working and open sessions end', async () => {
    await createUser(t.db, { email: 'aas@justice.test', role: 'staff' });
    const session = await loggedIn('aas@justice.test');
    const res = await run('user-set-password', ['--email', 'aas@justice.test'], {
      DEMARCHE_PASSWORD: 'a brand new passphrase',
    });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('The password of aas@justice.test is set; their sessions have ended.');
    expect((await session.get('/')).headers.location).toMatch(/^\/login/);
    expect((await submitLogin(request.agent(t.app), { email: 'aas@justice.test', password: PASSWORD })).status).toBe(
      401,
    );
    await loggedIn('aas@justice.test', 'a brand new passphrase');
  });

  it.each([
    [['--email', 'aas@justice.test'], 'short', /at least 12 characters/],
    [['--email', 'aas@justice.test'], null, /Set DEMARCHE_PASSWORD/],
    [['--email', 'nobody@justice.test'], 'a brand new passphrase', /No user has the email/],
    [[], 'a brand new passphrase', /Usage: npm run user:set-password -- --email E/],
  ])('refuses %j (password %j) with a clear message and changes nothing', async (args, password, message) => {
    await createUser(t.db, { email: 'aas@justice.test', role: 'staff' });
    const before = await state('aas@justice.test');
    const res = await run('user-set-password', args, { DEMARCHE_PASSWORD: password });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(message);
    expect(res.stderr).not.toMatch(/\n\s+at /);
    expect(await state('aas@justice.test')).toEqual(before);
  });
});
