import { Router, type Request, type RequestHandler, type Response } from 'express';
import rateLimit, { type RateLimitInfo } from 'express-rate-limit';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { csrfProtection, generateToken } from '../web/csrf';
import { PostgresRateLimitStore } from '../web/rate-limit-store';
import { LOGIN_FAILED, type configurePassport } from './passport';
import { safeReturnTo, requireLogin } from './guards';
import { SESSION_COOKIE } from './session';

/** A field of the posted body, unread as yet (`req.body` is `any`; undefined when nothing was posted). */
function posted(req: Request, name: string): unknown {
  const body: unknown = req.body;
  return body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
}

function tooMany(req: Request, res: Response, error: string, fields: Record<string, unknown>): void {
  const reset = (req as Request & { rateLimit?: RateLimitInfo }).rateLimit?.resetTime?.getTime() ?? Date.now() + 60_000;
  res.set('Retry-After', String(Math.max(1, Math.ceil((reset - Date.now()) / 1000))));
  req.log.warn({ event: 'login', ip: req.ip, limited: true, ...fields }, 'login rate limit reached');
  res.status(429).render('auth/login', {
    title: 'Log in',
    email: typeof posted(req, 'email') === 'string' ? posted(req, 'email') : '',
    returnTo: safeReturnTo(posted(req, 'returnTo')),
    error,
  });
}

/** Attempts per minute from one address, whatever the account. */
function addressLimiter(db: DataSource, config: Config): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: config.loginRateLimitPerMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    store: new PostgresRateLimitStore(db, 'login:'),
    handler: (req, res) =>
      tooMany(req, res, 'Too many login attempts from your address. Wait a minute and try again.', {}),
  });
}

/** The address as typed, trimmed, Unicode-normalised and lower-cased: one counter however it is spelled. */
export function accountKey(email: unknown): string | undefined {
  if (typeof email !== 'string') return undefined;
  const key = email.normalize('NFKC').trim().toLowerCase();
  // An address with control characters is never an account's (the strategy refuses it unread).
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
  return key && key.length <= 254 && !/[\u0000-\u001f\u007f]/.test(key) ? key : undefined;
}

/**
 * Failed attempts per account, from any address and on any instance (the counter is in
 * PostgreSQL). Past the limit the account's attempts are refused, the right password too, until
 * the window ends. Counted on the address typed, so an address without an account is held back
 * the same way and the answer says nothing about whether the account exists.
 */
function accountLimiter(db: DataSource, config: Config): RequestHandler {
  return rateLimit({
    windowMs: config.loginAccountWindowMinutes * 60_000,
    limit: config.loginAccountFailures,
    skipSuccessfulRequests: true,
    standardHeaders: false,
    legacyHeaders: false,
    store: new PostgresRateLimitStore(db, 'login-account:'),
    skip: (req) => accountKey(posted(req, 'email')) === undefined,
    keyGenerator: (req) => accountKey(posted(req, 'email'))!,
    handler: (req, res) => tooMany(req, res, ACCOUNT_HELD_BACK, { account: true }),
  });
}

export const ACCOUNT_HELD_BACK =
  'Too many failed attempts to log in with this email address. Wait a quarter of an hour and try again.';

export function authRoutes(db: DataSource, config: Config, passport: ReturnType<typeof configurePassport>): Router {
  const router = Router();

  router.get('/login', (req, res) => {
    if (req.user) return res.redirect(303, safeReturnTo(req.query.returnTo));
    res.set('Cache-Control', 'no-store');
    res.render('auth/login', { title: 'Log in', returnTo: safeReturnTo(req.query.returnTo) });
  });

  router.post('/login', addressLimiter(db, config), csrfProtection, accountLimiter(db, config), (req, res, next) => {
    const postedEmail = posted(req, 'email');
    const password = posted(req, 'password');
    const email = typeof postedEmail === 'string' ? postedEmail : '';
    const returnTo = safeReturnTo(posted(req, 'returnTo'));
    const fail = (status: number, error: string) =>
      res.status(status).render('auth/login', { title: 'Log in', email, returnTo, error });
    if (typeof postedEmail !== 'string' || typeof password !== 'string' || !email.trim() || !password) {
      return fail(422, 'Enter your email address and password.');
    }
    // passport's typings answer `any` for authenticate(); with a callback it is a plain handler.
    const authenticate = passport.authenticate('local', (err: unknown, user: Express.User | false) => {
      if (err) return next(err);
      if (!user) return fail(401, LOGIN_FAILED);
      // passport regenerates the session here, so a pre-login session id never becomes a logged-in one.
      req.logIn(user, (loginErr) => {
        if (loginErr) return next(loginErr);
        req.session.loggedInAt = Date.now();
        // The form token is made now, not by the first page with a form: two tabs opened right
        // after login would otherwise each make one, and the tab whose session was saved first
        // would find its token overwritten.
        generateToken(req);
        // Saved before the redirect is sent, so the next request cannot find the session
        // without its login time (and end it as past its absolute lifetime).
        req.session.save((saveErr) => (saveErr ? next(saveErr) : res.redirect(303, returnTo)));
      });
    }) as RequestHandler;
    return authenticate(req, res, next);
  });

  // Passport regenerates the session: the old row is deleted, so its cookie, replayed, is a
  // stranger's. The empty successor is dropped too: the cookie is cleared, not replaced.
  router.post('/logout', requireLogin, csrfProtection, (req, res, next) => {
    req.logout((err) => {
      if (err) return next(err);
      req.session.destroy((destroyErr) => {
        if (destroyErr) return next(destroyErr);
        res.clearCookie(SESSION_COOKIE, { path: '/' });
        res.redirect(303, '/login');
      });
    });
  });

  return router;
}
