import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { editAgreementSchema } from '../../src/agreements/agreement.schema';
import { updateAgreement } from '../../src/agreements/agreements.service';
import { StaleEditError } from '../../src/web/records';
import { createMinistry } from '../support/factories';
import { createAgreement } from '../support/agreements.factories';
import { createCommitment, createDossier, createMeeting } from '../support/commitments.factories';
import { submissionToken as tokenOf } from '../support/form-html';
import { loginAs, postForm, useApp } from '../support/app';

// The ordinary writes go through TypeORM's repositories and query builder (src/db/record-writes.ts).
// What they leave behind must be what the hand-written SQL left: the same audit values (dates as
// YYYY-MM-DD, id lists sorted), and one INSERT … RETURNING or one UPDATE … WHERE id AND version.

const t = useApp();

type Changes = Record<string, { before: unknown; after: unknown }>;

async function lastChanges(entityType: string, action: string): Promise<Changes> {
  const [event] = await t.db.query(
    `SELECT changes FROM audit_events WHERE entity_type = $1 AND action = $2 ORDER BY id DESC LIMIT 1`,
    [entityType, action],
  );
  return (event as { changes: Changes }).changes;
}

/** The SQL statements sent while `run` runs, whitespace collapsed. */
async function statementsDuring(run: () => Promise<unknown>): Promise<string[]> {
  const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query');
  try {
    await run();
    return spy.mock.calls.map(([sql]) => sql.replace(/\s+/g, ' ').trim());
  } finally {
    spy.mockRestore();
  }
}

describe('an edit that changes one field audits that field alone', () => {
  it('meeting: the date read back is the date typed, the participants compare sorted', async () => {
    const { agent } = await loginAs(t, { role: 'manager' });
    const d = await createDossier(t.db);
    const id = await createMeeting(t.db, { title: 'Oulu', heldOn: '2015-10-21', participantIds: [d.lavrov, d.brende] });
    const participants = [d.brende, d.lavrov].sort((a, b) => b - a).map(String);
    const res = await postForm(
      agent,
      `/meetings/${id}`,
      {
        version: '1',
        title: 'Oulu (BEAC)',
        heldOn: '2015-10-21',
        classification: 'unclassified',
        participantIds: participants,
      },
      `/meetings/${id}/edit`,
    );
    expect(res.status).toBe(303);
    expect(await lastChanges('meeting', 'update')).toEqual({ title: { before: 'Oulu', after: 'Oulu (BEAC)' } });

    const moved = await postForm(
      agent,
      `/meetings/${id}`,
      {
        version: '2',
        title: 'Oulu (BEAC)',
        heldOn: '2015-10-22',
        classification: 'unclassified',
        participantIds: [String(d.lavrov)],
      },
      `/meetings/${id}/edit`,
    );
    expect(moved.status).toBe(303);
    expect(await lastChanges('meeting', 'update')).toEqual({
      heldOn: { before: '2015-10-21', after: '2015-10-22' },
      participantIds: { before: [d.brende, d.lavrov].sort((a, b) => a - b), after: [d.lavrov] },
    });
    const [row] = await t.db.query(
      `SELECT to_char(held_on, 'YYYY-MM-DD') AS held_on, version FROM meetings WHERE id = $1`,
      [id],
    );
    expect(row).toEqual({ held_on: '2015-10-22', version: 3 });
  });

  it('agreement: dates and parties read back as typed', async () => {
    const { agent } = await loginAs(t, { role: 'manager' });
    const no = await createMinistry(t.db, { countryCode: 'NO' });
    const ru = await createMinistry(t.db, { countryCode: 'RU' });
    const id = await createAgreement(t.db, {
      title: 'Readmission',
      signedOn: '2007-04-08',
      inForceOn: '2008-06-01',
      partyIds: [ru, no],
    });
    const fields = {
      version: '1',
      title: 'Readmission agreement',
      kind: 'agreement',
      status: 'in_force',
      signedOn: '2007-04-08',
      inForceOn: '2008-06-01',
      partyIds: [String(Math.max(no, ru)), String(Math.min(no, ru))],
      classification: 'unclassified',
    };
    const res = await postForm(agent, `/agreements/${id}`, fields, `/agreements/${id}/edit`);
    expect(res.status).toBe(303);
    expect(await lastChanges('agreement', 'update')).toEqual({
      title: { before: 'Readmission', after: 'Readmission agreement' },
    });
  });

  it('commitment: made and due dates read back as typed, the maker’s title kept', async () => {
    const { agent, user } = await loginAs(t, { role: 'manager' });
    const d = await createDossier(t.db);
    const id = await createCommitment(t.db, {
      text: 'Original',
      madeById: d.lavrov,
      partyId: d.ruMfa,
      counterpartId: d.noMfa,
      madeOn: '2015-10-21',
      dueOn: '2015-11-15',
      ownerId: user.id,
    });
    await t.db.query(`UPDATE commitments SET made_by_title = 'Minister of Foreign Affairs' WHERE id = $1`, [id]);
    const fields = {
      version: '1',
      text: 'Edited words',
      madeById: String(d.lavrov),
      partyId: String(d.ruMfa),
      counterpartId: String(d.noMfa),
      strength: 'pledge',
      madeOn: '2015-10-21',
      dueOn: '2015-11-15',
      ownerId: String(user.id),
      classification: 'unclassified',
      sourceUrl: 'https://www.nrk.no/statement',
    };
    const res = await postForm(agent, `/commitments/${id}`, fields, `/commitments/${id}/edit`);
    expect(res.status).toBe(303);
    expect(await lastChanges('commitment', 'update')).toEqual({ text: { before: 'Original', after: 'Edited words' } });
  });
});

describe('an agreement whose parent the user may not see', () => {
  it('keeps that link when the form (which cannot show it) comes back without a parent', async () => {
    const { agent } = await loginAs(t, { role: 'manager', clearance: 'restricted' });
    const parties = [
      await createMinistry(t.db, { countryCode: 'NO' }),
      await createMinistry(t.db, { countryCode: 'RU' }),
    ];
    const hidden = await createAgreement(t.db, {
      title: 'Confidential parent',
      classification: 'confidential',
      partyIds: parties,
    });
    const id = await createAgreement(t.db, { title: 'Readmission', parentId: hidden, partyIds: parties });
    const fields = {
      version: '1',
      title: 'Readmission agreement',
      kind: 'agreement',
      status: 'in_force',
      signedOn: '2007-04-08',
      partyIds: parties.map(String),
      parentId: '',
      classification: 'unclassified',
    };
    const res = await postForm(agent, `/agreements/${id}`, fields, `/agreements/${id}/edit`);
    expect(res.status).toBe(303);
    const [row] = await t.db.query(`SELECT title, parent_id, version FROM agreements WHERE id = $1`, [id]);
    expect(row).toEqual({ title: 'Readmission agreement', parent_id: hidden, version: 2 });
    expect(await lastChanges('agreement', 'update')).toEqual({
      title: { before: 'Readmission', after: 'Readmission agreement' },
    });
  });

  it('answers an edit of an agreement raised above the user’s clearance meanwhile as gone, changing nothing', async () => {
    const { user } = await loginAs(t, { role: 'manager', clearance: 'restricted' });
    const parties = [
      await createMinistry(t.db, { countryCode: 'NO' }),
      await createMinistry(t.db, { countryCode: 'RU' }),
    ];
    const id = await createAgreement(t.db, { title: 'Readmission', partyIds: parties });
    // The route loaded it while it was visible; it is raised before the save's transaction locks it.
    await t.db.query(`UPDATE agreements SET classification = 'confidential' WHERE id = $1`, [id]);
    const input = editAgreementSchema.parse({
      version: '1',
      title: 'Mine',
      kind: 'agreement',
      status: 'in_force',
      signedOn: '2007-04-08',
      partyIds: parties.map(String),
      classification: 'unclassified',
    });
    const save = updateAgreement(
      t.db,
      { userId: user.id, levels: ['unclassified', 'restricted'], isAdmin: false },
      id,
      1,
      input,
    );
    await expect(save).rejects.toBeInstanceOf(StaleEditError);
    const [row] = await t.db.query(`SELECT title, classification, version FROM agreements WHERE id = $1`, [id]);
    expect(row).toEqual({ title: 'Readmission', classification: 'confidential', version: 1 });
    expect(await t.db.query(`SELECT 1 FROM audit_events WHERE entity_type = 'agreement'`)).toEqual([]);
  });
});

describe('the SQL TypeORM sends', () => {
  it('creates a meeting with one INSERT … RETURNING and updates it with one UPDATE … WHERE id AND version that bumps the version', async () => {
    const { agent } = await loginAs(t, { role: 'manager' });
    const d = await createDossier(t.db);
    const form = await agent.get('/meetings/new');
    const created = await statementsDuring(() =>
      postForm(
        agent,
        '/meetings',
        {
          _submission: tokenOf(form.text),
          title: 'Oulu',
          heldOn: '2015-10-21',
          classification: 'unclassified',
          participantIds: [String(d.brende), String(d.lavrov)],
        },
        '/meetings/new',
      ),
    );
    const inserts = created.filter((sql) => sql.startsWith('INSERT INTO "meetings"'));
    expect(inserts).toHaveLength(1);
    expect(inserts[0]).toMatch(/ RETURNING (.*, )?"?id"?(,|$)/);
    expect(created.filter((sql) => sql.startsWith('INSERT INTO "meeting_participants"'))).toHaveLength(1);
    const [{ id }] = await t.db.query(`SELECT id FROM meetings`);

    const updated = await statementsDuring(() =>
      postForm(
        agent,
        `/meetings/${id}`,
        {
          version: '1',
          title: 'Oulu (BEAC)',
          heldOn: '2015-10-21',
          classification: 'unclassified',
          participantIds: [String(d.brende)],
        },
        `/meetings/${id}/edit`,
      ),
    );
    const updates = updated.filter((sql) => sql.startsWith('UPDATE "meetings"'));
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatch(/"version" = "version" \+ 1/);
    expect(updates[0]).toMatch(/"updated_at" = CURRENT_TIMESTAMP/);
    expect(updates[0]).toMatch(/WHERE "id" = \$\d+ AND "version" = \$\d+$/);
    expect(updated.some((sql) => /FROM "meetings".*FOR UPDATE/.test(sql))).toBe(true);
  });
});
