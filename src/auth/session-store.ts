import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import session from 'express-session';
import type { NamedQuery } from '../db/prepared';
import type { SessionUser } from './users.service';

// The idle expiry is pushed back at most once a minute, so reading pages writes nothing.
const TOUCH_EVERY_MS = 60_000;
const PRUNE_EVERY_MS = 15 * 60_000;

/** How the store reaches the database: one statement at a time, with pg's result (rows and row count). */
export interface SessionDatabase {
  query<T>(query: NamedQuery): Promise<{ rows: T[]; rowCount: number | null }>;
}

/** What this request's store calls know about its session row. */
export interface SessionRow {
  sid: string;
  /** The session's user, if it has one and that user is not disabled. */
  user?: SessionUser;
  expiresAt: number;
}

declare module 'http' {
  interface IncomingMessage {
    /** The row this request read or wrote; undefined for a session not stored yet. */
    sessionRow?: SessionRow;
    /** Ids generated in this request and not stored yet: the only ones the store may insert. */
    newSessionIds?: Set<string>;
    /** Set when a write found the row gone: the session was ended (logout, disabled, regenerated) meanwhile. */
    sessionEnded?: boolean;
  }
}

/** Rides on the session data from get() to createSession(); a symbol key is never stored. */
const LOADED = Symbol('loaded');

type Callback = (err?: unknown) => void;
type Data = session.SessionData & { [LOADED]?: SessionRow };
/** The columns of `session_with_user`; the user's are null when no enabled user is logged in with the session. */
type SessionWithUserRow = { sess: Data | string; expires_at: string } & (
  SessionUser | { [K in keyof SessionUser]: null }
);
const requestOf = (sess: session.SessionData) => (sess as { req?: IncomingMessage }).req;

/** express-session's `genid`: a random id, remembered as new so that only it may be inserted. */
export function generateSessionId(req: IncomingMessage): string {
  const sid = randomBytes(24).toString('base64url');
  (req.newSessionIds ??= new Set()).add(sid);
  return sid;
}

/**
 * express-session's store on the `sessions` table. A read brings the (enabled) user along, so a
 * logged-in page costs one round trip before its own queries. It never brings a session back: a
 * session read from the table is only ever updated (`WHERE sid = $1`), so a request that ends
 * after a logout, a disabled account or a regeneration writes nothing; only an id generated in
 * the same request is inserted.
 */
export class PostgresSessionStore extends session.Store {
  private pruning?: NodeJS.Timeout;

  constructor(
    private readonly database: SessionDatabase,
    readonly idleMs: number,
  ) {
    super();
  }

  override get(sid: string, done: (err: unknown, sess?: session.SessionData | null) => void): void {
    this.database
      .query<SessionWithUserRow>({
        name: 'session_with_user',
        text: `SELECT s.sess, (extract(epoch FROM s.expire) * 1000)::bigint AS expires_at,
                      u.id, u.email, u.name, u.role, u.clearance
                 FROM sessions s
                 LEFT JOIN users u ON u.id::text = s.sess -> 'passport' ->> 'user' AND NOT u.disabled
                WHERE s.sid = $1 AND s.expire >= now()`,
        values: [sid],
      })
      .then(({ rows: [row] }) => {
        if (!row) return done(null, null);
        const expiresAt = Number(row.expires_at);
        const user = row.id
          ? { id: row.id, email: row.email, name: row.name, role: row.role, clearance: row.clearance }
          : undefined;
        const sess = typeof row.sess === 'string' ? (JSON.parse(row.sess) as Data) : row.sess;
        // Rows written before express-session came back carry no cookie: the row's expiry is its cookie's.
        sess.cookie ??= { originalMaxAge: this.idleMs, expires: new Date(expiresAt) } as session.Cookie;
        sess[LOADED] = { sid, user, expiresAt };
        done(null, sess);
      }, done);
  }

  override createSession(
    req: IncomingMessage & { sessionID: string },
    sess: session.SessionData,
  ): session.Session & Partial<session.SessionData> {
    const data = sess as Data;
    req.sessionRow = data[LOADED];
    delete data[LOADED];
    return super.createSession(req as never, sess);
  }

  override set(sid: string, sess: session.SessionData, done: Callback = () => {}): void {
    const req = requestOf(sess);
    const expiresAt = sess.cookie?.expires instanceof Date ? sess.cookie.expires.getTime() : Date.now() + this.idleMs;
    const json = JSON.stringify(sess);
    const isNew = req?.newSessionIds?.has(sid) === true;
    const query = isNew
      ? {
          name: 'session_insert',
          text: `INSERT INTO sessions (sid, sess, expire) VALUES ($1, $2, to_timestamp($3 / 1000.0)) ON CONFLICT (sid) DO NOTHING`,
          values: [sid, json, expiresAt],
        }
      : {
          name: 'session_update',
          text: `UPDATE sessions SET sess = $2, expire = to_timestamp($3 / 1000.0) WHERE sid = $1`,
          values: [sid, json, expiresAt],
        };
    this.database.query(query).then(({ rowCount }) => {
      if (req) this.#written(req, sid, rowCount, expiresAt);
      done();
    }, done);
  }

  /** Pushes the idle expiry of an existing row back out, at most once a minute. */
  override touch(sid: string, sess: session.SessionData, done: Callback = () => {}): void {
    const req = requestOf(sess);
    const row = req?.sessionRow;
    if (row?.sid === sid && row.expiresAt - Date.now() > this.idleMs - TOUCH_EVERY_MS) return done();
    const expiresAt = sess.cookie?.expires instanceof Date ? sess.cookie.expires.getTime() : Date.now() + this.idleMs;
    this.database
      .query({
        name: 'session_touch',
        text: `UPDATE sessions SET expire = to_timestamp($2 / 1000.0) WHERE sid = $1`,
        values: [sid, expiresAt],
      })
      .then(({ rowCount }) => {
        if (req) this.#written(req, sid, rowCount, expiresAt);
        done();
      }, done);
  }

  override destroy(sid: string, done: Callback = () => {}): void {
    this.database
      .query({ name: 'session_remove', text: `DELETE FROM sessions WHERE sid = $1`, values: [sid] })
      .then(() => done(), done);
  }

  #written(req: IncomingMessage, sid: string, rowCount: number | null, expiresAt: number): void {
    req.newSessionIds?.delete(sid);
    if (rowCount)
      req.sessionRow = { sid, expiresAt, user: req.sessionRow?.sid === sid ? req.sessionRow.user : undefined };
    else req.sessionEnded = true;
  }

  /** Deletes expired sessions now and every quarter of an hour, until close(). */
  startPruning(onError: (err: unknown) => void): void {
    const prune = () => this.database.query({ text: `DELETE FROM sessions WHERE expire < now()` }).catch(onError);
    void prune();
    this.pruning = setInterval(() => void prune(), PRUNE_EVERY_MS).unref();
  }

  close(): void {
    clearInterval(this.pruning);
  }
}
