import type request from 'supertest';
import { login, postForm, useApp } from '../support/app';
import { createUser, PASSWORD } from '../support/factories';
import { createDossier, createNegotiation } from '../support/commitments.factories';
import { submissionToken } from '../support/form-html';

// Issue 10, point 1: a record created confidential and edited down to unclassified. A restricted
// reader's History must show nothing written while it was confidential.

const t = useApp();

const historyOf = (html: string) => html.slice(html.indexOf('id="history-heading"'));

async function agents() {
  const manager = await createUser(t.db, { role: 'manager', clearance: 'confidential' });
  const staff = await createUser(t.db, { email: 'staff@demo.test', role: 'staff', clearance: 'restricted' });
  return { manager: await login(t.app, manager.email, PASSWORD), staff: await login(t.app, staff.email, PASSWORD) };
}

async function create(agent: request.Agent, path: string, fields: Record<string, unknown>): Promise<number> {
  const form = await agent.get(`${path}/new`);
  const res = await postForm(agent, path, { _submission: submissionToken(form.text), ...fields }, `${path}/new`);
  expect(res.status).toBe(303);
  return Number(/\/(\d+)$/.exec(res.headers.location)![1]);
}

async function levels(type: string, id: number) {
  return t.db.query(
    `SELECT action, classification_before AS before, classification_after AS after FROM audit_events WHERE entity_type = $1 AND entity_id = $2 ORDER BY id`,
    [type, id],
  );
}

/** Both events carry the levels; the restricted reader sees neither event's values, the confidential one sees both. */
async function expectHidden(
  agents: { manager: request.Agent; staff: request.Agent },
  type: string,
  path: string,
  id: number,
  secrets: string[],
) {
  expect(await levels(type, id)).toEqual([
    { action: 'create', before: 'confidential', after: 'confidential' },
    { action: 'update', before: 'confidential', after: 'unclassified' },
  ]);
  const page = await agents.staff.get(`${path}/${id}`);
  expect(page.status).toBe(200);
  const history = historyOf(page.text);
  for (const secret of secrets) expect(page.text).not.toContain(secret);
  expect(history.match(/changed while classified above your clearance/g)).toHaveLength(2);
  const full = historyOf((await agents.manager.get(`${path}/${id}`)).text);
  for (const secret of secrets) expect(full).toContain(secret);
  expect(full).not.toContain('changed while classified above your clearance');
}

describe('History for a reader below the record’s earlier classification', () => {
  it('shows a restricted user no value of a meeting written while it was confidential', async () => {
    const a = await agents();
    const d = await createDossier(t.db);
    const id = await create(a.manager, '/meetings', {
      title: 'Secret talks on the 700',
      heldOn: '2015-11-24',
      summary: 'Lavrov hinted at quiet returns.',
      classification: 'confidential',
      participantIds: String(d.lavrov),
    });
    const edit = await postForm(
      a.manager,
      `/meetings/${id}`,
      {
        version: '1',
        title: 'Talks in Moscow',
        heldOn: '2015-11-24',
        summary: 'Talks took place.',
        classification: 'unclassified',
        participantIds: String(d.lavrov),
      },
      `/meetings/${id}/edit`,
    );
    expect(edit.status).toBe(303);
    await expectHidden(a, 'meeting', '/meetings', id, ['Secret talks on the 700', 'Lavrov hinted at quiet returns.']);
    expect((await a.staff.get(`/meetings/${id}`)).text).toContain('Talks in Moscow');
  });

  it('does the same for a note (SECRET… → Public text)', async () => {
    const a = await agents();
    const d = await createDossier(t.db);
    const fields = {
      reference: 'UD-2016/0042',
      kind: 'note_verbale',
      sentOn: '2016-01-20',
      fromId: String(d.noMfa),
      toId: String(d.ruMfa),
    };
    const id = await create(a.manager, '/notes', {
      ...fields,
      subject: 'SECRET returns channel',
      body: 'SECRET body text',
      classification: 'confidential',
    });
    const edit = await postForm(
      a.manager,
      `/notes/${id}`,
      { ...fields, version: '1', subject: 'Public text', body: 'Public body', classification: 'unclassified' },
      `/notes/${id}/edit`,
    );
    expect(edit.status).toBe(303);
    await expectHidden(a, 'note', '/notes', id, ['SECRET returns channel', 'SECRET body text']);
  });

  it('does the same for an agreement', async () => {
    const a = await agents();
    const d = await createDossier(t.db);
    const fields = {
      kind: 'arrangement',
      status: 'signed',
      signedOn: '2016-03-01',
      partyIds: [String(d.noMfa), String(d.ruMfa)],
    };
    const id = await create(a.manager, '/agreements', {
      ...fields,
      title: 'Secret side letter',
      summary: 'Quiet returns of 700',
      classification: 'confidential',
    });
    const edit = await postForm(
      a.manager,
      `/agreements/${id}`,
      { ...fields, version: '1', title: 'Arrangement 2016', summary: 'Returns', classification: 'unclassified' },
      `/agreements/${id}/edit`,
    );
    expect(edit.status).toBe(303);
    await expectHidden(a, 'agreement', '/agreements', id, ['Secret side letter', 'Quiet returns of 700']);
  });

  it('does the same for a commitment', async () => {
    const a = await agents();
    const d = await createDossier(t.db);
    const [manager] = await t.db.query(`SELECT id FROM users WHERE role = 'manager'`);
    const fields = {
      partyId: String(d.ruMfa),
      counterpartId: String(d.noMfa),
      strength: 'pledge',
      madeOn: '2016-01-26',
      ownerId: String(manager.id),
      sourceUrl: 'https://www.nrk.no/statement',
    };
    const id = await create(a.manager, '/commitments', {
      ...fields,
      text: 'The 700 will be considered case by case',
      classification: 'confidential',
    });
    const edit = await postForm(
      a.manager,
      `/commitments/${id}`,
      { ...fields, version: '1', text: 'Returns will be discussed', classification: 'unclassified' },
      `/commitments/${id}/edit`,
    );
    expect(edit.status).toBe(303);
    await expectHidden(a, 'commitment', '/commitments', id, ['The 700 will be considered case by case']);
  });

  it('shows every value of a record that never was above the reader’s clearance', async () => {
    const a = await agents();
    const negotiation = await createNegotiation(t.db, { title: 'Storskog crossings and readmission' });
    const id = await create(a.staff, '/meetings', {
      title: 'Open talks',
      heldOn: '2015-11-24',
      negotiationId: String(negotiation),
      classification: 'restricted',
    });
    expect(await levels('meeting', id)).toEqual([{ action: 'create', before: 'restricted', after: 'restricted' }]);
    const history = historyOf((await a.staff.get(`/meetings/${id}`)).text);
    expect(history).toContain('Open talks');
    expect(history).not.toContain('above your clearance');
  });

  it('records the level of a delete from the record itself', async () => {
    const a = await agents();
    const id = await create(a.manager, '/meetings', {
      title: 'Confidential meeting',
      heldOn: '2015-11-24',
      classification: 'confidential',
    });
    expect((await postForm(a.manager, `/meetings/${id}/delete`, {}, `/meetings/${id}`)).status).toBe(303);
    const [deleted] = await t.db.query(
      `SELECT classification_before AS before, classification_after AS after FROM audit_events WHERE action = 'delete'`,
    );
    expect(deleted).toEqual({ before: 'confidential', after: 'confidential' });
  });
});
