import type { RequestHandler } from 'express';
import type { Role } from './user.entity';
import { HttpError } from '../web/errors';

const RANK: Record<Role, number> = { staff: 0, manager: 1, admin: 2 };

/** Only a same-site path survives: no scheme, no host, no `//` or `/\` tricks, no control characters. */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2000) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return '/';
  try {
    const url = new URL(value, 'http://demarche.invalid');
    if (url.origin !== 'http://demarche.invalid') return '/';
    return url.pathname + url.search;
  } catch {
    return '/';
  }
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
    if (!req.user || RANK[req.user.role] < RANK[role]) return next(new HttpError(403, 'You do not have permission to do that.'));
    next();
  };
}
