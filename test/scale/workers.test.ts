import { execFileSync } from 'node:child_process';
import {
  Browser,
  type AppProcess,
  type PostgresProcess,
  removeDir,
  seedDemo,
  sql,
  startApp,
  startPostgres,
  stopAll,
  tempDir,
  waitUntil,
} from '../support/processes';

/**
 * WEB_CONCURRENCY=2: one primary and two worker processes on one port. Sessions hold whichever
 * worker answers, a worker that dies is replaced without the others noticing, and SIGTERM
 * stops everything with exit 0.
 */

let dataDir: string;
let pg: PostgresProcess;
let app: AppProcess;

const workersOf = (pid: number) =>
  execFileSync('pgrep', ['-P', String(pid)])
    .toString()
    .trim()
    .split('\n')
    .filter(Boolean)
    .map(Number);

beforeAll(async () => {
  dataDir = tempDir('demarche-workers-');
  pg = await startPostgres(dataDir);
  seedDemo(pg.url);
  app = await startApp({ DATABASE_URL: pg.url, WEB_CONCURRENCY: 2 });
}, 180_000);

afterAll(async () => {
  await stopAll();
  removeDir(dataDir);
}, 90_000);

describe('several worker processes', () => {
  it('runs two workers that share sessions, replaces one that dies, and stops on SIGTERM with exit 0', async () => {
    await waitUntil(async () => workersOf(app.pid).length === 2, 20_000);
    const [first, second] = workersOf(app.pid);

    const manager = new Browser(app.url);
    expect((await manager.login('manager@demo.test')).status).toBe(303);
    for (let i = 0; i < 10; i++) expect((await manager.get('/commitments')).status).toBe(200);
    const [{ n }] = await sql<{ n: number }>(pg.url, `SELECT count(*)::int AS n FROM sessions`);
    expect(n).toBe(1);

    process.kill(first, 'SIGKILL');
    await waitUntil(async () => {
      const now = workersOf(app.pid);
      return now.length === 2 && !now.includes(first);
    }, 20_000);
    expect(workersOf(app.pid)).toContain(second);
    for (let i = 0; i < 5; i++) expect((await manager.get('/commitments')).status).toBe(200);
    expect(app.output()).toContain('worker died; starting another');

    app.child.kill('SIGTERM');
    expect(await app.exited).toEqual({ code: 0, signal: null });
    expect(app.output()).toContain('Démarche stopped.');
  }, 90_000);
});
