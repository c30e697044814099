import { createHmac } from 'node:crypto';
import request from 'supertest';
import { count, useApp } from '../support/app';
import { createUser } from '../support/factories';
import { submissionToken, csrfIn } from '../support/form-html';
import { SESSION_COOKIE } from '../../src/auth/session';
import { logInByCookie, sidOf, sessionCookies } from '../support/session';

const t = useApp();
const SECRET = 'test-secret-'.repeat(4); // the secret test/support/app.ts gives the app

const signed = (sid: string) =>
  `${SESSION_COOKIE}=${encodeURIComponent(`s:${sid}.${createHmac('sha256', SECRET).update(sid).digest('base64').replace(/=+$/, '')}`)}`;
const row = async (sid: string) =>
  (await t.db.query(`SELECT sess::text AS sess, expire FROM sessions WHERE sid = $1`, [sid]))[0] as
    { sess: string; expire: Date } | undefined;

async function logIn(email: string) {
  return (await logInByCookie(t.app, email)).cookie;
}

describe('the session cookie', () => {
  it('is refused with a signature made for another id, and the id is not adopted', async () => {
    const user = await createUser(t.db);
    const cookie = await logIn(user.email);
    const sid = sidOf(cookie);
    const value = decodeURIComponent(cookie.slice(SESSION_COOKIE.length + 1));
    const swapped = `${SESSION_COOKIE}=${encodeURIComponent(`s:other-id.${value.slice(value.lastIndexOf('.') + 1)}`)}`;
    const res = await request(t.app).get('/').set('Cookie', swapped);
    expect([res.status, res.headers.location]).toEqual([303, '/login']);
    expect(await count(t.db, `sessions WHERE sid = 'other-id'`)).toBe(0);
    expect(await row(sid)).toBeDefined();
  });

  it('of a session express-session stored (with its cookie data) still logs its user in', async () => {
    const user = await createUser(t.db, { name: 'Ine Eriksen Søreide' });
    const sess = {
      cookie: { originalMaxAge: 1_800_000, httpOnly: true, path: '/' },
      passport: { user: String(user.id) },
      loggedInAt: Date.now(),
    };
    await t.db.query(
      `INSERT INTO sessions (sid, sess, expire) VALUES ('legacy-sid', $1, now() + interval '20 minutes')`,
      [JSON.stringify(sess)],
    );
    const res = await request(t.app).get('/').set('Cookie', signed('legacy-sid'));
    expect(res.status).toBe(200);
    expect(res.text).toContain('Ine Eriksen Søreide');
  });
});

describe('writes', () => {
  it('reading pages writes nothing (the cookie is renewed with Max-Age); a change is written before the response', async () => {
    const user = await createUser(t.db);
    const cookie = await logIn(user.email);
    const sid = sidOf(cookie);
    // The first page stores the session's CSRF token.
    expect((await request(t.app).get('/').set('Cookie', cookie)).status).toBe(200);
    const stored = await row(sid);
    expect(JSON.parse(stored!.sess).csrfToken).toEqual(expect.any(String));

    for (const path of ['/', '/commitments', '/meetings']) {
      const res = await request(t.app).get(path).set('Cookie', cookie);
      const [renewed] = sessionCookies(res);
      expect([path, res.status, renewed.split(';')[0]]).toEqual([path, 200, cookie]);
      expect(renewed).toMatch(
        new RegExp(`; Max-Age=(${t.config.sessionIdleMinutes * 60}|${t.config.sessionIdleMinutes * 60 - 1})(;|$)`),
      );
    }
    expect(await row(sid)).toEqual(stored);

    // A ministry saved: its flash is in the session when the redirect arrives, and gone once shown.
    const page = await request(t.app).get('/ministries/new').set('Cookie', cookie);
    const token = csrfIn(page.text);
    const saved = await request(t.app)
      .post('/ministries')
      .set('Cookie', cookie)
      .type('form')
      .send({
        _csrf: token,
        _submission: submissionToken(page.text),
        name: 'Utenriksdepartementet',
        countryCode: 'NO',
        kind: 'ministry',
      });
    expect(saved.status).toBe(303);
    expect(JSON.parse((await row(sid))!.sess).flash).toEqual([{ kind: 'success', text: 'Ministry saved.' }]);
    const shown = await request(t.app).get(saved.headers.location).set('Cookie', cookie);
    expect(shown.text).toContain('Ministry saved.');
    expect(JSON.parse((await row(sid))!.sess).flash).toBeUndefined();
  });

  it('an anonymous visit that stores nothing leaves no session behind', async () => {
    for (const path of ['/', '/commitments', '/calendar/no-such-token.ics', '/no-such-page']) {
      await request(t.app).get(path);
      expect([path, await count(t.db, 'sessions')]).toEqual([path, 0]);
    }
  });
});
