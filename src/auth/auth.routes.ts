import { Router, type RequestHandler } from 'express';
import rateLimit, { type RateLimitInfo } from 'express-rate-limit';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { csrfProtection } from '../web/csrf';
import { PostgresRateLimitStore } from '../web/rate-limit-store';
import { LOGIN_FAILED, type configurePassport } from './passport';
import { safeReturnTo, requireLogin } from './guards';
import { SESSION_COOKIE } from './session';

function loginLimiter(db: DataSource, config: Config): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: config.loginRateLimitPerMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    store: new PostgresRateLimitStore(db, 'login:'),
    handler: (req, res) => {
      const reset = (req as typeof req & { rateLimit?: RateLimitInfo }).rateLimit?.resetTime?.getTime() ?? Date.now() + 60_000;
      res.set('Retry-After', String(Math.max(1, Math.ceil((reset - Date.now()) / 1000))));
      req.log?.warn({ event: 'login', ip: req.ip, limited: true, requestId: req.id }, 'login rate limit reached');
      res.status(429).render('auth/login', {
        title: 'Log in',
        email: typeof req.body?.email === 'string' ? req.body.email : '',
        returnTo: safeReturnTo(req.body?.returnTo),
        error: 'Too many login attempts from your address. Wait a minute and try again.',
      });
    },
  });
}

export function authRoutes(db: DataSource, config: Config, passport: ReturnType<typeof configurePassport>): Router {
  const router = Router();

  router.get('/login', (req, res) => {
    if (req.user) return res.redirect(303, safeReturnTo(req.query.returnTo));
    res.set('Cache-Control', 'no-store');
    res.render('auth/login', { title: 'Log in', returnTo: safeReturnTo(req.query.returnTo) });
  });

  router.post('/login', loginLimiter(db, config), csrfProtection, (req, res, next) => {
    const email = typeof req.body.email === 'string' ? req.body.email : '';
    const returnTo = safeReturnTo(req.body.returnTo);
    const fail = (status: number, error: string) => res.status(status).render('auth/login', { title: 'Log in', email, returnTo, error });
    if (typeof req.body.email !== 'string' || typeof req.body.password !== 'string' || !email.trim() || !req.body.password) {
      return fail(422, 'Enter your email address and password.');
    }
    passport.authenticate('local', (err: unknown, user: Express.User | false) => {
      if (err) return next(err);
      if (!user) return fail(401, LOGIN_FAILED);
      // passport regenerates the session here, so a pre-login session id never becomes a logged-in one.
      req.logIn(user, (loginErr) => {
        if (loginErr) return next(loginErr);
        req.session.loggedInAt = Date.now();
        // Saved before the redirect is sent, so the next request cannot find the session
        // without its login time (and end it as past its absolute lifetime).
        req.session.save((saveErr) => (saveErr ? next(saveErr) : res.redirect(303, returnTo)));
      });
    })(req, res, next);
  });

  // The session's row is deleted, so its cookie, replayed, is a stranger's.
  router.post('/logout', requireLogin, csrfProtection, (req, res, next) => {
    req.session.destroy((err) => {
      if (err) return next(err);
      req.user = undefined;
      res.clearCookie(SESSION_COOKIE, { path: '/' });
      res.redirect(303, '/login');
    });
  });

  return router;
}
