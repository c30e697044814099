import type { ErrorRequestHandler, Request, RequestHandler } from 'express';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what = 'page'): HttpError =>
  new HttpError(404, `That ${what} does not exist, or you may not see it.`);

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
  '57014',
]);

/** True for errors that mean the database is unreachable or stalled, rather than a bug. */
export function isDatabaseUnavailable(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; current && depth < 4; depth++) {
    const e = current as { code?: string; message?: string; driverError?: unknown; cause?: unknown };
    if (e.code && UNAVAILABLE_CODES.has(e.code)) return true;
    if (
      typeof e.message === 'string' &&
      /timeout exceeded when trying to connect|Connection terminated|connection timeout|Query read timeout|terminating connection/i.test(
        e.message,
      )
    )
      return true;
    current = e.driverError ?? e.cause;
  }
  return false;
}

export interface FormInput {
  action: string;
  hidden: { name: string; value: string }[];
  fields: { id: string; name: string; value: string }[];
}

const MAX_FIELDS = 200;
const isHidden = (p: { name: string }) => p.name.startsWith('_') || p.name === 'version';

/**
 * What a POST carried, flattened back to the form's field names, so a page that says nothing
 * was saved can show it and send it again. Passwords are never echoed back.
 */
export function postedInput(req: Request): FormInput | undefined {
  if (req.method !== 'POST' || !req.body || typeof req.body !== 'object') return undefined;
  const pairs: { name: string; value: string }[] = [];
  const walk = (name: string, value: unknown, depth: number) => {
    if (pairs.length >= MAX_FIELDS || depth > 3 || /password/i.test(name)) return;
    if (typeof value === 'string') pairs.push({ name, value });
    else if (Array.isArray(value))
      value.forEach((v, i) => walk(v && typeof v === 'object' ? `${name}[${i}]` : name, v, depth + 1));
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) walk(`${name}[${k}]`, v, depth + 1);
  };
  for (const [key, value] of Object.entries(req.body as Record<string, unknown>)) walk(key, value, 0);
  const fields = pairs.filter((p) => !isHidden(p)).map((p, i) => ({ id: `typed-${i}`, ...p }));
  return fields.length ? { action: req.originalUrl, hidden: pairs.filter(isHidden), fields } : undefined;
}

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(notFound());

/** What the error handler reads of an error thrown by middleware (body-parser, csrf-sync…), which may be anything. */
interface ThrownError {
  status?: unknown;
  code?: unknown;
  message: string;
  type?: unknown;
}

export const errorHandler: ErrorRequestHandler = (err: unknown, req, res, _next) => {
  // Our ids are strings (request-log.ts); pino-http's type also allows a number or an object.
  const requestId = typeof req.id === 'string' || typeof req.id === 'number' ? String(req.id) : '';
  let status = 500;
  let message = 'Something went wrong on our side. Nothing you did caused it.';
  const thrown = err as ThrownError | null | undefined;
  if (err instanceof HttpError) {
    status = err.status;
    message = err.message;
  } else if (typeof thrown?.status === 'number' && thrown.status >= 400 && thrown.status < 500) {
    status = thrown.status;
    message =
      thrown.code === 'EBADCSRFTOKEN'
        ? thrown.message
        : thrown.type === 'entity.too.large'
          ? 'The form was too large to accept. Nothing was saved.'
          : thrown.type === 'parameters.too.many'
            ? 'The form had too many fields. Nothing was saved.'
            : 'The request could not be understood. Nothing was saved.';
  } else if (isDatabaseUnavailable(err)) {
    status = 503;
    message = 'The database is not answering right now. Nothing was saved; please try again in a moment.';
    res.set('Retry-After', '5');
  }
  if (status >= 500) req.log?.error({ err, requestId }, 'request failed');
  if (res.headersSent) return res.end();
  res.status(status);
  res.set('Cache-Control', 'no-store');
  if (req.accepts(['html', 'json']) === 'json' && !req.accepts('html')) return res.json({ error: message, requestId });
  const view = status === 404 ? 'errors/404' : status >= 500 ? 'errors/500' : 'errors/error';
  res.render(
    view,
    {
      title: status === 404 ? 'Not found' : status === 503 ? 'Unavailable' : 'Error',
      status,
      message,
      requestId,
      formInput: status >= 500 ? ((res.locals.formInput as FormInput | undefined) ?? postedInput(req)) : undefined,
    },
    (renderErr, html) => {
      if (renderErr) return res.type('text').send(`${message}\nRequest id: ${requestId}\n`);
      res.send(html);
    },
  );
};
