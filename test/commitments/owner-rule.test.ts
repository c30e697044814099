import request from 'supertest';
import { count, csrfToken, login, useApp } from '../support/app';
import { createUser, PASSWORD } from '../support/factories';
import { createDossier, formBody } from '../support/commitments.factories';
import { submissionToken, fieldError } from '../support/form-html';

const t = useApp();

async function postNew(agent: request.Agent, fields: Record<string, unknown>) {
  const form = await agent.get('/commitments/new');
  const token = await csrfToken(agent, '/commitments/new');
  return agent
    .post('/commitments')
    .type('form')
    .send({ _csrf: token, _submission: submissionToken(form.text), ...fields });
}

describe('the owner of a new commitment: one rule for create and edit', () => {
  it('refuses staff a new commitment owned by someone else with 422 beside the owner, saving nothing', async () => {
    const d = await createDossier(t.db);
    const staff = await createUser(t.db, { role: 'staff', clearance: 'restricted' });
    const colleague = await createUser(t.db, { role: 'staff', clearance: 'restricted' });
    const agent = await login(t.app, staff.email, PASSWORD);
    const base = {
      text: 'Look into the matter',
      partyId: d.ruMfa,
      counterpartId: d.noMfa,
      strength: 'pledge',
      madeOn: '2016-01-26',
      sourceUrl: 'https://www.nrk.no/x',
      classification: 'unclassified',
    };
    const refused = await postNew(agent, { ...base, ownerId: colleague.id });
    expect(refused.status).toBe(422);
    expect(fieldError(refused.text, 'ownerId')).toContain('only as its owner');
    for (const table of ['commitments', 'audit_events', 'form_submissions']) expect(await count(t.db, table)).toBe(0);

    const own = await postNew(agent, { ...base, ownerId: staff.id });
    expect(own.status).toBe(303);
    expect((await t.db.query(`SELECT owner_id FROM commitments`))[0].owner_id).toBe(staff.id);
  });

  it('lets a manager assign a new commitment to anyone', async () => {
    const d = await createDossier(t.db);
    const manager = await createUser(t.db, { role: 'manager', clearance: 'restricted' });
    const staff = await createUser(t.db, { role: 'staff', clearance: 'restricted' });
    const agent = await login(t.app, manager.email, PASSWORD);
    const res = await postNew(agent, {
      text: 'Assigned',
      partyId: d.ruMfa,
      counterpartId: d.noMfa,
      strength: 'pledge',
      madeOn: '2016-01-26',
      sourceUrl: 'https://www.nrk.no/x',
      classification: 'unclassified',
      ownerId: staff.id,
    });
    expect(res.status).toBe(303);
    expect((await t.db.query(`SELECT owner_id FROM commitments`))[0].owner_id).toBe(staff.id);
  });

  it('makes the meeting form’s inline commitments the author’s, whatever owner is posted', async () => {
    const d = await createDossier(t.db);
    const staff = await createUser(t.db, { role: 'staff', clearance: 'restricted' });
    const colleague = await createUser(t.db, { role: 'staff', clearance: 'restricted' });
    const agent = await login(t.app, staff.email, PASSWORD);
    const form = await agent.get('/meetings/new');
    const token = await csrfToken(agent, '/meetings/new');
    const res = await agent
      .post('/meetings')
      .type('form')
      .send(
        formBody([
          ['_csrf', token],
          ['_submission', submissionToken(form.text)],
          ['title', 'Oulu'],
          ['heldOn', '2015-10-21'],
          ['classification', 'unclassified'],
          ['commitments[0][text]', 'I will look into the matter'],
          ['commitments[0][partyId]', d.ruMfa],
          ['commitments[0][counterpartId]', d.noMfa],
          ['commitments[0][strength]', 'will_consider'],
          ['commitments[0][ownerId]', colleague.id],
        ]),
      );
    expect(res.status).toBe(303);
    expect((await t.db.query(`SELECT owner_id FROM commitments`)).map((r: { owner_id: number }) => r.owner_id)).toEqual(
      [staff.id],
    );
  });
});
