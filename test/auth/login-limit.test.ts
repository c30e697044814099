import request from 'supertest';
import { ACCOUNT_HELD_BACK } from '../../src/auth/auth.routes';
import { createApp } from '../../src/app';
import { createLogger } from '../../src/logger';
import { count, csrfToken, useApp } from '../support/app';
import { createUser, PASSWORD } from '../support/factories';

// QUALITY.md: many wrong passwords for one account from many addresses, or a changing
// X-Forwarded-For: that account is held back, and the answer does not say whether it exists.

const t = useApp({ trustProxy: 1 });
const message = (text: string) => /alert-danger" role="alert">([^<]*)</.exec(text)?.[1]?.replace(/&#x27;/g, "'");
const loggedIn = () => count(t.db, `sessions WHERE sess::text LIKE '%"passport":{"user"%'`);

/** One browser per address: its own session and token, every request from that address. */
async function fromAddress(app: typeof t.app, address: string) {
  const agent = request.agent(app);
  const token = await csrfToken(agent);
  return (email: string, password: string) =>
    agent.post('/login').set('X-Forwarded-For', address).type('form').send({ _csrf: token, email, password });
}

describe('the per-account login limit', () => {
  it('holds an account back after 45 wrong passwords from 5 addresses: the right password from a 6th is refused', async () => {
    const user = await createUser(t.db);
    const statuses: number[] = [];
    for (let a = 1; a <= 5; a++) {
      const attempt = await fromAddress(t.app, `198.51.100.${a}`);
      for (let i = 0; i < 9; i++) statuses.push((await attempt(user.email, `wrong password ${a}-${i}`)).status);
    }
    // Under the per-address limit (10 a minute) everywhere; the account's own limit is what holds.
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);

    const right = await (await fromAddress(t.app, '203.0.113.9'))(user.email.toUpperCase(), PASSWORD);
    expect(right.status).toBe(429);
    expect(message(right.text)).toBe(ACCOUNT_HELD_BACK);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(60);
    expect(await loggedIn()).toBe(0);
  });

  it('answers an address without an account exactly as one with an account under the same load', async () => {
    const user = await createUser(t.db);
    const answers = async (email: string, net: string) => {
      const seen: string[] = [];
      for (let a = 1; a <= 3; a++) {
        const attempt = await fromAddress(t.app, `${net}.${a}`);
        for (let i = 0; i < 4; i++) {
          const res = await attempt(email, 'wrong password!');
          seen.push(`${res.status} ${message(res.text)}`);
        }
      }
      return seen;
    };
    const existing = await answers(user.email, '192.0.2');
    const missing = await answers('nobody@example.test', '198.18.0');
    expect(missing).toEqual(existing);
    expect(existing.at(-1)).toBe(`429 ${ACCOUNT_HELD_BACK}`);
  });

  it('is not lifted by a changing X-Forwarded-For with TRUST_PROXY=true, nor by another instance', async () => {
    const user = await createUser(t.db);
    const trusting = createApp({
      db: t.db,
      config: { ...t.config, trustProxy: true },
      logger: createLogger('silent'),
      sessionSecret: 'test-secret-'.repeat(4),
    });
    try {
      const agent = request.agent(trusting.app);
      const token = await csrfToken(agent);
      for (let i = 0; i < 10; i++) {
        const res = await agent
          .post('/login')
          .set('X-Forwarded-For', `10.9.${i}.1`)
          .type('form')
          .send({ _csrf: token, email: user.email, password: 'wrong password!' });
        expect(res.status).toBe(401);
      }
      const last = await agent
        .post('/login')
        .set('X-Forwarded-For', '10.9.99.1')
        .type('form')
        .send({ _csrf: token, email: user.email, password: PASSWORD });
      expect(last.status).toBe(429);
      // The other instance (t.app) shares the counter through PostgreSQL.
      expect((await (await fromAddress(t.app, '203.0.113.77'))(user.email, PASSWORD)).status).toBe(429);
      expect(await loggedIn()).toBe(0);
    } finally {
      trusting.close();
    }
  });

  it('does not count successful logins, and a success leaves the account free', async () => {
    const user = await createUser(t.db);
    for (let a = 1; a <= 12; a++) {
      const res = await (await fromAddress(t.app, `203.0.113.${a}`))(user.email, PASSWORD);
      expect(res.status).toBe(303);
    }
  });
});
