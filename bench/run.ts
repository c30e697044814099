// npm run bench -- [--sizes 1000,100000,1000000] [--seconds 8]
// Builds a synthetic record at each size in one embedded PostgreSQL, runs the app (production
// mode) and the raw reference in their own processes, measures them from this process with
// autocannon, and prints the figures and the ratios measured in this one run.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, chmodSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbedded, freePort } from '../src/db/embedded';
import { createDataSource } from '../src/db/data-source';
import { migrate } from '../src/db/database';
import { addUser } from '../src/auth/users.service';
import { ROOT } from '../src/paths';
import { generate, COMMON_WORD, RARE_WORD } from './generate';
import { cannon, login, percentile, timings, waitFor, type Measure } from './http';
import { measureSuggest } from './suggest';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const sizes = arg('sizes', '1000,100000,1000000').split(',').map(Number);
const seconds = Number(arg('seconds', '8'));
// BENCH_WORKERS=2 runs the app (WEB_CONCURRENCY) and the raw reference with two worker processes each.
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
if (
  sizes.some((n) => !Number.isInteger(n) || n < 100 || n > 5_000_000) ||
  !(seconds >= 1 && seconds <= 120) ||
  !(Number.isInteger(WORKERS) && WORKERS >= 1 && WORKERS <= 64)
) {
  console.error('Usage: npm run bench -- --sizes 1000,100000,1000000 --seconds 8');
  process.exit(2);
}
const PASSWORD = 'bench-password-long';
const children: ChildProcess[] = [];

function start(script: string, env: Record<string, string>, nodeArgs: string[] = []): ChildProcess {
  const child = spawn(process.execPath, [...nodeArgs, path.join(ROOT, 'dist', script)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

function rssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0; // the process has just ended
  }
}

/** The processes that serve requests: the workers when the app runs several, else the app itself. */
function servingPids(pid: number): number[] {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
  return children.length ? children : [pid];
}

async function queriesPerRequest(admin: Client, run: () => Promise<Measure>): Promise<{ m: Measure; qpr: number }> {
  await admin.query('SELECT pg_stat_statements_reset()');
  const m = await run();
  const [{ calls }] = (
    await admin.query<{ calls: string }>(
      `SELECT coalesce(sum(calls), 0)::bigint AS calls FROM pg_stat_statements WHERE query NOT ILIKE '%pg_stat_statements%'`,
    )
  ).rows;
  return { m, qpr: m.requests ? Number(calls) / m.requests : 0 };
}

/** Times the export and samples the resident memory of each serving process: the peak is the largest. */
async function csvExport(base: string, cookie: string, pid: number) {
  const pids = servingPids(pid);
  const largest = () => Math.max(...pids.map(rssMb));
  let peak = largest();
  const before = peak;
  const timer = setInterval(() => (peak = Math.max(peak, largest())), 20);
  const started = performance.now();
  const res = await fetch(`${base}/commitments.csv`, { headers: { cookie } });
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) lines++;
  }
  clearInterval(timer);
  return { seconds: (performance.now() - started) / 1000, bytes, rows: lines - 1, peakMb: peak, beforeMb: before };
}

const WARM_UP_SECONDS = 3;
const RATIO_ROUNDS = 3;

type Measured = Measure & { qpr: number; rounds: Measure[] };

/** The rounds of one target as one measurement: each round weighs the same, counts are added. */
function combine(rounds: (Measure & { qpr: number })[]): Measured {
  const avg = (pick: (m: Measure) => number) => rounds.reduce((sum, m) => sum + pick(m), 0) / rounds.length;
  const requests = rounds.reduce((sum, m) => sum + m.requests, 0);
  return {
    name: rounds[0].name,
    rps: avg((m) => m.rps),
    p50: avg((m) => m.p50),
    p99: avg((m) => m.p99),
    errors: rounds.reduce((sum, m) => sum + m.errors, 0),
    requests,
    qpr: requests ? rounds.reduce((sum, m) => sum + m.qpr * m.requests, 0) / requests : 0,
    rounds,
  };
}

async function benchSize(baseUrl: string, admin: Client, size: number) {
  const name = `bench_${size}`;
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const ds = createDataSource(url.toString(), { statementTimeoutMs: 0 });
  await ds.initialize();
  await migrate(ds);
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  console.log(`size ${size}: generating…`);
  await generate(client, size, (line) => console.log(line));
  await addUser(ds, {
    email: 'bench@bench.test',
    name: 'Bench Manager',
    role: 'manager',
    clearance: 'confidential',
    password: PASSWORD,
  });
  const [{ key, id }] = (
    await client.query<{ key: string; id: number }>(
      `SELECT coalesce(due_on, 'infinity'::date)::text AS key, id FROM commitments WHERE deleted_at IS NULL AND status IN ('open','in_progress','stalled')
        ORDER BY coalesce(due_on, 'infinity'::date), id OFFSET $1 LIMIT 1`,
      [Math.floor(size * 0.3 * 0.8)],
    )
  ).rows;
  const [{ meeting }] = (
    await client.query<{ meeting: number }>(
      `SELECT min(meeting_id) AS meeting FROM commitments WHERE meeting_id IS NOT NULL`,
    )
  ).rows;
  await client.end();
  await ds.destroy();

  const appPort = await freePort();
  const rawPort = await freePort();
  const env = {
    DATABASE_URL: url.toString(),
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    SESSION_SECRET: 'bench-secret-'.repeat(4),
    LOGIN_RATE_LIMIT: '1000',
    WEB_CONCURRENCY: String(WORKERS),
  };
  // BENCH_APP_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/profiles" profiles the app under load.
  const app = start(
    'src/server.js',
    { ...env, PORT: String(appPort) },
    process.env.BENCH_APP_NODE_ARGS?.split(' ').filter(Boolean),
  );
  const raw = start('bench/raw-server.js', { ...env, PORT: String(rawPort) });
  const base = `http://127.0.0.1:${appPort}`;
  const rawBase = `http://127.0.0.1:${rawPort}`;
  await waitFor(`${base}/healthz`, 30_000);
  await waitFor(`${rawBase}/commitments`, 30_000);
  const cookie = await login(base, 'bench@bench.test', PASSWORD);
  const deep = `${base}/commitments?after=${key}_${id}`;
  const rounds: Record<string, (Measure & { qpr: number })[]> = {};
  // Each target is warmed up before it is measured: the JIT takes seconds to settle, and a
  // one-second warm-up measured the app some 30 % below its steady state.
  const measure = async (label: string, target: string, withCookie = true) => {
    await cannon(label, target, withCookie ? cookie : undefined, WARM_UP_SECONDS);
    const { m, qpr } = await queriesPerRequest(admin, () =>
      cannon(label, target, withCookie ? cookie : undefined, seconds),
    );
    (rounds[label] ??= []).push({ ...m, qpr });
  };
  // The targets behind the ratios are measured in alternating rounds and averaged, so that a
  // drift in the machine's speed during the run (frequent on a shared 2-core machine) falls on
  // all of them alike.
  for (let round = 0; round < RATIO_ROUNDS; round++) {
    await measure('raw', `${rawBase}/commitments`, false);
    await measure('app first page', `${base}/commitments`);
    await measure('app deep page', deep);
  }
  await measure('meeting page', `${base}/meetings/${meeting}`);
  await measure('brief', `${base}/ministries/2/brief`);
  await measure('search rare', `${base}/search?q=${RARE_WORD}`);
  await measure('search common', `${base}/search?q=${COMMON_WORD}`);
  const search = await timings([`${base}/search?q=${RARE_WORD}`, `${base}/search?q=${COMMON_WORD}`], cookie, 50);
  const csv = await csvExport(base, cookie, app.pid!);
  await stop(app);
  await stop(raw);
  await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
  const results = Object.fromEntries(Object.entries(rounds).map(([label, measured]) => [label, combine(measured)]));
  return { size, results, searchP95: percentile(search, 95), csv };
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'demarche-bench-'));
  chmodSync(dir, 0o755);
  const pg = await startEmbedded(dir, () => {}, [
    '-c',
    'shared_preload_libraries=pg_stat_statements',
    '-c',
    'shared_buffers=512MB',
    '-c',
    'max_connections=200',
  ]);
  const admin = new Client({ connectionString: pg.url });
  const runs = [];
  try {
    await admin.connect();
    await admin.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    for (const size of sizes) runs.push(await benchSize(pg.url, admin, size));
  } finally {
    await admin.end().catch(() => {});
    for (const child of children) await stop(child);
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  report(runs);
}

function report(runs: Awaited<ReturnType<typeof benchSize>>[]) {
  const f = (n: number, d = 1) => n.toFixed(d);
  console.log(
    `\nDémarche benchmark — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} cores, ${WORKERS > 1 ? `app and raw with ${WORKERS} worker processes each, ` : ''}${seconds} s per target\n`,
  );
  for (const run of runs) {
    console.log(`commitments: ${run.size}`);
    console.log('  target                 req/s     p50 ms   p99 ms  errors  SQL/request');
    for (const [label, m] of Object.entries(run.results)) {
      const rounds = m.rounds.length > 1 ? `   (rounds: ${m.rounds.map((r) => f(r.rps)).join(', ')} req/s)` : '';
      console.log(
        `  ${label.padEnd(20)} ${f(m.rps).padStart(8)} ${f(m.p50).padStart(9)} ${f(m.p99).padStart(8)} ${String(m.errors).padStart(7)} ${f(m.qpr, 2).padStart(11)}${rounds}`,
      );
    }
    console.log(`  search p95 (sequential): ${f(run.searchP95)} ms`);
    console.log(
      `  CSV of all open commitments: ${run.csv.rows} rows, ${f(run.csv.bytes / 1e6)} MB in ${f(run.csv.seconds, 2)} s; largest app process RSS ${f(run.csv.beforeMb)} → peak ${f(run.csv.peakMb)} MB`,
    );
  }
  const small = runs[0];
  const large = runs[runs.length - 1];
  console.log('');
  console.log(`ratio app/raw: ${f(large.results['app first page'].rps / large.results.raw.rps, 2)}`);
  console.log(
    `p50 ${label(large.size)}/${label(small.size)} first page: ${f(large.results['app first page'].p50 / small.results['app first page'].p50, 2)}`,
  );
  console.log(
    `p50 ${label(large.size)}/${label(small.size)} deep page: ${f(large.results['app deep page'].p50 / small.results['app deep page'].p50, 2)}`,
  );
  console.log(`search p95 ms: ${f(large.searchP95)}`);
  console.log(`csv peak rss MB: ${f(large.csv.peakMb)}`);
  console.log(`SQL queries per page: ${f(large.results['app first page'].qpr, 2)}`);
  const reading = measureSuggest();
  console.log(`suggest ${reading.words} words p50 ms: ${f(reading.p50)}`);
}

const label = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));

main().catch((err) => {
  console.error(err);
  for (const child of children) child.kill('SIGKILL');
  process.exit(1);
});
