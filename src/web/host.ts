import type { RequestHandler } from 'express';

// A name or IPv4 address, or a bracketed IPv6 address, with an optional port.
const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/**
 * Answers 400 to a request whose Host header is not a host: nothing in the app builds URLs from
 * it (absolute URLs come from APP_URL), but Express and its libraries parse it, and `Host: [`
 * made them throw. Node itself already refuses an HTTP/1.1 request with no Host at all.
 */
export const rejectMalformedHost: RequestHandler = (req, res, next) => {
  const host = req.headers.host;
  if (host === undefined || (host.length <= 261 && HOST.test(host))) return next();
  res
    .status(400)
    .set({ 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
    .send('Bad request: the Host header is not a valid host name.\n');
};
