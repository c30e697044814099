import { useApp } from '../support/app';
import { signalAndWait, sql, startCommand, stopAll, waitUntil } from '../support/processes';

/** `npm run worker` (node dist/src/jobs/worker.js): starts, schedules the jobs on pg-boss, and stops cleanly on SIGTERM. */

const t = useApp();
jest.setTimeout(90_000);
afterAll(async () => {
  await stopAll();
  // pg-boss's own schema is not the app's: leave this worker's database as the other tests expect it.
  await sql(t.config.databaseUrl!, `DROP SCHEMA IF EXISTS pgboss CASCADE`);
});

describe('npm run worker', () => {
  it('starts, schedules the summaries, the digest and the outbox sender, and stops with 0 on SIGTERM', async () => {
    const worker = startCommand(
      'jobs/worker.js',
      [],
      { DATABASE_URL: t.config.databaseUrl!, SMTP_URL: null, APP_TIME_ZONE: 'Europe/Oslo' },
      60_000,
    );
    await waitUntil(async () => worker.output().stdout.includes('Démarche jobs are running'), 45_000, 100).catch(() => {
      throw new Error(`the worker did not start:\n${worker.output().stdout}${worker.output().stderr}`);
    });
    expect(worker.output().stdout).toContain(
      'summaries 07:00 and the Monday digest in Europe/Oslo, mail kept in the outbox: no SMTP_URL',
    );
    const schedules = await t.db.query(`SELECT name, cron, timezone FROM pgboss.schedule ORDER BY name`);
    expect(schedules).toEqual([
      { name: 'daily-summaries', cron: '0 7 * * *', timezone: 'Europe/Oslo' },
      { name: 'send-outbox', cron: '* * * * *', timezone: 'Europe/Oslo' },
      { name: 'weekly-digest', cron: '0 7 * * 1', timezone: 'Europe/Oslo' },
    ]);
    expect(await signalAndWait(worker.child, 'SIGTERM', 20_000)).toBe(true);
    const result = await worker.done;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('SIGTERM received: finishing the running job, then stopping.');
    expect(result.stderr).toBe('');
    // It closed its connections: none of its sessions is left on the server.
    await waitUntil(
      async () =>
        (
          await t.db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'demarche-jobs'`)
        )[0].n === 0,
      10_000,
    );
  });

  it('refuses a bad setting with a clear message and exit code 1', async () => {
    const worker = startCommand(
      'jobs/worker.js',
      [],
      { DATABASE_URL: t.config.databaseUrl!, APP_TIME_ZONE: 'Mars/Olympus' },
      30_000,
    );
    const result = await worker.done;
    expect(result.code).toBe(1);
    expect(`${result.stdout}${result.stderr}`).toMatch(/APP_TIME_ZONE/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
