import type request from 'supertest';
import { count, csrfToken, loginAs, postForm, useApp } from '../support/app';
import { fieldError, submissionToken } from '../support/form-html';
import {
  createCommitment,
  createDossier,
  createMeeting,
  createNegotiation,
  formBody,
} from '../support/commitments.factories';

const t = useApp();

type Row = Partial<Record<'text' | 'madeById' | 'partyId' | 'counterpartId' | 'dueOn' | 'strength', string | number>>;

/** The new-meeting form as a browser posts it: every row's every field, blanks included. */
async function postMeeting(
  agent: request.Agent,
  fields: [string, string | number][],
  rows: Row[],
  extra: [string, string][] = [],
) {
  const form = await agent.get('/meetings/new');
  const token = await csrfToken(agent, '/meetings/new');
  const rowFields = rows.flatMap((row, i) =>
    (['text', 'madeById', 'partyId', 'counterpartId', 'dueOn', 'strength'] as const).map(
      (f): [string, string | number] => [`commitments[${i}][${f}]`, row[f] ?? (f === 'strength' ? 'pledge' : '')],
    ),
  );
  return agent
    .post('/meetings')
    .type('form')
    .send(formBody([['_csrf', token], ['_submission', submissionToken(form.text)], ...fields, ...rowFields, ...extra]));
}

async function nothingSaved() {
  for (const table of ['meetings', 'meeting_participants', 'commitments', 'audit_events', 'form_submissions'])
    expect(await count(t.db, table)).toBe(0);
}

describe('POST /meetings', () => {
  it('saves the meeting, its participants and the inline commitments together, with source, title on the day and audit', async () => {
    const { agent, user } = await loginAs(t);
    const d = await createDossier(t.db);
    const negotiation = await createNegotiation(t.db, { title: 'Storskog crossings and readmission' });
    const form = await agent.get('/meetings/new');
    expect(form.text).toContain('name="commitments[2][text]"');
    expect(form.text).not.toContain('name="commitments[3][text]"');

    const res = await postMeeting(
      agent,
      [
        ['title', 'Brende–Lavrov, Oulu'],
        ['heldOn', '2015-10-21'],
        ['location', 'Oulu'],
        ['occasion', 'Barents Euro-Arctic Council'],
        ['negotiationId', negotiation],
        ['classification', 'restricted'],
        ['participantIds', d.brende],
        ['participantIds', d.lavrov],
        ['summary', 'Brende asked for a report on the asylum seekers.'],
      ],
      [
        {
          text: 'I will look into the matter',
          madeById: d.lavrov,
          partyId: d.ruMfa,
          counterpartId: d.noMfa,
          strength: 'will_consider',
          dueOn: '2015-11-15',
        },
        { text: 'Norway will share its arrival figures', madeById: d.brende, partyId: d.noMfa, counterpartId: d.ruMfa },
        {},
      ],
    );
    expect(res.status).toBe(303);
    const [meeting] = await t.db.query(
      `SELECT id, title, location, negotiation_id, classification, created_by FROM meetings`,
    );
    expect(meeting).toMatchObject({
      title: 'Brende–Lavrov, Oulu',
      location: 'Oulu',
      negotiation_id: negotiation,
      classification: 'restricted',
      created_by: user.id,
    });
    expect(res.headers.location).toBe(`/meetings/${meeting.id}`);
    const participants = await t.db.query(
      `SELECT official_id FROM meeting_participants WHERE meeting_id = $1 ORDER BY official_id`,
      [meeting.id],
    );
    expect(participants.map((p: { official_id: number }) => p.official_id)).toEqual(
      [d.brende, d.lavrov].sort((a, b) => a - b),
    );

    const commitments = await t.db.query(
      `SELECT text, made_by_id, made_by_title, party_id, counterpart_id, strength, source_type, meeting_id, to_char(made_on, 'YYYY-MM-DD') AS made_on,
              to_char(due_on, 'YYYY-MM-DD') AS due_on, owner_id, status, negotiation_id, classification FROM commitments ORDER BY id`,
    );
    expect(commitments).toEqual([
      {
        text: 'I will look into the matter',
        made_by_id: d.lavrov,
        made_by_title: 'Minister of Foreign Affairs',
        party_id: d.ruMfa,
        counterpart_id: d.noMfa,
        strength: 'will_consider',
        source_type: 'meeting',
        meeting_id: meeting.id,
        made_on: '2015-10-21',
        due_on: '2015-11-15',
        owner_id: user.id,
        status: 'open',
        negotiation_id: negotiation,
        classification: 'restricted',
      },
      {
        text: 'Norway will share its arrival figures',
        made_by_id: d.brende,
        made_by_title: 'Minister of Foreign Affairs',
        party_id: d.noMfa,
        counterpart_id: d.ruMfa,
        strength: 'pledge',
        source_type: 'meeting',
        meeting_id: meeting.id,
        made_on: '2015-10-21',
        due_on: null,
        owner_id: user.id,
        status: 'open',
        negotiation_id: negotiation,
        classification: 'restricted',
      },
    ]);
    const events = await t.db.query(`SELECT entity_type, action, user_id, changes FROM audit_events ORDER BY id`);
    expect(events.map((e: { entity_type: string; action: string }) => `${e.entity_type}:${e.action}`)).toEqual([
      'meeting:create',
      'commitment:create',
      'commitment:create',
    ]);
    expect(events[0].changes.participantIds.after).toHaveLength(2);
    expect(events[1].changes.sourceType).toEqual({ before: null, after: 'meeting' });

    const page = await agent.get(res.headers.location);
    expect(page.text).toContain('Børge Brende');
    expect(page.text).toContain('Сергей Лавров');
    expect(page.text).toContain('Minister of Foreign Affairs');
    expect(page.text).toContain(`href="/officials/${d.lavrov}"`);
    expect(page.text).toContain('I will look into the matter');
    expect(page.text).toContain(`href="/commitments/new?meetingId=${meeting.id}"`);
    expect(page.text).toContain('History');
  });

  it('records the title a participant and a commitment maker held on the day of the meeting', async () => {
    const { agent } = await loginAs(t);
    const d = await createDossier(t.db);
    const res = await postMeeting(
      agent,
      [
        ['title', 'Listhaug in Kirkenes'],
        ['heldOn', '2015-11-20'],
        ['classification', 'unclassified'],
        ['participantIds', d.listhaug],
      ],
      [{ text: 'Vi skal se på saken', madeById: d.listhaug, partyId: d.noJustice, counterpartId: d.ruFms }],
    );
    expect(res.status).toBe(303);
    const [row] = await t.db.query(`SELECT made_by_title FROM commitments`);
    expect(row.made_by_title).toBe('Minister of Agriculture and Food');
    const page = await agent.get(res.headers.location);
    expect(page.text).toContain('Minister of Agriculture and Food');
    expect(page.text).not.toContain('Minister of Immigration and Integration');
  });

  it('saves nothing when the third commitment row is invalid, and re-shows every row as typed with the error beside it', async () => {
    const { agent } = await loginAs(t);
    const d = await createDossier(t.db);
    const res = await postMeeting(
      agent,
      [
        ['title', 'Delegation meets the Migration Service'],
        ['heldOn', '2016-01-27'],
        ['classification', 'restricted'],
        ['participantIds', d.brende],
        ['participantIds', d.lavrov],
        ['location', 'Москва'],
      ],
      [
        { text: 'Russia will take back 200–300 people', partyId: d.ruFms, counterpartId: d.noJustice },
        { text: 'Norway will pause the returns', partyId: d.noJustice, counterpartId: d.ruFms, dueOn: '2016-02-15' },
        { text: 'A speedy addition to the readmission agreement', dueOn: '2016-03-01', strength: 'intent' },
      ],
    );
    expect(res.status).toBe(422);
    await nothingSaved();
    expect(res.text).toContain('Russia will take back 200–300 people');
    expect(res.text).toContain('Norway will pause the returns');
    expect(res.text).toContain('A speedy addition to the readmission agreement');
    expect(res.text).toContain('value="2016-02-15"');
    expect(res.text).toContain('value="2016-03-01"');
    expect(res.text).toContain('value="Москва"');
    expect(fieldError(res.text, 'c2-partyId')).toBe('Choose the party bound by it.');
    expect(fieldError(res.text, 'c2-counterpartId')).toBe('Choose the party it is owed to.');
    expect(fieldError(res.text, 'c0-partyId')).toBeUndefined();
    expect(res.text).toMatch(new RegExp(`<option value="${d.lavrov}" selected>`));
    expect(res.text).toMatch(/name="commitments\[2\]\[strength\]"[\s\S]*?<option value="intent" selected>/);
  });

  it('saves nothing when a row refers to a record that fails inside the transaction (party and counterpart the same)', async () => {
    const { agent } = await loginAs(t);
    const d = await createDossier(t.db);
    const res = await postMeeting(
      agent,
      [
        ['title', 'Oulu'],
        ['heldOn', '2015-10-21'],
        ['classification', 'unclassified'],
      ],
      [
        { text: 'Fine', partyId: d.ruMfa, counterpartId: d.noMfa },
        {},
        { text: 'Broken', partyId: d.ruMfa, counterpartId: d.ruMfa, dueOn: '2015-10-01' },
      ],
    );
    expect(res.status).toBe(422);
    await nothingSaved();
    expect(fieldError(res.text, 'c2-counterpartId')).toContain('another ministry');
    expect(fieldError(res.text, 'c2-dueOn')).toContain('cannot be before');
  });

  it('adds an empty row with "Add another commitment", keeping everything typed and saving nothing', async () => {
    const { agent } = await loginAs(t);
    const d = await createDossier(t.db);
    const res = await postMeeting(
      agent,
      [
        ['title', 'Kirkenes'],
        ['heldOn', '2015-11-11'],
        ['classification', 'unclassified'],
      ],
      [{ text: 'Første løfte', partyId: d.noMfa, counterpartId: d.ruMfa }, {}, {}],
      [['_addRow', '1']],
    );
    expect(res.status).toBe(200);
    expect(res.text).toContain('name="commitments[3][text]"');
    expect(res.text).not.toContain('name="commitments[4][text]"');
    expect(res.text).toContain('Første løfte');
    expect(res.text).toContain('value="Kirkenes"');
    expect(res.text).not.toContain('id="form-errors"');
    await nothingSaved();
    expect(res.text).toContain('src="/assets/js/meeting-form.js"');
    expect((await agent.get('/assets/js/meeting-form.js')).status).toBe(200);
  });

  it('creates one meeting and one set of commitments when the same form is submitted twice', async () => {
    const { agent } = await loginAs(t);
    const d = await createDossier(t.db);
    const form = await agent.get('/meetings/new');
    const token = await csrfToken(agent, '/meetings/new');
    const body = formBody([
      ['_csrf', token],
      ['_submission', submissionToken(form.text)],
      ['title', 'Oulu'],
      ['heldOn', '2015-10-21'],
      ['classification', 'unclassified'],
      ['commitments[0][text]', 'I will look into the matter'],
      ['commitments[0][partyId]', d.ruMfa],
      ['commitments[0][counterpartId]', d.noMfa],
      ['commitments[0][strength]', 'will_consider'],
    ]);
    const [first, second] = await Promise.all([
      agent.post('/meetings').type('form').send(body),
      agent.post('/meetings').type('form').send(body),
    ]);
    expect(first.status).toBe(303);
    expect(second.status).toBe(303);
    expect(second.headers.location).toBe(first.headers.location);
    expect(await count(t.db, 'meetings')).toBe(1);
    expect(await count(t.db, 'commitments')).toBe(1);
  });

  it('accepts rows posted as an object keyed by index, and refuses more than 20 rows or a non-row value', async () => {
    const { agent } = await loginAs(t);
    const d = await createDossier(t.db);
    const keyed = await postMeeting(
      agent,
      [
        ['title', 'Keyed'],
        ['heldOn', '2015-10-21'],
        ['classification', 'unclassified'],
        ['commitments[150][text]', 'Late row'],
        ['commitments[150][partyId]', d.ruMfa],
        ['commitments[150][counterpartId]', d.noMfa],
        ['commitments[150][strength]', 'pledge'],
      ],
      [],
    );
    expect(keyed.status).toBe(303);
    expect(await count(t.db, `commitments WHERE text = 'Late row'`)).toBe(1);

    const many = Array.from({ length: 21 }, (_, i): Row => ({
      text: `Row ${i}`,
      partyId: d.ruMfa,
      counterpartId: d.noMfa,
    }));
    const tooMany = await postMeeting(
      agent,
      [
        ['title', 'Many'],
        ['heldOn', '2015-10-21'],
        ['classification', 'unclassified'],
      ],
      many,
    );
    expect(tooMany.status).toBe(422);
    expect(tooMany.text).toContain('at most 20');
    const scalar = await postMeeting(
      agent,
      [
        ['title', 'Scalar'],
        ['heldOn', '2015-10-21'],
        ['classification', 'unclassified'],
        ['commitments', 'x'],
      ],
      [],
    );
    expect(scalar.status).toBe(422);
    const repeated = await postMeeting(
      agent,
      [
        ['title', 'A'],
        ['title', 'B'],
        ['heldOn', '2016-02-30'],
        ['classification', 'unclassified'],
        ['commitments[0][text]', 'x'],
        ['commitments[0][text]', 'y'],
        ['commitments[0][partyId]', d.ruMfa],
        ['commitments[0][counterpartId]', d.noMfa],
        ['commitments[0][strength]', 'pledge'],
      ],
      [],
    );
    expect(repeated.status).toBe(422);
    expect(fieldError(repeated.text, 'title')).toBe('Give a single value.');
    expect(fieldError(repeated.text, 'heldOn')).toBe('Enter a real date as YYYY-MM-DD.');
    expect(fieldError(repeated.text, 'c0-text')).toBe('Give a single value.');
    expect(await count(t.db, 'meetings')).toBe(1);
  });

  it('refuses a classification above the user’s clearance and participants that do not exist', async () => {
    const { agent } = await loginAs(t, { clearance: 'restricted' });
    const res = await postMeeting(
      agent,
      [
        ['title', 'Secret'],
        ['heldOn', '2015-10-21'],
        ['classification', 'confidential'],
        ['participantIds', 999999],
      ],
      [],
    );
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'classification')).toContain('above your own clearance');
    expect(fieldError(res.text, 'participantIds')).toBe('Choose participants from the list.');
    await nothingSaved();
  });
});

describe('POST /meetings/:id', () => {
  it('updates the fields and participants with the current version, auditing before and after', async () => {
    const { agent } = await loginAs(t);
    const d = await createDossier(t.db);
    const id = await createMeeting(t.db, { title: 'Oulu', participantIds: [d.brende] });
    const res = await postForm(
      agent,
      `/meetings/${id}`,
      {
        version: '1',
        title: 'Oulu (BEAC)',
        heldOn: '2015-10-21',
        classification: 'unclassified',
        participantIds: [String(d.brende), String(d.lavrov)],
      },
      `/meetings/${id}/edit`,
    );
    expect(res.status).toBe(303);
    const [row] = await t.db.query(`SELECT title, version FROM meetings WHERE id = $1`, [id]);
    expect(row).toEqual({ title: 'Oulu (BEAC)', version: 2 });
    expect(await count(t.db, `meeting_participants WHERE meeting_id = ${id}`)).toBe(2);
    const [event] = await t.db.query(
      `SELECT changes FROM audit_events WHERE entity_type = 'meeting' AND action = 'update'`,
    );
    expect(event.changes.title).toEqual({ before: 'Oulu', after: 'Oulu (BEAC)' });
    expect(event.changes.participantIds.before).toEqual([d.brende]);
  });

  it('answers a stale save with 409, keeping the typed input, showing the current values and leaving the other change intact', async () => {
    const { agent } = await loginAs(t);
    const other = await loginAs(t);
    const id = await createMeeting(t.db, { title: 'Oulu' });
    const first = await postForm(
      other.agent,
      `/meetings/${id}`,
      { version: '1', title: 'Oulu (their edit)', heldOn: '2015-10-21', classification: 'unclassified' },
      `/meetings/${id}/edit`,
    );
    expect(first.status).toBe(303);
    const stale = await postForm(
      agent,
      `/meetings/${id}`,
      { version: '1', title: 'Oulu (my edit)', heldOn: '2015-10-22', classification: 'unclassified' },
      `/meetings/${id}/edit`,
    );
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('value="Oulu (my edit)"');
    expect(stale.text).toContain('value="2015-10-22"');
    expect(stale.text).toContain('Oulu (their edit)');
    expect(stale.text).toContain('name="version" value="2"');
    const [row] = await t.db.query(`SELECT title, version FROM meetings WHERE id = $1`, [id]);
    expect(row).toEqual({ title: 'Oulu (their edit)', version: 2 });
    expect(await count(t.db, `audit_events WHERE action = 'update'`)).toBe(1);
  });
});

describe('clearance', () => {
  it('hides a confidential meeting and its commitments from a restricted user everywhere', async () => {
    const { agent } = await loginAs(t, { clearance: 'restricted' });
    const secret = await createMeeting(t.db, { title: 'Back-channel in Murmansk', classification: 'confidential' });
    const open = await createMeeting(t.db, { title: 'Oulu', classification: 'unclassified' });
    await createCommitment(t.db, { meetingId: open, text: 'Hidden promise', classification: 'confidential' });
    await createCommitment(t.db, { meetingId: open, text: 'Visible promise', classification: 'restricted' });

    expect((await agent.get(`/meetings/${secret}`)).status).toBe(404);
    expect((await agent.get(`/meetings/${secret}/edit`)).status).toBe(404);
    expect(
      (
        await postForm(
          agent,
          `/meetings/${secret}`,
          { version: '1', title: 'x', heldOn: '2015-10-21', classification: 'unclassified' },
          '/meetings',
        )
      ).status,
    ).toBe(404);
    expect((await postForm(agent, `/meetings/${secret}/delete`, {}, '/meetings')).status).toBe(404);
    const list = await agent.get('/meetings');
    expect(list.text).toContain('Oulu');
    expect(list.text).not.toContain('Back-channel in Murmansk');
    const form = await agent.get('/commitments/new');
    expect(form.text).not.toContain('Back-channel in Murmansk');
    const prefilled = await agent.get(`/commitments/new?meetingId=${secret}`);
    expect(prefilled.text).not.toContain('Back-channel in Murmansk');
    const page = await agent.get(`/meetings/${open}`);
    expect(page.text).toContain('Visible promise');
    expect(page.text).not.toContain('Hidden promise');
    const [row] = await t.db.query(`SELECT title, deleted_at FROM meetings WHERE id = $1`, [secret]);
    expect(row).toEqual({ title: 'Back-channel in Murmansk', deleted_at: null });
  });
});

describe('GET /meetings', () => {
  it('lists newest first and filters by negotiation, participant, dates and text', async () => {
    const { agent } = await loginAs(t);
    const d = await createDossier(t.db);
    const negotiation = await createNegotiation(t.db);
    await createMeeting(t.db, { title: 'Kirkenes 2014', heldOn: '2014-10-23', participantIds: [d.brende, d.lavrov] });
    await createMeeting(t.db, {
      title: 'Oulu BEAC',
      heldOn: '2015-10-21',
      negotiationId: negotiation,
      participantIds: [d.brende],
    });
    await createMeeting(t.db, { title: 'Moscow delegation', heldOn: '2016-01-27' });
    const all = await agent.get('/meetings');
    expect(all.text.indexOf('Moscow delegation')).toBeLessThan(all.text.indexOf('Oulu BEAC'));
    expect(all.text.indexOf('Oulu BEAC')).toBeLessThan(all.text.indexOf('Kirkenes 2014'));
    const titles = async (query: string) => {
      const text = (await agent.get(`/meetings?${query}`)).text;
      return ['Kirkenes 2014', 'Oulu BEAC', 'Moscow delegation'].filter((title) => text.includes(title));
    };
    expect(await titles(`negotiationId=${negotiation}`)).toEqual(['Oulu BEAC']);
    expect(await titles(`officialId=${d.lavrov}`)).toEqual(['Kirkenes 2014']);
    expect(await titles('from=2015-01-01&to=2015-12-31')).toEqual(['Oulu BEAC']);
    expect(await titles('q=moscow')).toEqual(['Moscow delegation']);
    expect(await titles('q=%25')).toEqual([]);
    expect(
      (await agent.get('/meetings?from=2016-02-30&negotiationId[]=1&q=%27%3B%20DROP%20TABLE%20meetings')).status,
    ).toBe(200);
    for (const bad of ['abc', '0', '9223372036854775808'])
      expect((await agent.get(`/meetings/${bad}`)).status).toBe(404);
  });
});

describe('text', () => {
  it('keeps Norwegian, Cyrillic and emoji intact and escapes HTML on every page', async () => {
    const { agent } = await loginAs(t);
    const d = await createDossier(t.db);
    const res = await postMeeting(
      agent,
      [
        ['title', 'Møte i Oulu — встреча 🇳🇴🇷🇺 <script>alert(1)</script>'],
        ['heldOn', '2015-10-21'],
        ['classification', 'unclassified'],
        ['location', '"><img src=x onerror=alert(1)>'],
      ],
      [{ text: '<b>Я посмотрю</b> 👀', partyId: d.ruMfa, counterpartId: d.noMfa }],
    );
    expect(res.status).toBe(303);
    const [row] = await t.db.query(`SELECT title FROM meetings`);
    expect(row.title).toBe('Møte i Oulu — встреча 🇳🇴🇷🇺 <script>alert(1)</script>');
    for (const path of [res.headers.location, '/meetings', `${res.headers.location}/edit`, '/commitments']) {
      const page = await agent.get(path);
      expect(page.text).not.toContain('<script>alert(1)</script>');
      expect(page.text).not.toContain('<img src=x');
      expect(page.text).not.toContain('<b>Я');
    }
    const show = await agent.get(res.headers.location);
    expect(show.text).toContain('Møte i Oulu — встреча 🇳🇴🇷🇺 &lt;script&gt;');
    expect(show.text).toContain('&lt;b&gt;Я посмотрю&lt;/b&gt; 👀');
  });
});

describe('deleting and restoring', () => {
  it('soft-deletes a meeting and lets only an admin restore it', async () => {
    const { agent } = await loginAs(t);
    const id = await createMeeting(t.db, { title: 'Oulu' });
    expect((await postForm(agent, `/meetings/${id}/delete`, {}, `/meetings/${id}`)).status).toBe(303);
    expect((await agent.get(`/meetings/${id}`)).status).toBe(404);
    expect((await postForm(agent, `/meetings/${id}/restore`, {}, '/meetings')).status).toBe(403);
    const admin = await loginAs(t, { role: 'admin', clearance: 'confidential' });
    expect((await admin.agent.get('/meetings?deleted=1')).text).toContain('Oulu');
    expect((await postForm(admin.agent, `/meetings/${id}/restore`, {}, `/meetings/${id}`)).status).toBe(303);
    expect(await count(t.db, `meetings WHERE deleted_at IS NULL`)).toBe(1);
    expect(await count(t.db, `audit_events WHERE entity_type = 'meeting' AND action IN ('delete', 'restore')`)).toBe(2);
  });
});
