import 'reflect-metadata';
import { configOrExit, loadEnvFile } from '../config';
import { createLogger } from '../logger';
import { openDatabase } from '../db/database';
import { configureMail } from '../mail/notices';
import { startJobs } from './jobs';

/**
 * `npm run worker`: the scheduled jobs in a process of their own, for web instances started with
 * JOBS=off. It migrates like the app, joins the embedded PostgreSQL or DATABASE_URL, and on
 * SIGTERM lets a running job finish before closing.
 */
async function main(): Promise<void> {
  loadEnvFile();
  const config = configOrExit();
  const logger = createLogger(config.logLevel);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, max: 3 });
  configureMail(config);
  const jobs = await startJobs(database.dataSource, config, logger);
  console.log(
    `Démarche jobs are running (summaries 07:00 and the Monday digest in ${config.appTimeZone}${config.smtpUrl ? ', mail sent every minute' : ', mail kept in the outbox: no SMTP_URL'}). Press Ctrl-C to stop.`,
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: finishing the running job, then stopping.`);
    setTimeout(() => process.exit(1), 15_000).unref();
    await jobs.stop().catch((err) => logger.error({ err }, 'error while stopping the jobs'));
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  console.error('The job worker could not start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
