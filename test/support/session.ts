import type { Express } from 'express';
import request from 'supertest';
import { SESSION_COOKIE } from '../../src/auth/session';
import { PASSWORD } from './factories';
import { csrfIn } from './form-html';

// For tests that handle the session cookie themselves (fixation, replay, races) rather than
// through a supertest agent, which hides it.

/** The session cookies a response sets, whole (attributes included). */
export const sessionCookies = (res: request.Response): string[] =>
  ([] as string[]).concat(res.headers['set-cookie'] ?? []).filter((c) => c.startsWith(`${SESSION_COOKIE}=`));

/** The session cookie a response sets, as `name=value` for a Cookie header. */
export const sessionCookie = (res: request.Response): string | undefined => sessionCookies(res)[0]?.split(';')[0];

/** The session id inside a signed cookie `demarche.sid=s%3A<sid>.<signature>` (attributes allowed). */
export const sidOf = (cookie: string): string =>
  /^s:([^.]+)\./.exec(decodeURIComponent(cookie.split(';')[0].slice(SESSION_COOKIE.length + 1)))![1];

/**
 * Logs in with cookie headers from a fresh pre-login session (or `preLogin`), expecting success:
 * the pre-login and logged-in cookies, the login response and the login form's token.
 */
export async function logInByCookie(
  app: Express,
  email: string,
  options: { preLogin?: string; headers?: Record<string, string> } = {},
) {
  const headers = options.headers ?? {};
  const page = await (options.preLogin
    ? request(app).get('/login').set(headers).set('Cookie', options.preLogin)
    : request(app).get('/login').set(headers));
  const pre = sessionCookie(page) ?? options.preLogin!;
  const preToken = csrfIn(page.text);
  const res = await request(app)
    .post('/login')
    .set(headers)
    .set('Cookie', pre)
    .type('form')
    .send({ _csrf: preToken, email, password: PASSWORD });
  expect(res.status).toBe(303);
  return { res, pre, cookie: sessionCookie(res)!, preToken };
}
