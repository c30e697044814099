import fc from 'fast-check';
import request from 'supertest';
import { csrfToken, login, useApp } from '../support/app';
import { PASSWORD } from '../support/factories';
import {
  changedTables,
  seedWorld,
  tableChecksums,
  validFields,
  type Checksums,
  type Fields,
  type World,
} from '../support/quality';

// QUALITY.md, bad input: property-based junk (fast-check) posted to every form and put in the
// query string of every list page. Whatever arrives: never a 5xx, no row changed by a refused
// request, Object.prototype untouched. Text in any script is stored and shown as typed.

const t = useApp({ loginRateLimitPerMinute: 1_000_000 });
const RUNS = Number(process.env.BAD_INPUT_RUNS ?? 30);
const seed = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {};

const ID_VALUES = [
  '0',
  '-1',
  '2147483648',
  '9223372036854775808',
  '18446744073709551616',
  '1e309',
  '1e3',
  'abc',
  '1.5',
  '0x10',
  '+1',
  '01',
  'NaN',
  'Infinity',
  '-0',
  '99999999999',
  '1 OR 1=1',
  "1'--",
  '١٢',
];
const DATE_VALUES = [
  '2016-02-30',
  '0000-00-00',
  '99999-01-01',
  '2015-13-01',
  '2015-00-10',
  '2015-1-1',
  '20160229',
  '1899-12-31',
  '2201-01-01',
  '2016-02-29T25:00',
  '2016-02-29 ',
  'yesterday',
  "2015-10-21'; DROP TABLE meetings; --",
];
const UNICODE = [
  'Сергей Лавров',
  'Børge Brende, Ærø og Åsgårdstrand',
  'وزارة الخارجية الروسية',
  '🇳🇴🤝🇷🇺 👩🏽‍💼',
  '\u202Egnp.exe\u202C',
  '\u200F\u200Eמשרד החוץ',
  'e\u0301\u0301\u0301',
  '\uFEFFbom',
  '𝕳𝖊𝖑𝖑𝖔',
  'a\u0000b',
  '\u0000',
  '\r\n\t',
  '   ',
  '\uD800lone',
  '\u0007\u001b[31m',
];
const INJECTION = [
  "' OR '1'='1",
  '1; DROP TABLE users; --',
  '<script>alert(1)</script>',
  '{{constructor}}',
  '${7*7}',
  '../../etc/passwd',
  'null',
  'undefined',
  'true',
  '[object Object]',
  '__proto__',
  'constructor',
  'unclassified',
  'confidential',
  'pledge',
  'fulfilled',
];
/** Sent without further encoding: invalid UTF-8 and malformed escapes. */
const RAW = ['%FF%FE', '%ED%A0%80', '%', '%E0%A4%A', '%C0%AE', '%F4%90%80%80', '%%', '%0'];
const PROTO_KEYS = [
  '__proto__[polluted]',
  'constructor[prototype][polluted]',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
  '__proto__[__proto__][polluted]',
  'a[__proto__][polluted]',
  'a[constructor][prototype][polluted]',
];
const POLLUTION_PROBES = ['polluted', 'x', 'a', '0', 'admin', 'role'];

type Part = [key: string, value: string, raw?: boolean];

const huge = fc
  .tuple(fc.constantFrom('A', 'Ж', '🙂', '\u0000', '<', 'e\u0301'), fc.integer({ min: 10_000, max: 30_000 }))
  .map(([c, n]) => c.repeat(n).slice(0, n));
const text: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ID_VALUES, ...DATE_VALUES, ...UNICODE, ...INJECTION) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: huge },
);

/** One field, sent wrongly: a bad value, repeated, as an array or object, nested past qs's depth, absent, or raw bytes. */
function shape(name: string): fc.Arbitrary<Part[]> {
  return fc.oneof(
    { weight: 5, arbitrary: text.map((v): Part[] => [[name, v]]) },
    {
      weight: 1,
      arbitrary: fc.array(text, { minLength: 2, maxLength: 4 }).map((vs) => vs.map((v): Part => [name, v])),
    },
    { weight: 1, arbitrary: text.map((v): Part[] => [[`${name}[]`, v]]) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('a', '0', '21', '__proto__', 'constructor', 'length', 'toString'), text)
        .map(([k, v]): Part[] => [[`${name}[${k}]`, v]]),
    },
    { weight: 1, arbitrary: text.map((v): Part[] => [[`${name}[a][b][c][d][e][f][g]`, v]]) },
    { weight: 1, arbitrary: fc.constant<Part[]>([]) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW).map((v): Part[] => [[name, v, true]]) },
  );
}

/** The meeting form's commitment rows, all at once: not rows at all, too many, sparse, or nested too deep. */
const rows: fc.Arbitrary<Part[]> = fc.oneof(
  text.map((v): Part[] => [['commitments', v]]),
  text.map((v): Part[] => [['commitments[0]', v]]),
  fc
    .integer({ min: 21, max: 40 })
    .map((n) => Array.from({ length: n }, (_, i): Part => [`commitments[${i}][text]`, `row ${i}`])),
  fc
    .tuple(fc.constantFrom('5', '20', '21', '999', '4294967296', '-1', 'x', '__proto__'), text)
    .map(([i, v]): Part[] => [
      [`commitments[${i}][text]`, v],
      [`commitments[${i}][partyId]`, '2'],
      [`commitments[${i}][counterpartId]`, '1'],
    ]),
  text.map((v): Part[] => [
    ['commitments[0][text][a]', v],
    ['commitments[0][partyId]', '2'],
  ]),
);

const extras = fc.array(
  fc.tuple(fc.constantFrom(...PROTO_KEYS), fc.constantFrom('1', 'yes', '', 'true')).map(([k, v]): Part => [k, v]),
  { maxLength: 3 },
);

/** A path segment that names no record: out of range, not a number, malformed escapes. */
const BAD_ID = fc
  .oneof(
    fc.constantFrom(...ID_VALUES, '%', '%00', '%ZZ', '..', '1;DROP TABLE users', '1%20OR%201%3D1', '%E2%80%AE1'),
    fc.string({ minLength: 1, maxLength: 12 }).map((s) => enc(s)),
  )
  .filter((id) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(id);
    } catch {
      return true;
    }
    return (
      !(/^\d{1,10}$/.test(decoded) && Number(decoded) >= 1 && Number(decoded) <= 2_147_483_647) && decoded !== 'new'
    );
  });

function enc(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  }
}
/** What the server receives for a string with lone surrogates: each becomes U+FFFD. */
const wellFormed = (s: string) => Buffer.from(s, 'utf8').toString('utf8');
const encode = (parts: Part[]) => parts.map(([k, v, raw]) => `${enc(k)}=${raw ? v : enc(v)}`).join('&');

/** Mutations of a valid form: one to three of its fields sent wrongly, plus prototype keys. */
function mutations(names: string[]): fc.Arbitrary<{ targets: string[]; parts: Part[] }> {
  return fc
    .uniqueArray(fc.constantFrom(...names), { minLength: 1, maxLength: 3 })
    .chain((targets) =>
      fc
        .tuple(fc.tuple(...targets.map((n) => (n === 'commitments' ? rows : shape(n)))), extras)
        .map(([shaped, extra]) => ({ targets, parts: [...shaped.flat(), ...extra] })),
    );
}

function apply(valid: Fields, targets: string[], parts: Part[]): Part[] {
  const hit = (k: string) => targets.includes(k) || (targets.includes('commitments') && k.startsWith('commitments['));
  return [...valid.filter(([k]) => !hit(k)), ...parts];
}

interface Tally {
  tried: number;
  statuses: Record<number, number>;
  serverErrors: number;
  rowsChanged: number;
}
const tallies = new Map<string, Tally>();
let world: World;
let current: Checksums | undefined;

function polluted(): string[] {
  const probe = {} as Record<string, unknown>;
  return [...Object.keys(Object.prototype), ...POLLUTION_PROBES.filter((k) => probe[k] !== undefined)];
}

/**
 * Sends one request and checks it: no 5xx; unless the form accepted it (`writes`), no row
 * changed in any table; Object.prototype untouched; a redirect stays on the site.
 */
async function probe(
  form: string,
  send: () => Promise<request.Response>,
  writes: (status: number) => boolean = (s) => s === 303,
): Promise<request.Response> {
  const before = current ?? (await tableChecksums(t.db));
  const res = await send();
  const after = await tableChecksums(t.db);
  current = after;
  const tally = tallies.get(form) ?? { tried: 0, statuses: {}, serverErrors: 0, rowsChanged: 0 };
  tallies.set(form, tally);
  tally.tried += 1;
  tally.statuses[res.status] = (tally.statuses[res.status] ?? 0) + 1;
  const changed = writes(res.status) ? [] : changedTables(before, after);
  if (res.status >= 500) tally.serverErrors += 1;
  if (changed.length) tally.rowsChanged += 1;
  expect({ form, status: res.status >= 500 ? res.status : 'below 500', changed, polluted: polluted() }).toEqual({
    form,
    status: 'below 500',
    changed: [],
    polluted: [],
  });
  if (res.status === 303) expect(res.headers.location).toMatch(/^\/(?![/\\])/);
  if (res.status === 422) expect(res.text).toMatch(/field-error|alert-danger/);
  return res;
}

async function admin() {
  const agent = await login(t.app, world.adminEmail, PASSWORD);
  return { agent, token: await csrfToken(agent, '/') };
}

beforeAll(() => {
  // As in production: without it Express recompiles every template on every request, and the run takes four times as long.
  t.app.set('view cache', true);
});

beforeEach(async () => {
  world = await seedWorld(t.db);
  current = undefined;
});

afterAll(() => {
  const forms = [...tallies.entries()];
  const total = forms.reduce((n, [, v]) => n + v.tried, 0);
  const fiveXX = forms.reduce((n, [, v]) => n + v.serverErrors, 0);
  const changed = forms.reduce((n, [, v]) => n + v.rowsChanged, 0);
  const lines = forms.map(
    ([name, v]) =>
      `  ${name.padEnd(48)} ${String(v.tried).padStart(4)}  ${Object.entries(v.statuses)
        .map(([s, n]) => `${s}×${n}`)
        .join(' ')}`,
  );
  console.log(
    `bad input: ${total} inputs over ${forms.length} forms and pages → ${fiveXX} responses 5xx, ${changed} refused requests changed a row\n${lines.join('\n')}`,
  );
});

/** Every form the app has, by the route it posts to; edit forms post to record 1 of the world. */
const FORMS: { route: string; path: string; names?: string[] }[] = [
  { route: '/ministries', path: '/ministries' },
  { route: '/ministries/:id', path: '/ministries/1' },
  { route: '/officials', path: '/officials' },
  { route: '/officials/:id', path: '/officials/1' },
  { route: '/officials/:id/positions', path: '/officials/1/positions' },
  { route: '/negotiations', path: '/negotiations' },
  { route: '/negotiations/:id', path: '/negotiations/1' },
  { route: '/meetings', path: '/meetings', names: ['commitments', 'commitments', '_addRow'] },
  { route: '/meetings/:id', path: '/meetings/1' },
  { route: '/notes', path: '/notes' },
  { route: '/notes/:id', path: '/notes/1' },
  { route: '/agreements', path: '/agreements' },
  { route: '/agreements/:id', path: '/agreements/1' },
  { route: '/commitments', path: '/commitments', names: ['meetingId', 'noteId', 'agreementId'] },
  { route: '/commitments/:id', path: '/commitments/1' },
  {
    route: '/commitments/:id/follow-ups',
    path: '/commitments/1/follow-ups',
    names: ['meetingId', 'noteId', 'agreementId'],
  },
];

describe('bad input posted to every form', () => {
  it('every create and edit form (one world, one session, each form in turn)', async () => {
    const { agent, token } = await admin();
    for (const { route, path, names = [] } of FORMS) {
      const sample = await validFields(t.db, world, route, path);
      const fieldNames = [...new Set([...sample.map(([k]) => k), ...names, 'version', '_submission'])];
      await fc.assert(
        fc.asyncProperty(mutations(fieldNames), async ({ targets, parts }) => {
          const valid = await validFields(t.db, world, route, path);
          await probe(`POST ${route}`, () =>
            agent
              .post(path)
              .type('form')
              .send(encode([['_csrf', token], ...apply(valid, targets, parts)])),
          );
        }),
        { numRuns: RUNS, ...seed },
      );
    }
  }, 120_000);

  it('POST /login', async () => {
    const sample = await validFields(t.db, world, '/login');
    await fc.assert(
      fc.asyncProperty(mutations(['email', 'password', 'returnTo', 'email']), async ({ targets, parts }) => {
        const agent = request.agent(t.app);
        const token = await csrfToken(agent);
        const res = await probe('POST /login', () =>
          agent
            .post('/login')
            .type('form')
            .send(encode([['_csrf', token], ...apply(sample, targets, parts)])),
        );
        expect([303, 400, 401, 403, 413, 422]).toContain(res.status);
      }),
      { numRuns: Math.ceil(RUNS / 2), ...seed },
    );
  });

  it('the forms without fields (delete, restore, calendar feed, logout) with junk bodies and impossible ids', async () => {
    const { agent, token } = await admin();
    const junk = fc.tuple(shape('x'), extras).map(([a, b]) => [...a, ...b]);
    const routes = [
      'ministries',
      'officials',
      'negotiations',
      'meetings',
      'notes',
      'agreements',
      'commitments',
    ].flatMap((r) => [`/${r}/:id/delete`, `/${r}/:id/restore`, `/${r}/:id`]);
    routes.push('/officials/:id/positions', '/commitments/:id/follow-ups');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), BAD_ID, junk, async (route, id, parts) => {
        const path = route.replace(':id', id);
        const res = await probe('POST /x/:id… (bad id)', () =>
          agent
            .post(path)
            .type('form')
            .send(encode([['_csrf', token], ...parts])),
        );
        // A junk body of several long texts can pass the 200 kB form limit: 413, before any route runs.
        expect([400, 403, 404, 413]).toContain(res.status);
      }),
      { numRuns: RUNS * 3, ...seed },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/calendar/feed', '/calendar/feed/delete'), junk, async (path, parts) => {
        await probe(
          `POST ${path}`,
          () =>
            agent
              .post(path)
              .type('form')
              .send(encode([['_csrf', token], ...parts])),
          (s) => s === 200 || s === 303 || s === 413,
        );
      }),
      { numRuns: RUNS, ...seed },
    );
    await fc.assert(
      fc.asyncProperty(junk, async (parts) => {
        const fresh = await login(t.app, world.adminEmail, PASSWORD);
        const res = await probe('POST /logout', async () =>
          fresh
            .post('/logout')
            .type('form')
            .send(encode([['_csrf', await csrfToken(fresh, '/')], ...parts])),
        );
        // 413 when the junk passes the 200 kB form limit: refused before the logout runs.
        expect([303, 403, 413]).toContain(res.status);
      }),
      { numRuns: 5, ...seed },
    );
  });
});

/** Every page that reads a query string, with the parameters it knows. */
const PAGES: Record<string, string[]> = {
  '/ministries': ['countryCode', 'kind', 'q', 'page', 'deleted'],
  '/officials': ['q', 'ministryId', 'countryCode', 'page', 'deleted'],
  '/negotiations': ['status', 'partyId', 'page', 'deleted'],
  '/meetings': ['negotiationId', 'officialId', 'from', 'to', 'q', 'page', 'deleted'],
  '/notes': ['fromId', 'toId', 'negotiationId', 'kind', 'awaiting', 'q', 'page', 'deleted'],
  '/agreements': ['status', 'kind', 'partyId', 'negotiationId', 'q', 'page', 'deleted'],
  '/commitments': [
    'status',
    'partyId',
    'counterpartId',
    'officialId',
    'official',
    'negotiationId',
    'ownerId',
    'direction',
    'overdue',
    'dueWithin',
    'q',
    'sort',
    'after',
    'before',
    'page',
  ],
  '/commitments.csv': [
    'status',
    'partyId',
    'counterpartId',
    'officialId',
    'official',
    'negotiationId',
    'ownerId',
    'direction',
    'overdue',
    'dueWithin',
    'q',
    'sort',
  ],
  '/search': ['q'],
  '/ministries/1/brief': ['q'],
  '/officials/1/brief': ['q'],
  '/': ['q'],
  '/calendar': ['q'],
  '/commitments/new': ['meetingId', 'noteId', 'agreementId'],
  '/notes/new': ['inReplyToId'],
  '/meetings/1': ['page'],
  '/commitments/1': ['page'],
};
const GENERIC = ['page', 'sort', 'q', '__proto__[polluted]', 'constructor[prototype][polluted]', 'a[b][c][d][e][f][g]'];

describe('bad query strings on every page', () => {
  it('every list, brief, form and record page', async () => {
    const { agent } = await admin();
    for (const page of Object.keys(PAGES)) {
      const names = [...new Set([...PAGES[page], ...GENERIC])];
      await fc.assert(
        fc.asyncProperty(mutations(names), async ({ targets, parts }) => {
          const query = encode(apply([], targets, parts));
          const res = await probe(
            `GET ${page}`,
            () => agent.get(query ? `${page}?${query}` : page),
            () => false,
          );
          expect([200, 400, 404, 413, 414, 422, 431]).toContain(res.status);
        }),
        { numRuns: RUNS, ...seed },
      );
    }
  }, 120_000);

  it('GET /login?returnTo and impossible ids in every record URL', async () => {
    await fc.assert(
      fc.asyncProperty(shape('returnTo'), async (parts) => {
        await probe(
          'GET /login',
          () => request(t.app).get(`/login?${encode(parts)}`),
          () => false,
        );
      }),
      { numRuns: RUNS, ...seed },
    );
    const { agent } = await admin();
    const kinds = ['ministries', 'officials', 'negotiations', 'meetings', 'notes', 'agreements', 'commitments'];
    const suffixes = ['', '/edit', '/brief'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...kinds), fc.constantFrom(...suffixes), BAD_ID, async (kind, suffix, id) => {
        const res = await probe(
          'GET /x/:id (bad id)',
          () => agent.get(`/${kind}/${id}${suffix}`),
          () => false,
        );
        expect([400, 404]).toContain(res.status);
      }),
      { numRuns: RUNS * 2, ...seed },
    );
  });
});

describe('bodies too large or too wide', () => {
  it('answers 413 to a 1 MB body and to 3,000 fields, and saves nothing', async () => {
    const { agent, token } = await admin();
    const valid = await validFields(t.db, world, '/meetings');
    const big = await probe('POST /meetings (1 MB)', () =>
      agent
        .post('/meetings')
        .type('form')
        .send(
          encode([['_csrf', token], ...valid.map(([k, v]): Part => [k, k === 'summary' ? 'x'.repeat(1_000_000) : v])]),
        ),
    );
    expect(big.status).toBe(413);
    expect(big.text).toContain('Nothing was saved');
    const wide = await probe('POST /meetings (3,000 fields)', () =>
      agent
        .post('/meetings')
        .type('form')
        .send(encode([['_csrf', token], ...valid, ...Array.from({ length: 3000 }, (_, i): Part => [`f${i}`, '1'])])),
    );
    expect(wide.status).toBe(413);
  });
});

describe('text in any script', () => {
  it('is stored exactly as typed (less outer whitespace) and shown back, or refused with 422', async () => {
    const { agent, token } = await admin();
    const unicode = fc.oneof(
      fc.constantFrom(...UNICODE.filter((s) => s.trim() && !s.includes('\u0000'))),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }),
    );
    const escape = (s: string) =>
      s
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&#x27;')
        .replace(/`/g, '&#x60;')
        .replace(/=/g, '&#x3D;');
    await fc.assert(
      fc.asyncProperty(unicode, unicode, async (name, title) => {
        const ministry = await validFields(t.db, world, '/ministries');
        const res = await probe('POST /ministries (unicode)', () =>
          agent
            .post('/ministries')
            .type('form')
            .send(
              encode([
                ['_csrf', token],
                ...ministry.filter(([k]) => k !== 'name' && k !== 'shortName'),
                ['name', name],
              ]),
            ),
        );
        const typed = wellFormed(name).trim();
        if (!typed || typed.includes('\u0000') || typed.length > 200) return expect(res.status).toBe(422);
        expect(res.status).toBe(303);
        const [row] = await t.db.query(`SELECT name FROM ministries ORDER BY id DESC LIMIT 1`);
        expect(row.name).toBe(typed);
        const page = await agent.get(res.headers.location);
        expect(page.text).toContain(escape(typed));

        const meeting = await validFields(t.db, world, '/meetings');
        const made = await probe('POST /meetings (unicode)', () =>
          agent
            .post('/meetings')
            .type('form')
            .send(
              encode([
                ['_csrf', token],
                ...meeting.map(([k, v]): Part => [k, k === 'title' ? title : k === 'commitments[0][text]' ? name : v]),
              ]),
            ),
        );
        const heading = wellFormed(title).trim();
        if (!heading || heading.includes('\u0000')) return expect(made.status).toBe(422);
        expect(made.status).toBe(303);
        const [m] = await t.db.query(
          `SELECT m.title, c.text FROM meetings m JOIN commitments c ON c.meeting_id = m.id ORDER BY m.id DESC LIMIT 1`,
        );
        expect(m).toEqual({ title: heading, text: typed });
      }),
      { numRuns: RUNS, ...seed },
    );
  });
});
