import { csrfSync } from 'csrf-sync';
import type { RequestHandler } from 'express';

const { csrfSynchronisedProtection, generateToken } = csrfSync({
  size: 32,
  // A repeated `_csrf` arrives as an array and is simply not a valid token.
  getTokenFromRequest: (req) => (typeof req.body?._csrf === 'string' ? req.body._csrf : undefined),
  errorConfig: { statusCode: 403, message: 'The form has expired or was not sent from Démarche. Nothing was saved; please try again.', code: 'EBADCSRFTOKEN' },
});

/**
 * Makes the session's synchronizer token available to every form as `csrfToken`. It is created
 * only when a page is rendered, so redirects and anonymous probes do not store sessions.
 */
export const exposeCsrfToken: RequestHandler = (req, res, next) => {
  Object.defineProperty(res.locals, 'csrfToken', { enumerable: true, configurable: true, get: () => generateToken(req) });
  next();
};

export const csrfProtection: RequestHandler = csrfSynchronisedProtection;
