import type { RequestHandler } from 'express';
import type { Role } from './user.entity';
import { HttpError } from '../web/errors';

const RANK: Record<Role, number> = { staff: 0, manager: 1, admin: 2 };

const BASE = 'http://demarche.invalid';

/**
 * Only a path of this site survives. The decision is taken on the path as a browser would resolve
 * it (dot segments, `%2e`, backslashes and tabs all resolved by the WHATWG URL parser), and what
 * is returned is re-serialised from that parse: an origin other than ours, or a path that starts
 * with `//` or `/\\` (which a browser reads as another host) gives `/`.
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2000 || !value.startsWith('/')) return '/';
  // Control characters, backslashes and unicode look-alikes of slashes are never part of our paths.
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/[\u0000-\u001f\u007f-\u009f\\\u2044\u2215\u29f8\uff0f\uff3c\ufe68]/.test(value)) return '/';
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return '/';
  }
  if (url.origin !== BASE || url.username || url.password) return '/';
  const target = url.pathname + url.search;
  if (!target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return '/';
  return target;
}

export const requireLogin: RequestHandler = (req, res, next) => {
  if (req.user) {
    res.set('Cache-Control', 'no-store');
    return next();
  }
  const returnTo = req.method === 'GET' ? safeReturnTo(req.originalUrl) : '/';
  const target = returnTo === '/' ? '/login' : `/login?returnTo=${encodeURIComponent(returnTo)}`;
  res.redirect(303, target);
};

export function requireRole(role: Role): RequestHandler {
  return (req, _res, next) => {
    if (!req.user || RANK[req.user.role] < RANK[role])
      return next(new HttpError(403, 'You do not have permission to do that.'));
    next();
  };
}
