import { login, postForm, useApp } from '../support/app';
import { createUser, PASSWORD } from '../support/factories';
import { createDossier } from '../support/commitments.factories';
import { createNote, createSourcedCommitment } from '../support/notes.factories';

// Issue 10, point 3, for notes: raising a note raises the commitments quoting it.

const t = useApp();

it('raising a note to confidential raises the commitments quoting it, audited, said in the flash', async () => {
  const manager = await createUser(t.db, { role: 'manager', clearance: 'confidential' });
  const staff = await createUser(t.db, { email: 'staff@demo.test', role: 'staff', clearance: 'restricted' });
  const managerAgent = await login(t.app, manager.email, PASSWORD);
  const staffAgent = await login(t.app, staff.email, PASSWORD);
  const d = await createDossier(t.db);
  const note = await createNote(t.db, {
    reference: 'NV-2016-01',
    fromId: d.ruMfa,
    toId: d.noMfa,
    subject: 'Winter returns',
  });
  const commitment = await createSourcedCommitment(
    t.db,
    { noteId: note },
    { partyId: d.ruMfa, counterpartId: d.noMfa },
  );
  expect((await staffAgent.get(`/commitments/${commitment}`)).status).toBe(200);

  const res = await postForm(
    managerAgent,
    `/notes/${note}`,
    {
      version: '1',
      reference: 'NV-2016-01',
      kind: 'note_verbale',
      sentOn: '2016-01-15',
      fromId: String(d.ruMfa),
      toId: String(d.noMfa),
      subject: 'Winter returns',
      classification: 'confidential',
    },
    `/notes/${note}/edit`,
  );
  expect(res.status).toBe(303);
  const [row] = await t.db.query(`SELECT classification FROM commitments WHERE id = $1`, [commitment]);
  expect(row.classification).toBe('confidential');
  const [event] = await t.db.query(
    `SELECT classification_before AS before, classification_after AS after FROM audit_events WHERE entity_type = 'commitment' AND entity_id = $1`,
    [commitment],
  );
  expect(event).toEqual({ before: 'unclassified', after: 'confidential' });
  expect((await managerAgent.get(`/notes/${note}`)).text).toContain(
    '1 commitment quoting it was raised to confidential.',
  );
  expect((await staffAgent.get(`/commitments/${commitment}`)).status).toBe(404);
});
