import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { SessionStore, type SessionData } from './session-store';

export const SESSION_COOKIE = 'demarche.sid';

// The idle expiry is pushed back at most once a minute, so reading pages writes nothing.
const TOUCH_EVERY_MS = 60_000;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      session: Session;
    }
  }
}

/** What one request knows about its session beyond the data: shared by a session and its regenerated successor. */
interface RequestState {
  req: Request;
  store: SessionStore;
  /** When set, the response carries the session cookie for this id, valid until then. */
  cookie?: { sid: string; expiresAt: number };
}

/**
 * A request's session: its data as own properties (`req.session.loggedInAt`), and the part of
 * express-session's interface that Passport and csrf-sync call (regenerate, save, destroy).
 * Changed data is written when the response ends; unchanged data is not written at all.
 */
export class Session implements SessionData {
  declare passport?: SessionData['passport'];
  declare loggedInAt?: number;
  declare flash?: SessionData['flash'];
  declare csrfToken?: string;

  readonly #id: string;
  readonly #request: RequestState;
  /** The data as last read or written; undefined for a session not stored yet. */
  #stored: string | undefined;
  #expiresAt: number;
  #destroyed = false;

  constructor(id: string, request: RequestState, stored?: { data: SessionData; expiresAt: number }) {
    this.#id = id;
    this.#request = request;
    this.#expiresAt = stored?.expiresAt ?? 0;
    if (!stored) return;
    const data = stored.data as Record<string, unknown>;
    const self = this as unknown as Record<string, unknown>;
    // Known keys only, in their stored order; anything else (express-session's `cookie`) is dropped.
    for (const key of Object.keys(data)) if (SESSION_KEYS.has(key)) self[key] = data[key];
    // Compared with what is loaded, not with the stored text, whose spacing and order may differ.
    this.#stored = JSON.stringify(this);
  }

  /** Replaces this session with an empty one under a new id, and deletes this one's row. */
  regenerate(done: (err?: unknown) => void): void {
    const { req, store } = this.#request;
    req.session = new Session(newSessionId(), this.#request);
    if (this.#stored === undefined) return done();
    this.#destroyed = true;
    store.remove(this.#id).then(() => done(), done);
  }

  save(done: (err?: unknown) => void = () => {}): void {
    (this.commit() ?? Promise.resolve()).then(() => done(), done);
  }

  destroy(done: (err?: unknown) => void): void {
    this.#destroyed = true;
    if (this.#stored === undefined) return done();
    this.#request.store.remove(this.#id).then(() => done(), done);
  }

  /** Writes changed data, or pushes back the idle expiry of an active session; a promise only if there is work. */
  commit(): Promise<void> | undefined {
    if (this.#destroyed) return undefined;
    const { store } = this.#request;
    const json = JSON.stringify(this);
    if (json !== this.#stored) {
      if (this.#stored === undefined && json === '{}') return undefined;
      return store.write(this.#id, json).then((expiresAt) => {
        this.#stored = json;
        this.#sent(expiresAt);
      });
    }
    if (this.#expiresAt - Date.now() < store.idleMs - TOUCH_EVERY_MS) {
      return store.touch(this.#id).then((expiresAt) => this.#sent(expiresAt));
    }
    return undefined;
  }

  #sent(expiresAt: number): void {
    this.#expiresAt = expiresAt;
    this.#request.cookie = { sid: this.#id, expiresAt };
  }
}

const SESSION_KEYS = new Set<string>(['passport', 'loggedInAt', 'flash', 'csrfToken'] satisfies (keyof SessionData)[]);

const newSessionId = () => randomBytes(24).toString('base64url');

/** `s:<sid>.<HMAC-SHA256 in base64>`, the signed value express-session used, so its cookies stay valid. */
function sign(sid: string, secret: string): string {
  return `s:${sid}.${createHmac('sha256', secret).update(sid).digest('base64').replace(/=+$/, '')}`;
}

function unsign(value: string, secret: string): string | undefined {
  const dot = value.lastIndexOf('.');
  if (!value.startsWith('s:') || dot < 0) return undefined;
  const sid = value.slice(2, dot);
  const expected = Buffer.from(sign(sid, secret));
  const given = Buffer.from(value);
  return expected.length === given.length && timingSafeEqual(expected, given) ? sid : undefined;
}

/** The first cookie of that name in a Cookie header, decoded; undefined when absent or malformed. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * Sessions in PostgreSQL behind a signed cookie. A request reads its session and user in one
 * query; a visitor without a valid cookie gets a new, empty session with a new random id (never
 * one the visitor chose), stored only once something is put in it. Sessions expire after
 * `SESSION_IDLE_MINUTES` without a request; the cookie is sent whenever that expiry is written.
 */
export function sessionMiddleware(pool: Pool, config: Config, secret: string, log: Logger): { middleware: RequestHandler; store: SessionStore; close(): void } {
  const store = new SessionStore(pool, config.sessionIdleMinutes * 60_000);
  if (config.nodeEnv !== 'test') store.startPruning((err) => log.warn({ err }, 'pruning expired sessions failed'));

  const cookieFor = (req: Request, sid: string, expiresAt: number) =>
    `${SESSION_COOKIE}=${encodeURIComponent(sign(sid, secret))}; Path=/; Expires=${new Date(expiresAt).toUTCString()}; HttpOnly${req.secure ? '; Secure' : ''}; SameSite=Lax`;

  /** Writes what changed when the response ends, before it is sent, so the next request sees it. */
  function commitAtEnd(req: Request, res: Response, state: RequestState): void {
    const end = res.end;
    res.end = function (this: Response, ...args: unknown[]) {
      res.end = end;
      const finish = () => {
        if (state.cookie && !res.headersSent) res.append('Set-Cookie', cookieFor(req, state.cookie.sid, state.cookie.expiresAt));
        return (end as (...a: unknown[]) => Response).apply(this, args);
      };
      const pending = req.session?.commit();
      if (!pending) return finish();
      pending.then(finish, (err) => {
        req.log?.error({ err }, 'saving the session failed');
        finish();
      });
      return this;
    } as Response['end'];
  }

  const middleware: RequestHandler = (req, res, next) => {
    const state: RequestState = { req, store };
    commitAtEnd(req, res, state);
    const cookie = readCookie(req.headers.cookie, SESSION_COOKIE);
    const sid = cookie === undefined ? undefined : unsign(cookie, secret);
    if (sid === undefined) {
      req.session = new Session(newSessionId(), state);
      return next();
    }
    store.read(sid).then((stored) => {
      req.session = stored ? new Session(sid, state, stored) : new Session(newSessionId(), state);
      req.user = stored?.user;
      next();
    }, next);
  };

  return { middleware, store, close: () => store.close() };
}

/** Ends a session older than the absolute lifetime, however active it has been. */
export function absoluteLifetime(config: Config): RequestHandler {
  const limit = config.sessionAbsoluteHours * 3_600_000;
  return (req, _res, next) => {
    const started = req.session.loggedInAt;
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
