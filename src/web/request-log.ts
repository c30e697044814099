import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

/** The feed's own paths, which hold no secret; every other spelling of `calendar` is redacted. */
const CALENDAR_PAGES = new Set(['/calendar', '/calendar/', '/calendar/feed', '/calendar/feed/delete']);

/**
 * Secrets in a URL (the calendar feed token) never reach the logs, however the path is spelled:
 * routing ignores case, and a client may percent-encode any of it. A URL that mentions the
 * calendar anywhere (its query too, as in `/login?returnTo=…`) once decoded and lower-cased is
 * logged as `/calendar/[redacted]`, except the feed's own settings pages.
 */
export function redactUrl(url: string): string {
  let plain = url;
  for (let i = 0; i < 3; i++) {
    try {
      const decoded = decodeURIComponent(plain);
      if (decoded === plain) break;
      plain = decoded;
    } catch {
      break;
    }
  }
  plain = plain.toLowerCase();
  if (!plain.includes('calendar')) return url;
  return CALENDAR_PAGES.has(url) ? url : '/calendar/[redacted]';
}

/** A request id a proxy may hand on: short, and nothing a log reader could mistake for structure. */
const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * pino-http: each request gets an id and a child logger (`req.log`) that stamps it on every line
 * a handler writes; one line per completed request at info (method, URL redacted, status, time).
 * The id is the incoming `X-Request-Id` only when the request came through a trusted proxy (the
 * `TRUST_PROXY` setting) and the id is a sane token; otherwise a new UUID. Cookies and
 * passwords are never logged: the request is serialised to those four fields.
 */
export function requestLog(logger: Logger): RequestHandler {
  return pinoHttp<IncomingMessage, ServerResponse>({
    logger,
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    genReqId: (req, res) => {
      const incoming = req.headers['x-request-id'];
      const request = req as Request;
      // Express's compiled `trust proxy` setting; app.get() answers `any`.
      const trustProxy = request.app?.get('trust proxy fn') as ((address: string, hop: number) => boolean) | undefined;
      const trusted =
        typeof incoming === 'string' &&
        SANE_ID.test(incoming) &&
        trustProxy?.(req.socket.remoteAddress ?? '', 0) === true;
      const id = trusted ? incoming : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    serializers: {
      req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({
        id: req.id,
        method: req.method,
        url: redactUrl(req.url),
        remoteAddress: req.remoteAddress,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url?.startsWith('/assets/') === true },
  });
}
