import request from 'supertest';
import { csrfToken, login, useApp } from '../support/app';
import { createUser, PASSWORD } from '../support/factories';
import {
  changedTables,
  encodeForm,
  parseForms,
  seedWorld,
  tableChecksums,
  validFields,
  type Fields,
  type FormField,
  type World,
} from '../support/quality';

// QUALITY.md, XSS / injection: payloads typed into every text field of every form (the real
// forms, read from their pages), then every page that shows those records checked for an
// unescaped payload; javascript: refused in URL fields; SQL in filters and sort refused or ignored.

const t = useApp({ loginRateLimitPerMinute: 1000 });
let w: World;

beforeAll(() => {
  t.app.set('view cache', true); // as in production, and four times faster
});

beforeEach(async () => {
  w = await seedWorld(t.db);
});

const PAYLOADS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{constructor}}',
  '</textarea><script>alert(1)</script>',
];

/** What an unescaped payload, or a template that evaluated one, would leave in a page. */
const DANGER: [string, RegExp][] = [
  ['script tag', /<script>alert\(1\)/i],
  ['img onerror', /<img src=x onerror/i],
  ['textarea break-out', /<\/textarea><script>/i],
  ['javascript: link', /(?:href|src|action)\s*=\s*["']?\s*javascript:/i],
  ['evaluated template', /function Object\(\)|\[native code\]/],
];

const escapeHtml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#x27;')
    .replace(/`/g, '&#x60;')
    .replace(/=/g, '&#x3D;');

function dangers(html: string): string[] {
  return DANGER.filter(([, re]) => re.test(html)).map(([name]) => name);
}

const isText = (f: FormField) =>
  f.tag === 'textarea' || (f.tag === 'input' && ['text', 'search', 'email', 'password'].includes(f.type));

interface Counts {
  fields: number;
  stored: number;
  refused: number;
  pages: number;
}

/**
 * Fills a real form: every text field gets the payload (with a marker, so references stay unique);
 * hidden fields keep what the page put there; the other fields take valid values.
 */
function fill(form: { fields: FormField[] }, sample: Fields, text: (f: FormField) => string | undefined): Fields {
  const out: Fields = [];
  for (const f of form.fields) {
    const typed = isText(f) ? text(f) : undefined;
    if (typed !== undefined) out.push([f.name, typed]);
    else if (f.type === 'hidden') out.push([f.name, f.value]);
    else if (sample.some(([k]) => k === f.name)) out.push(...sample.filter(([k]) => k === f.name));
    else if (!f.multiple) out.push([f.name, f.value]);
  }
  return out;
}

/** The ids of the fields the re-shown form marks as refused. */
const refusedIds = (html: string) =>
  new Set([...html.matchAll(/id="([^"]+)-error" class="field-error"/g)].map((m) => m[1]));

describe.each(PAYLOADS)('the payload %s', (payload) => {
  it('typed into every text field of every form is shown escaped on every page that shows it', async () => {
    const agent = await login(t.app, w.adminEmail, PASSWORD);
    const counts: Counts = { fields: 0, stored: 0, refused: 0, pages: 0 };
    const failures: string[] = [];
    let marker = 0;
    const check = (what: string, html: string) => {
      counts.pages += 1;
      for (const d of dangers(html)) failures.push(`${what}: ${d}`);
    };
    const created: string[] = [];

    /** Submits a form as the page shows it; a field that refuses the payload (422, checked) gets a valid value and the form is sent again. */
    async function submit(page: string, action: string, sampleRoute: string, options: { stale?: boolean } = {}) {
      const shown = await agent.get(page);
      const form = parseForms(shown.text).find((f) => f.action === action);
      if (!form) throw new Error(`No form posting to ${action} on ${page}`);
      const sample = await validFields(t.db, w, sampleRoute, action);
      // Rows past the first of the meeting form stay empty: a row with only words is refused as incomplete.
      const typed = (f: FormField) => (/^commitments\[[1-9]/.test(f.name) ? undefined : `${payload} xq${++marker}`);
      let fields = fill(form, sample, typed);
      const textFields = form.fields.filter((f) => isText(f) && !/^commitments\[[1-9]/.test(f.name));
      counts.fields += textFields.length;
      let res = await agent.post(action).type('form').send(encodeForm(fields));
      let refusedHere = 0;
      if (res.status === 422) {
        check(`${action} (422 form)`, res.text);
        const refused = refusedIds(res.text);
        const bad = textFields.filter((f) => refused.has(f.id));
        refusedHere = bad.length;
        counts.refused += bad.length;
        fields = fields.map(([k, v]) => {
          const field = bad.find((f) => f.name === k);
          return field ? ([k, sample.find(([s]) => s === k)?.[1] ?? ''] as [string, string]) : [k, v];
        });
        res = await agent.post(action).type('form').send(encodeForm(fields));
      }
      expect([action, res.status, /field-error">([^<]*)/.exec(res.text)?.[1]]).toEqual([action, 303, undefined]);
      counts.stored += textFields.length - refusedHere;
      if (options.stale) {
        // The same form again carries the version it was read at: now stale, so the conflict page shows the typed values.
        const stale = await agent.post(action).type('form').send(encodeForm(fields));
        expect([`${action} stale`, stale.status]).toEqual([`${action} stale`, 409]);
        check(`${action} (409 conflict page)`, stale.text);
      }
      return res.headers.location;
    }

    for (const kind of ['ministries', 'officials', 'negotiations', 'meetings', 'notes', 'agreements', 'commitments']) {
      created.push(await submit(`/${kind}/new`, `/${kind}`, `/${kind}`));
    }
    await submit(`/officials/${w.lavrov}`, `/officials/${w.lavrov}/positions`, '/officials/:id/positions');
    await submit(
      `/commitments/${w.commitmentId}`,
      `/commitments/${w.commitmentId}/follow-ups`,
      '/commitments/:id/follow-ups',
    );
    for (const kind of ['ministries', 'officials', 'negotiations', 'meetings', 'notes', 'agreements', 'commitments']) {
      await submit(`/${kind}/1/edit`, `/${kind}/1`, `/${kind}/:id`, { stale: true });
    }
    // The login form, anonymously: its refusal shows the typed address back.
    const visitor = request.agent(t.app);
    const loginPage = await visitor.get('/login');
    const loginForm = parseForms(loginPage.text).find((f) => f.action === '/login')!;
    const loginFields = fill(loginForm, [], () => payload);
    counts.fields += loginForm.fields.filter(isText).length;
    const refusedLogin = await visitor.post('/login').type('form').send(encodeForm(loginFields));
    expect([401, 422]).toContain(refusedLogin.status);
    check('/login (refused)', refusedLogin.text);
    check('/login?returnTo', (await visitor.get(`/login?returnTo=${encodeURIComponent(`/search?q=${payload}`)}`)).text);

    // Every page that shows these records.
    const ids = async (table: string) =>
      (await t.db.query(`SELECT id FROM ${table} ORDER BY id`)).map((r: { id: number }) => r.id);
    const pages = new Set<string>([
      '/',
      '/ministries',
      '/officials',
      '/negotiations',
      '/meetings',
      '/notes',
      '/agreements',
      '/commitments',
      '/calendar',
      '/notes?awaiting=1',
    ]);
    for (const word of ['alert', 'constructor', 'javascript', 'onerror', 'textarea', 'xq1', payload])
      pages.add(`/search?q=${encodeURIComponent(word)}`);
    for (const [table, suffixes] of [
      ['ministries', ['', '/edit', '/brief']],
      ['officials', ['', '/edit', '/brief']],
      ['negotiations', ['', '/edit']],
      ['meetings', ['', '/edit']],
      ['notes', ['', '/edit']],
      ['agreements', ['', '/edit']],
      ['commitments', ['', '/edit']],
    ] as [string, string[]][]) {
      for (const id of await ids(table)) for (const suffix of suffixes) pages.add(`/${table}/${id}${suffix}`);
    }
    for (const id of await ids('notes')) pages.add(`/notes/new?inReplyToId=${id}`);
    for (const id of await ids('meetings')) pages.add(`/commitments/new?meetingId=${id}`);
    pages
      .add(`/meetings?officialId=${w.lavrov}`)
      .add(`/commitments?q=${encodeURIComponent(payload)}`)
      .add(`/commitments?partyId=${w.ruMfa}`);
    for (const path of pages) {
      const res = await agent.get(path);
      expect([path, res.status]).toEqual([path, 200]);
      check(path, res.text);
    }
    // The payload did reach the pages, escaped: the check above is not vacuous.
    for (const location of created)
      expect([location, (await agent.get(location)).text.includes(escapeHtml(payload))]).toEqual([location, true]);

    // The exports are not HTML: served with their own type and nosniff, so no browser renders the payload.
    const csv = await agent.get('/commitments.csv');
    expect(csv.status).toBe(200);
    {
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.headers['x-content-type-options']).toBe('nosniff');
      expect(csv.text).toContain('xq');
      counts.pages += 1;
    }
    const feedPage = await agent
      .post('/calendar/feed')
      .type('form')
      .send({ _csrf: await csrfToken(agent, '/') });
    const ics = await request(t.app).get(new URL(/id="feed-url"[^>]*value="([^"]+)"/.exec(feedPage.text)![1]).pathname);
    expect(ics.headers['content-type']).toMatch(/^text\/calendar/);
    expect(ics.headers['x-content-type-options']).toBe('nosniff');
    expect(ics.text).toContain(payload.replace(/[\\;,]/g, (c) => `\\${c}`).slice(0, 20));
    // Each unfolded line is a known property: a typed value cannot start a line of its own.
    const unfolded = ics.text.replace(/\r\n /g, '').split('\r\n').filter(Boolean);
    expect(
      unfolded.filter(
        (l) =>
          !/^(BEGIN|END|VERSION|PRODID|CALSCALE|METHOD|X-WR-CALNAME|UID|DTSTAMP|DTSTART;VALUE=DATE|DTEND;VALUE=DATE|SUMMARY|DESCRIPTION|URL|TRANSP)[:;]/.test(
            l,
          ),
      ),
    ).toEqual([]);
    counts.pages += 1;

    expect(failures).toEqual([]);
    console.log(
      `XSS ${JSON.stringify(payload)}: ${counts.fields} text fields filled in ${7 * 2 + 3} forms (${counts.stored} stored it, ${counts.refused} refused it with 422, escaped), ${counts.pages} pages checked → 0 unescaped`,
    );
  }, 60_000);
});

describe('URL fields', () => {
  const HOSTILE = [
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'javascript://example.test/%0Aalert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    '//evil.example/x',
    'https://',
    'http://exa mple.test',
    '/relative/path',
  ];

  it.each(HOSTILE)(
    'refuses %j as a statement or evidence address with 422 beside the field, saving nothing',
    async (url) => {
      const agent = await login(t.app, w.adminEmail, PASSWORD);
      const token = await csrfToken(agent, '/');
      const before = await tableChecksums(t.db);
      const statement = (await validFields(t.db, w, '/commitments')).map(
        ([k, v]) => [k, k === 'sourceUrl' ? url : v] as [string, string],
      );
      const created = await agent
        .post('/commitments')
        .type('form')
        .send(encodeForm([['_csrf', token], ...statement]));
      expect(created.status).toBe(422);
      expect(created.text).toMatch(/id="sourceUrl-error"/);
      const edit: Fields = [
        ...(await validFields(t.db, w, '/commitments/:id', '/commitments/1')).filter(([k]) => k !== 'meetingId'),
        ['sourceUrl', url],
      ];
      expect(
        (
          await agent
            .post('/commitments/1')
            .type('form')
            .send(encodeForm([['_csrf', token], ...edit]))
        ).status,
      ).toBe(422);
      const followUp = (await validFields(t.db, w, '/commitments/:id/follow-ups')).map(
        ([k, v]) => [k, k === 'url' ? url : v] as [string, string],
      );
      const evidence = await agent
        .post('/commitments/1/follow-ups')
        .type('form')
        .send(encodeForm([['_csrf', token], ...followUp]));
      expect(evidence.status).toBe(422);
      expect(evidence.text).toMatch(/id="fu-url-error"/);
      for (const res of [created, evidence]) expect(dangers(res.text)).toEqual([]);
      expect(changedTables(before, await tableChecksums(t.db))).toEqual([]);
    },
  );
});

describe('the commitments export', () => {
  it('neutralizes cells a spreadsheet would run as formulas', async () => {
    const agent = await login(t.app, w.adminEmail, PASSWORD);
    const token = await csrfToken(agent, '/');
    const formulas = ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", '-2+3', '@SUM(1+1)', '\t=1+1'];
    for (const text of formulas) {
      const fields = (await validFields(t.db, w, '/commitments')).map(
        ([k, v]) => [k, k === 'text' ? text : v] as [string, string],
      );
      expect(
        (
          await agent
            .post('/commitments')
            .type('form')
            .send(encodeForm([['_csrf', token], ...fields]))
        ).status,
      ).toBe(303);
    }
    const csv = await agent.get('/commitments.csv');
    expect(csv.status).toBe(200);
    const cells = csv.text.split('\n').flatMap((line) => line.split(','));
    expect(cells.filter((cell) => /^"?[=+\-@\t\r]/.test(cell))).toEqual([]);
    expect(csv.text).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
  });
});

describe('SQL in filters and sort', () => {
  const INJECTIONS: [string, string][] = [
    ['/commitments', 'sort=due;DROP TABLE users'],
    ['/commitments', "sort=due' OR '1'='1"],
    ['/commitments', "status=open' OR '1'='1"],
    ['/commitments', "status=open&status=fulfilled') OR ('1'='1"],
    ['/commitments', 'partyId=1 OR 1=1'],
    ['/commitments', 'counterpartId=1);DELETE FROM commitments;--'],
    ['/commitments', "direction=ours' OR 1=1--"],
    ['/commitments', 'dueWithin=7;DROP TABLE users'],
    ['/commitments', "q=' OR 1=1 --"],
    ['/commitments', 'overdue=1 OR 1=1'],
    ['/commitments.csv', 'sort=due;DROP TABLE users'],
    ['/commitments.csv', "status=open' OR '1'='1"],
    ['/commitments.csv', 'partyId=1 OR 1=1'],
    ['/meetings', 'officialId=1 OR 1=1'],
    ['/meetings', "from=2015-01-01' OR '1'='1"],
    ['/notes', "kind=note_verbale' OR 'a'='a"],
    ['/notes', 'fromId=1;DROP TABLE notes'],
    ['/agreements', "status=in_force' OR 1=1--"],
    ['/negotiations', "status=active' OR '1'='1"],
    ['/ministries', "countryCode=NO' OR '1'='1"],
    ['/officials', 'ministryId=1 UNION SELECT password_hash FROM users'],
    ['/search', "q='; DROP TABLE users; --"],
    ['/search', "q=Brende' OR 1=1 --"],
  ];

  it('refuses or ignores every one: no row changes, no closed or classified record appears, never a 5xx', async () => {
    const staff = await createUser(t.db, { role: 'staff', clearance: 'restricted' });
    await t.db.query(`UPDATE commitments SET status = 'fulfilled' WHERE id = $1`, [w.commitmentId]);
    await t.db.query(
      `INSERT INTO commitments (text, party_id, counterpart_id, strength, source_type, source_url, made_on, classification)
       VALUES ('Classified xqsecret', $1, $2, 'pledge', 'statement', 'https://example.test/s', '2016-01-01', 'confidential'),
              ('Still open xqopen', $1, $2, 'pledge', 'statement', 'https://example.test/o', '2016-01-01', 'unclassified')`,
      [w.ruMfa, w.noMfa],
    );
    const agent = await login(t.app, staff.email, PASSWORD);
    const before = await tableChecksums(t.db);
    const outcomes: string[] = [];
    for (const [path, query] of INJECTIONS) {
      const res = await agent.get(`${path}?${query.replace(/ /g, '%20').replace(/#/g, '%23')}`);
      outcomes.push(`${path}?${query} → ${res.status}`);
      expect([`${path}?${query}`, res.status < 500]).toEqual([`${path}?${query}`, true]);
      expect(res.text).not.toContain('xqsecret');
      if (path.startsWith('/commitments')) expect(res.text).not.toContain('I will look into the matter');
      expect(res.text).not.toMatch(/\$argon2/);
    }
    expect(changedTables(before, await tableChecksums(t.db))).toEqual([]);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM users`)).toEqual([{ n: 2 }]);
    // The open, visible commitment is still found by the plain page: the assertions above are not vacuous.
    expect((await agent.get('/commitments')).text).toContain('xqopen');
    console.log(
      `SQL in filters and sort: ${INJECTIONS.length} probes → ${outcomes.filter((o) => /→ 4/.test(o)).length} refused (4xx), ${outcomes.filter((o) => /→ 2/.test(o)).length} ignored (200), 0 rows changed`,
    );
  });

  it('the login form treats SQL as a wrong address', async () => {
    const agent = request.agent(t.app);
    const token = await csrfToken(agent);
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: token, email: "' OR '1'='1' --", password: "' OR '1'='1" });
    expect(res.status).toBe(401);
    expect((await agent.get('/')).headers.location).toBe('/login');
  });
});
