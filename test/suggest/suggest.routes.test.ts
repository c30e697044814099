import { count, csrfToken, login, useApp } from '../support/app';
import { seedDemo } from '../../src/db/seed-demo';
import { DEMO_PASSWORD } from '../../src/db/demo-data';
import { loadGold } from '../../src/suggest/eval';
import { submissionToken } from '../support/form-html';

const t = useApp();
const gold = Object.fromEntries(loadGold().map((g) => [g.id.replace(/^storskog-/, ''), g]));
const TABLES = ['commitments', 'follow_ups', 'audit_events', 'form_submissions'];
const counts = async () =>
  Object.fromEntries(await Promise.all(TABLES.map(async (tb) => [tb, await count(t.db, tb)] as const)));

beforeEach(async () => {
  await seedDemo(t.db);
});

const staff = () => login(t.app, 'staff@demo.test', DEMO_PASSWORD);
const manager = () => login(t.app, 'manager@demo.test', DEMO_PASSWORD);

async function suggest(agent: Awaited<ReturnType<typeof staff>>, fields: Record<string, string>, json = true) {
  const token = await csrfToken(agent, '/commitments/suggest');
  const req = agent.post('/commitments/suggest').type('form');
  if (json) req.set('Accept', 'application/json');
  return req.send({ _csrf: token, ...fields });
}

describe('POST /commitments/suggest with Accept: application/json', () => {
  it('answers the contract: Lavrov made the Oulu commitment Brende reports, on the Wednesday', async () => {
    const agent = await staff();
    const before = await counts();
    const res = await suggest(agent, {
      text: gold['nrk-norway-asks-russia-to-explain'].text,
      sourceDate: '2015-10-16',
    });
    expect(res.status).toBe(200);
    const look = res.body.suggestions.find((s: { sentence: string }) => s.sentence.includes('look into the matter'));
    expect(Object.keys(look).sort()).toEqual(
      [
        'confidence',
        'counterpart',
        'counterpartCountry',
        'cues',
        'dueOn',
        'end',
        'kind',
        'madeBy',
        'madeByText',
        'madeOn',
        'party',
        'partyCountry',
        'sentence',
        'start',
        'strength',
        'text',
      ].sort(),
    );
    expect(look).toMatchObject({
      kind: 'commitment',
      strength: 'will_consider',
      madeOn: '2015-10-14',
      madeBy: { name: 'Sergey Lavrov', countryCode: 'RU' },
      party: { countryCode: 'RU' },
      counterpart: { countryCode: 'NO' },
    });
    expect(gold['nrk-norway-asks-russia-to-explain'].text.slice(look.start, look.end)).toBe(look.sentence);
    expect(look.confidence).toBeGreaterThan(0);
    expect(look.confidence).toBeLessThanOrEqual(1);
    expect(await counts()).toEqual(before);
  });

  it('tells Lavrov’s refusal apart and lists the return already made as a signal', async () => {
    const agent = await staff();
    const res = await suggest(agent, { text: gold['lavrov-will-not-accept-back'].text, sourceDate: '2016-01-26' });
    const kinds = res.body.suggestions.map((s: { kind: string }) => s.kind);
    const refusal = res.body.suggestions.find((s: { kind: string }) => s.kind === 'refusal');
    expect(refusal).toMatchObject({ madeBy: { name: 'Sergey Lavrov' }, party: { countryCode: 'RU' }, strength: null });
    expect(refusal.sentence).toContain('will not accept back');
    expect(kinds.filter((k: string) => k === 'refusal')).toHaveLength(1);
    expect(kinds).toContain('signal');
    const capped = res.body.suggestions.find(
      (s: { kind: string; text: string }) => s.kind === 'commitment' && s.text.includes('willing to accept'),
    );
    expect(capped.text).toContain('will not exceed 700');
  });

  it('reads the Sputnik text: the border guards, the buses, one 200–300 commitment', async () => {
    const agent = await manager();
    const res = await suggest(agent, {
      text: gold['sputnik-russia-agrees-to-take-200-300'].text,
      sourceDate: '2016-02-03',
    });
    const list = res.body.suggestions as {
      kind: string;
      text: string;
      party: { name: string } | null;
      strength: string;
    }[];
    expect(list.find((s) => s.text.includes('border guards'))?.party?.name).toBe('Border Service of the FSB');
    expect(list.find((s) => s.text.includes('not to bus'))).toMatchObject({ kind: 'commitment', strength: 'pledge' });
    expect(list.filter((s) => s.kind === 'commitment' && /200/.test(s.text))).toHaveLength(1);
  });
});

const BAD: [string, Record<string, string>, number, RegExp][] = [
  ['an empty text', { text: '   ', sourceDate: '2016-01-26' }, 422, /Paste a text/],
  ['no date', { text: 'Russia agreed to take them back.' }, 422, /date of the text/],
  ['an impossible date', { text: 'Russia agreed to take them back.', sourceDate: '2016-02-30' }, 422, /real date/],
  [
    'a text over 200,000 characters',
    { text: 'Russia will help. '.repeat(12_000), sourceDate: '2016-01-26' },
    413,
    /at most 200,000/,
  ],
  ['NUL bytes', { text: 'Russia will\u0000 help.', sourceDate: '2016-01-26' }, 422, /binary/],
  [
    'two sources',
    { text: 'Russia will help.', sourceDate: '2016-01-26', sourceUrl: 'https://example.org/', meetingId: '1' },
    422,
    /at most one source/,
  ],
  [
    'a javascript: source',
    { text: 'Russia will help.', sourceDate: '2016-01-26', sourceUrl: 'javascript:alert(1)' },
    422,
    /http/,
  ],
];

describe('bad input to POST /commitments/suggest', () => {
  it.each(BAD)('refuses %s with a clear message and saves nothing', async (_label, fields, status, message) => {
    const agent = await staff();
    const before = await counts();
    const json = await suggest(agent, fields);
    expect(json.status).toBe(status);
    expect(JSON.stringify(json.body.errors)).toMatch(message);
    const html = await suggest(agent, fields, false);
    expect(html.status).toBe(status);
    expect(html.text).toMatch(message);
    expect(await counts()).toEqual(before);
  });

  const upload = async (name: string, content: Buffer) => {
    const agent = await staff();
    const token = await csrfToken(agent, '/commitments/suggest');
    return agent
      .post('/commitments/suggest')
      .set('Accept', 'application/json')
      .field('_csrf', token)
      .field('sourceDate', '2016-01-26')
      .attach('file', content, name);
  };

  it('reads an uploaded .txt file', async () => {
    const res = await upload('lavrov.txt', Buffer.from(gold['lavrov-will-not-accept-back'].text, 'utf8'));
    expect(res.status).toBe(200);
    expect(res.body.suggestions.some((s: { kind: string }) => s.kind === 'refusal')).toBe(true);
  });

  it.each([
    ['another type of file', 'notes.exe', Buffer.from('MZ\u0000\u0001binary'), /\.txt, \.docx or \.pdf/],
    ['a binary .txt', 'x.txt', Buffer.from([0x52, 0x75, 0x00, 0xff, 0xfe, 0x00]), /UTF-8|binary/],
    ['a .docx that is not one', 'x.docx', Buffer.from('plain words'), /not a Word/],
    [
      'a PDF without a text layer',
      'scan.pdf',
      Buffer.from(
        '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
      ),
      /no text; paste it instead|could not be read/,
    ],
  ])('refuses %s with 422', async (_label, name, content, message) => {
    const before = await counts();
    const res = await upload(name, content);
    expect(res.status).toBe(422);
    expect(res.body.errors.file).toMatch(message);
    expect(await counts()).toEqual(before);
  });
});

describe('the review page', () => {
  it('shows each suggestion with its cue words marked, and every word of the text escaped', async () => {
    const agent = await staff();
    const text =
      'Lavrov said Russia will not accept back the <script>alert(1)</script> migrants.\n“Mr. Lavrov said he would look into the <img src=x onerror=alert(2)> matter,” Brende said.';
    const res = await suggest(agent, { text, sourceDate: '2016-01-26', sourceUrl: 'https://example.org/a' }, false);
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('<script>alert(1)');
    expect(res.text).not.toContain('<img src=x');
    expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(res.text).toContain('<mark>would look into</mark>');
    expect(res.text).toMatch(/name="commitments\[0\]\[accept\]"/);
    expect(res.text).toMatch(/Refusals and changes of status/);
  });

  it('offers a follow-up when a refusal concerns an open commitment', async () => {
    const agent = await manager();
    const res = await suggest(
      agent,
      {
        text: 'Lavrov said that Russia will not accept people with legal residence in Russia or a multiple-entry visa.',
        sourceDate: '2016-02-10',
      },
      false,
    );
    expect(res.text).toMatch(/name="followUps\[0\]\[commitmentId\]"/);
  });

  it('opens over a meeting’s summary, with the meeting as the source', async () => {
    const agent = await staff();
    const [m] = await t.db.query(`SELECT id, summary FROM meetings WHERE title LIKE 'Brende%'`);
    const res = await agent.get(`/commitments/suggest?meetingId=${m.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('hundreds of asylum seekers');
    expect(res.text).toMatch(new RegExp(`<option value="${m.id}" selected`));
    const page = await agent.get(`/meetings/${m.id}`);
    expect(page.text).toContain(`/commitments/suggest?meetingId=${m.id}`);
  });
});

function row(fields: Record<string, string>, i: number): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [`commitments[${i}][${k}]`, v]));
}

describe('POST /commitments/suggest/accept', () => {
  async function ids() {
    const [ru] = await t.db.query(
      `SELECT id FROM ministries WHERE country_code = 'RU' AND name LIKE 'Ministry of Foreign%'`,
    );
    const [no] = await t.db.query(
      `SELECT id FROM ministries WHERE country_code = 'NO' AND name = 'Ministry of Foreign Affairs'`,
    );
    const [lavrov] = await t.db.query(`SELECT id FROM officials WHERE full_name = 'Sergey Lavrov'`);
    const [user] = await t.db.query(`SELECT id FROM users WHERE email = 'staff@demo.test'`);
    return { ru: String(ru.id), no: String(no.id), lavrov: String(lavrov.id), user: String(user.id) };
  }
  const base = (x: Awaited<ReturnType<typeof ids>>, text: string) => ({
    accept: 'on',
    text,
    madeById: x.lavrov,
    partyId: x.ru,
    counterpartId: x.no,
    strength: 'will_consider',
    madeOn: '2016-01-26',
    dueOn: '',
    ownerId: x.user,
    classification: 'unclassified',
    sourceUrl: 'https://example.org/press',
    sentence: text,
    cues: 'would',
    confidence: '0.8',
  });
  const submission = 'c0ffee00-0000-4000-8000-000000000001';

  it('creates the ticked commitments in one go, each audited, once however often it is sent', async () => {
    const agent = await staff();
    const x = await ids();
    const before = await counts();
    const token = await csrfToken(agent, '/commitments/suggest');
    const body = {
      _csrf: token,
      _submission: submission,
      ...row(base(x, 'Russia will look into the matter.'), 0),
      ...row({ ...base(x, 'Not this one.'), accept: '' }, 1),
      ...row(base(x, 'Russia will consider a speedy addition.'), 2),
    };
    const res = await agent.post('/commitments/suggest/accept').type('form').send(body);
    expect(res.status).toBe(303);
    const saved = await t.db.query(
      `SELECT text, made_by_title, source_url FROM commitments WHERE source_url = 'https://example.org/press' ORDER BY id`,
    );
    expect(saved.map((r: { text: string }) => r.text)).toEqual([
      'Russia will look into the matter.',
      'Russia will consider a speedy addition.',
    ]);
    expect(saved[0].made_by_title).toBe('Minister of Foreign Affairs');
    const after = await counts();
    expect(after.commitments - before.commitments).toBe(2);
    expect(after.audit_events - before.audit_events).toBe(2);
    const again = await agent.post('/commitments/suggest/accept').type('form').send(body);
    expect(again.status).toBe(303);
    expect((await counts()).commitments).toBe(after.commitments);
  });

  it('answers 422 with every row kept when one row is wrong, and saves nothing', async () => {
    const agent = await staff();
    const x = await ids();
    const before = await counts();
    const token = await csrfToken(agent, '/commitments/suggest');
    const res = await agent
      .post('/commitments/suggest/accept')
      .type('form')
      .send({
        _csrf: token,
        _submission: submission,
        ...row(base(x, 'A good row.'), 0),
        ...row({ ...base(x, 'A row without a party.'), partyId: '' }, 1),
        ...row({ ...base(x, 'A row owed to itself.'), counterpartId: x.ru }, 2),
      });
    expect(res.status).toBe(422);
    expect(res.text).toContain('A good row.');
    expect(res.text).toContain('A row without a party.');
    expect(res.text).toContain('A row owed to itself.');
    expect(res.text).toMatch(/Choose the party bound by it/);
    expect(await counts()).toEqual(before);
  });

  it('applies clearance: no commitment above the user’s clearance, no source they may not see', async () => {
    const agent = await staff();
    const x = await ids();
    const [hidden] = await t.db.query(
      `INSERT INTO meetings (title, held_on, classification) VALUES ('Secret talks', '2016-01-20', 'confidential') RETURNING id`,
    );
    const before = await counts();
    const token = await csrfToken(agent, '/commitments/suggest');
    const res = await agent
      .post('/commitments/suggest/accept')
      .type('form')
      .send({
        _csrf: token,
        _submission: submission,
        ...row({ ...base(x, 'Too secret for staff.'), classification: 'confidential' }, 0),
        ...row({ ...base(x, 'From a hidden meeting.'), sourceUrl: '', meetingId: String(hidden.id) }, 1),
      });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/above your own clearance|Choose one of the listed/);
    expect(res.text).toMatch(/Choose an entry from the list/);
    expect(await counts()).toEqual(before);
  });
});

describe('aliases on the ministry and official forms', () => {
  it('are saved as a list and read in texts at once', async () => {
    const agent = await manager();
    const page = await agent.get('/ministries/new');
    const submission = submissionToken(page.text);
    const token = await csrfToken(agent, '/ministries/new');
    const res = await agent.post('/ministries').type('form').send({
      _csrf: token,
      _submission: submission,
      name: 'Ministry of Foreign Affairs of Finland',
      kind: 'ministry',
      countryCode: 'FI',
      aliases: 'UM,  Finnish Foreign Ministry , UM',
    });
    expect(res.status).toBe(303);
    const [row] = await t.db.query(`SELECT id, aliases FROM ministries WHERE country_code = 'FI'`);
    expect(row.aliases).toEqual(['UM', 'Finnish Foreign Ministry']);
    expect((await agent.get(`/ministries/${row.id}/edit`)).text).toContain('value="UM, Finnish Foreign Ministry"');
    const found = await suggest(agent, {
      text: 'The Finnish Foreign Ministry will send a delegation to Oslo next week.',
      sourceDate: '2016-02-03',
    });
    expect(found.body.suggestions[0].party).toMatchObject({ id: row.id, countryCode: 'FI' });
  });
});
