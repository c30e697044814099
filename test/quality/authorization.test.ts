import request from 'supertest';
import { count, csrfToken, login, useApp } from '../support/app';
import { createUser, PASSWORD } from '../support/factories';
import { concrete, registeredRoutes } from '../support/routes';
import {
  changedTables,
  encodeForm,
  normalizePage,
  seedWorld,
  tableChecksums,
  validFields,
  type Fields,
  type World,
} from '../support/quality';

// QUALITY.md, authorization: every registered route refuses a visitor without a session; a
// record above the user's clearance answers 404 everywhere and is absent from every list,
// count, search, brief and feed; fields that are not on a form are never written.

const t = useApp({ loginRateLimitPerMinute: 1000 });
const PUBLIC = new Set([
  'GET /login',
  'POST /login',
  'GET /healthz',
  'GET /calendar/:token.ics',
  // The signed links in mails: the token is the credential (a bad one is a 404).
  'GET /mail/unsubscribe/:token',
  'POST /mail/unsubscribe/:token',
  'GET /password/:token',
  'POST /password/:token',
]);
// Users and accounts have forms of their own, written and refused in test/admin/users.routes.test.ts.
const OWN_TESTS = /^\/(admin\/users|account)/;
let w: World;

beforeEach(async () => {
  w = await seedWorld(t.db);
});

const post = async (agent: request.Agent, path: string, fields: Fields, token: string) =>
  agent
    .post(path)
    .type('form')
    .send(encodeForm([['_csrf', token], ...fields]));

/** Lower rank first, so the control run creates and edits before it deletes, and restores last. */
const rank = (path: string) => (path.endsWith('/restore') ? 3 : path.endsWith('/delete') ? 2 : 1);

describe('every registered route without a session', () => {
  it('redirects to /login, and a POST with a valid anonymous CSRF token changes no row', async () => {
    const routes = registeredRoutes(t.app);
    const covered = new Set<string>();
    const failures: string[] = [];
    for (const route of routes) {
      const key = `${route.method} ${route.path}`;
      const url = concrete(route.path);
      if (PUBLIC.has(key)) continue;
      if (route.method === 'GET') {
        const sessions = await count(t.db, 'sessions');
        const res = await request(t.app).get(url);
        if (res.status !== 303 || !/^\/login(\?returnTo=|$)/.test(res.headers.location ?? ''))
          failures.push(`${key}: ${res.status} ${res.headers.location}`);
        if ((await count(t.db, 'sessions')) !== sessions) failures.push(`${key}: an anonymous probe stored a session`);
      } else {
        const fields = await validFields(t.db, w, route.path, url);
        // A session that passed the CSRF check but never logged in: only the login guard stands between it and the write.
        const agent = request.agent(t.app);
        const token = await csrfToken(agent);
        const before = await tableChecksums(t.db);
        const res = await post(agent, url, fields, token);
        if (res.status !== 303 || res.headers.location !== '/login')
          failures.push(`${key}: ${res.status} ${res.headers.location}`);
        const bare = await request(t.app).post(url).type('form').send(encodeForm(fields));
        if (bare.status !== 403) failures.push(`${key} without a token: ${bare.status}`);
        const changed = changedTables(before, await tableChecksums(t.db));
        if (changed.length) failures.push(`${key}: changed ${changed.join(', ')}`);
      }
      covered.add(key);
    }

    // The public allowlist, each in the way it is public.
    expect((await request(t.app).get('/login')).status).toBe(200);
    covered.add('GET /login');
    const before = await tableChecksums(t.db);
    const noToken = await request(t.app).post('/login').type('form').send({ email: w.adminEmail, password: PASSWORD });
    expect(noToken.status).toBe(403);
    expect(changedTables(before, await tableChecksums(t.db))).toEqual([]);
    covered.add('POST /login');
    expect((await request(t.app).get('/healthz')).status).toBe(200);
    covered.add('GET /healthz');
    expect((await request(t.app).get('/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics')).status).toBe(404);
    covered.add('GET /calendar/:token.ics');
    for (const key of [
      'GET /mail/unsubscribe/:token',
      'POST /mail/unsubscribe/:token',
      'GET /password/:token',
      'POST /password/:token',
    ]) {
      const [method, path] = key.split(' ');
      const url = concrete(path).replace(/1$/, '1.summary.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
      const before = await tableChecksums(t.db);
      const res =
        method === 'GET'
          ? await request(t.app).get(url)
          : await request(t.app).post(url).type('form').send('List-Unsubscribe=One-Click');
      expect([key, res.status]).toEqual([key, method === 'POST' && path.startsWith('/password') ? 403 : 404]);
      // The first signed link checked generates the links' secret, once: nothing else may change.
      expect(changedTables(before, await tableChecksums(t.db)).filter((table) => table !== 'app_secrets')).toEqual([]);
      covered.add(key);
    }
    // Unregistered paths answer like registered ones: no existence oracle before login.
    for (const path of ['/admin', '/users', '/meetings/1/secret'])
      expect((await request(t.app).get(path)).headers.location).toMatch(/^\/login/);

    expect(failures).toEqual([]);
    const registered = new Set(routes.map((r) => `${r.method} ${r.path}`));
    expect([...registered].filter((k) => !covered.has(k))).toEqual([]);
    console.log(
      `authorization walk: ${covered.size} of ${registered.size} registered routes (${registered.size - PUBLIC.size} guarded, ${PUBLIC.size} public)`,
    );
  });

  // Reading a text for suggestions is a POST (a long text) that saves nothing by design.
  const READS_ONLY = new Set(['/commitments/suggest']);

  it('the same POSTs from a logged-in admin do write (so the walk above could have seen a change)', async () => {
    const agent = await login(t.app, w.adminEmail, PASSWORD);
    const token = await csrfToken(agent, '/');
    await post(agent, '/calendar/feed', [], token);
    const posts = registeredRoutes(t.app)
      .filter(
        (r) =>
          r.method === 'POST' &&
          !PUBLIC.has(`POST ${r.path}`) &&
          r.path !== '/logout' &&
          !OWN_TESTS.test(r.path) &&
          !READS_ONLY.has(r.path),
      )
      .sort((a, b) => rank(a.path) - rank(b.path));
    const failures: string[] = [];
    for (const route of posts) {
      const url = concrete(route.path);
      const before = await tableChecksums(t.db);
      const res = await post(agent, url, await validFields(t.db, w, route.path, url), token);
      const expected = route.path === '/calendar/feed' ? 200 : 303;
      if (res.status !== expected)
        failures.push(`${route.path}: ${res.status} ${/field-error">([^<]*)/.exec(res.text)?.[1] ?? ''}`);
      if (!changedTables(before, await tableChecksums(t.db)).length) failures.push(`${route.path}: nothing changed`);
    }
    expect(failures).toEqual([]);
  });

  it('refuses restore to anyone but an admin (403, nothing changed)', async () => {
    for (const role of ['staff', 'manager'] as const) {
      const user = await createUser(t.db, { role, clearance: 'confidential' });
      const agent = await login(t.app, user.email, PASSWORD);
      const token = await csrfToken(agent, '/');
      for (const route of registeredRoutes(t.app).filter((r) => r.path.endsWith('/restore'))) {
        const table = route.path.split('/')[1];
        await t.db.query(`UPDATE ${table} SET deleted_at = now() WHERE id = 1`);
        const before = await tableChecksums(t.db);
        const res = await post(agent, concrete(route.path), [], token);
        expect([route.path, res.status]).toEqual([route.path, 403]);
        expect(changedTables(before, await tableChecksums(t.db))).toEqual([]);
      }
    }
  });
});

const MARK = 'Quokkazanzibar';
const soon = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** The confidential record of each kind, created by a manager through its form, with links to unclassified records. */
function confidentialFields(kind: string, w: World): (fields: Fields) => Fields {
  const set = (fields: Fields, changes: Record<string, string>) =>
    [...fields.filter(([k]) => !(k in changes)), ...Object.entries(changes)] as Fields;
  switch (kind) {
    case 'meetings':
      return (f) =>
        set(f, {
          title: `Storskog ${MARK} meeting`,
          heldOn: soon(-1),
          classification: 'confidential',
          'commitments[0][text]': `Storskog ${MARK} inline pledge`,
          'commitments[0][dueOn]': soon(2),
        });
    case 'notes':
      // A reply to the unclassified note NV-1: the original must not look answered to someone who may not see the reply.
      return (f) =>
        set(f, {
          subject: `Storskog ${MARK} note`,
          fromId: String(w.noMfa),
          toId: String(w.ruMfa),
          sentOn: soon(-3),
          replyDueOn: soon(-1),
          inReplyToId: String(w.noteId),
          classification: 'confidential',
        });
    case 'agreements':
      return (f) =>
        set(f, { title: `Storskog ${MARK} arrangement`, status: 'in_force', classification: 'confidential' });
    default:
      return (f) =>
        set(
          f.filter(([k]) => k !== 'sourceUrl'),
          {
            text: `Storskog ${MARK} pledge`,
            meetingId: String(w.meetingId),
            madeOn: soon(-5),
            dueOn: soon(2),
            classification: 'confidential',
          },
        );
  }
}

/** Every page where a restricted user might glimpse a record: lists, counts, search, briefs, related records, form options, the feed. */
function pages(w: World): string[] {
  return [
    '/',
    '/meetings',
    '/notes',
    '/notes?awaiting=1',
    '/agreements',
    '/commitments',
    '/commitments?page=2',
    '/commitments.csv',
    '/negotiations',
    `/search?q=${MARK}`,
    '/search?q=Storskog',
    '/search?q=pledge',
    `/ministries/${w.noMfa}`,
    `/ministries/${w.ruMfa}`,
    `/ministries/${w.noMfa}/brief`,
    `/ministries/${w.ruMfa}/brief`,
    `/officials/${w.lavrov}`,
    `/officials/${w.brende}`,
    `/officials/${w.lavrov}/brief`,
    `/officials/${w.brende}/brief`,
    `/negotiations/${w.negotiationId}`,
    `/meetings/${w.meetingId}`,
    `/notes/${w.noteId}`,
    `/agreements/${w.agreementId}`,
    `/commitments/${w.commitmentId}`,
    `/meetings?officialId=${w.lavrov}`,
    `/meetings?negotiationId=${w.negotiationId}`,
    `/notes?negotiationId=${w.negotiationId}`,
    '/meetings/new',
    '/notes/new',
    '/agreements/new',
    '/commitments/new',
    `/commitments/new?meetingId=${w.meetingId}`,
  ];
}

async function feedPath(agent: request.Agent): Promise<string> {
  const res = await post(agent, '/calendar/feed', [], await csrfToken(agent, '/'));
  const url = /id="feed-url"[^>]*value="([^"]+)"/.exec(res.text)![1];
  return new URL(url).pathname;
}

async function snapshot(agent: request.Agent, paths: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const path of paths) {
    const res = await agent.get(path);
    out.set(path, `${res.status}\n${normalizePage(res.text)}`);
  }
  return out;
}

/** Where the manager, who may see it, finds each kind: proof that the restricted user's pages would have shown it. */
const SHOWN_TO_MANAGER: Record<string, string[]> = {
  meetings: ['/', '/meetings', `/search?q=${MARK}`, '/commitments'],
  notes: ['/notes', `/search?q=${MARK}`, 'notePage'],
  agreements: ['/agreements', `/search?q=${MARK}`, 'briefNo', 'parentPage'],
  commitments: ['/', '/commitments', `/search?q=${MARK}`, 'briefRu', 'meetingPage'],
};

describe.each(['meetings', 'notes', 'agreements', 'commitments'])('a confidential record in %s', (kind) => {
  it('answers 404 to restricted users on show, edit, update and delete, and is absent from every list, count, search, brief and feed', async () => {
    const manager = await createUser(t.db, { role: 'manager', clearance: 'confidential' });
    const staff = await createUser(t.db, { role: 'staff', clearance: 'restricted' });
    const restrictedAdmin = await createUser(t.db, { role: 'admin', clearance: 'restricted' });
    const managerAgent = await login(t.app, manager.email, PASSWORD);
    const restricted = [await login(t.app, staff.email, PASSWORD), await login(t.app, restrictedAdmin.email, PASSWORD)];
    const feeds = [await feedPath(restricted[0]), await feedPath(restricted[1])];
    const managerFeed = await feedPath(managerAgent);
    const paths = pages(w);
    const before = await Promise.all(restricted.map((agent, i) => snapshot(agent, [...paths, feeds[i]])));

    const managerToken = await csrfToken(managerAgent, '/');
    const fields = confidentialFields(kind, w)(await validFields(t.db, w, `/${kind}`));
    const created = await post(
      managerAgent,
      `/${kind}`,
      fields.filter(([k]) => kind === 'meetings' || !k.startsWith('commitments[')),
      managerToken,
    );
    expect([created.status, /field-error">([^<]*)/.exec(created.text)?.[1]]).toEqual([303, undefined]);
    const id = Number(/^\/\w+\/(\d+)$/.exec(created.headers.location)![1]);

    // The manager sees it where it belongs.
    const managerPages: Record<string, string> = {
      feed: managerFeed,
      briefNo: `/ministries/${w.noMfa}/brief`,
      briefRu: `/ministries/${w.ruMfa}/brief`,
      notePage: `/notes/${w.noteId}`,
      parentPage: `/agreements/${w.agreementId}`,
      meetingPage: `/meetings/${w.meetingId}`,
    };
    for (const page of SHOWN_TO_MANAGER[kind]) {
      const res = await managerAgent.get(managerPages[page] ?? page);
      expect([page, res.status, res.text.includes(MARK)]).toEqual([page, 200, true]);
    }
    // The feed leaves the app: above EXPORT_MAX_CLASSIFICATION (unclassified) only a placeholder goes out, even to the manager.
    if (kind === 'commitments' || kind === 'meetings') {
      const feed = await managerAgent.get(managerPages.feed);
      expect([feed.status, feed.text.includes(MARK), feed.text.includes('Restricted')]).toEqual([200, false, true]);
    }
    const csv = await managerAgent.get('/commitments.csv');
    expect(csv.status).toBe(200);
    if (kind === 'commitments' || kind === 'meetings') expect(csv.text).toContain(MARK);

    const checksum = await tableChecksums(t.db);
    for (const [i, agent] of restricted.entries()) {
      const token = await csrfToken(agent, '/');
      const base = `/${kind}/${id}`;
      const update = (await validFields(t.db, w, `/${kind}/:id`, base)).map(
        ([k, v]) => [k, k === 'classification' ? 'unclassified' : v] as [string, string],
      );
      const attempts: [string, request.Response][] = [
        [`GET ${base}`, await agent.get(base)],
        [`GET ${base}/edit`, await agent.get(`${base}/edit`)],
        [`POST ${base}`, await post(agent, base, update, token)],
        [`POST ${base}/delete`, await post(agent, `${base}/delete`, [], token)],
      ];
      if (i === 1) attempts.push([`POST ${base}/restore`, await post(agent, `${base}/restore`, [], token)]);
      if (kind === 'commitments')
        attempts.push([
          `POST ${base}/follow-ups`,
          await post(agent, `${base}/follow-ups`, await validFields(t.db, w, '/commitments/:id/follow-ups'), token),
        ]);
      if (kind === 'notes')
        attempts.push([`GET /notes/new?inReplyToId=${id}`, await agent.get(`/notes/new?inReplyToId=${id}`)]);
      for (const [what, res] of attempts) {
        expect([what, res.status]).toEqual([what, 404]);
        expect(res.text).not.toContain(MARK);
      }

      // Nor may its id be used as a reference from a record the user can write.
      const source = { meetings: 'meetingId', notes: 'noteId', agreements: 'agreementId' }[kind as 'meetings'];
      if (source) {
        const commitment = (await validFields(t.db, w, '/commitments')).filter(
          ([k]) => k !== 'sourceUrl' && k !== 'ownerId',
        );
        const res = await post(
          agent,
          '/commitments',
          [...commitment, [source, String(id)], ['ownerId', String(i ? restrictedAdmin.id : staff.id)]],
          token,
        );
        expect([`commitment from ${kind} ${id}`, res.status]).toEqual([`commitment from ${kind} ${id}`, 422]);
        const followUp = (await validFields(t.db, w, '/commitments/:id/follow-ups')).filter(([k]) => k !== 'url');
        const evidence = await post(
          agent,
          `/commitments/${w.commitmentId}/follow-ups`,
          [...followUp, [source, String(id)]],
          token,
        );
        expect([`follow-up citing ${kind} ${id}`, evidence.status]).toEqual([`follow-up citing ${kind} ${id}`, 422]);
        const defaults = await agent.get(`/commitments/new?${source}=${id}`);
        expect(defaults.text).not.toContain(MARK);
      }
      if (kind === 'notes') {
        const reply = await post(
          agent,
          '/notes',
          [...(await validFields(t.db, w, '/notes')).filter(([k]) => k !== 'inReplyToId'), ['inReplyToId', String(id)]],
          token,
        );
        expect(reply.status).toBe(422);
      }
      if (kind === 'agreements') {
        const child = await post(
          agent,
          '/agreements',
          [...(await validFields(t.db, w, '/agreements')).filter(([k]) => k !== 'parentId'), ['parentId', String(id)]],
          token,
        );
        expect(child.status).toBe(422);
      }
    }
    expect(changedTables(checksum, await tableChecksums(t.db))).toEqual([]);

    // Every page reads exactly as it did before the record existed: no row, no count, no option, no hint.
    for (const [i, agent] of restricted.entries()) {
      const after = await snapshot(agent, [...paths, feeds[i]]);
      for (const [path, page] of after) {
        if (!path.includes(MARK)) expect([path, page.includes(MARK)]).toEqual([path, false]);
        if (page !== before[i].get(path))
          expect({ path, diff: firstDifference(before[i].get(path)!, page) }).toEqual({ path, diff: '' });
      }
    }
  });
});

function firstDifference(a: string, b: string): string {
  const left = a.split('\n');
  const right = b.split('\n');
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    if (left[i] !== right[i])
      return `line ${i + 1}: ${JSON.stringify(left[i]?.trim())} became ${JSON.stringify(right[i]?.trim())}`;
  }
  return '';
}

describe('fields that are not on the form (mass assignment)', () => {
  const EXTRA: Fields = [
    ['id', '999'],
    ['deletedAt', '2020-01-01'],
    ['deleted_at', '2020-01-01'],
    ['createdBy', '1'],
    ['created_by', '1'],
    ['createdAt', '2000-01-01T00:00:00Z'],
    ['created_at', '2000-01-01T00:00:00Z'],
    ['updatedAt', '2000-01-01T00:00:00Z'],
    ['role', 'admin'],
    ['clearance', 'confidential'],
    ['disabled', 'true'],
    ['email', 'evil@example.test'],
    ['passwordHash', 'x'],
    ['password_hash', 'x'],
    ['lastFollowUpOn', '2000-01-01'],
    ['last_follow_up_on', '2000-01-01'],
    ['madeByTitle', 'Forged title'],
    ['made_by_title', 'Forged title'],
    ['sourceType', 'statement'],
    ['authorId', '1'],
    ['author_id', '1'],
    ['previousStatus', 'broken'],
    ['userId', '1'],
    ['searchVector', 'x'],
    ['search_vector', 'x'],
    ['entityId', '1'],
  ];
  const TABLES: Record<string, string> = {
    ministries: 'ministries',
    officials: 'officials',
    negotiations: 'negotiations',
    meetings: 'meetings',
    notes: 'notes',
    agreements: 'agreements',
    commitments: 'commitments',
  };

  // Ministries and officials are reference data without a created_by column.
  const AUTHORED = new Set(['negotiations', 'meetings', 'notes', 'agreements', 'commitments']);

  async function newest(table: string) {
    const [row] = await t.db.query(
      `SELECT id, version, deleted_at, ${AUTHORED.has(table) ? 'created_by' : 'NULL::int AS created_by'}, created_at FROM ${table} ORDER BY id DESC LIMIT 1`,
    );
    return row;
  }

  it('ignores them on every create and edit form', async () => {
    const staff = await createUser(t.db, { role: 'staff', clearance: 'restricted' });
    const agent = await login(t.app, staff.email, PASSWORD);
    const token = await csrfToken(agent, '/');
    const started = new Date(Date.now() - 1000);
    const users = (await tableChecksums(t.db)).users;
    let forms = 0;
    for (const table of Object.keys(TABLES)) {
      // Create: a fresh id, version 1, not deleted, written by this user now.
      const [{ max }] = await t.db.query(`SELECT max(id) AS max FROM ${table}`);
      const extra = EXTRA.filter(([k]) => k !== 'status' && !(table === 'ministries' && k === 'id'));
      // Staff own what they record (one owner rule for create and edit).
      const fields = (await validFields(t.db, w, `/${table}`)).map(([k, v]): [string, string] =>
        table === 'commitments' && k === 'ownerId' ? [k, String(staff.id)] : [k, v],
      );
      const create = await post(
        agent,
        `/${table}`,
        [
          ...fields,
          ...extra,
          ['version', '77'],
          ...(table === 'commitments' ? ([['status', 'fulfilled']] as Fields) : []),
        ],
        token,
      );
      expect([table, create.status]).toEqual([table, 303]);
      const row = await newest(table);
      expect(row.id).toBe(max + 1);
      expect([row.version, row.deleted_at, row.created_by]).toEqual([1, null, AUTHORED.has(table) ? staff.id : null]);
      expect(row.created_at.getTime()).toBeGreaterThan(started.getTime());
      if (table === 'commitments') {
        const [c] = await t.db.query(`SELECT status, last_follow_up_on, made_by_title FROM commitments WHERE id = $1`, [
          row.id,
        ]);
        expect(c).toEqual({ status: 'open', last_follow_up_on: null, made_by_title: 'Minister of Foreign Affairs' });
      }
      // Edit record 1: the version moves by exactly one; nothing else of the row's bookkeeping moves.
      const bookkeeping = `id, version, deleted_at, ${AUTHORED.has(table) ? 'created_by' : 'NULL::int AS created_by'}, created_at`;
      const [old] = await t.db.query(`SELECT ${bookkeeping} FROM ${table} WHERE id = 1`);
      const edit = await post(
        agent,
        `/${table}/1`,
        [...(await validFields(t.db, w, `/${table}/:id`, `/${table}/1`)), ...extra],
        token,
      );
      expect([table, edit.status, /field-error">([^<]*)/.exec(edit.text)?.[1]]).toEqual([table, 303, undefined]);
      const [now] = await t.db.query(`SELECT ${bookkeeping} FROM ${table} WHERE id = 1`);
      expect(now).toEqual({ ...old, version: old.version + 1 });
      forms += 2;
    }
    // A follow-up is written by its author, from the commitment's real status.
    const followUp = await post(
      agent,
      `/commitments/${w.commitmentId}/follow-ups`,
      [...(await validFields(t.db, w, '/commitments/:id/follow-ups')), ...EXTRA, ['commitmentId', '2']],
      token,
    );
    expect(followUp.status).toBe(303);
    const [fu] = await t.db.query(
      `SELECT commitment_id, author_id, previous_status FROM follow_ups ORDER BY id DESC LIMIT 1`,
    );
    expect(fu).toEqual({ commitment_id: w.commitmentId, author_id: staff.id, previous_status: 'open' });
    // A position is recorded for the official in the URL, open-ended, whatever else is posted.
    const position = await post(
      agent,
      `/officials/${w.brende}/positions`,
      [
        ...(await validFields(t.db, w, '/officials/:id/positions')),
        ...EXTRA,
        ['officialId', String(w.lavrov)],
        ['official_id', String(w.lavrov)],
        ['endedOn', '2018-01-01'],
        ['ended_on', '2018-01-01'],
      ],
      token,
    );
    expect(position.status).toBe(303);
    const [pos] = await t.db.query(`SELECT official_id, ended_on FROM official_positions ORDER BY id DESC LIMIT 1`);
    expect(pos).toEqual({ official_id: w.brende, ended_on: null });
    // The login form does not change who logs in.
    const again = request.agent(t.app);
    const loginToken = await csrfToken(again);
    expect(
      (
        await again
          .post('/login')
          .type('form')
          .send(
            encodeForm([
              ['_csrf', loginToken],
              ['email', staff.email],
              ['password', PASSWORD],
              ...EXTRA.filter(([k]) => k !== 'email'),
            ]),
          )
      ).status,
    ).toBe(303);
    expect((await tableChecksums(t.db)).users).toBe(users);
    const [user] = await t.db.query(`SELECT role, clearance, disabled, email FROM users WHERE id = $1`, [staff.id]);
    expect(user).toEqual({ role: 'staff', clearance: 'restricted', disabled: false, email: staff.email });
    console.log(`mass assignment: ${EXTRA.length} foreign fields × ${forms + 3} forms → ignored`);
  });

  it("refuses a classification above the user's clearance and an owner a staff user may not set (422, no row)", async () => {
    const staff = await createUser(t.db, { role: 'staff', clearance: 'restricted' });
    const other = await createUser(t.db, { role: 'staff', clearance: 'confidential' });
    const agent = await login(t.app, staff.email, PASSWORD);
    const token = await csrfToken(agent, '/');
    const before = await tableChecksums(t.db);
    for (const table of ['meetings', 'notes', 'agreements', 'commitments']) {
      const fields = (await validFields(t.db, w, `/${table}`)).map(
        ([k, v]) => [k, k === 'classification' ? 'confidential' : v] as [string, string],
      );
      expect([table, (await post(agent, `/${table}`, fields, token)).status]).toEqual([table, 422]);
      const edit = (await validFields(t.db, w, `/${table}/:id`, `/${table}/1`)).map(
        ([k, v]) => [k, k === 'classification' ? 'confidential' : v] as [string, string],
      );
      expect([`${table}/1`, (await post(agent, `/${table}/1`, edit, token)).status]).toEqual([`${table}/1`, 422]);
    }
    const reassign = (await validFields(t.db, w, '/commitments/:id', '/commitments/1')).map(
      ([k, v]) => [k, k === 'ownerId' ? String(other.id) : v] as [string, string],
    );
    expect((await post(agent, '/commitments/1', reassign, token)).status).toBe(422);
    expect(changedTables(before, await tableChecksums(t.db))).toEqual([]);
  });
});
