import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { sendDue } from '../mail/outbox.service';
import { mailTransport } from '../mail/transport';
import { writeDigests, writeSummaries } from '../reminders/reminders.service';

export const JOB_SCHEMA = 'pgboss';
const QUEUES = { summaries: 'daily-summaries', digest: 'weekly-digest', outbox: 'send-outbox' } as const;

export interface Jobs {
  boss: PgBoss;
  stop(): Promise<void>;
}

const JOBS_SETUP_LOCK = 7_270_738;

async function oneAtATime(db: DataSource, work: () => Promise<void>): Promise<void> {
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [JOBS_SETUP_LOCK]);
    await work();
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [JOBS_SETUP_LOCK]).catch(() => {});
    await runner.release();
  }
}

/**
 * The scheduled work, on pg-boss in the app's own PostgreSQL (schema `pgboss`): every instance
 * that starts it shares one queue, and each scheduled run is one job taken by one of them.
 * Summaries at 07:00 and the Monday digest at 07:00 in APP_TIME_ZONE; the outbox is sent every
 * minute, and straight after each of those runs.
 */
export async function startJobs(db: DataSource, config: Config, logger: Logger): Promise<Jobs> {
  const transport = mailTransport(config);
  const boss = new PgBoss({
    connectionString: (db.options as { url?: string }).url!,
    schema: JOB_SCHEMA,
    max: 3,
    application_name: 'demarche-jobs',
  });
  // pg-boss reports a lost database here and carries on polling; unhandled, it would end the process.
  boss.on('error', (err) =>
    logger.warn({ err: { message: err.message, code: (err as { code?: string }).code } }, 'jobs: database error'),
  );
  const tz = { tz: config.appTimeZone };
  // Instances starting together each create pg-boss's schema, queues and schedules; unserialised,
  // PostgreSQL found them deadlocked on its tables and one instance failed to start.
  await oneAtATime(db, async () => {
    await boss.start();
    const retry = { retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 15 * 60 };
    for (const name of Object.values(QUEUES)) await boss.createQueue(name, { name, ...retry });
    await boss.schedule(QUEUES.summaries, '0 7 * * *', {}, tz);
    await boss.schedule(QUEUES.digest, '0 7 * * 1', {}, tz);
    await boss.schedule(QUEUES.outbox, '* * * * *', {}, tz);
  });

  const send = async () => {
    if (!transport) return;
    const result = await sendDue(db, config, transport, logger);
    if (result.sent + result.retried + result.failed) logger.info(result, 'outbox sent');
  };
  await boss.work(QUEUES.summaries, async () => {
    await writeSummaries(db, config, undefined, logger);
    await send();
  });
  await boss.work(QUEUES.digest, async () => {
    await writeDigests(db, config, undefined, logger);
    await send();
  });
  await boss.work(QUEUES.outbox, send);
  return {
    boss,
    async stop() {
      // Lets a running job finish (bounded), then closes pg-boss's own connections.
      await boss.stop({ graceful: true, wait: true, timeout: 8_000 });
      transport?.close();
    },
  };
}
