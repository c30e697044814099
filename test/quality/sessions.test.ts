import { Writable } from 'node:stream';
import request from 'supertest';
import { createApp } from '../../src/app';
import { SESSION_COOKIE } from '../../src/auth/session';
import { setDisabled } from '../../src/auth/users.service';
import { createLogger } from '../../src/logger';
import { count, useApp } from '../support/app';
import { createUser, PASSWORD } from '../support/factories';
import { concrete, registeredRoutes } from '../support/routes';
import { changedTables, encodeForm, seedWorld, tableChecksums, validFields, type World } from '../support/quality';
import { csrfIn } from '../support/form-html';
import { logInByCookie, sessionCookie, sidOf } from '../support/session';

// QUALITY.md, session: fixation, logout replay and no-store, idle and absolute expiry, a
// disabled user's live sessions, and what the login log may (and may not) contain.

const t = useApp({ loginRateLimitPerMinute: 1000 });
let w: World;

beforeEach(async () => {
  w = await seedWorld(t.db);
});

/** Logs in from a fresh (or the given) pre-login session; returns both cookies and the logged-in session's token. */
async function logIn(email: string, app = t.app, preLogin?: string) {
  const { pre, cookie, preToken } = await logInByCookie(app, email, { preLogin });
  const home = await request(app).get('/').set('Cookie', cookie);
  return { pre, cookie, token: csrfIn(home.text), preToken };
}

const get = (path: string, cookie: string) => request(t.app).get(path).set('Cookie', cookie);
const sessionRow = async (sid: string) =>
  (await t.db.query(`SELECT sess::jsonb AS sess, expire FROM sessions WHERE sid = $1`, [sid]))[0];

describe('session fixation', () => {
  it('never adopts a session id the visitor made up', async () => {
    const forged = `${SESSION_COOKIE}=${encodeURIComponent('s:attacker-chosen-id.c2lnbmF0dXJl')}`;
    const page = await request(t.app).get('/login').set('Cookie', forged);
    const issued = sessionCookie(page)!;
    expect(sidOf(issued)).not.toBe('attacker-chosen-id');
    const { cookie } = await logIn(w.adminEmail, t.app, forged);
    expect(sidOf(cookie)).not.toBe('attacker-chosen-id');
    expect(await count(t.db, `sessions WHERE sid = 'attacker-chosen-id'`)).toBe(0);
  });

  it('replaces a planted pre-login session on login: its row is gone and neither its cookie nor its token acts for the user', async () => {
    const { pre, cookie, preToken } = await logIn(w.adminEmail);
    expect(sidOf(cookie)).not.toBe(sidOf(pre));
    expect(await sessionRow(sidOf(pre))).toBeUndefined();
    expect((await get('/', pre)).headers.location).toBe('/login');
    const before = await tableChecksums(t.db);
    const res = await request(t.app)
      .post('/ministries')
      .set('Cookie', pre)
      .type('form')
      .send(encodeForm([['_csrf', preToken], ...(await validFields(t.db, w, '/ministries'))]));
    expect([303, 403]).toContain(res.status);
    if (res.status === 303) expect(res.headers.location).toBe('/login');
    expect(changedTables(before, await tableChecksums(t.db))).toEqual([]);
  });
});

describe('logout', () => {
  it('every logged-in page says Cache-Control: no-store; after logout the old cookie opens none of them and writes nothing', async () => {
    const { cookie, token } = await logIn(w.adminEmail);
    const pages = registeredRoutes(t.app).filter(
      (r) =>
        r.method === 'GET' &&
        r.path !== '/login' &&
        r.path !== '/healthz' &&
        !r.path.endsWith('.ics') &&
        !/^\/(mail|password)\//.test(r.path),
    );
    const cached: string[] = [];
    for (const route of pages) {
      const res = await get(concrete(route.path), cookie);
      if (!/\bno-store\b/.test(res.headers['cache-control'] ?? ''))
        cached.push(`${route.path}: ${res.status} ${res.headers['cache-control']}`);
    }
    const missing = await get('/no-such-page', cookie);
    expect(missing.headers['cache-control']).toBe('no-store');
    expect(cached).toEqual([]);

    const out = await request(t.app).post('/logout').set('Cookie', cookie).type('form').send({ _csrf: token });
    expect([out.status, out.headers.location]).toEqual([303, '/login']);
    expect(
      ([] as string[]).concat(out.headers['set-cookie'] ?? []).some((c) => c.startsWith(`${SESSION_COOKIE}=;`)),
    ).toBe(true);
    expect(await sessionRow(sidOf(cookie))).toBeUndefined();

    const replayed: string[] = [];
    for (const route of pages) {
      const res = await get(concrete(route.path), cookie);
      if (res.status !== 303 || !res.headers.location?.startsWith('/login'))
        replayed.push(`${route.path}: ${res.status}`);
    }
    expect(replayed).toEqual([]);
    const before = await tableChecksums(t.db);
    for (const route of registeredRoutes(t.app).filter(
      (r) => r.method === 'POST' && r.path !== '/login' && !/^\/(mail|password)\//.test(r.path),
    )) {
      const res = await request(t.app)
        .post(concrete(route.path))
        .set('Cookie', cookie)
        .type('form')
        .send(encodeForm([['_csrf', token], ...(await validFields(t.db, w, route.path, concrete(route.path)))]));
      expect([route.path, [303, 403].includes(res.status)]).toEqual([route.path, true]);
    }
    expect(changedTables(before, await tableChecksums(t.db))).toEqual([]);
    console.log(`logout replay: ${pages.length} pages no-store before, all ${pages.length} back to login after`);
  });
});

describe('expiry', () => {
  it('is configured as QUALITY.md asks: 30 minutes idle, 12 hours absolute', () => {
    expect(t.config.sessionIdleMinutes).toBe(30);
    expect(t.config.sessionAbsoluteHours).toBe(12);
  });

  it('keeps an active session alive and ends an idle one', async () => {
    const { cookie } = await logIn(w.adminEmail);
    const sid = sidOf(cookie);
    const idleMs = t.config.sessionIdleMinutes * 60_000;
    const lifetime = async () => new Date((await sessionRow(sid)).expire).getTime() - Date.now();
    expect(Math.abs((await lifetime()) - idleMs)).toBeLessThan(90_000);

    // Twenty seconds from the idle limit, a request pushes the limit back out.
    await t.db.query(`UPDATE sessions SET expire = now() + interval '20 seconds' WHERE sid = $1`, [sid]);
    expect((await get('/', cookie)).status).toBe(200);
    expect(Math.abs((await lifetime()) - idleMs)).toBeLessThan(90_000);

    await t.db.query(`UPDATE sessions SET expire = now() - interval '1 second' WHERE sid = $1`, [sid]);
    const res = await get('/meetings', cookie);
    expect([res.status, res.headers.location]).toEqual([303, '/login?returnTo=%2Fmeetings']);
  });

  it('ends a session 12 hours after login however active it was, and not a minute before', async () => {
    const { cookie } = await logIn(w.adminEmail);
    const sid = sidOf(cookie);
    const loggedInAgo = (ms: number) =>
      t.db.query(
        `UPDATE sessions SET sess = jsonb_set(sess::jsonb, '{loggedInAt}', to_jsonb((extract(epoch FROM now()) * 1000 - $2)::bigint))::json WHERE sid = $1`,
        [sid, ms],
      );
    const limit = t.config.sessionAbsoluteHours * 3_600_000;

    await loggedInAgo(limit - 60_000);
    expect((await get('/', cookie)).status).toBe(200);

    await loggedInAgo(limit + 60_000);
    expect((await get('/', cookie)).headers.location).toBe('/login');
    const row = await sessionRow(sid);
    expect(row?.sess?.passport?.user).toBeUndefined();
    expect((await get('/', cookie)).headers.location).toBe('/login');
  });

  it('ends a logged-in session that has no login time at all', async () => {
    const { cookie } = await logIn(w.adminEmail);
    await t.db.query(`UPDATE sessions SET sess = (sess::jsonb - 'loggedInAt')::json WHERE sid = $1`, [sidOf(cookie)]);
    expect((await get('/', cookie)).headers.location).toBe('/login');
  });
});

describe('an administrator disables a user', () => {
  it('ends every live session of that user at once, and only theirs; the calendar feed stops too', async () => {
    const alice = await createUser(t.db, { role: 'staff', clearance: 'confidential' });
    const laptop = await logIn(alice.email);
    const phone = await logIn(alice.email);
    const bob = await logIn(w.adminEmail);
    const feed = await request(t.app)
      .post('/calendar/feed')
      .set('Cookie', laptop.cookie)
      .type('form')
      .send({ _csrf: laptop.token });
    const feedPath = new URL(/id="feed-url"[^>]*value="([^"]+)"/.exec(feed.text)![1]).pathname;
    expect((await request(t.app).get(feedPath)).status).toBe(200);

    await setDisabled(t.db, alice.id, true, w.adminId);
    for (const session of [laptop, phone]) {
      expect((await get('/', session.cookie)).headers.location).toBe('/login');
      expect(await sessionRow(sidOf(session.cookie))).toBeUndefined();
    }
    expect((await get('/', bob.cookie)).status).toBe(200);
    expect((await request(t.app).get(feedPath)).status).toBe(404);

    const before = await tableChecksums(t.db);
    const res = await request(t.app)
      .post('/ministries')
      .set('Cookie', laptop.cookie)
      .type('form')
      .send(encodeForm([['_csrf', laptop.token], ...(await validFields(t.db, w, '/ministries'))]));
    expect([303, 403]).toContain(res.status);
    expect(changedTables(before, await tableChecksums(t.db))).toEqual([]);

    // Enabling the account again does not bring the old sessions back.
    await setDisabled(t.db, alice.id, false, w.adminId);
    expect((await get('/', phone.cookie)).headers.location).toBe('/login');
  });

  it('applies a lowered clearance on the next request of a live session', async () => {
    const user = await createUser(t.db, { role: 'staff', clearance: 'confidential' });
    const { cookie } = await logIn(user.email);
    await t.db.query(`UPDATE meetings SET classification = 'confidential' WHERE id = $1`, [w.meetingId]);
    expect((await get(`/meetings/${w.meetingId}`, cookie)).status).toBe(200);
    await t.db.query(`UPDATE users SET clearance = 'restricted' WHERE id = $1`, [user.id]);
    expect((await get(`/meetings/${w.meetingId}`, cookie)).status).toBe(404);
  });
});

describe('the login log', () => {
  it('records user, address, time and outcome of each attempt, and never the password, session id or token', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const { app, close } = createApp({
      db: t.db,
      config: { ...t.config, loginRateLimitPerMinute: 3 },
      logger: createLogger('info', sink),
      sessionSecret: 'log-test-secret-'.repeat(3),
    });
    try {
      const secrets: string[] = [PASSWORD, 'wrong password!', 'Hunter2-never-logged'];
      const attempt = async (email: string, password: string) => {
        const page = await request(app).get('/login');
        const pre = sessionCookie(page)!;
        secrets.push(sidOf(pre), csrfIn(page.text), pre.split('=')[1]);
        const res = await request(app)
          .post('/login')
          .set('Cookie', pre)
          .set('User-Agent', 'log-test')
          .type('form')
          .send({ _csrf: csrfIn(page.text), email, password });
        const issued = sessionCookie(res);
        if (issued) secrets.push(sidOf(issued), issued.split('=')[1]);
        return res.status;
      };
      expect(await attempt(w.adminEmail, 'wrong password!')).toBe(401);
      expect(await attempt('nobody@example.test', 'Hunter2-never-logged')).toBe(401);
      expect(await attempt(w.adminEmail, PASSWORD)).toBe(303);
      expect(await attempt(w.adminEmail, PASSWORD)).toBe(429);

      const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      const logins = entries.filter((e) => e.event === 'login');
      expect(logins.map((e) => [e.email ?? null, e.success ?? null, e.limited ?? null])).toEqual([
        [w.adminEmail, false, null],
        ['nobody@example.test', false, null],
        [w.adminEmail, true, null],
        [null, null, true],
      ]);
      for (const e of logins) {
        expect(String(e.ip)).toMatch(/127\.0\.0\.1|::1/);
        expect(typeof e.time).toBe('number');
        expect(Math.abs(Number(e.time) - Date.now())).toBeLessThan(60_000);
      }
      const text = lines.join('\n');
      const leaked = secrets.filter((s) => s && text.includes(s));
      expect(leaked).toEqual([]);
      expect(text).not.toMatch(/connect\.sid|demarche\.sid=/);
      console.log(
        `login log: ${logins.length} attempts logged with user, address and time; ${secrets.length} secrets (passwords, session ids, cookies, tokens) searched, 0 found in ${lines.length} lines`,
      );
    } finally {
      close();
    }
  });
});
