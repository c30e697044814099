import request from 'supertest';
import { count, csrfToken, login, useApp } from '../support/app';
import { createUser, PASSWORD } from '../support/factories';
import { concrete, registeredRoutes } from '../support/routes';

const t = useApp();
const PUBLIC = new Set([
  'GET /login',
  'POST /login',
  'GET /healthz',
  'GET /calendar/:token.ics',
  'GET /mail/unsubscribe/:token',
  'POST /mail/unsubscribe/:token',
  'GET /password/:token',
  'POST /password/:token',
]);

describe('security headers', () => {
  it('sends a CSP with object-src, base-uri and frame-ancestors locked down', async () => {
    const res = await request(t.app).get('/login');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('unauthenticated access', () => {
  it('redirects every registered non-public route to the login page', async () => {
    const routes = registeredRoutes(t.app).filter((r) => !PUBLIC.has(`${r.method} ${r.path}`));
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) {
      const url = concrete(route.path);
      const res = await (route.method === 'POST'
        ? request(t.app).post(url).type('form').send({})
        : request(t.app).get(url));
      // A POST without a session fails the CSRF check (403) before reaching the guard; both refuse.
      expect([303, 403]).toContain(res.status);
      if (res.status === 303) expect(res.headers.location).toMatch(/^\/login(\?returnTo=|$)/);
    }
  });

  it('serves the public allowlist without a session', async () => {
    expect((await request(t.app).get('/login')).status).toBe(200);
    expect((await request(t.app).get('/healthz')).status).toBe(200);
    expect((await request(t.app).get('/assets/bootstrap/css/bootstrap.min.css')).status).toBe(200);
    expect((await request(t.app).get('/assets/css/app.css')).status).toBe(200);
  });
});

describe('CSRF', () => {
  it.each([
    ['no token', (_token: string) => ({})],
    ['a wrong token', (_token: string) => ({ _csrf: 'x'.repeat(64) })],
    ['an array token', (token: string) => ({ '_csrf[]': token })],
  ])('refuses a login with %s (403) and creates no session', async (_label, body) => {
    const user = await createUser(t.db);
    const agent = request.agent(t.app);
    const token = await csrfToken(agent);
    const sessionsBefore = await count(t.db, 'sessions');
    const res = await agent
      .post('/login')
      .type('form')
      .send({ ...body(token), email: user.email, password: PASSWORD });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Nothing was saved');
    expect((await agent.get('/')).status).toBe(303);
    expect(await count(t.db, 'sessions')).toBe(sessionsBefore);
  });

  it("refuses another session's token on logout, leaving the session alive", async () => {
    const alice = await createUser(t.db);
    const bob = await createUser(t.db);
    const aliceAgent = await login(t.app, alice.email, PASSWORD);
    const bobAgent = await login(t.app, bob.email, PASSWORD);
    const bobToken = await csrfToken(bobAgent, '/');
    const res = await aliceAgent.post('/logout').type('form').send({ _csrf: bobToken });
    expect(res.status).toBe(403);
    expect((await aliceAgent.get('/')).status).toBe(200);
  });
});

describe('bad requests', () => {
  it('answers 413 to a body over the limit, not 500', async () => {
    const agent = request.agent(t.app);
    const token = await csrfToken(agent);
    const res = await agent
      .post('/login')
      .type('form')
      .send(`_csrf=${token}&email=${'a'.repeat(1_000_000)}`);
    expect(res.status).toBe(413);
    expect(res.text).not.toMatch(/at \w+ \(/);
  });

  it('answers 400 to a malformed body, not 500', async () => {
    const res = await request(t.app)
      .post('/login')
      .set('Content-Type', 'application/x-www-form-urlencoded; charset=koi8-x')
      .send('a=1');
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it('does not let prototype keys pollute objects', async () => {
    const agent = request.agent(t.app);
    const token = await csrfToken(agent);
    const res = await agent
      .post('/login')
      .type('form')
      .send(`_csrf=${token}&__proto__[polluted]=1&constructor[prototype][polluted]=1&email=a@b.test&password=x`);
    expect(res.status).toBeLessThan(500);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('shows a 404 page for an unknown path when logged in', async () => {
    const user = await createUser(t.db);
    const agent = await login(t.app, user.email, PASSWORD);
    const res = await agent.get('/no-such-page');
    expect(res.status).toBe(404);
    expect(res.text).toContain('Not found');
  });
});
