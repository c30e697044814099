import { Writable } from 'node:stream';
import request from 'supertest';
import { createApp } from '../../src/app';
import { createLogger } from '../../src/logger';
import { useApp } from '../support/app';
import { createUser, PASSWORD } from '../support/factories';
import { redactUrl } from '../../src/web/request-log';
import { csrfIn } from '../support/form-html';

const t = useApp();

function appLoggingTo(level: string, config = t.config) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(
        ...String(chunk)
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l)),
      );
      done();
    },
  });
  const { app, close } = createApp({
    db: t.db,
    config,
    logger: createLogger(level, sink),
    sessionSecret: 'log-secret-'.repeat(4),
  });
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
        expect.objectContaining({
          req: expect.objectContaining({
            id: login.headers['x-request-id'],
            method: 'GET',
            url: '/login?returnTo=%2Fmeetings',
          }),
          res: { statusCode: 200 },
          responseTime: expect.any(Number),
        }),
        expect.objectContaining({
          req: expect.objectContaining({ id: feed.headers['x-request-id'], url: '/calendar/[redacted]' }),
          res: { statusCode: 404 },
        }),
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

describe('the calendar feed token', () => {
  const spellings = (token: string) => [
    `/calendar/${token}.ics`,
    `/Calendar/${token}.ics`,
    `/CALENDAR/${token}.ics`,
    `/cAlEnDaR/${token}.ics`,
    `/%63alendar/${token}.ics`,
    `/%43ALENDAR/${token}.ics`,
    `/calendar%2F${token}.ics`,
    `/calendar/${token}.ics?x=1`,
    `/calendar//${token}.ics`,
    `//calendar/${token}.ics`,
    `/%2563alendar/${token}.ics`,
    `/login?returnTo=%2Fcalendar%2F${token}.ics`,
  ];

  it('never reaches the log, whatever the case or encoding of the path', async () => {
    const { app, close, lines } = appLoggingTo('debug');
    try {
      const token = 'feedtoken0123456789abcdefghijk';
      for (const path of spellings(token)) await request(app).get(path);
      expect(lines.filter((l) => l.msg === 'request completed')).toHaveLength(spellings(token).length);
      expect(JSON.stringify(lines)).not.toContain(token);
      expect(JSON.stringify(lines).toLowerCase()).not.toContain(token.toLowerCase());
    } finally {
      close();
    }
  });

  it('is redacted from every spelling, and the calendar settings pages are left alone', () => {
    for (const path of spellings('tok3n')) expect([path, redactUrl(path).includes('tok3n')]).toEqual([path, false]);
    expect(redactUrl('/calendar')).toBe('/calendar');
    expect(redactUrl('/calendar/feed')).toBe('/calendar/feed');
    expect(redactUrl('/meetings?page=2')).toBe('/meetings?page=2');
  });
});

describe('request ids', () => {
  it('stamp every line a handler logs, and are sent back as X-Request-Id', async () => {
    const { app, close, lines } = appLoggingTo('info');
    try {
      const user = await createUser(t.db);
      const agent = request.agent(app);
      const page = await agent.get('/login');
      const token = csrfIn(page.text);
      const res = await agent
        .post('/login')
        .type('form')
        .send({ _csrf: token, email: user.email, password: 'wrong password!' });
      const id = res.headers['x-request-id'];
      const login = lines.find((l) => l.event === 'login');
      expect(login).toMatchObject({ requestId: id, success: false });
      expect(lines.filter((l) => l.requestId === id).map((l) => l.msg)).toEqual(['login failed', 'request completed']);
      const text = JSON.stringify(lines);
      expect(text).not.toContain('wrong password!');
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toMatch(/demarche\.sid|cookie/i);
    } finally {
      close();
    }
  });

  it('come from X-Request-Id only through a trusted proxy, and only when sane', async () => {
    const direct = appLoggingTo('info');
    const proxied = appLoggingTo('info', { ...t.config, trustProxy: 'loopback' });
    try {
      expect(
        (await request(direct.app).get('/login').set('X-Request-Id', 'from-the-client-1')).headers['x-request-id'],
      ).toMatch(/^[0-9a-f-]{36}$/);
      expect(
        (await request(proxied.app).get('/login').set('X-Request-Id', 'lb-4f2a.77:9')).headers['x-request-id'],
      ).toBe('lb-4f2a.77:9');
      for (const insane of ['a b', 'x'.repeat(200), '<script>', 'a"b', 'a;b']) {
        expect((await request(proxied.app).get('/login').set('X-Request-Id', insane)).headers['x-request-id']).toMatch(
          /^[0-9a-f-]{36}$/,
        );
      }
      expect(proxied.lines.find((l) => l.msg === 'request completed')).toMatchObject({
        requestId: 'lb-4f2a.77:9',
        req: { id: 'lb-4f2a.77:9' },
      });
    } finally {
      direct.close();
      proxied.close();
    }
  });
});
