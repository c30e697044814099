import { loginAs, postForm, useApp } from '../support/app';
import { createMinistry, createOfficial } from '../support/factories';
import { submissionToken } from '../support/form-html';
import { createNegotiation } from '../support/negotiations.factories';
import { createNote } from '../support/notes.factories';

// The History pages read these entries: every key, and every value's type (dates as
// 'YYYY-MM-DD' strings, names lists as text), must stay what it has always been.
const t = useApp();

async function changesOf(entityType: string, id: number, action: string): Promise<Record<string, unknown>[]> {
  const rows = await t.db.query<{ changes: Record<string, unknown> }[]>(
    `SELECT changes FROM audit_events WHERE entity_type = $1 AND entity_id = $2 AND action = $3 ORDER BY id`,
    [entityType, id, action],
  );
  return rows.map((r) => r.changes);
}

describe('audit entries of officials', () => {
  it('records a new official with the first position, and a rename with only what changed', async () => {
    const { agent } = await loginAs(t);
    const ministryId = await createMinistry(t.db, { name: 'Министерство иностранных дел', countryCode: 'RU' });
    const form = await agent.get('/officials/new');
    const created = await postForm(
      agent,
      '/officials',
      {
        _submission: submissionToken(form.text),
        fullName: 'Sergei Lavrov',
        nativeName: 'Сергей Лавров',
        aliases: 'S. Lavrov, Lavrov',
        title: 'Minister of Foreign Affairs',
        ministryId: String(ministryId),
        startedOn: '2004-03-09',
      },
      '/officials/new',
    );
    expect(created.status).toBe(303);
    const [{ id }] = await t.db.query<{ id: number }[]>(`SELECT id FROM officials`);
    expect(await changesOf('official', id, 'create')).toEqual([
      {
        fullName: { before: null, after: 'Sergei Lavrov' },
        nativeName: { before: null, after: 'Сергей Лавров' },
        aliases: { before: null, after: ['S. Lavrov', 'Lavrov'] },
        title: { before: null, after: 'Minister of Foreign Affairs' },
        ministryId: { before: null, after: ministryId },
        startedOn: { before: null, after: '2004-03-09' },
      },
    ]);
    const renamed = await postForm(
      agent,
      `/officials/${id}`,
      { version: '1', fullName: 'Sergey Lavrov', nativeName: 'Сергей Лавров', aliases: 'S. Lavrov, Lavrov' },
      `/officials/${id}/edit`,
    );
    expect(renamed.status).toBe(303);
    expect(await changesOf('official', id, 'update')).toEqual([
      { fullName: { before: 'Sergei Lavrov', after: 'Sergey Lavrov' } },
    ]);
  });

  it('stamps the official when a position is recorded but leaves its version, so an open names form still saves', async () => {
    const { agent } = await loginAs(t);
    const jd = await createMinistry(t.db, { name: 'Justis- og beredskapsdepartementet', shortName: 'JD' });
    const id = await createOfficial(t.db, {
      fullName: 'Sylvi Listhaug',
      title: 'Landbruks- og matminister',
      startedOn: '2013-10-16',
    });
    await t.db.query(`UPDATE officials SET updated_at = now() - interval '1 day' WHERE id = $1`, [id]);
    const page = await agent.get(`/officials/${id}`);
    const res = await postForm(
      agent,
      `/officials/${id}/positions`,
      {
        _submission: submissionToken(page.text),
        title: 'Innvandrings- og integreringsminister',
        ministryId: String(jd),
        startedOn: '2015-12-16',
      },
      `/officials/${id}`,
    );
    expect(res.status).toBe(303);
    const [row] = await t.db.query<{ version: number; stamped: boolean }[]>(
      `SELECT version, updated_at > now() - interval '1 hour' AS stamped FROM officials WHERE id = $1`,
      [id],
    );
    expect(row).toEqual({ version: 1, stamped: true });
    expect(await changesOf('official', id, 'update')).toEqual([
      {
        title: { before: 'Landbruks- og matminister', after: 'Innvandrings- og integreringsminister' },
        ministry: { before: expect.any(String), after: 'JD' },
        positionStartedOn: { before: '2013-10-16', after: '2015-12-16' },
        previousPositionEndedOn: { before: null, after: '2015-12-15' },
      },
    ]);
    const names = await postForm(
      agent,
      `/officials/${id}`,
      { version: '1', fullName: 'Sylvi Listhaug', nativeName: '' },
      `/officials/${id}/edit`,
    );
    expect(names.status).toBe(303);
  });
});

describe('audit entries of negotiations', () => {
  it('records the parties as names, in country then name order, on create and update', async () => {
    const { agent } = await loginAs(t);
    const ud = await createMinistry(t.db, { name: 'Utenriksdepartementet', shortName: 'UD', countryCode: 'NO' });
    const mid = await createMinistry(t.db, { name: 'МИД России', countryCode: 'RU' });
    const udi = await createMinistry(t.db, { name: 'Utlendingsdirektoratet', shortName: 'UDI', countryCode: 'NO' });
    const form = await agent.get('/negotiations/new');
    const created = await postForm(
      agent,
      '/negotiations',
      {
        _submission: submissionToken(form.text),
        title: 'Storskog',
        status: 'active',
        partyIds: [String(mid), String(ud)],
      },
      '/negotiations/new',
    );
    expect(created.status).toBe(303);
    const [{ id }] = await t.db.query<{ id: number }[]>(`SELECT id FROM negotiations`);
    expect(await changesOf('negotiation', id, 'create')).toEqual([
      {
        title: { before: null, after: 'Storskog' },
        status: { before: null, after: 'active' },
        parties: { before: null, after: 'UD, МИД России' },
      },
    ]);
    const updated = await postForm(
      agent,
      `/negotiations/${id}`,
      {
        version: '1',
        title: 'Storskog',
        status: 'active',
        summary: 'Readmission first.',
        partyIds: [String(mid), String(udi)],
      },
      `/negotiations/${id}/edit`,
    );
    expect(updated.status).toBe(303);
    expect(await changesOf('negotiation', id, 'update')).toEqual([
      {
        summary: { before: null, after: 'Readmission first.' },
        parties: { before: 'UD, МИД России', after: 'UDI, МИД России' },
      },
    ]);
  });

  it('answers 422 for a deleted party and changes neither the negotiation nor its parties', async () => {
    const { agent } = await loginAs(t);
    const [ud, mid, gone] = [
      await createMinistry(t.db, { countryCode: 'NO' }),
      await createMinistry(t.db, { countryCode: 'RU' }),
      await createMinistry(t.db, { countryCode: 'FI' }),
    ];
    await t.db.query(`UPDATE ministries SET deleted_at = now() WHERE id = $1`, [gone]);
    const id = await createNegotiation(t.db, { title: 'Storskog', partyIds: [ud, mid] });
    const res = await postForm(
      agent,
      `/negotiations/${id}`,
      { version: '1', title: 'Changed', status: 'paused', partyIds: [String(ud), String(gone)] },
      `/negotiations/${id}/edit`,
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain('Choose entries from the list.');
    expect(await t.db.query(`SELECT title, status, version FROM negotiations WHERE id = $1`, [id])).toEqual([
      { title: 'Storskog', status: 'active', version: 1 },
    ]);
    expect(
      await t.db.query(`SELECT ministry_id FROM negotiation_parties WHERE negotiation_id = $1 ORDER BY ministry_id`, [
        id,
      ]),
    ).toEqual([ud, mid].sort((a, b) => a - b).map((m) => ({ ministry_id: m })));
    expect(await changesOf('negotiation', id, 'update')).toEqual([]);
  });
});

describe('audit entries of notes', () => {
  it('keeps dates as YYYY-MM-DD text: an unchanged date is not a change, a changed one shows both days', async () => {
    const { agent } = await loginAs(t, { clearance: 'confidential' });
    const [ud, mid] = [
      await createMinistry(t.db, { countryCode: 'NO' }),
      await createMinistry(t.db, { countryCode: 'RU' }),
    ];
    const id = await createNote(t.db, {
      reference: 'NV-1',
      fromId: ud,
      toId: mid,
      subject: 'Storskog',
      sentOn: '2015-09-16',
      replyDueOn: '2015-10-01',
    });
    const base = {
      reference: 'NV-1',
      kind: 'note_verbale',
      fromId: String(ud),
      toId: String(mid),
      classification: 'unclassified',
    };
    const first = await postForm(
      agent,
      `/notes/${id}`,
      { ...base, version: '1', sentOn: '2015-09-16', replyDueOn: '2015-10-01', subject: 'Storskog border crossing' },
      `/notes/${id}/edit`,
    );
    expect(first.status).toBe(303);
    const second = await postForm(
      agent,
      `/notes/${id}`,
      { ...base, version: '2', sentOn: '2015-09-17', replyDueOn: '', subject: 'Storskog border crossing' },
      `/notes/${id}/edit`,
    );
    expect(second.status).toBe(303);
    expect(await changesOf('note', id, 'update')).toEqual([
      { subject: { before: 'Storskog', after: 'Storskog border crossing' } },
      { sentOn: { before: '2015-09-16', after: '2015-09-17' }, replyDueOn: { before: '2015-10-01', after: null } },
    ]);
    expect(
      await t.db.query(`SELECT sent_on::text, reply_due_on::text, version FROM notes WHERE id = $1`, [id]),
    ).toEqual([{ sent_on: '2015-09-17', reply_due_on: null, version: 3 }]);
  });

  it('refuses a reference a deleted note still holds, whatever its case, and saves nothing', async () => {
    const { agent } = await loginAs(t, { clearance: 'confidential' });
    const [ud, mid] = [
      await createMinistry(t.db, { countryCode: 'NO' }),
      await createMinistry(t.db, { countryCode: 'RU' }),
    ];
    const gone = await createNote(t.db, { reference: 'NV-77', fromId: ud, toId: mid });
    await t.db.query(`UPDATE notes SET deleted_at = now() WHERE id = $1`, [gone]);
    const form = await agent.get('/notes/new');
    const res = await postForm(
      agent,
      '/notes',
      {
        _submission: submissionToken(form.text),
        reference: 'nv-77',
        kind: 'note_verbale',
        sentOn: '2016-01-15',
        fromId: String(ud),
        toId: String(mid),
        subject: 'Again',
        classification: 'unclassified',
      },
      '/notes/new',
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain('This reference cannot be used; choose another.');
    expect(await t.db.query(`SELECT id FROM notes`)).toEqual([{ id: gone }]);
  });
});
