import { csrfSync } from 'csrf-sync';
import type { RequestHandler } from 'express';

const { csrfSynchronisedProtection, generateToken } = csrfSync({
  size: 32,
  // A repeated `_csrf` arrives as an array and is simply not a valid token.
  getTokenFromRequest: (req) => {
    const token: unknown = (req.body as { _csrf?: unknown } | undefined)?._csrf;
    return typeof token === 'string' ? token : undefined;
  },
  errorConfig: {
    statusCode: 403,
    message: 'The form has expired or was not sent from Démarche. Nothing was saved; please try again.',
    code: 'EBADCSRFTOKEN',
  },
});

/**
 * Makes the session's synchronizer token available to every form as `{{csrfToken}}`. It is a
 * function, which Handlebars calls only where a template prints it: the token is created (and the
 * session stored) for pages with a form, not for redirects, error pages or anonymous probes.
 */
export const exposeCsrfToken: RequestHandler = (req, res, next) => {
  res.locals.csrfToken = () => generateToken(req);
  next();
};

export const csrfProtection: RequestHandler = csrfSynchronisedProtection;
export { generateToken };
