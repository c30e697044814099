import request from 'supertest';
import { count, csrfToken, submitLogin, useApp } from '../support/app';
import { createUser, PASSWORD } from '../support/factories';
import { setDisabled } from '../../src/auth/users.service';
import { csrfIn } from '../support/form-html';
import { logInByCookie, sessionCookies } from '../support/session';

const t = useApp();

describe('GET /login', () => {
  it('shows the login form with a CSRF token, publicly', async () => {
    const res = await request(t.app).get('/login');
    expect(res.status).toBe(200);
    expect(res.text).toContain('name="_csrf"');
    expect(res.text).toContain('name="email"');
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe('POST /login', () => {
  it('logs a user in and redirects to the dashboard with a hardened cookie', async () => {
    const user = await createUser(t.db, { name: 'Børge Brende' });
    const agent = request.agent(t.app);
    const token = await csrfToken(agent);
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: token, email: user.email.toUpperCase(), password: PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    const [cookie] = sessionCookies(res);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    const home = await agent.get('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Børge Brende');
    expect(home.headers['cache-control']).toBe('no-store');
  });

  it('gives the same message for an unknown user and a wrong password', async () => {
    const user = await createUser(t.db);
    const agent = request.agent(t.app);
    const wrong = await submitLogin(agent, { email: user.email, password: 'wrong password!' });
    const unknown = await submitLogin(agent, { email: 'nobody@example.test', password: 'wrong password!' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const message = (text: string) => /alert-danger" role="alert">([^<]*)</.exec(text)?.[1];
    expect(message(wrong.text)).toBe('Incorrect email or password.');
    expect(message(unknown.text)).toBe(message(wrong.text));
    expect(wrong.text).toContain(`value="${user.email}"`);
    expect((await agent.get('/')).status).toBe(303);
  });

  it('refuses a disabled user with the same message', async () => {
    const user = await createUser(t.db, { disabled: true });
    const agent = request.agent(t.app);
    const res = await submitLogin(agent, { email: user.email, password: PASSWORD });
    expect(res.status).toBe(401);
    expect(res.text).toContain('Incorrect email or password.');
  });

  it('answers 422 when a field is missing or repeated, never 500', async () => {
    const agent = request.agent(t.app);
    const missing = await submitLogin(agent, { email: 'a@b.test' });
    expect(missing.status).toBe(422);
    const token = await csrfToken(agent);
    const repeated = await agent
      .post('/login')
      .type('form')
      .send(`_csrf=${token}&email=a@b.test&email=c@d.test&password=x`);
    expect(repeated.status).toBe(422);
  });

  it('stores the password as an argon2id hash with at least 19 MiB and two passes', async () => {
    await createUser(t.db, { email: 'hash@example.test' });
    const [row] = await t.db.query(`SELECT password_hash FROM users WHERE email = 'hash@example.test'`);
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$/);
    const params = Object.fromEntries(
      row.password_hash
        .split('$')[3]
        .split(',')
        .map((kv: string) => kv.split('=')),
    );
    expect(Number(params.m)).toBeGreaterThanOrEqual(19_456);
    expect(Number(params.t)).toBeGreaterThanOrEqual(2);
  });

  it('limits one address to 10 attempts a minute, then answers 429 with Retry-After', async () => {
    const user = await createUser(t.db);
    const agent = request.agent(t.app);
    const token = await csrfToken(agent);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await agent
        .post('/login')
        .type('form')
        .send({ _csrf: token, email: user.email, password: 'wrong password!' });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        expect(res.text).toContain('Too many login attempts');
      }
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
    const correct = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: token, email: user.email, password: PASSWORD });
    expect(correct.status).toBe(429);
    expect(await count(t.db, "sessions WHERE sess::text LIKE '%passport%'")).toBe(0);
  });
});

describe('POST /login with control characters in the email', () => {
  it.each(['a\u0000b', '\u0000', 'admin@example.test\u0000', 'a\u0007b@example.test'])(
    'answers 401 for %j and changes nothing',
    async (email) => {
      await createUser(t.db);
      const agent = request.agent(t.app);
      const before = await count(t.db, 'users');
      const res = await submitLogin(agent, { email, password: 'wrong password!' });
      expect(res.status).toBe(401);
      expect(res.text).toContain('Incorrect email or password.');
      expect(await count(t.db, 'users')).toBe(before);
      expect(await count(t.db, `sessions WHERE sess::text LIKE '%passport%'`)).toBe(0);
    },
  );
});

describe('returnTo', () => {
  it('returns to the page the visitor asked for', async () => {
    const user = await createUser(t.db);
    const first = await request(t.app).get('/ministries?page=2');
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/login?returnTo=%2Fministries%3Fpage%3D2');
    const agent = request.agent(t.app);
    const res = await submitLogin(agent, { email: user.email, password: PASSWORD, returnTo: '/ministries?page=2' });
    expect(res.headers.location).toBe('/ministries?page=2');
  });

  it.each([
    '//evil.example',
    '/\\evil.example',
    'https://evil.example',
    'javascript:alert(1)',
    '/%2F%2Fevil.example',
    '/\t/evil.example',
    'http:/evil.example',
  ])('never leaves the site for %s', async (target) => {
    const user = await createUser(t.db);
    const agent = request.agent(t.app);
    const res = await submitLogin(agent, { email: user.email, password: PASSWORD, returnTo: target });
    expect(res.status).toBe(303);
    const location = res.headers.location;
    expect(location.startsWith('/')).toBe(true);
    expect(location.startsWith('//')).toBe(false);
    expect(location.startsWith('/\\')).toBe(false);
    expect(new URL(location, 'http://demarche.test').host).toBe('demarche.test');
  });
});

describe('sessions', () => {
  async function manualLogin(email: string) {
    const { pre, cookie } = await logInByCookie(t.app, email);
    return { preLogin: pre, loggedIn: cookie };
  }

  it('rotates the session id on login: the pre-login id is not logged in', async () => {
    const user = await createUser(t.db);
    const { preLogin, loggedIn } = await manualLogin(user.email);
    expect(loggedIn).not.toBe(preLogin);
    expect((await request(t.app).get('/').set('Cookie', loggedIn)).status).toBe(200);
    const fixated = await request(t.app).get('/').set('Cookie', preLogin);
    expect(fixated.status).toBe(303);
    expect(fixated.headers.location).toBe('/login');
  });

  it('logout ends the session: replaying the old cookie leads back to login', async () => {
    const user = await createUser(t.db);
    const { loggedIn } = await manualLogin(user.email);
    const home = await request(t.app).get('/').set('Cookie', loggedIn);
    const token = csrfIn(home.text);
    const out = await request(t.app).post('/logout').set('Cookie', loggedIn).type('form').send({ _csrf: token });
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/login');
    const replay = await request(t.app).get('/').set('Cookie', loggedIn);
    expect(replay.status).toBe(303);
    expect(replay.headers.location).toBe('/login');
    expect(await count(t.db, 'sessions')).toBe(0);
  });

  it("ends a disabled user's live session at once", async () => {
    const user = await createUser(t.db);
    const { loggedIn } = await manualLogin(user.email);
    expect((await request(t.app).get('/').set('Cookie', loggedIn)).status).toBe(200);
    await setDisabled(t.db, user.id, true, null);
    const after = await request(t.app).get('/').set('Cookie', loggedIn);
    expect(after.status).toBe(303);
    expect(after.headers.location).toBe('/login');
  });

  it('ends a session past its absolute lifetime, however active', async () => {
    const user = await createUser(t.db);
    const { loggedIn } = await manualLogin(user.email);
    await t.db.query(
      `UPDATE sessions SET sess = jsonb_set(sess::jsonb, '{loggedInAt}', to_jsonb((extract(epoch FROM now()) * 1000 - 13 * 3600 * 1000)::bigint))::json`,
    );
    const res = await request(t.app).get('/').set('Cookie', loggedIn);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login');
  });

  it('ends a session idle past the limit', async () => {
    const user = await createUser(t.db);
    const { loggedIn } = await manualLogin(user.email);
    await t.db.query(`UPDATE sessions SET expire = now() - interval '1 second'`);
    const res = await request(t.app).get('/').set('Cookie', loggedIn);
    expect(res.status).toBe(303);
  });
});
