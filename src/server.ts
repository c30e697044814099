import 'reflect-metadata';
import type { Server } from 'node:http';
import v8 from 'node:v8';
import { configOrExit, loadEnvFile, startupWarnings, type Config } from './config';
import { createLogger } from './logger';
import { openDatabase, type Database } from './db/database';
import { isEmpty, seedDemo } from './db/seed-demo';
import { sharedSecret } from './db/secrets';
import { createApp } from './app';
import { startJobs, type Jobs } from './jobs/jobs';
import { createDataSource } from './db/data-source';
import { DEMO_PASSWORD, demoUsers } from './db/demo-data';
import { isClusterPrimary, isClusterWorker, superviseWorkers } from './cluster';

const SHUTDOWN_DEADLINE_MS = 9_000;

/**
 * How far V8 lets the old generation grow past what the last full collection kept, in percent.
 * Left to itself it grew to four times the live heap (25 MB live, 110 MB held) while serving
 * pages, and a server under load sat above 200 MB; at 100 it stays near 150 MB, with no
 * measurable cost in throughput (the collections run while the live heap is small).
 */
const HEAP_GROWING_PERCENT = 100;

async function main(): Promise<void> {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  loadEnvFile();
  const config = configOrExit();
  if (isClusterPrimary(config)) return primary(config);
  const quiet = isClusterWorker();
  const logger = createLogger(config.logLevel);
  if (!quiet) for (const warning of startupWarnings(config)) logger.warn(warning);
  const { database, seeded, secret } = await prepareDatabase(config, logger, {});
  const db = database.dataSource;
  const { app, ...sessions } = createApp({ db, config, logger, sessionSecret: secret });
  const jobs = config.jobs ? await startJobs(db, config, logger) : undefined;

  const server = app.listen(config.port, () => {
    const address = server.address();
    if (!quiet)
      banner(typeof address === 'object' && address ? address.port : config.port, seeded, !config.databaseUrl);
  });
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;
  installShutdown(server, database, () => sessions.close(), logger, quiet, jobs);
}

/** Starts or joins the database, migrates it, seeds an empty embedded one, reads the session secret. */
async function prepareDatabase(config: Config, logger: ReturnType<typeof createLogger>, pool: { max?: number }) {
  if (!config.databaseUrl) console.log(`Starting the embedded PostgreSQL (data in ${config.dataDir}/) …`);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    log: (line) => logger.debug({ postgres: line }),
    // The message and code only: pg hangs the whole client (its statements included) on the error.
    onPoolError: (err) =>
      logger.warn(
        { err: { message: err.message, code: (err as { code?: string }).code } },
        'idle database connection failed',
      ),
    ...pool,
  });
  let seeded = false;
  if (!config.databaseUrl && (await isEmpty(database.dataSource))) {
    await seedDemo(database.dataSource);
    seeded = true;
  }
  const secret = config.sessionSecret ?? (await sharedSecret(database.dataSource, 'session'));
  return { database, seeded, secret };
}

function banner(port: number, seeded: boolean, embedded: boolean, workers = 1): void {
  console.log(
    `Démarche is listening on http://localhost:${port}${workers > 1 ? ` (${workers} worker processes)` : ''}`,
  );
  if (seeded || embedded) {
    console.log(
      `Log in as ${demoUsers.map((u) => u.email).join(', ')} with the password "${DEMO_PASSWORD}" (demo accounts${seeded ? ', just created' : ''}).`,
    );
  }
  console.log('Press Ctrl-C to stop.');
}

/** WEB_CONCURRENCY > 1: prepares the database once, then hands over to the worker supervisor. */
async function primary(config: Config): Promise<void> {
  const logger = createLogger(config.logLevel);
  for (const warning of startupWarnings(config)) logger.warn(warning);
  // The workers read the shared session secret themselves; made here, they do not race to create it.
  const { database, seeded } = await prepareDatabase(config, logger, { max: 2 });
  await database.dataSource.destroy();
  const url = config.databaseUrl ?? database.embedded!.url;
  // The scheduled jobs run once here, not in every worker.
  const jobsDb = config.jobs ? createDataSource(url, { max: 3 }) : undefined;
  await jobsDb?.initialize();
  const jobs = jobsDb ? await startJobs(jobsDb, config, logger) : undefined;
  superviseWorkers(config, logger, database, {
    shutdownDeadlineMs: SHUTDOWN_DEADLINE_MS,
    workerEnv: { JOBS: 'off' },
    onListening: (port) => banner(port, seeded, !config.databaseUrl, config.workers),
    beforeDatabaseClose: async () => {
      await jobs?.stop().catch((err) => logger.error({ err }, 'error while stopping the jobs'));
      await jobsDb?.destroy().catch(() => {});
    },
  });
}

function installShutdown(
  server: Server,
  database: Database,
  closeSessions: () => void,
  logger: ReturnType<typeof createLogger>,
  quiet: boolean,
  jobs?: Jobs,
): void {
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    if (!quiet) console.log(`${signal} received: finishing requests in progress, then stopping.`);
    const force = setTimeout(() => {
      logger.error('shutdown deadline passed; exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    force.unref();
    const stop = async () => {
      try {
        closeSessions();
        // The jobs stop before the database they run on.
        await jobs?.stop().catch((err) => logger.error({ err }, 'error while stopping the jobs'));
        await database.close();
        if (!quiet) console.log('Démarche stopped.');
        process.exit(0);
      } catch (err) {
        logger.error({ err }, 'error while stopping');
        process.exit(1);
      }
    };
    // close() stops accepting and waits for in-flight requests; idle keep-alive sockets are closed now.
    server.close(() => void stop());
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  console.error('Démarche could not start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
