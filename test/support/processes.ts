import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

/**
 * Real processes for fault and scale tests: a PostgreSQL of their own (so pausing it leaves the
 * shared test database alone) and the built app (`node dist/src/server.js`). Everything started
 * here is remembered and killed by stopAll(), with bounded waits.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const started = new Set<ChildProcess>();
const pausedPids = new Set<number>();

export const SECRET = 'fault-test-session-secret-'.padEnd(48, 'x');

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  chmodSync(dir, 0o755); // PostgreSQL runs as its own user when the tests run as root
  return dir;
}

export interface PostgresProcess {
  url: string;
  port: number;
  /** the postmaster's pid */
  pid: number;
  dataDir: string;
  child: ChildProcess;
  /** SIGSTOP to the postmaster and every backend: connections stay open, nothing answers. */
  pause(): void;
  resume(): void;
  /** A fast shutdown, as an operator's `pg_ctl stop` would do; resolves when the postmaster is gone. */
  stop(): Promise<void>;
}

function childPids(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when there is none
  }
}

/** Starts PostgreSQL on `dataDir` (a new temp dir by default); `port` restarts an existing cluster there. */
export async function startPostgres(dataDir = tempDir('demarche-pg-'), port?: number): Promise<PostgresProcess> {
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'test', 'support', 'postgres-process.mjs'), dataDir, ...(port ? [String(port)] : [])],
    {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  started.add(child);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const info = await new Promise<{ url: string; port: number; pid: number }>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`PostgreSQL did not start within 60 s: ${stderr}`)), 60_000);
    child.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`PostgreSQL exited with ${code}: ${stderr}`));
    });
  });
  const pg: PostgresProcess = {
    ...info,
    dataDir,
    child,
    pause() {
      process.kill(info.pid, 'SIGSTOP');
      pausedPids.add(info.pid);
      for (const pid of childPids(info.pid)) {
        process.kill(pid, 'SIGSTOP');
        pausedPids.add(pid);
      }
    },
    resume() {
      for (const pid of [...childPids(info.pid), info.pid]) {
        try {
          process.kill(pid, 'SIGCONT');
        } catch {
          /* already gone */
        }
        pausedPids.delete(pid);
      }
    },
    async stop() {
      child.kill('SIGTERM');
      if (!(await waitForExit(child, 20_000))) child.kill('SIGKILL');
      const deadline = Date.now() + 10_000;
      while (alive(info.pid) && Date.now() < deadline) await sleep(50);
    },
  };
  return pg;
}

export interface AppProcess {
  url: string;
  port: number;
  pid: number;
  child: ChildProcess;
  output(): string;
  /** resolves with the exit code (null when killed by a signal) once the process has ended */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  running(): boolean;
}

/** Starts `node dist/src/server.js` on a free port and waits until /healthz answers 200. */
export async function startApp(env: {
  DATABASE_URL: string;
  SESSION_SECRET?: string | null;
  PORT?: number;
  [name: string]: string | number | null | undefined;
}): Promise<AppProcess> {
  const port = env.PORT ?? (await freePort());
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    SESSION_SECRET: SECRET,
    DEMARCHE_DATA_DIR: path.join(tmpdir(), 'demarche-unused'),
  };
  for (const [key, value] of Object.entries(env)) {
    if (value === null) delete childEnv[key];
    else if (value !== undefined) childEnv[key] = String(value);
  }
  childEnv.PORT = String(port);
  delete childEnv.JEST_WORKER_ID;
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'src', 'server.js')], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  let output = '';
  const keep = (d: Buffer) => {
    output += d.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const app: AppProcess = {
    url: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid!,
    child,
    output: () => output,
    exited,
    running: () => child.exitCode === null && child.signalCode === null,
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (!app.running()) throw new Error(`The app exited while starting:\n${output}`);
    const res = await request(app.url, 'GET', '/healthz', { timeoutMs: 2_000 }).catch(() => undefined);
    if (res?.status === 200) return app;
    if (Date.now() > deadline) throw new Error(`The app did not become healthy within 60 s:\n${output}`);
    await sleep(200);
  }
}

/** Loads the demo accounts and dossier through the real command. */
export function seedDemo(databaseUrl: string): void {
  execFileSync(process.execPath, [path.join(ROOT, 'dist', 'src', 'cli', 'seed-demo.js')], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'production', LOG_LEVEL: 'silent' },
    timeout: 120_000,
    stdio: 'pipe',
  });
}

/** Sends `signal` and waits (bounded) for the process to end. */
export async function signalAndWait(child: ChildProcess, signal: NodeJS.Signals, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  child.kill(signal);
  return waitForExit(child, timeoutMs);
}

/** afterAll: resumes anything paused, then ends every process started here. */
export async function stopAll(): Promise<void> {
  for (const pid of pausedPids) {
    try {
      process.kill(pid, 'SIGCONT');
    } catch {
      /* gone */
    }
  }
  pausedPids.clear();
  const children = [...started];
  started.clear();
  // Apps first, so they do not log a storm of connection errors while PostgreSQL stops.
  children.sort((a, b) => Number(isPostgres(a)) - Number(isPostgres(b)));
  for (const child of children) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    child.kill('SIGTERM');
    if (!(await waitForExit(child, isPostgres(child) ? 20_000 : 10_000))) {
      child.kill('SIGKILL');
      await waitForExit(child, 5_000);
    }
  }
}

function isPostgres(child: ChildProcess): boolean {
  return child.spawnargs.some((a) => a.endsWith('postgres-process.mjs'));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  ms: number;
}

/** One HTTP request on its own connection, bounded by `timeoutMs`; rejects on socket errors. */
export function request(
  base: string,
  method: 'GET' | 'POST',
  urlPath: string,
  options: { body?: string; cookie?: string; timeoutMs?: number; headers?: Record<string, string> } = {},
): Promise<Response> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Accept: 'text/html', ...options.headers };
    if (options.cookie) headers.Cookie = options.cookie;
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      headers['Content-Length'] = String(Buffer.byteLength(options.body));
    }
    const req = http.request(new URL(urlPath, base), { method, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text, ms: Date.now() - started }));
      res.on('error', reject);
    });
    req.setTimeout(options.timeoutMs ?? 30_000, () =>
      req.destroy(new Error(`${method} ${urlPath} timed out after ${options.timeoutMs ?? 30_000} ms`)),
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

export function formBody(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields))
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  return params.toString();
}

/** A logged-in user of one app process: keeps the session cookie, reads CSRF tokens from forms. */
export class Browser {
  cookie = '';

  constructor(public base: string) {}

  private keep(res: Response): Response {
    for (const c of ([] as string[]).concat(res.headers['set-cookie'] ?? [])) {
      const pair = c.split(';')[0];
      const name = pair.split('=')[0];
      const rest = this.cookie.split('; ').filter((p) => p && p.split('=')[0] !== name);
      this.cookie = [...rest, pair].join('; ');
    }
    return res;
  }

  async get(urlPath: string, timeoutMs?: number): Promise<Response> {
    return this.keep(await request(this.base, 'GET', urlPath, { cookie: this.cookie, timeoutMs }));
  }

  async post(urlPath: string, fields: Record<string, string | string[]>, timeoutMs?: number): Promise<Response> {
    return this.keep(
      await request(this.base, 'POST', urlPath, { cookie: this.cookie, body: formBody(fields), timeoutMs }),
    );
  }

  /** The form's hidden fields (CSRF token, submission token) from the page at `urlPath`. */
  async hiddenFields(urlPath: string): Promise<Record<string, string>> {
    const res = await this.get(urlPath);
    if (res.status !== 200) throw new Error(`GET ${urlPath} answered ${res.status}`);
    return hiddenFields(res.text);
  }

  async login(email: string, password = 'demarche-demo'): Promise<Response> {
    const { _csrf } = await this.hiddenFields('/login');
    return this.post('/login', { _csrf, email, password });
  }
}

export function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]+)"/.exec(m[0])?.[1];
    const value = /value="([^"]*)"/.exec(m[0])?.[1];
    if (name && value !== undefined && !(name in fields)) fields[name] = unescapeHtml(value);
  }
  return fields;
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#x27;': "'",
  '&#x60;': '`',
  '&#x3D;': '=',
};

export function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#x27|#x60|#x3D);/g, (e) => ENTITIES[e]);
}

/** Polls until `check` is true, every `everyMs`, for at most `timeoutMs`; returns the seconds it took. */
export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, everyMs = 200): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await check().catch(() => false)) return (Date.now() - start) / 1000;
    if (Date.now() - start > timeoutMs) throw new Error(`not reached within ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

/** Runs one statement on a connection of its own. */
export async function sql<T = Record<string, unknown>>(
  url: string,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Waits until one of the app's connections is blocked on a lock while running a statement that
 * starts with `statement` (`INSERT INTO ministries`), however TypeORM quotes the identifiers.
 */
export async function waitForLockWait(url: string, statement: string, timeoutMs = 15_000): Promise<void> {
  await waitUntil(
    async () => {
      const rows = await sql(
        url,
        `SELECT 1 FROM pg_stat_activity WHERE application_name = 'demarche' AND wait_event_type = 'Lock' AND replace(query, '"', '') LIKE $1`,
        [`${statement}%`],
      );
      return rows.length > 0;
    },
    timeoutMs,
    50,
  );
}

export interface CommandProcess {
  child: ChildProcess;
  output(): { stdout: string; stderr: string };
  /** resolves once the process has ended (it is killed after `timeoutMs`) */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/**
 * Runs a built command as a user would (`node dist/src/cli/….js`, `node dist/src/jobs/worker.js`),
 * with `env` over the test's environment (null removes a variable); remembered for stopAll().
 */
export function startCommand(
  script: string,
  args: string[],
  env: Record<string, string | null | undefined>,
  timeoutMs = 120_000,
): CommandProcess {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DEMARCHE_DATA_DIR: path.join(tmpdir(), 'demarche-unused'),
  };
  delete childEnv.JEST_WORKER_ID;
  for (const [key, value] of Object.entries(env)) {
    if (value === null) delete childEnv[key];
    else if (value !== undefined) childEnv[key] = value;
  }
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'src', script), ...args], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve) =>
      // 'close': the process has ended and its output is all read
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, stdout, stderr });
      }),
  );
  return { child, output: () => ({ stdout, stderr }), done };
}
