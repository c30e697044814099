import { DroppingClient } from '../../src/db/dropping-client';
import { login, useApp } from '../support/app';
import { createMinistry, createOfficial, createUser, PASSWORD } from '../support/factories';

const t = useApp();

async function dossier() {
  const no = await createMinistry(t.db, { name: 'Utenriksdepartementet', countryCode: 'NO' });
  const ru = await createMinistry(t.db, { name: 'МИД России', countryCode: 'RU' });
  const brende = await createOfficial(t.db, {
    fullName: 'Børge Brende',
    ministryId: no,
    title: 'Minister of Foreign Affairs',
  });
  const lavrov = await createOfficial(t.db, {
    fullName: 'Sergey Lavrov',
    ministryId: ru,
    title: 'Minister of Foreign Affairs',
  });
  const [meeting] = await t.db.query(
    `INSERT INTO meetings (title, held_on, location) VALUES ('Oulu meeting', '2015-10-14', 'Oulu') RETURNING id`,
  );
  await t.db.query(`INSERT INTO meeting_participants VALUES ($1, $2), ($1, $3)`, [meeting.id, brende, lavrov]);
  const add = (
    text: string,
    party: number,
    counterpart: number,
    extra: { madeBy?: number; dueOn?: string; status?: string; classification?: string; meeting?: number } = {},
  ) =>
    t.db.query(
      `INSERT INTO commitments (text, made_by_id, party_id, counterpart_id, strength, source_type, meeting_id, source_url, made_on, due_on, status, classification)
       VALUES ($1, $2, $3, $4, 'will_consider', $5, $6, $7, '2015-10-14', $8, $9, $10)`,
      [
        text,
        extra.madeBy ?? null,
        party,
        counterpart,
        extra.meeting ? 'meeting' : 'statement',
        extra.meeting ?? null,
        extra.meeting ? null : 'https://example.test/',
        extra.dueOn ?? null,
        extra.status ?? 'open',
        extra.classification ?? 'unclassified',
      ],
    );
  await add('He would look into the matter', ru, no, { madeBy: lavrov, dueOn: '2015-11-13', meeting: meeting.id });
  await add('A report within the year', ru, no, { dueOn: '2099-01-01' });
  await add('Норвегия не будет возвращать автобусами', no, ru);
  await add('Already done', ru, no, { status: 'fulfilled' });
  await add('Secret pledge', ru, no, { classification: 'confidential' });
  const [note] = await t.db.query(
    `INSERT INTO notes (reference, kind, sent_on, from_id, to_id, subject, reply_due_on) VALUES ('UD-1', 'request', '2015-10-15', $1, $2, 'Request for a report', '2015-11-16') RETURNING id`,
    [no, ru],
  );
  await t.db.query(
    `INSERT INTO notes (reference, kind, sent_on, from_id, to_id, subject, reply_due_on) VALUES ('RU-9', 'formal_note', '2016-01-19', $1, $2, 'Answered note', '2016-02-02')`,
    [ru, no],
  );
  await t.db.query(
    `INSERT INTO notes (reference, kind, sent_on, from_id, to_id, subject, in_reply_to_id) SELECT 'UD-2', 'note_verbale', '2016-01-25', $1, $2, 'Reply', id FROM notes WHERE reference = 'RU-9'`,
    [no, ru],
  );
  const [agreement] = await t.db.query(
    `INSERT INTO agreements (title, kind, status, signed_on) VALUES ('Readmission agreement', 'agreement', 'in_force', '2007-04-08') RETURNING id`,
  );
  await t.db.query(`INSERT INTO agreement_parties VALUES ($1, $2), ($1, $3)`, [agreement.id, no, ru]);
  return { no, ru, lavrov, note: note.id };
}

describe('GET /ministries/:id/brief', () => {
  it('lists open commitments both ways with overdue first, unanswered notes, last meetings and agreements in force', async () => {
    const { ru } = await dossier();
    const staff = await login(t.app, (await createUser(t.db, { clearance: 'restricted' })).email, PASSWORD);
    const res = await staff.get(`/ministries/${ru}/brief`);
    expect(res.status).toBe(200);
    const text = res.text;
    const theirs = text.slice(text.indexOf('id="they-owe"'), text.indexOf('id="we-owe"'));
    expect(theirs.indexOf('He would look into the matter')).toBeLessThan(theirs.indexOf('A report within the year'));
    expect(theirs).toContain('overdue');
    expect(theirs).not.toContain('Already done');
    expect(text).not.toContain('Secret pledge');
    const ours = text.slice(text.indexOf('id="we-owe"'), text.indexOf('id="unanswered"'));
    expect(ours).toContain('Норвегия не будет возвращать автобусами');
    const notes = text.slice(text.indexOf('id="unanswered"'), text.indexOf('id="last-meetings"'));
    expect(notes).toContain('UD-1');
    expect(notes).not.toContain('RU-9');
    expect(text).toContain('Oulu meeting');
    expect(text).toContain('Readmission agreement');
    expect(text).toContain('href="/assets/css/print.css" media="print"');
  });

  it('answers 404 for a missing ministry or official', async () => {
    const staff = await login(t.app, (await createUser(t.db)).email, PASSWORD);
    expect((await staff.get('/ministries/999/brief')).status).toBe(404);
    expect((await staff.get('/officials/abc/brief')).status).toBe(404);
  });
});

describe('GET /officials/:id/brief', () => {
  it('covers what the official said and what their ministry owes', async () => {
    const { lavrov } = await dossier();
    const manager = await login(
      t.app,
      (await createUser(t.db, { role: 'manager', clearance: 'confidential' })).email,
      PASSWORD,
    );
    const res = await manager.get(`/officials/${lavrov}/brief`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Brief: Sergey Lavrov');
    expect(res.text).toContain('He would look into the matter');
    expect(res.text).toContain('Secret pledge');
    expect(res.text).toContain('Oulu meeting');
  });
});

describe('brief statements and clearance', () => {
  it('asks PostgreSQL at most 3 statements per brief, session included, for a ministry and for an official', async () => {
    const { ru, lavrov } = await dossier();
    const staff = await login(t.app, (await createUser(t.db, { clearance: 'restricted' })).email, PASSWORD);
    await staff.get(`/ministries/${ru}/brief`); // the session's first renewal is behind us
    const query = jest.spyOn(DroppingClient.prototype, 'query');
    try {
      for (const path of [`/ministries/${ru}/brief`, `/officials/${lavrov}/brief`, `/ministries/${ru}/brief`]) {
        query.mockClear();
        const res = await staff.get(path);
        expect(res.status).toBe(200);
        expect(res.text).toContain('He would look into the matter');
        expect(query.mock.calls.length).toBeGreaterThan(0);
        expect(query.mock.calls.length).toBeLessThanOrEqual(3);
      }
    } finally {
      query.mockRestore();
    }
  });

  it("filters every section by the reader's levels: a meeting's outcomes, a reply that answers a note, the meeting itself", async () => {
    const { no, ru, note } = await dossier();
    const [secretMeeting] = await t.db.query(
      `INSERT INTO meetings (title, held_on, classification) VALUES ('Back-channel in Murmansk', '2016-02-01', 'confidential') RETURNING id`,
    );
    const [lavrov] = await t.db.query(`SELECT id FROM officials WHERE full_name = 'Sergey Lavrov'`);
    await t.db.query(`INSERT INTO meeting_participants VALUES ($1, $2)`, [secretMeeting.id, lavrov.id]);
    const [oulu] = await t.db.query(`SELECT id FROM meetings WHERE title = 'Oulu meeting'`);
    await t.db.query(
      `INSERT INTO commitments (text, party_id, counterpart_id, strength, source_type, meeting_id, made_on, status, classification)
       VALUES ('Confidential outcome', $1, $2, 'pledge', 'meeting', $3, '2015-10-14', 'fulfilled', 'confidential')`,
      [ru, no, oulu.id],
    );
    // A confidential reply answers UD-1 for a cleared reader only.
    await t.db.query(
      `INSERT INTO notes (reference, kind, sent_on, from_id, to_id, subject, in_reply_to_id, classification) VALUES ('RU-SECRET', 'formal_note', '2015-11-01', $1, $2, 'Secret reply', $3, 'confidential')`,
      [ru, no, note],
    );

    const staff = await login(t.app, (await createUser(t.db, { clearance: 'restricted' })).email, PASSWORD);
    const restricted = (await staff.get(`/ministries/${ru}/brief`)).text;
    expect(restricted).toContain('Oulu meeting');
    expect(restricted).not.toContain('Back-channel in Murmansk');
    expect(restricted).not.toContain('Confidential outcome');
    expect(restricted).not.toContain('Secret pledge');
    expect(restricted.slice(restricted.indexOf('id="unanswered"'), restricted.indexOf('id="last-meetings"'))).toContain(
      'UD-1',
    );
    expect(restricted).not.toContain('RU-SECRET');

    const manager = await login(
      t.app,
      (await createUser(t.db, { role: 'manager', clearance: 'confidential' })).email,
      PASSWORD,
    );
    const cleared = (await manager.get(`/ministries/${ru}/brief`)).text;
    expect(cleared).toContain('Back-channel in Murmansk');
    expect(cleared).toContain('Confidential outcome');
    expect(cleared).toContain('Secret pledge');
    expect(cleared.slice(cleared.indexOf('id="unanswered"'), cleared.indexOf('id="last-meetings"'))).not.toContain(
      'UD-1',
    );
    // Dates read as the app's one format, from the JSON the brief is built from.
    expect(cleared).toContain('2015-11-13');
  });
});
