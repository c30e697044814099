import session from 'express-session';
import connectPgSimple from 'connect-pg-simple';
import type { RequestHandler } from 'express';
import type { Pool } from 'pg';
import type { Config } from '../config';

export const SESSION_COOKIE = 'demarche.sid';

declare module 'express-session' {
  interface SessionData {
    loggedInAt?: number;
    flash?: { kind: 'success' | 'info' | 'warning' | 'danger'; text: string }[];
  }
}

export function sessionMiddleware(pool: Pool, config: Config, secret: string): { middleware: RequestHandler; close(): void } {
  const PgStore = connectPgSimple(session);
  const store = new PgStore({
    pool,
    tableName: 'sessions',
    createTableIfMissing: false,
    pruneSessionInterval: config.nodeEnv === 'test' ? false : 15 * 60,
    errorLog: () => {},
  });
  const middleware = session({
    name: SESSION_COOKIE,
    secret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    unset: 'destroy',
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: 'auto',
      maxAge: config.sessionIdleMinutes * 60_000,
      path: '/',
    },
  });
  return { middleware, close: () => store.close() };
}

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
