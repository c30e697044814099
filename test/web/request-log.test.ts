import { Writable } from 'node:stream';
import request from 'supertest';
import { createApp } from '../../src/app';
import { createLogger } from '../../src/logger';
import { useApp } from '../support/app';

const t = useApp();

function appLoggingTo(level: string) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean).map((l) => JSON.parse(l)));
      done();
    },
  });
  const { app, close } = createApp({ db: t.db, config: t.config, logger: createLogger(level, sink), sessionSecret: 'log-secret-'.repeat(4) });
  return { app, close, lines };
}

describe('the request log', () => {
  it('logs each request with its id (sent as X-Request-Id), status and time, the feed token redacted', async () => {
    const { app, close, lines } = appLoggingTo('info');
    try {
      const login = await request(app).get('/login?returnTo=%2Fmeetings');
      const feed = await request(app).get('/calendar/secret-feed-token.ics');
      await request(app).get('/healthz');
      expect(feed.status).toBe(404);

      const completed = lines.filter((l) => l.msg === 'request completed');
      expect(completed).toEqual([
        expect.objectContaining({ req: expect.objectContaining({ id: login.headers['x-request-id'], method: 'GET', url: '/login?returnTo=%2Fmeetings' }), res: { statusCode: 200 }, responseTime: expect.any(Number) }),
        expect.objectContaining({ req: expect.objectContaining({ id: feed.headers['x-request-id'], url: '/calendar/[redacted]' }), res: { statusCode: 404 } }),
      ]);
      expect(JSON.stringify(lines)).not.toContain('secret-feed-token');
      expect(login.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      close();
    }
  });

  it('below info writes nothing for a request, and still gives it an id', async () => {
    const { app, close, lines } = appLoggingTo('warn');
    try {
      const res = await request(app).get('/login');
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(lines).toEqual([]);
    } finally {
      close();
    }
  });
});
