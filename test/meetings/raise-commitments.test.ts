import type request from 'supertest';
import { csrfToken, login, postForm, useApp } from '../support/app';
import { createUser, PASSWORD } from '../support/factories';
import { createDossier, createNote, formBody } from '../support/commitments.factories';
import { submissionToken } from '../support/form-html';

// Issue 10, point 3: a commitment is never classified below the record it quotes, after every edit.

const t = useApp();

async function users() {
  const manager = await createUser(t.db, { role: 'manager', clearance: 'confidential' });
  const staff = await createUser(t.db, { email: 'staff@demo.test', role: 'staff', clearance: 'restricted' });
  return {
    manager,
    managerAgent: await login(t.app, manager.email, PASSWORD),
    staffAgent: await login(t.app, staff.email, PASSWORD),
  };
}

async function postMeetingWithCommitment(agent: request.Agent, d: Awaited<ReturnType<typeof createDossier>>) {
  const form = await agent.get('/meetings/new');
  const token = await csrfToken(agent, '/meetings/new');
  const row = (i: number, text: string) =>
    [
      [`commitments[${i}][text]`, text],
      [`commitments[${i}][madeById]`, d.lavrov],
      [`commitments[${i}][partyId]`, d.ruMfa],
      [`commitments[${i}][counterpartId]`, d.noMfa],
      [`commitments[${i}][dueOn]`, ''],
      [`commitments[${i}][strength]`, 'will_consider'],
    ] as [string, string | number][];
  const res = await agent
    .post('/meetings')
    .type('form')
    .send(
      formBody([
        ['_csrf', token],
        ['_submission', submissionToken(form.text)],
        ['title', 'Brende–Lavrov, Oulu'],
        ['heldOn', '2015-10-21'],
        ['classification', 'unclassified'],
        ...row(0, 'I will look into the matter'),
        ...row(1, 'We will share the figures'),
      ]),
    );
  expect(res.status).toBe(303);
  return Number(/\/(\d+)$/.exec(res.headers.location)![1]);
}

describe('raising a meeting above the commitments made at it', () => {
  it('raises its inline commitments with it, audits each raise and says so; restricted users lose them', async () => {
    const { managerAgent, staffAgent, manager } = await users();
    const d = await createDossier(t.db);
    const meeting = await postMeetingWithCommitment(managerAgent, d);
    const ids: number[] = (await t.db.query(`SELECT id FROM commitments ORDER BY id`)).map((r: { id: number }) => r.id);
    expect((await staffAgent.get(`/commitments/${ids[0]}`)).status).toBe(200);

    const res = await postForm(
      managerAgent,
      `/meetings/${meeting}`,
      { version: '1', title: 'Brende–Lavrov, Oulu', heldOn: '2015-10-21', classification: 'confidential' },
      `/meetings/${meeting}/edit`,
    );
    expect(res.status).toBe(303);
    expect(await t.db.query(`SELECT classification, version FROM commitments ORDER BY id`)).toEqual([
      { classification: 'confidential', version: 2 },
      { classification: 'confidential', version: 2 },
    ]);
    const events = await t.db.query(
      `SELECT entity_id, user_id, changes, classification_before AS before, classification_after AS after FROM audit_events
        WHERE entity_type = 'commitment' AND action = 'update' ORDER BY entity_id`,
    );
    expect(events).toEqual(
      ids.map((id) => ({
        entity_id: id,
        user_id: manager.id,
        changes: { classification: { before: 'unclassified', after: 'confidential' } },
        before: 'unclassified',
        after: 'confidential',
      })),
    );
    expect((await managerAgent.get(`/meetings/${meeting}`)).text).toContain(
      'Meeting saved. 2 commitments quoting it were raised to confidential.',
    );

    for (const id of ids) expect((await staffAgent.get(`/commitments/${id}`)).status).toBe(404);
    const list = await staffAgent.get('/commitments');
    expect(list.text).not.toContain('I will look into the matter');
  });

  it('leaves commitments already at or above the new level alone, and lowering leaves them where they are', async () => {
    const { managerAgent } = await users();
    const d = await createDossier(t.db);
    const meeting = await postMeetingWithCommitment(managerAgent, d);
    await t.db.query(
      `UPDATE commitments SET classification = 'confidential' WHERE id = (SELECT min(id) FROM commitments)`,
    );
    const res = await postForm(
      managerAgent,
      `/meetings/${meeting}`,
      { version: '1', title: 'Oulu', heldOn: '2015-10-21', classification: 'restricted' },
      `/meetings/${meeting}/edit`,
    );
    expect(res.status).toBe(303);
    expect(
      (await t.db.query(`SELECT classification FROM commitments ORDER BY id`)).map(
        (r: { classification: string }) => r.classification,
      ),
    ).toEqual(['confidential', 'restricted']);
    expect((await managerAgent.get(`/meetings/${meeting}`)).text).toContain(
      '1 commitment quoting it was raised to restricted.',
    );
    expect(
      (
        await postForm(
          managerAgent,
          `/meetings/${meeting}`,
          { version: '2', title: 'Oulu', heldOn: '2015-10-21', classification: 'unclassified' },
          `/meetings/${meeting}/edit`,
        )
      ).status,
    ).toBe(303);
    expect(
      (await t.db.query(`SELECT classification FROM commitments ORDER BY id`)).map(
        (r: { classification: string }) => r.classification,
      ),
    ).toEqual(['confidential', 'restricted']);
  });
});

describe('the commitment form and its source', () => {
  it('refuses a commitment classified below its source, with a clear message and no row', async () => {
    const { managerAgent, manager } = await users();
    const d = await createDossier(t.db);
    const note = await createNote(t.db, {
      reference: 'NV-7',
      fromId: d.ruMfa,
      toId: d.noMfa,
      classification: 'confidential',
    });
    const form = await managerAgent.get('/commitments/new');
    const res = await postForm(
      managerAgent,
      '/commitments',
      {
        _submission: submissionToken(form.text),
        text: 'Case by case',
        partyId: String(d.ruMfa),
        counterpartId: String(d.noMfa),
        strength: 'pledge',
        madeOn: '2016-01-26',
        ownerId: String(manager.id),
        noteId: String(note),
        classification: 'restricted',
      },
      '/commitments/new',
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain('The source is confidential; classify the commitment confidential or higher.');
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM commitments`);
    expect(n).toBe(0);
  });
});
