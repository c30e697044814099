import request from 'supertest';
import { count, postForm, useApp, agentAs } from '../support/app';
import { createMinistry } from '../support/factories';
import { optionValues, submissionToken } from '../support/form-html';
import { createNote } from '../support/notes.factories';
import { createCommitment, createMeeting } from '../support/commitments.factories';

const t = useApp();

/** 2,100 notes, 2,100 meetings and 2,100 agreements nobody chose, each with a reference or title of its own. */
async function bulkRecords(from: number, to: number) {
  await t.db.query(
    `INSERT INTO notes (reference, kind, sent_on, from_id, to_id, subject, classification)
     SELECT 'BULK-' || i, 'note_verbale', date '2015-01-01' + (i % 700), $1, $2, 'Routine matter ' || i, 'unclassified' FROM generate_series(1, 2100) i`,
    [from, to],
  );
  await t.db.query(
    `INSERT INTO meetings (title, held_on, classification) SELECT 'BULKMEETING ' || i, date '2015-01-01' + (i % 700), 'unclassified' FROM generate_series(1, 2100) i`,
  );
  await t.db.query(
    `INSERT INTO agreements (title, kind, status, classification) SELECT 'BULKAGREEMENT ' || i, 'protocol', 'signed', 'unclassified' FROM generate_series(1, 2100) i`,
  );
}

describe('record pickers with thousands of records', () => {
  it('keep the forms small and list no record the user did not choose or search for', async () => {
    const ud = await createMinistry(t.db, { countryCode: 'NO' });
    const mid = await createMinistry(t.db, { countryCode: 'RU' });
    await bulkRecords(ud, mid);
    const chosen = await createNote(t.db, { reference: 'UD-2015/1015-RU', fromId: ud, toId: mid });
    const commitment = await createCommitment(t.db, { classification: 'unclassified' });
    const agent = await agentAs(t, { clearance: 'restricted' });
    const pages = [
      '/notes/new',
      `/notes/new?inReplyToId=${chosen}`,
      '/agreements/new',
      '/commitments/new',
      '/commitments/suggest',
      `/commitments/${commitment}`,
      `/notes/${chosen}/edit`,
    ];
    for (const path of pages) {
      const res = await agent.get(path);
      expect(res.status).toBe(200);
      expect(Buffer.byteLength(res.text)).toBeLessThan(40_000);
      expect(res.text).not.toMatch(/BULK/);
    }
    const reply = await agent.get(`/notes/new?inReplyToId=${chosen}`);
    expect(optionValues(reply.text, 'inReplyToId')).toEqual([String(chosen)]);
  });

  it('answers at most 20 matches as JSON, newest first, words matched by prefix', async () => {
    const ud = await createMinistry(t.db, { countryCode: 'NO' });
    const mid = await createMinistry(t.db, { countryCode: 'RU' });
    await bulkRecords(ud, mid);
    const agent = await agentAs(t, { clearance: 'restricted' });
    const all = await agent.get('/pickers/notes?q=routine').expect('Content-Type', /json/);
    expect(all.status).toBe(200);
    expect(all.body.results).toHaveLength(20);
    expect(Object.keys(all.body.results[0]).sort()).toEqual(['label', 'value']);
    const one = await agent.get('/pickers/notes?q=BULK-1234');
    expect(one.body.results.map((r: { label: string }) => r.label)).toEqual(['BULK-1234 — Routine matter 1234']);
    const meetings = (await agent.get('/pickers/meetings?q=bulkmeeting%2077')).body.results.map(
      (r: { label: string }) => r.label.replace(/^.* · /, ''),
    );
    expect(meetings.sort()).toEqual(
      ['BULKMEETING 77', ...Array.from({ length: 10 }, (_, i) => `BULKMEETING 77${i}`)].sort(),
    );
    expect((await agent.get('/pickers/agreements?q=bulkagreement%205')).body.results).toHaveLength(20);
    expect((await agent.get('/pickers/officials')).status).toBe(404);
    expect((await agent.get('/pickers/notes?q[]=x&q[y]=1')).status).toBe(200);
  });
});

describe('GET /pickers/:kind', () => {
  it('never answers a record above the reader’s clearance, nor a deleted one', async () => {
    const ud = await createMinistry(t.db, { countryCode: 'NO' });
    const mid = await createMinistry(t.db, { countryCode: 'RU' });
    const open = await createNote(t.db, {
      reference: 'STORSKOG-OPEN',
      fromId: ud,
      toId: mid,
      classification: 'restricted',
    });
    await createNote(t.db, { reference: 'STORSKOG-SECRET', fromId: ud, toId: mid, classification: 'confidential' });
    const gone = await createNote(t.db, { reference: 'STORSKOG-GONE', fromId: ud, toId: mid });
    await t.db.query(`UPDATE notes SET deleted_at = now() WHERE id = $1`, [gone]);
    await createMeeting(t.db, { title: 'Storskog secret talks', classification: 'confidential' });
    const restricted = await agentAs(t, { clearance: 'restricted' });
    for (const q of ['storskog', 'STORSKOG-SECRET', 'secret', '']) {
      const labels = (await restricted.get(`/pickers/notes?q=${encodeURIComponent(q)}`)).body.results
        .map((r: { label: string }) => r.label)
        .join();
      expect(labels).not.toMatch(/SECRET|GONE/);
    }
    expect(
      (await restricted.get('/pickers/notes?q=storskog')).body.results.map((r: { value: number }) => r.value),
    ).toEqual([open]);
    expect((await restricted.get('/pickers/meetings?q=storskog')).body.results).toEqual([]);
    const cleared = await agentAs(t, { clearance: 'confidential' });
    expect((await cleared.get('/pickers/notes?q=storskog')).body.results).toHaveLength(2);
    expect((await cleared.get('/pickers/meetings?q=storskog')).body.results).toHaveLength(1);
  });

  it('answers nothing without a session', async () => {
    await createNote(t.db, { reference: 'NV-PUBLIC' });
    const res = await request(t.app).get('/pickers/notes?q=nv');
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/login/);
    expect(res.text).not.toContain('NV-PUBLIC');
  });
});

describe('a record picker without JavaScript', () => {
  it('searches, keeps everything typed, then saves the note with the chosen one', async () => {
    const ud = await createMinistry(t.db, { countryCode: 'NO' });
    const mid = await createMinistry(t.db, { countryCode: 'RU' });
    const original = await createNote(t.db, {
      reference: 'МИД-2016/0119-НО',
      subject: 'Returns by bus across Storskog',
      fromId: mid,
      toId: ud,
    });
    await createNote(t.db, { reference: 'NV-OTHER', subject: 'Fisheries', fromId: mid, toId: ud });
    const hidden = await createNote(t.db, {
      reference: 'NV-HIDDEN',
      subject: 'Returns, secret annex',
      fromId: mid,
      toId: ud,
      classification: 'confidential',
    });
    const agent = await agentAs(t, { clearance: 'restricted' });
    const form = await agent.get('/notes/new');
    const typed = {
      _submission: submissionToken(form.text),
      reference: 'UD-2016/0125-RU',
      kind: 'note_verbale',
      sentOn: '2016-01-25',
      fromId: String(ud),
      toId: String(mid),
      subject: 'Re: returns <by bus>',
      body: 'Norway has postponed the returns.',
      classification: 'unclassified',
    };
    const before = await count(t.db, 'notes');

    const searched = await postForm(
      agent,
      '/notes',
      { ...typed, inReplyToId: '', '_find[inReplyToId]': 'returns', _search: 'inReplyToId' },
      '/notes/new',
    );
    expect(searched.status).toBe(200);
    expect(await count(t.db, 'notes')).toBe(before);
    expect(optionValues(searched.text, 'inReplyToId')).toEqual([String(original)]);
    expect(searched.text).not.toContain('NV-OTHER');
    expect(searched.text).not.toContain('NV-HIDDEN');
    expect(searched.text).toContain('value="Re: returns &lt;by bus&gt;"');
    expect(searched.text).toContain('Norway has postponed the returns.');
    expect(searched.text).toContain('name="_find[inReplyToId]" value="returns"');
    expect(searched.text).toContain('1 found');
    expect(submissionToken(searched.text)).toBe(typed._submission);

    const saved = await postForm(agent, '/notes', { ...typed, inReplyToId: String(original) }, '/notes/new');
    expect(saved.status).toBe(303);
    const [row] = await t.db.query(`SELECT in_reply_to_id, subject FROM notes WHERE reference = 'UD-2016/0125-RU'`);
    expect(row).toEqual({ in_reply_to_id: original, subject: 'Re: returns <by bus>' });
    // A hidden note posted by id is refused, and not echoed as a choice.
    const sneaky = await postForm(
      agent,
      '/notes',
      {
        ...typed,
        _submission: submissionToken((await agent.get('/notes/new')).text),
        reference: 'UD-X',
        inReplyToId: String(hidden),
      },
      '/notes/new',
    );
    expect(sneaky.status).toBe(422);
    expect(sneaky.text).not.toContain('NV-HIDDEN');
  });

  it('searches every source picker of the commitment form at once and keeps the typed words', async () => {
    const meeting = await createMeeting(t.db, { title: 'Brende–Lavrov meeting in Oulu' });
    await createMeeting(t.db, { title: 'Unrelated fisheries talks' });
    const agent = await agentAs(t, { clearance: 'restricted' });
    const res = await postForm(
      agent,
      '/commitments',
      {
        text: 'I will look into the matter',
        '_find[meetingId]': 'oulu',
        '_find[noteId]': 'nothing-like-this',
        _search: 'noteId',
      },
      '/commitments/new',
    );
    expect(res.status).toBe(200);
    expect(optionValues(res.text, 'meetingId')).toEqual([String(meeting)]);
    expect(optionValues(res.text, 'noteId')).toEqual([]);
    expect(res.text).toContain('No note you may see matches these words.');
    expect(res.text).toContain('I will look into the matter');
    expect(res.text).not.toContain('Unrelated fisheries');
  });

  it('searches the source pickers of the text-reading form without losing the pasted text', async () => {
    const meeting = await createMeeting(t.db, { title: 'Brende–Lavrov meeting in Oulu' });
    await createMeeting(t.db, { title: 'Unrelated fisheries talks' });
    const agent = await agentAs(t, { clearance: 'restricted' });
    const text = 'Mr. Lavrov said he would look into the matter.';
    const res = await postForm(
      agent,
      '/commitments/suggest',
      { text, sourceDate: '2015-10-21', '_find[meetingId]': 'oulu', _search: 'meetingId' },
      '/commitments/suggest',
    );
    expect(res.status).toBe(200);
    expect(optionValues(res.text, 'meetingId')).toEqual([String(meeting)]);
    expect(res.text).toContain('Mr. Lavrov said he would look into the matter.');
    expect(res.text).not.toContain('Unrelated fisheries');
  });
});
