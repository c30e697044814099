import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

declare module 'http' {
  interface IncomingMessage {
    /** The request id, also sent as X-Request-Id and shown on error pages. */
    id: string;
    log: Logger;
  }
}

/** Secrets in a URL (the calendar feed token) never reach the logs. */
export function redactUrl(url: string): string {
  return url.replace(/\/calendar\/[^/?]+/, '/calendar/[redacted]');
}

const quiet = (url: string) => url === '/healthz' || url.startsWith('/assets/');

/**
 * Gives each request an id (the X-Request-Id header) and the app's logger, and logs each
 * completed request at info: method, URL (redacted), status and time taken. Below info nothing
 * per request is built at all.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const id = randomUUID();
    req.id = id;
    req.log = logger;
    res.setHeader('X-Request-Id', id);
    if (logger.isLevelEnabled('info') && !quiet(req.url)) {
      const started = performance.now();
      const { method, url } = req;
      const done = () => {
        res.off('finish', done).off('close', done);
        const statusCode = res.writableFinished ? res.statusCode : undefined;
        const line = { req: { id, method, url: redactUrl(url), remoteAddress: req.socket.remoteAddress }, res: { statusCode }, responseTime: Math.round(performance.now() - started) };
        if (statusCode === undefined) logger.info(line, 'request aborted');
        else logger.info(line, 'request completed');
      };
      res.on('finish', done).on('close', done);
    }
    next();
  };
}
