// npm run bench:engines -- [--size 10000] [--seconds 5] [--rounds 3] [--baseline <dist of another build>]
// Side by side, in alternating rounds, the same pages from app processes that differ in one
// thing: (a) the app's own view engine vs express-handlebars 7 (bench/library-engine.ts),
// (b) the patched pg client vs the plain one, and with --baseline, (c) this build vs another
// build of the app (the first-segment dispatcher's). Prints each round and each ratio with its spread.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbedded, freePort } from '../src/db/embedded';
import { createDataSource } from '../src/db/data-source';
import { migrate } from '../src/db/database';
import { addUser } from '../src/auth/users.service';
import { ROOT } from '../src/paths';
import { generate } from './generate';
import { cannon, login, waitFor } from './http';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const size = Number(arg('size', '10000'));
const seconds = Number(arg('seconds', '5'));
const rounds = Number(arg('rounds', '3'));
const baseline = args.includes('--baseline') ? path.resolve(arg('baseline', '')) : undefined;
if (!(size >= 100 && size <= 1_000_000) || !(seconds >= 1 && seconds <= 60) || !(rounds >= 1 && rounds <= 10)) {
  console.error('Usage: npm run bench:engines -- --size 10000 --seconds 5 --rounds 3 [--baseline DIST]');
  process.exit(2);
}
const PASSWORD = 'bench-password-long';
const WARM_UP_SECONDS = 2;
const children: ChildProcess[] = [];

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

async function variant(env: Record<string, string>): Promise<string> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'bench', 'engines-server.js')], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/healthz`, 30_000);
  return base;
}

const spread = (xs: number[]) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'demarche-engines-'));
  chmodSync(dir, 0o755);
  const pg = await startEmbedded(dir, () => {}, ['-c', 'shared_buffers=256MB']);
  try {
    const ds = createDataSource(pg.url, { statementTimeoutMs: 0 });
    await ds.initialize();
    await migrate(ds);
    const client = new Client({ connectionString: pg.url });
    await client.connect();
    console.log(`generating ${size} commitments…`);
    await generate(client, size, () => {});
    await addUser(ds, {
      email: 'bench@bench.test',
      name: 'Bench Manager',
      role: 'manager',
      clearance: 'confidential',
      password: PASSWORD,
    });
    const [{ meeting }] = (
      await client.query<{ meeting: number }>(
        `SELECT min(meeting_id) AS meeting FROM commitments WHERE meeting_id IS NOT NULL`,
      )
    ).rows;
    await client.end();
    await ds.destroy();

    const env = {
      DATABASE_URL: pg.url,
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      LOGIN_RATE_LIMIT: '1000',
      JOBS: 'off',
    };
    const comparisons: {
      name: string;
      a: string;
      b: string;
      envA: Record<string, string>;
      envB: Record<string, string>;
    }[] = [
      {
        name: 'view engine',
        a: 'custom',
        b: 'library',
        envA: { VIEW_ENGINE: 'custom' },
        envB: { VIEW_ENGINE: 'library' },
      },
      { name: 'pg client', a: 'patched', b: 'plain', envA: { PG_CLIENT: 'dropping' }, envB: { PG_CLIENT: 'plain' } },
    ];
    if (baseline)
      comparisons.push({ name: 'routing', a: 'mounted', b: 'baseline build', envA: {}, envB: { APP_DIST: baseline } });
    const pages = { 'open commitments': '/commitments', 'a meeting page': `/meetings/${meeting}` };

    const summary: string[] = [];
    for (const c of comparisons) {
      const a = await variant({ ...env, ...c.envA });
      const b = await variant({ ...env, ...c.envB });
      const cookies = {
        a: await login(a, 'bench@bench.test', PASSWORD),
        b: await login(b, 'bench@bench.test', PASSWORD),
      };
      for (const [page, url] of Object.entries(pages)) {
        const ratios: number[] = [];
        for (let round = 0; round < rounds; round++) {
          // Alternating which goes first, so a drift in the machine's speed falls on both alike.
          const order = round % 2 ? (['b', 'a'] as const) : (['a', 'b'] as const);
          const rps: Record<string, number> = {};
          for (const side of order) {
            const base = side === 'a' ? a : b;
            await cannon(side, base + url, cookies[side], WARM_UP_SECONDS);
            const m = await cannon(side, base + url, cookies[side], seconds);
            if (m.errors) throw new Error(`${c.name} ${side} ${page}: ${m.errors} errors`);
            rps[side] = m.rps;
          }
          ratios.push(rps.b / rps.a);
          console.log(
            `${c.name}, ${page}, round ${round + 1}: ${c.a} ${rps.a.toFixed(1)} req/s, ${c.b} ${rps.b.toFixed(1)} req/s, ratio ${(rps.b / rps.a).toFixed(3)}`,
          );
        }
        const mean = ratios.reduce((s, r) => s + r, 0) / ratios.length;
        summary.push(`${c.name} ${c.b}/${c.a}, ${page}: ${mean.toFixed(2)} (rounds ${spread(ratios)})`);
      }
      for (const child of children.splice(0)) await stop(child);
    }
    console.log(summary.join('\n'));
  } finally {
    for (const child of children) await stop(child);
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
