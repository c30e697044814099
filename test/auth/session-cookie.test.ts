import { Writable } from 'node:stream';
import request from 'supertest';
import { createApp } from '../../src/app';
import { SESSION_NOT_SAVED, SESSION_NOT_SAVED_AFTER } from '../../src/auth/session';
import { startupWarnings } from '../../src/config';
import { createLogger } from '../../src/logger';
import { count, useApp } from '../support/app';
import { createUser } from '../support/factories';
import { submissionToken, csrfIn } from '../support/form-html';
import { logInByCookie, sessionCookies, sidOf } from '../support/session';

const t = useApp();

const expiresIn = async (sid: string) =>
  (await t.db.query(`SELECT extract(epoch FROM expire - now())::float AS s FROM sessions WHERE sid = $1`, [sid]))[0]
    ?.s as number | undefined;

const logIn = (app: typeof t.app, email: string, headers: Record<string, string> = {}) =>
  logInByCookie(app, email, { headers });

function loggingApp() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(
        ...String(chunk)
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l)),
      );
      done();
    },
  });
  const created = createApp({
    db: t.db,
    config: t.config,
    logger: createLogger('info', sink),
    sessionSecret: 'test-secret-'.repeat(4),
  });
  return { ...created, lines };
}

describe('the session cookie', () => {
  it('is demarche.sid, HttpOnly, SameSite=Lax, with Max-Age and Expires; Secure when HTTPS arrives through a trusted proxy', async () => {
    const user = await createUser(t.db);
    const { res } = await logIn(t.app, user.email);
    const [cookie] = sessionCookies(res);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(new RegExp(`; Max-Age=${t.config.sessionIdleMinutes * 60}(;|$)`));
    expect(cookie).toMatch(/; Expires=/);
    expect(cookie).not.toMatch(/Secure/);

    const behindProxy = createApp({
      db: t.db,
      config: { ...t.config, trustProxy: 1 },
      logger: createLogger('silent'),
      sessionSecret: 'test-secret-'.repeat(4),
    });
    try {
      const secure = await logIn(behindProxy.app, user.email, { 'X-Forwarded-Proto': 'https' });
      expect(sessionCookies(secure.res)[0]).toMatch(/; Secure/);
    } finally {
      behindProxy.close();
    }
  });

  it('is renewed by a streamed response (the CSV export) whose session expiry moves, and the row with it', async () => {
    const user = await createUser(t.db, { role: 'manager' });
    const { cookie } = await logIn(t.app, user.email);
    const sid = sidOf(cookie);
    await t.db.query(`UPDATE sessions SET expire = now() + interval '2 minutes' WHERE sid = $1`, [sid]);
    const res = await request(t.app).get('/commitments.csv').set('Cookie', cookie);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.headers['content-length']).toBeUndefined(); // streamed, not sent in one piece
    const [renewed] = sessionCookies(res);
    expect(renewed.split(';')[0]).toBe(cookie);
    expect(renewed).toMatch(
      new RegExp(`; Max-Age=(${t.config.sessionIdleMinutes * 60}|${t.config.sessionIdleMinutes * 60 - 1})(;|$)`),
    );
    expect(await expiresIn(sid)).toBeGreaterThan(t.config.sessionIdleMinutes * 60 - 90);
  });
});

describe('two tabs opened right after login', () => {
  it('both submit their forms: neither token is lost', async () => {
    const user = await createUser(t.db);
    const { cookie } = await logIn(t.app, user.email);
    const [first, second] = await Promise.all([
      request(t.app).get('/ministries/new').set('Cookie', cookie),
      request(t.app).get('/ministries/new').set('Cookie', cookie),
    ]);
    for (const [tab, name] of [
      [first, 'Utenriksdepartementet'],
      [second, 'Justis- og beredskapsdepartementet'],
    ] as const) {
      const res = await request(t.app)
        .post('/ministries')
        .set('Cookie', cookie)
        .type('form')
        .send({
          _csrf: csrfIn(tab.text),
          _submission: submissionToken(tab.text),
          name,
          countryCode: 'NO',
          kind: 'ministry',
        });
      expect([name, res.status]).toEqual([name, 303]);
    }
    expect(await count(t.db, 'ministries')).toBe(2);
  });
});

describe('a session that cannot be saved', () => {
  const failWhen = (condition: string) =>
    t.db.query(`
      CREATE OR REPLACE FUNCTION test_session_write_fails() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF ${condition} THEN RAISE EXCEPTION 'sessions are read-only in this test'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER test_session_write_fails BEFORE UPDATE ON sessions FOR EACH ROW EXECUTE FUNCTION test_session_write_fails();`);
  afterEach(() =>
    t.db.query(
      `DROP TRIGGER IF EXISTS test_session_write_fails ON sessions; DROP FUNCTION IF EXISTS test_session_write_fails()`,
    ),
  );

  async function postMinistry(app: typeof t.app, cookie: string) {
    const form = await request(app).get('/ministries/new').set('Cookie', cookie);
    return {
      form,
      post: () =>
        request(app)
          .post('/ministries')
          .set('Cookie', cookie)
          .type('form')
          .send({
            _csrf: csrfIn(form.text),
            _submission: submissionToken(form.text),
            name: 'Utenriksdepartementet',
            countryCode: 'NO',
            kind: 'ministry',
          }),
    };
  }

  it('before a form post writes anything: 503, the user is told nothing was recorded, it is logged, and no row changes', async () => {
    const { app, close, lines } = loggingApp();
    try {
      const user = await createUser(t.db);
      const { cookie } = await logIn(app, user.email);
      const { post } = await postMinistry(app, cookie);
      await failWhen('true');
      const res = await post();
      expect(res.status).toBe(503);
      expect(res.text).toContain(SESSION_NOT_SAVED);
      expect(res.text).toContain('Utenriksdepartementet'); // what was typed, to send again
      expect(await count(t.db, 'ministries')).toBe(0);
      expect(await count(t.db, 'audit_events')).toBe(0);
      const logged = lines.find((l) => l.msg === 'the session could not be saved before a form post; nothing recorded');
      expect(logged).toMatchObject({ level: 50, requestId: res.headers['x-request-id'] });
    } finally {
      close();
    }
  });

  it('after the write (its message could not be kept): 503 saying so instead of a silent redirect, and logged', async () => {
    const { app, close, lines } = loggingApp();
    try {
      const user = await createUser(t.db);
      const { cookie } = await logIn(app, user.email);
      const { post } = await postMinistry(app, cookie);
      await failWhen(`NEW.sess::text LIKE '%Ministry saved%'`);
      const res = await post();
      expect(res.status).toBe(503);
      expect(res.text).toContain('What you sent may have been recorded');
      expect(SESSION_NOT_SAVED_AFTER).toContain('What you sent may have been recorded');
      expect(await count(t.db, 'ministries')).toBe(1);
      expect(lines.some((l) => l.msg === 'the session could not be saved after a form post' && l.level === 50)).toBe(
        true,
      );
    } finally {
      close();
    }
  });
});

describe('start-up warnings', () => {
  it('say in production without TRUST_PROXY that cookies are not Secure, and warn on TRUST_PROXY=true', () => {
    const base = { ...t.config, nodeEnv: 'production' };
    expect(startupWarnings({ ...base, trustProxy: false }).join('\n')).toMatch(/without Secure/);
    expect(startupWarnings({ ...base, trustProxy: 1 })).toEqual([]);
    expect(startupWarnings({ ...base, trustProxy: '10.0.0.0/8' })).toEqual([]);
    expect(startupWarnings({ ...base, trustProxy: true }).join('\n')).toMatch(
      /TRUST_PROXY=true trusts every X-Forwarded-For/,
    );
    expect(startupWarnings({ ...t.config, nodeEnv: 'development', trustProxy: false })).toEqual([]);
  });
});
