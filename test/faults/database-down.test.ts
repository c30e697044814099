import { Client } from 'pg';
import {
  Browser,
  type PostgresProcess,
  type AppProcess,
  type Response,
  removeDir,
  request,
  seedDemo,
  sql,
  startApp,
  startPostgres,
  stopAll,
  tempDir,
  unescapeHtml,
  waitForLockWait,
  waitUntil,
} from '../support/processes';

/**
 * QUALITY.md "faults": with PostgreSQL paused (SIGSTOP) and then stopped under a running app
 * process, every answer is a 503 with Retry-After within 5 s, a posted form is not saved and
 * comes back with what was typed, the process stays up, and service returns by itself.
 */

const LIMIT_MS = 5_000;
const figures: Record<string, number> = {};

let dataDir: string;
let pg: PostgresProcess;
let app: AppProcess;
let staff: Browser;

async function ministriesNamed(name: string): Promise<number> {
  const [row] = await sql<{ n: number }>(pg.url, 'SELECT count(*)::int AS n FROM ministries WHERE name = $1', [name]);
  return row.n;
}

async function newMinistryForm(name: string): Promise<Record<string, string>> {
  const hidden = await staff.hiddenFields('/ministries/new');
  return { ...hidden, name, shortName: 'Ø-test', kind: 'agency', countryCode: 'NO', parentId: '' };
}

/** The answers an outage must give: health, a logged-in page, and a form post, twice over. */
async function duringOutage(
  form: Record<string, string>,
): Promise<{ health: Response[]; pages: Response[]; posts: Response[] }> {
  const out = { health: [] as Response[], pages: [] as Response[], posts: [] as Response[] };
  for (let round = 0; round < 2; round++) {
    out.health.push(await request(app.url, 'GET', '/healthz', { timeoutMs: 40_000 }));
    out.pages.push(await staff.get('/commitments', 40_000));
    out.posts.push(await staff.post('/ministries', form, 40_000));
  }
  return out;
}

function expectUnavailable(res: Response): void {
  expect(res.status).toBe(503);
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
}

function expectInputKept(res: Response, form: Record<string, string>): void {
  expect(res.text).toContain('Nothing was saved');
  const page = unescapeHtml(res.text);
  for (const field of ['name', 'shortName', 'countryCode', 'kind']) expect(page).toContain(form[field]);
  expect(page).toContain(`name="_submission" value="${form._submission}"`);
}

let lastSeen = '';

/** Health is 200 and the same logged-in session gets its page: nobody had to restart anything or log in again. */
async function recovered(): Promise<boolean> {
  const health = await request(app.url, 'GET', '/healthz', { timeoutMs: 10_000 });
  const page = health.status === 200 ? await staff.get('/commitments', 10_000) : undefined;
  lastSeen = `healthz ${health.status}, /commitments ${page?.status ?? '-'} ${page?.headers.location ?? ''}`;
  return page?.status === 200 && page.text.includes('Log out');
}

async function waitForRecovery(): Promise<number> {
  try {
    return await waitUntil(recovered, 60_000, 100);
  } catch {
    throw new Error(`service did not return within 60 s; last answers: ${lastSeen}`);
  }
}

/** Each case starts logged in, whatever the one before it did to the session. */
async function loggedInStaff(): Promise<Browser> {
  const browser = new Browser(app.url);
  expect((await browser.login('staff@demo.test')).status).toBe(303);
  return browser;
}

beforeAll(async () => {
  dataDir = tempDir('demarche-fault-db-');
  pg = await startPostgres(dataDir);
  seedDemo(pg.url);
  app = await startApp({ DATABASE_URL: pg.url });
}, 180_000);

afterAll(async () => {
  await stopAll();
  console.log(`database-down figures: ${JSON.stringify(figures)}`);
  removeDir(dataDir);
}, 90_000);

describe('PostgreSQL paused under a running app', () => {
  it('answers 503 with Retry-After within 5 s, keeps the posted input, saves nothing, and recovers after SIGCONT without a restart', async () => {
    staff = await loggedInStaff();
    const name = `Ministry typed while the database was paused ${Date.now()}`;
    const form = await newMinistryForm(name);
    expect((await staff.get('/commitments')).status).toBe(200);

    pg.pause();
    let answers;
    try {
      answers = await duringOutage(form);
    } finally {
      pg.resume();
    }
    const all = [...answers.health, ...answers.pages, ...answers.posts];
    figures.pausedLongestMs = Math.max(...all.map((r) => r.ms));
    figures.pausedRequests = all.length;
    // Seconds from SIGCONT until health and the same user's page answer again.
    figures.pausedSecondsToRecover = await waitForRecovery();

    expect(app.running()).toBe(true);
    for (const res of all) expectUnavailable(res);
    for (const res of answers.posts) expectInputKept(res, form);
    expect(await ministriesNamed(name)).toBe(0);
    // Sending the kept input again once the database is back saves it exactly once.
    const again = await staff.post('/ministries', form);
    const twice = await staff.post('/ministries', form);
    expect(again.status).toBe(303);
    expect(twice.status).toBe(303);
    expect(twice.headers.location).toBe(again.headers.location);
    expect(await ministriesNamed(name)).toBe(1);
    for (const res of all) expect(res.ms).toBeLessThanOrEqual(LIMIT_MS);
  }, 240_000);
});

describe('PostgreSQL paused while a form is being saved', () => {
  it('answers 503 within 5 s, and the write it abandoned is never committed later, by any request', async () => {
    staff = await loggedInStaff();
    const name = `Ministry whose save the pause cut short ${Date.now()}`;
    const form = await newMinistryForm(name);
    // Hold the ministries table so the app's INSERT waits inside its transaction.
    const holder = new Client({ connectionString: pg.url });
    await holder.connect();
    let post: Promise<Response> | undefined;
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE ministries IN EXCLUSIVE MODE');
      post = staff.post('/ministries', form, 90_000);
      await waitForLockWait(pg.url, 'INSERT INTO ministries');
      pg.pause();
      let res: Response;
      try {
        res = await post;
      } finally {
        pg.resume();
      }
      figures.pausedMidWriteMs = res.ms;
      expectUnavailable(res);
      expectInputKept(res, form);
      await holder.query('ROLLBACK');
    } finally {
      await post?.catch(() => undefined);
      await holder.end().catch(() => undefined);
    }
    // Every pooled connection gets used again: none may carry the abandoned transaction into a later commit.
    await waitForRecovery();
    for (let round = 0; round < 5; round++) {
      const pages = await Promise.all(
        ['/commitments', '/ministries', '/meetings', '/notes', '/'].map((p) => staff.get(p)),
      );
      for (const page of pages) expect(page.status).toBe(200);
      const extra = await newMinistryForm(`Ministry saved after the pause ${round} ${Date.now()}`);
      expect((await staff.post('/ministries', extra)).status).toBe(303);
    }
    expect(app.running()).toBe(true);
    expect(await ministriesNamed(name)).toBe(0);
    expect(
      await sql(
        pg.url,
        `SELECT pid FROM pg_stat_activity WHERE application_name = 'demarche' AND state LIKE 'idle in transaction%'`,
      ),
    ).toEqual([]);
    const again = await staff.post('/ministries', form);
    expect(again.status).toBe(303);
    expect(again.headers.location).toMatch(/^\/ministries\/[1-9]\d*$/);
    expect(await ministriesNamed(name)).toBe(1);
    expect(figures.pausedMidWriteMs).toBeLessThanOrEqual(LIMIT_MS);
  }, 240_000);
});

describe('PostgreSQL stopped under a running app', () => {
  it('answers 503 with Retry-After within 5 s, keeps the posted input, saves nothing, and recovers when PostgreSQL is started again', async () => {
    staff = await loggedInStaff();
    const name = `Ministry typed while the database was stopped ${Date.now()}`;
    const form = await newMinistryForm(name);
    expect((await staff.get('/commitments')).status).toBe(200);

    await pg.stop();
    const answers = await duringOutage(form);
    expect(app.running()).toBe(true);
    const restarting = Date.now();
    pg = await startPostgres(dataDir, pg.port);
    figures.stoppedPostgresRestartSeconds = (Date.now() - restarting) / 1000;
    const all = [...answers.health, ...answers.pages, ...answers.posts];
    figures.stoppedLongestMs = Math.max(...all.map((r) => r.ms));
    figures.stoppedRequests = all.length;
    // Seconds from PostgreSQL accepting connections again until health and the same user's page answer.
    figures.stoppedSecondsToRecover = await waitForRecovery();

    expect(app.running()).toBe(true);
    for (const res of all) expectUnavailable(res);
    for (const res of answers.posts) expectInputKept(res, form);
    expect(await ministriesNamed(name)).toBe(0);
    const again = await staff.post('/ministries', form);
    expect(again.status).toBe(303);
    expect(await ministriesNamed(name)).toBe(1);
    for (const res of all) expect(res.ms).toBeLessThanOrEqual(LIMIT_MS);
  }, 240_000);
});
