import pino from 'pino';

export function createLogger(level: string): pino.Logger {
  return pino({
    level,
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', '*.password', 'password'], censor: '[redacted]' },
  });
}
