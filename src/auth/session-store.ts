import type { Pool } from 'pg';
import type { SessionUser } from './users.service';

/** What a session holds. */
export interface SessionData {
  passport?: { user?: string };
  loggedInAt?: number;
  flash?: { kind: 'success' | 'info' | 'warning' | 'danger'; text: string }[];
  csrfToken?: string;
}

export interface StoredSession {
  data: SessionData;
  expiresAt: number;
  /** The session's user, if it has one and that user is not disabled. */
  user?: SessionUser;
}

const PRUNE_EVERY_MS = 15 * 60_000;

/**
 * The `sessions` table: one row per session, its data as JSON and its idle expiry. A read brings
 * the (enabled) user along, so a logged-in page costs one round trip before its own queries.
 */
export class SessionStore {
  private pruning?: NodeJS.Timeout;

  constructor(
    private readonly pool: Pool,
    readonly idleMs: number,
  ) {}

  async read(sid: string): Promise<StoredSession | undefined> {
    const { rows } = await this.pool.query({
      name: 'session_with_user',
      text: `SELECT s.sess, (extract(epoch FROM s.expire) * 1000)::bigint AS expires_at,
                    u.id, u.email, u.name, u.role, u.clearance
               FROM sessions s
               LEFT JOIN users u ON u.id::text = s.sess -> 'passport' ->> 'user' AND NOT u.disabled
              WHERE s.sid = $1 AND s.expire >= now()`,
      values: [sid],
    });
    const row = rows[0];
    if (!row) return undefined;
    const user = row.id ? { id: row.id, email: row.email, name: row.name, role: row.role, clearance: row.clearance } : undefined;
    return { data: row.sess, expiresAt: Number(row.expires_at), user };
  }

  /** Writes the session with a fresh idle expiry, which it returns. */
  async write(sid: string, json: string): Promise<number> {
    const expiresAt = Date.now() + this.idleMs;
    await this.pool.query({
      name: 'session_write',
      text: `INSERT INTO sessions (sid, sess, expire) VALUES ($1, $2, to_timestamp($3 / 1000.0))
             ON CONFLICT (sid) DO UPDATE SET sess = excluded.sess, expire = excluded.expire`,
      values: [sid, json, expiresAt],
    });
    return expiresAt;
  }

  /** Pushes the idle expiry back out, and returns it. */
  async touch(sid: string): Promise<number> {
    const expiresAt = Date.now() + this.idleMs;
    await this.pool.query({ name: 'session_touch', text: `UPDATE sessions SET expire = to_timestamp($2 / 1000.0) WHERE sid = $1`, values: [sid, expiresAt] });
    return expiresAt;
  }

  async remove(sid: string): Promise<void> {
    await this.pool.query({ name: 'session_remove', text: `DELETE FROM sessions WHERE sid = $1`, values: [sid] });
  }

  /** Deletes expired sessions now and every quarter of an hour, until close(). */
  startPruning(onError: (err: unknown) => void): void {
    const prune = () => this.pool.query(`DELETE FROM sessions WHERE expire < now()`).catch(onError);
    void prune();
    this.pruning = setInterval(prune, PRUNE_EVERY_MS).unref();
  }

  close(): void {
    clearInterval(this.pruning);
  }
}
