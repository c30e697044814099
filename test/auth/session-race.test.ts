import request from 'supertest';
import { setDisabled } from '../../src/auth/users.service';
import { count, useApp } from '../support/app';
import { createUser } from '../support/factories';
import { submissionToken, csrfIn } from '../support/form-html';
import { logInByCookie, sidOf } from '../support/session';

// QUALITY.md, session: "a slow request in flight while the user logs out or is disabled: the
// session stays ended". A page read the session before the end and finishes after it; it must
// not write the session back. The page is held in flight by a lock on the table it reads, taken
// after it has read its session, so the order is the same on every run.

const t = useApp();

const get = (path: string, cookie: string) => request(t.app).get(path).set('Cookie', cookie);

async function logIn(email: string) {
  const { cookie } = await logInByCookie(t.app, email);
  return { cookie, token: csrfIn((await get('/', cookie)).text) };
}

/** Until PostgreSQL shows a statement waiting for a lock (the held page), at most 10 s. */
async function waitForBlockedStatement(): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const [row] = await t.db.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (row.n > 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the page never waited for the lock');
}

const endings: [
  string,
  (ctx: { cookie: string; token: string; sid: string; userId: number; adminId: number }) => Promise<void>,
][] = [
  [
    'the user logs out in another tab',
    async ({ cookie, token }) => {
      const out = await request(t.app).post('/logout').set('Cookie', cookie).type('form').send({ _csrf: token });
      expect([out.status, out.headers.location]).toEqual([303, '/login']);
    },
  ],
  ['an administrator disables the account', async ({ userId, adminId }) => setDisabled(t.db, userId, true, adminId)],
  [
    'the session passes its absolute lifetime and another request regenerates it',
    async ({ cookie, sid }) => {
      const hours = t.config.sessionAbsoluteHours + 1;
      await t.db.query(
        `UPDATE sessions SET sess = jsonb_set(sess::jsonb, '{loggedInAt}', to_jsonb((extract(epoch FROM now()) * 1000 - $2)::bigint))::json WHERE sid = $1`,
        [sid, hours * 3_600_000],
      );
      expect((await get('/', cookie)).headers.location).toBe('/login');
    },
  ],
];

describe('a slow page in flight while the session ends', () => {
  it.each(endings)('does not bring the session back when %s', async (_name, end) => {
    const admin = await createUser(t.db, { role: 'admin' });
    const user = await createUser(t.db, { role: 'staff' });
    const { cookie, token } = await logIn(user.email);
    const sid = sidOf(cookie);

    // A record saved: its message waits in the session for the page the redirect leads to,
    // which takes it out, so that page changes the session.
    const form = await get('/ministries/new', cookie);
    const saved = await request(t.app)
      .post('/ministries')
      .set('Cookie', cookie)
      .type('form')
      .send({
        _csrf: csrfIn(form.text),
        _submission: submissionToken(form.text),
        name: 'Federal Migration Service',
        countryCode: 'RU',
        kind: 'service',
      });
    expect(saved.status).toBe(303);

    const lock = t.db.createQueryRunner();
    await lock.connect();
    let slow: Promise<request.Response> | undefined;
    try {
      await lock.startTransaction();
      await lock.query(`LOCK TABLE ministries IN ACCESS EXCLUSIVE MODE`);
      slow = get(saved.headers.location, cookie).then((res) => res);
      await waitForBlockedStatement();
      await end({ cookie, token, sid, userId: user.id, adminId: admin.id });
      expect(await count(t.db, `sessions WHERE sid = '${sid}'`)).toBe(0);
    } finally {
      await lock.commitTransaction().catch(() => {});
      await lock.release();
    }
    const page = await slow;
    expect(page.status).toBe(200);
    expect(page.text).toContain('Ministry saved.');

    expect(await count(t.db, `sessions WHERE sid = '${sid}'`)).toBe(0);
    const replay = await get('/ministries', cookie);
    expect([replay.status, replay.headers.location]).toEqual([303, '/login?returnTo=%2Fministries']);
  });
});
