import type session from 'express-session';
import connectPgSimple from 'connect-pg-simple';
import type { IncomingMessage } from 'node:http';
import type { Pool } from 'pg';
import type { SessionUser } from './users.service';

// Extending its expiry at most once a minute keeps the idle timeout without a write per request.
const TOUCH_EVERY_MS = 60_000;

interface Loaded {
  user?: SessionUser;
  expiresAt: number;
}

/** Rides on the session object from get() to createSession(); a symbol key is never stored. */
const LOADED = Symbol('loaded');

declare module 'http' {
  interface IncomingMessage {
    /** What the session read found for this request: the enabled user, or none. */
    sessionRead?: Loaded;
  }
}

/**
 * connect-pg-simple's store, reading the session and its (enabled) user in one query, so a
 * logged-in page costs one round trip before its own queries; a disabled user comes back as no
 * user at all.
 */
export function createSessionStore(expressSession: typeof session, pool: Pool, prune: boolean) {
  const PgStore = connectPgSimple(expressSession);

  class SessionStore extends PgStore {

    override get(sid: string, fn: (err: unknown, session?: session.SessionData | null) => void): void {
      pool
        .query({
          name: 'session_with_user',
          text: `SELECT s.sess, (extract(epoch FROM s.expire) * 1000)::bigint AS expires_at,
                  u.id, u.email, u.name, u.role, u.clearance
             FROM sessions s
             LEFT JOIN users u ON u.id::text = s.sess -> 'passport' ->> 'user' AND NOT u.disabled
            WHERE s.sid = $1 AND s.expire >= now()`,
          values: [sid],
        })
        .then(({ rows: [row] }) => {
          if (!row) return fn(null, null);
          const user = row.id ? { id: row.id, email: row.email, name: row.name, role: row.role, clearance: row.clearance } : undefined;
          const sess = typeof row.sess === 'string' ? JSON.parse(row.sess) : row.sess;
          sess[LOADED] = { user, expiresAt: Number(row.expires_at) } satisfies Loaded;
          fn(null, sess);
        })
        .catch((err) => fn(err));
    }

    override createSession(req: IncomingMessage & { sessionID: string }, sess: session.SessionData): session.Session & Partial<session.SessionData> {
      const carrier = sess as session.SessionData & { [LOADED]?: Loaded };
      req.sessionRead = carrier[LOADED];
      delete carrier[LOADED];
      return super.createSession(req as never, sess);
    }

    override touch(sid: string, sess: session.SessionData, fn?: (err?: unknown) => void): void {
      const loaded = (sess as { req?: IncomingMessage }).req?.sessionRead;
      const maxAge = sess.cookie?.originalMaxAge ?? 0;
      if (loaded && loaded.expiresAt - Date.now() > maxAge - TOUCH_EVERY_MS) {
        fn?.();
        return;
      }
      super.touch(sid, sess, fn);
    }

  }

  return new SessionStore({ pool, tableName: 'sessions', createTableIfMissing: false, pruneSessionInterval: prune ? 15 * 60 : false, errorLog: () => {} });
}

export type SessionStore = ReturnType<typeof createSessionStore>;
