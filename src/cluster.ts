import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import type { Config } from './config';
import type { Database } from './db/database';

/** Set in a worker's environment: the primary has prepared the database and prints the banner. */
export const WORKER_ENV = 'DEMARCHE_CLUSTER_WORKER';

/** How many worker deaths within a minute mean the deployment is broken rather than unlucky. */
const MAX_DEATHS_PER_MINUTE = 5;

export function isClusterPrimary(config: Config): boolean {
  return config.workers > 1 && cluster.isPrimary;
}

export function isClusterWorker(): boolean {
  return process.env[WORKER_ENV] === '1';
}

/**
 * WEB_CONCURRENCY > 1: the primary has prepared the database (the embedded server, migrations,
 * demo data, the shared session secret); this forks that many workers that serve HTTP on the same
 * port, as several instances would. A worker that dies is replaced; on SIGTERM or SIGINT every
 * worker finishes its requests, and only then is the embedded PostgreSQL stopped.
 */
export function superviseWorkers(
  config: Config,
  logger: Logger,
  database: Database,
  options: {
    shutdownDeadlineMs: number;
    /** Added to each worker's environment. */
    workerEnv?: Record<string, string>;
    onListening: (port: number) => void;
    /** Runs when every worker has stopped, before the database closes (the primary's own jobs). */
    beforeDatabaseClose?: () => Promise<void>;
  },
): void {
  const env = { ...options.workerEnv, [WORKER_ENV]: '1', DATABASE_URL: config.databaseUrl ?? database.embedded!.url };

  let stopping = false;
  let gaveUp = false;
  let listening = 0;
  const alive = new Set<Worker>();
  const deaths: number[] = [];
  const fork = () => alive.add(cluster.fork(env));
  const signalAll = (signal: NodeJS.Signals) => alive.forEach((w) => w.process.kill(signal));
  cluster.on('listening', (_worker, address) => {
    if (++listening === config.workers) options.onListening(address.port);
  });
  cluster.on('exit', (worker, code, signal) => {
    alive.delete(worker);
    if (stopping) {
      if (alive.size === 0) void stop(gaveUp ? 1 : 0);
      return;
    }
    logger.error({ worker: worker.process.pid, code, signal }, 'worker died; starting another');
    const now = Date.now();
    deaths.push(now);
    while (now - deaths[0] >= 60_000) deaths.shift();
    // Workers dying over and over (a broken database, a bad deploy): give up rather than spin.
    if (deaths.length > MAX_DEATHS_PER_MINUTE) {
      logger.error('workers keep dying; stopping');
      stopping = true;
      gaveUp = true;
      signalAll('SIGTERM');
      if (alive.size === 0) void stop(1);
      return;
    }
    fork();
  });
  for (let i = 0; i < config.workers; i++) fork();

  async function stop(code: number): Promise<never> {
    await options.beforeDatabaseClose?.();
    await database.close();
    console.log('Démarche stopped.');
    process.exit(code);
  }
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: the workers finish the requests in progress, then stop.`);
    setTimeout(() => {
      logger.error('shutdown deadline passed; exiting');
      signalAll('SIGKILL');
      void database.close().finally(() => process.exit(1));
    }, options.shutdownDeadlineMs + 1_000).unref();
    signalAll('SIGTERM');
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
