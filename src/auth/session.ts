import session from 'express-session';
import type { RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { errorHandler, HttpError } from '../web/errors';
import { generateSessionId, PostgresSessionStore, type SessionDatabase } from './session-store';

export const SESSION_COOKIE = 'demarche.sid';

declare module 'express-session' {
  interface SessionData {
    passport?: { user?: string };
    /** When the user logged in (ms): the absolute lifetime counts from it. */
    loggedInAt?: number;
    flash?: { kind: 'success' | 'info' | 'warning' | 'danger'; text: string; href?: string; linkText?: string }[];
    csrfToken?: string;
  }
}

/**
 * express-session on the `sessions` table (src/auth/session-store.ts). The cookie is
 * `demarche.sid`, HttpOnly, SameSite=Lax, Secure on HTTPS (behind a trusted proxy), with
 * Max-Age; each response renews it (rolling) with the idle timeout, streamed ones included,
 * since the cookie is set when the headers are written.
 */
export function sessionMiddleware(
  database: SessionDatabase,
  config: Config,
  secret: string,
  log: Logger,
): { middleware: RequestHandler[]; store: PostgresSessionStore; close: () => void } {
  const idleMs = config.sessionIdleMinutes * 60_000;
  const store = new PostgresSessionStore(database, idleMs);
  if (config.nodeEnv !== 'test') store.startPruning((err) => log.warn({ err }, 'pruning expired sessions failed'));
  const sessions = session({
    name: SESSION_COOKIE,
    secret,
    store,
    genid: generateSessionId,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    unset: 'keep',
    cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: idleMs, path: '/' },
  });
  return { middleware: [withMaxAge, sessions], store, close: () => store.close() };
}

/**
 * express-session writes the cookie's Expires only; Max-Age (which browsers prefer, and which no
 * client clock can skew) is added to it here, on its way out.
 */
const withMaxAge: RequestHandler = (req, res, next) => {
  const setHeader = res.setHeader.bind(res);
  res.setHeader = function (this: Response, name: string, value: number | string | readonly string[]) {
    if (name.toLowerCase() === 'set-cookie' && req.session?.cookie.maxAge) {
      const seconds = Math.max(0, Math.round(req.session.cookie.maxAge / 1000));
      const add = (c: string) =>
        c.startsWith(`${SESSION_COOKIE}=`) && !/;\s*max-age=/i.test(c) ? `${c}; Max-Age=${seconds}` : c;
      value = Array.isArray(value) ? value.map(add) : typeof value === 'string' ? add(value) : value;
    }
    return setHeader(name, value);
  } as Response['setHeader'];
  next();
};

/** Ends a session older than the absolute lifetime, however active it has been. */
export function absoluteLifetime(config: Config): RequestHandler {
  const limit = config.sessionAbsoluteHours * 3_600_000;
  return (req, _res, next) => {
    const started = req.session?.loggedInAt;
    if (req.user && (!started || Date.now() - started > limit)) {
      return req.session.regenerate((err) => {
        if (err) return next(err);
        req.user = undefined;
        next();
      });
    }
    next();
  };
}

export const SESSION_NOT_SAVED =
  'Your session could not be saved, so nothing was recorded. Please try again in a moment.';
export const SESSION_NOT_SAVED_AFTER =
  'Your session could not be saved after your change. What you sent may have been recorded: check the record before sending it again.';

/**
 * A logged-in form post first stores its session, before anything is written: a session that
 * cannot be saved answers 503 with nothing recorded, and one ended meanwhile (logout in another
 * tab, a disabled account) leads back to login. Its redirect waits for the session (and the
 * message it carries) to be saved; if that fails, the user is told instead of being sent on.
 */
export const sessionSavedAroundWrites: RequestHandler = (req, res, next) => {
  if (req.method !== 'POST' || !req.user) return next();
  req.session.save((err) => {
    if (err) {
      req.log.error({ err }, 'the session could not be saved before a form post; nothing recorded');
      return next(new HttpError(503, SESSION_NOT_SAVED));
    }
    if (req.sessionEnded) {
      req.log.info({ event: 'session-ended' }, 'a form post arrived for a session ended meanwhile; nothing recorded');
      req.user = undefined;
      return res.redirect(303, '/login');
    }
    const redirect = res.redirect.bind(res) as (status: number, url: string) => void;
    res.redirect = (...args: [number, string] | [string]) => {
      const [status, url] = args.length === 2 ? args : [302, args[0]];
      req.session.save((saveErr) => {
        if (!saveErr) return redirect(status, url);
        req.log.error({ err: saveErr }, 'the session could not be saved after a form post');
        errorHandler(new HttpError(503, SESSION_NOT_SAVED_AFTER), req, res, () => {});
      });
    };
    next();
  });
};
