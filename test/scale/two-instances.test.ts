import {
  Browser,
  SECRET,
  type AppProcess,
  type PostgresProcess,
  removeDir,
  seedDemo,
  signalAndWait,
  sql,
  startApp,
  startPostgres,
  stopAll,
  tempDir,
  unescapeHtml,
} from '../support/processes';

/**
 * QUALITY.md "scale-out": two app processes (different ports) on one PostgreSQL. Run twice: with
 * the same SESSION_SECRET, and with none, where both read the secret kept in the database.
 */

let dataDir: string;
let pg: PostgresProcess;

beforeAll(async () => {
  dataDir = tempDir('demarche-scale-');
  pg = await startPostgres(dataDir);
  seedDemo(pg.url);
}, 180_000);

afterAll(async () => {
  await stopAll();
  removeDir(dataDir);
}, 90_000);

describe.each([
  ['the same SESSION_SECRET', SECRET],
  ['no SESSION_SECRET (both use the one kept in the database)', null],
])('two instances with %s', (_label, secret) => {
  let a: AppProcess;
  let b: AppProcess;

  beforeAll(async () => {
    [a, b] = await Promise.all([
      startApp({ DATABASE_URL: pg.url, SESSION_SECRET: secret }),
      startApp({ DATABASE_URL: pg.url, SESSION_SECRET: secret }),
    ]);
    expect(a.port).not.toBe(b.port);
    await sql(pg.url, 'DELETE FROM rate_limits');
  }, 120_000);

  afterAll(async () => {
    for (const app of [a, b]) if (app) await signalAndWait(app.child, 'SIGTERM', 12_000);
  }, 30_000);

  it('accepts a session cookie from one instance on the other, both ways', async () => {
    if (secret === null)
      expect(await sql(pg.url, `SELECT name FROM app_secrets WHERE name = 'session'`)).toEqual([{ name: 'session' }]);
    const staff = new Browser(a.url);
    expect((await staff.login('staff@demo.test')).status).toBe(303);
    const manager = new Browser(b.url);
    expect((await manager.login('manager@demo.test')).status).toBe(303);
    for (const [user, other, name] of [
      [staff, b, 'Ingrid Staff'],
      [manager, a, 'Magnus Manager'],
    ] as const) {
      user.base = other.url;
      const page = await user.get('/commitments');
      expect(page.status).toBe(200);
      expect(page.text).toContain('Log out');
      expect(page.text).toContain(name);
    }
    // A cookie the other instance does not know stays logged out there.
    const stranger = new Browser(b.url);
    stranger.cookie = 'demarche.sid=s%3Aforged.c2lnbmF0dXJl';
    const res = await stranger.get('/commitments');
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/login/);
  }, 60_000);

  it('answers 409 to a stale edit sent to the other instance, keeping the stale text and the other change', async () => {
    const [ministry] = await sql<{ id: number; name: string; kind: string; country_code: string; version: number }>(
      pg.url,
      'SELECT id, name, kind, country_code, version FROM ministries WHERE deleted_at IS NULL ORDER BY id LIMIT 1',
    );
    const staff = new Browser(a.url);
    const manager = new Browser(b.url);
    expect((await staff.login('staff@demo.test')).status).toBe(303);
    expect((await manager.login('manager@demo.test')).status).toBe(303);
    const staffForm = await staff.hiddenFields(`/ministries/${ministry.id}/edit`);
    const managerForm = await manager.hiddenFields(`/ministries/${ministry.id}/edit`);
    expect(staffForm.version).toBe(String(ministry.version));
    const fields = { kind: ministry.kind, countryCode: ministry.country_code, parentId: '' };

    const first = await manager.post(`/ministries/${ministry.id}`, {
      ...managerForm,
      ...fields,
      name: `${ministry.name} (renamed on B)`,
      shortName: 'B',
    });
    expect(first.status).toBe(303);
    const stale = await staff.post(`/ministries/${ministry.id}`, {
      ...staffForm,
      ...fields,
      name: `${ministry.name} (stale edit on A)`,
      shortName: 'A',
    });
    expect(stale.status).toBe(409);
    expect(unescapeHtml(stale.text)).toContain(`${ministry.name} (stale edit on A)`);

    const [after] = await sql(pg.url, 'SELECT name, short_name, version FROM ministries WHERE id = $1', [ministry.id]);
    expect(after).toEqual({ name: `${ministry.name} (renamed on B)`, short_name: 'B', version: ministry.version + 1 });
  }, 60_000);

  it('counts login attempts across both instances: the 11th in a minute from one address is a 429, on either', async () => {
    await sql(pg.url, 'DELETE FROM rate_limits');
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 12; attempt++) {
      const visitor = new Browser(attempt % 2 ? a.url : b.url);
      const res = await visitor.login('staff@demo.test', `wrong password ${attempt}`);
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429, 429]);
    // The right password is refused too while the limit holds, on both instances.
    for (const app of [a, b]) expect((await new Browser(app.url).login('staff@demo.test')).status).toBe(429);
    const [row] = await sql<{ hits: number }>(pg.url, `SELECT hits FROM rate_limits WHERE key LIKE 'login:%'`);
    expect(row.hits).toBeGreaterThanOrEqual(12);
  }, 60_000);
});
