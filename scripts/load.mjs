// Steady load on a running Démarche: logged-in page views, searches and note creation.
//
//   npm run load -- [url] [--duration 60] [--connections 8] [--warmup 30] [--pid PID]
//
// url defaults to http://127.0.0.1:3000 and must be on this machine (loopback only). It logs in
// once (LOAD_EMAIL / LOAD_PASSWORD, default the demo staff account), then every connection loops
// over: dashboard, open commitments, meetings, a meeting, notes, a search, a new note (with a
// unique reference, a fresh submission token and the session's CSRF token) and the note it
// redirects to. After a warm-up it prints p50 and p99 latency, the request count, errors
// (responses other than 2xx/3xx, socket errors and timeouts) and the app's memory growth: the
// RSS of --pid, or of the process listening on the port, read from /proc. Exits 1 on any error.
// The notes it creates stay in the database: run it against a scratch one (DEMARCHE_DATA_DIR in /tmp).
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

function usage(message) {
  console.error(
    `${message}\nusage: npm run load -- [http://127.0.0.1:3000] [--duration 1..3600] [--connections 1..64] [--warmup 0..300] [--pid PID]`,
  );
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { url: 'http://127.0.0.1:3000', duration: 60, connections: 8, warmup: 30, pid: undefined };
  const numbers = { '--duration': [1, 3600], '--connections': [1, 64], '--warmup': [0, 300], '--pid': [1, 2 ** 22] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg in numbers) {
      const value = Number(argv[++i]);
      const [min, max] = numbers[arg];
      if (!Number.isInteger(value) || value < min || value > max)
        usage(`${arg} must be an integer from ${min} to ${max}`);
      opts[arg.slice(2)] = value;
    } else if (!arg.startsWith('--')) opts.url = arg;
    else usage(`unknown option ${arg}`);
  }
  let url;
  try {
    url = new URL(opts.url);
  } catch {
    usage(`not a URL: ${opts.url}`);
  }
  const host = url.hostname;
  const loopback = host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
  if (!['http:', 'https:'].includes(url.protocol) || !loopback)
    usage(`refusing ${opts.url}: load goes only to this machine (localhost, 127.0.0.0/8, [::1])`);
  opts.base = url.origin;
  opts.port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  return opts;
}

// ---- the app's memory, from /proc -----------------------------------------------------------

function rssKiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
}

/** The pid of the process listening on `port`, through the socket inode in /proc/net and /proc/<pid>/fd. */
function listeningPid(port) {
  const inodes = new Set();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length > 9 && cols[3] === '0A' && parseInt(cols[1].split(':')[1], 16) === port)
        inodes.add(`socket:[${cols[9]}]`);
    }
  }
  if (!inodes.size) return undefined;
  for (const entry of readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .slice(0, 100_000)) {
    let fds;
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (inodes.has(readlinkSync(`/proc/${entry}/fd/${fd}`))) return Number(entry);
      } catch {
        /* closed meanwhile */
      }
    }
  }
  return undefined;
}

// ---- logging in and reading what the mix needs ----------------------------------------------

function cookiesOf(res, jar) {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    jar.set(pair.slice(0, pair.indexOf('=')), pair);
  }
  return [...jar.values()].join('; ');
}

const unescape = (s) =>
  s
    .replace(/&#x3D;/g, '=')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

async function prepare(base) {
  const jar = new Map();
  const get = async (path, cookie) => {
    const res = await fetch(base + path, {
      headers: { Cookie: cookie ?? '', Accept: 'text/html' },
      redirect: 'manual',
      signal: AbortSignal.timeout(15_000),
    });
    return { res, text: await res.text() };
  };
  const loginPage = await get('/login');
  let cookie = cookiesOf(loginPage.res, jar);
  const csrf = (html) => unescape(/name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '');
  const body = new URLSearchParams({
    _csrf: csrf(loginPage.text),
    email: process.env.LOAD_EMAIL ?? 'staff@demo.test',
    password: process.env.LOAD_PASSWORD ?? 'demarche-demo',
  });
  const login = await fetch(`${base}/login`, {
    method: 'POST',
    body,
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
    signal: AbortSignal.timeout(15_000),
  });
  if (login.status !== 303)
    throw new Error(
      `logging in answered ${login.status}; is this Démarche with the demo accounts (or LOAD_EMAIL/LOAD_PASSWORD)?`,
    );
  cookie = cookiesOf(login, jar);

  const form = await get('/notes/new', cookie);
  if (form.res.status !== 200) throw new Error(`/notes/new answered ${form.res.status}`);
  const token = csrf(form.text);
  const fromSelect = /<select[^>]*name="fromId"[^>]*>([\s\S]*?)<\/select>/.exec(form.text)?.[1] ?? '';
  const ministries = [...fromSelect.matchAll(/<option value="(\d+)"/g)].map((m) => m[1]);
  if (!token || ministries.length < 2)
    throw new Error('could not read the CSRF token and two ministries from /notes/new');
  const meetings = await get('/meetings', cookie);
  const meeting = /href="(\/meetings\/\d+)"/.exec(meetings.text)?.[1];
  if (!meeting) throw new Error('no meeting to view: load the demo data first (npm run seed:demo)');
  for (const path of ['/', '/commitments', '/notes', meeting, '/search?q=Lavrov']) {
    const page = await get(path, cookie);
    if (page.res.status !== 200) throw new Error(`${path} answered ${page.res.status} before the run`);
  }
  return { cookie, token, ministries: ministries.slice(0, 2), meeting };
}

// ---- the run ---------------------------------------------------------------------------------

const SEARCHES = [
  'Lavrov',
  'Storskog',
  'Borge',
  'readmission',
  'Лавров',
  'bus',
  'Kirkenes',
  'case by case',
  'note',
  'Brende',
];

function mix({ cookie, token, ministries, meeting }, runId, counters) {
  const html = { Cookie: cookie, Accept: 'text/html' };
  const page = (path) => ({ method: 'GET', path, headers: html });
  let searches = 0;
  let notes = 0;
  return [
    page('/'),
    page('/commitments'),
    page('/meetings'),
    page(meeting),
    page('/notes'),
    {
      method: 'GET',
      headers: html,
      setupRequest: (req) => ({
        ...req,
        path: `/search?q=${encodeURIComponent(SEARCHES[searches++ % SEARCHES.length])}`,
      }),
    },
    {
      method: 'POST',
      path: '/notes',
      headers: { ...html, 'Content-Type': 'application/x-www-form-urlencoded' },
      setupRequest: (req) => {
        const n = ++notes;
        const body = new URLSearchParams({
          _csrf: token,
          _submission: randomUUID(),
          reference: `LOAD/${runId}/${process.pid}-${n}-${randomUUID().slice(0, 8)}`,
          kind: 'note_verbale',
          sentOn: '2016-02-01',
          fromId: ministries[0],
          toId: ministries[1],
          subject: `Load test note ${n}`,
          body: 'Written by npm run load.',
          inReplyToId: '',
          replyDueOn: '',
          negotiationId: '',
          classification: 'unclassified',
        }).toString();
        return { ...req, body };
      },
      onResponse: (status, _body, context, headers) => {
        if (status === 303) counters.notes++;
        context.location = headers?.location;
      },
    },
    // A browser follows the redirect, which also shows (and clears) the "saved" message.
    {
      method: 'GET',
      headers: html,
      setupRequest: (req, context) => ({
        ...req,
        path: typeof context.location === 'string' && context.location.startsWith('/') ? context.location : '/notes',
      }),
    },
  ];
}

function run(opts, requests, duration) {
  return autocannon({ url: opts.base, connections: opts.connections, duration, timeout: 30, requests });
}

function errorsOf(result) {
  let bad = 0;
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {}))
    if (Number(code) >= 400 || Number(code) < 200) bad += Number(count);
  return { bad, socket: result.errors, timeouts: result.timeouts, total: bad + result.errors };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const listener = listeningPid(opts.port);
  if (opts.pid && listener && listener !== opts.pid)
    console.warn(
      `warning: --pid ${opts.pid} is not the process listening on port ${opts.port} (${listener}); measuring --pid all the same`,
    );
  const pid = opts.pid ?? listener;
  const ready = await prepare(opts.base);
  const runId = new Date()
    .toISOString()
    .replace(/[-:T.Z]/g, '')
    .slice(0, 14);
  const counters = { notes: 0 };
  console.log(
    `Load on ${opts.base}: ${opts.connections} connections, ${opts.warmup} s warm-up, then ${opts.duration} s; app pid ${pid ?? 'unknown'}.`,
  );

  if (opts.warmup) await run(opts, mix(ready, runId, { notes: 0 }), opts.warmup);
  const samples = [];
  const sample = () => {
    if (pid) samples.push(rssKiB(pid));
  };
  sample();
  const timer = setInterval(sample, 5_000);
  counters.notes = 0;
  let result;
  try {
    result = await run(opts, mix(ready, runId, counters), opts.duration);
  } finally {
    clearInterval(timer);
  }
  sample();

  const errors = errorsOf(result);
  const mib = (kib) => (kib / 1024).toFixed(1);
  const statuses = Object.entries(result.statusCodeStats ?? {})
    .map(([c, { count }]) => `${c}×${count}`)
    .join(' ');
  console.log('');
  console.log(`duration        ${result.duration} s`);
  console.log(
    `requests        ${result.requests.total} (${result.requests.average.toFixed(1)}/s); statuses ${statuses}`,
  );
  console.log(`notes created   ${counters.notes}`);
  console.log(`latency p50     ${result.latency.p50} ms`);
  console.log(`latency p99     ${result.latency.p99} ms (max ${result.latency.max} ms)`);
  console.log(
    `errors          ${errors.total} (responses ≥ 400: ${errors.bad}, socket errors: ${errors.socket}, of which timeouts: ${errors.timeouts})`,
  );
  if (samples.length >= 2) {
    const [first, last] = [samples[0], samples[samples.length - 1]];
    console.log(`memory samples  every 5 s, MiB: ${samples.map(mib).join(' ')}`);
    const middle = samples[Math.floor((samples.length - 1) / 2)];
    const growth = (from, to) =>
      `${to >= from ? '+' : ''}${mib(to - from)} MiB (${(((to - from) / from) * 100).toFixed(1)} %)`;
    console.log(
      `memory (RSS)    ${mib(first)} MiB after warm-up → ${mib(last)} MiB at the end: ${growth(first, last)}; peak ${mib(Math.max(...samples))} MiB`,
    );
    console.log(`                second half of the run: ${mib(middle)} → ${mib(last)} MiB, ${growth(middle, last)}`);
  } else {
    console.log('memory (RSS)    not measured: give --pid of the app process');
  }
  process.exitCode = errors.total > 0 ? 1 : 0;
}

main().catch((err) => {
  console.error(`load: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
});
