import request from 'supertest';
import { createApp } from '../../src/app';
import { createDataSource } from '../../src/db/data-source';
import { createLogger } from '../../src/logger';
import { loadConfig } from '../../src/config';
import { login, useApp } from '../support/app';
import { createUser, PASSWORD } from '../support/factories';
import { TcpProxy } from '../support/tcp-proxy';

const t = useApp();

describe('GET /healthz', () => {
  it('answers 200 while the database answers', async () => {
    const res = await request(t.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up' });
  });

  it('answers 503 with Retry-After while the database is down, and recovers by itself', async () => {
    const target = new URL(t.config.databaseUrl!);
    const proxy = new TcpProxy(target.hostname, Number(target.port));
    await proxy.up();
    const db = createDataSource(proxy.url(t.config.databaseUrl!), { max: 2 });
    await db.initialize();
    const { app, close } = createApp({
      db,
      config: { ...loadConfig(), nodeEnv: 'test' },
      logger: createLogger('silent'),
      sessionSecret: 'x'.repeat(40),
    });
    try {
      expect((await request(app).get('/healthz')).status).toBe(200);
      const user = await createUser(t.db);
      const agent = await login(app, user.email, PASSWORD);
      await proxy.down();
      const started = Date.now();
      const res = await request(app).get('/healthz');
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      const page = await agent.get('/');
      expect(page.status).toBe(503);
      expect(page.headers['retry-after']).toBe('5');
      expect(page.text).toContain('database is not answering');
      expect(page.text).not.toMatch(/ECONNREFUSED|at \w+ \(/);
      expect(Date.now() - started).toBeLessThan(5_000);
      await proxy.up();
      expect((await request(app).get('/healthz')).status).toBe(200);
      expect((await agent.get('/')).status).toBe(200);
    } finally {
      close();
      await proxy.down();
      await db.destroy();
    }
  });
});
