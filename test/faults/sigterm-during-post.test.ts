import { Client } from 'pg';
import {
  Browser,
  type AppProcess,
  type PostgresProcess,
  freePort,
  removeDir,
  request,
  seedDemo,
  sql,
  startApp,
  startPostgres,
  stopAll,
  tempDir,
  waitForLockWait,
} from '../support/processes';

/**
 * QUALITY.md "faults": SIGTERM while a POST is in progress. The POST is held mid-transaction by a
 * lock another connection keeps on the table, so it is in flight when the signal arrives.
 */

let dataDir: string;
let pg: PostgresProcess;
let app: AppProcess;

beforeAll(async () => {
  dataDir = tempDir('demarche-fault-term-');
  pg = await startPostgres(dataDir);
  seedDemo(pg.url);
  app = await startApp({ DATABASE_URL: pg.url, PORT: await freePort() });
}, 180_000);

afterAll(async () => {
  await stopAll();
  removeDir(dataDir);
}, 90_000);

describe('SIGTERM during a slow POST', () => {
  it('finishes the request with 303, commits the row and its audit event, refuses new connections, then exits 0 within 10 s', async () => {
    const staff = new Browser(app.url);
    expect((await staff.login('staff@demo.test')).status).toBe(303);
    const hidden = await staff.hiddenFields('/ministries/new');
    const name = `Ministry saved while the app was stopping ${Date.now()}`;
    const [{ n: before }] = await sql<{ n: number }>(pg.url, 'SELECT count(*)::int AS n FROM ministries');

    const holder = new Client({ connectionString: pg.url });
    await holder.connect();
    let posted;
    let signalledAt = 0;
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE ministries IN EXCLUSIVE MODE');
      posted = staff.post(
        '/ministries',
        { ...hidden, name, shortName: '', kind: 'directorate', countryCode: 'NO', parentId: '' },
        30_000,
      );
      await waitForLockWait(pg.url, 'INSERT INTO ministries');
      signalledAt = Date.now();
      app.child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 1_000));
      // Draining: the request is still in progress, and the server takes no new connections.
      expect(app.running()).toBe(true);
      await expect(request(app.url, 'GET', '/healthz', { timeoutMs: 2_000 })).rejects.toThrow(
        /ECONNREFUSED|socket hang up|ECONNRESET/,
      );
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end().catch(() => undefined);
    }

    const res = await posted;
    expect(res.status).toBe(303);
    const id = Number(/^\/ministries\/(\d+)$/.exec(String(res.headers.location))?.[1]);
    expect(id).toBeGreaterThan(0);

    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'still running'>(
      (r) => (timer = setTimeout(() => r('still running'), 10_000 - (Date.now() - signalledAt))),
    );
    const exit = await Promise.race([app.exited, deadline]);
    clearTimeout(timer);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalledAt).toBeLessThanOrEqual(10_000);

    const rows = await sql(pg.url, 'SELECT name, kind FROM ministries WHERE id = $1', [id]);
    expect(rows).toEqual([{ name, kind: 'directorate' }]);
    const [{ n: after }] = await sql<{ n: number }>(pg.url, 'SELECT count(*)::int AS n FROM ministries');
    expect(after).toBe(before + 1);
    const events = await sql(
      pg.url,
      `SELECT action FROM audit_events WHERE entity_type = 'ministry' AND entity_id = $1`,
      [id],
    );
    expect(events).toEqual([{ action: 'create' }]);
  }, 120_000);
});
