import session from 'express-session';
import { createSessionStore, type SessionStore } from './session-store';
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

export function sessionMiddleware(pool: Pool, config: Config, secret: string): { middleware: RequestHandler; store: SessionStore; close(): void } {
  const store = createSessionStore(session, pool, config.nodeEnv !== 'test');
  const sessions = session({
    name: SESSION_COOKIE,
    secret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    unset: 'keep',
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: 'auto',
      maxAge: config.sessionIdleMinutes * 60_000,
      path: '/',
    },
  });
  return { middleware: sessions, store, close: () => store.close() };
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
