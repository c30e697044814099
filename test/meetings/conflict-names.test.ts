import { login, postForm, useApp } from '../support/app';
import { createUser, PASSWORD } from '../support/factories';
import { createDossier, createMeeting, createNegotiation } from '../support/commitments.factories';
import { conflictTable } from '../support/form-html';

// Issue 10, point 9: a stale meeting edit's conflict table shows names, never ids.

const t = useApp();

it('shows the negotiation and participants of a stale meeting edit by name', async () => {
  const user = await createUser(t.db, { email: 'staff@demo.test', role: 'staff', clearance: 'restricted' });
  const staff = await login(t.app, user.email, PASSWORD);
  const d = await createDossier(t.db);
  const negotiation = await createNegotiation(t.db, { title: 'Storskog crossings and readmission' });
  const meeting = await createMeeting(t.db, {
    title: 'Oulu',
    negotiationId: negotiation,
    participantIds: [d.brende, d.lavrov],
  });
  await t.db.query(`UPDATE meetings SET version = 2 WHERE id = $1`, [meeting]);
  const res = await postForm(
    staff,
    `/meetings/${meeting}`,
    {
      version: '1',
      title: 'Oulu',
      heldOn: '2015-10-21',
      classification: 'unclassified',
      participantIds: String(d.listhaug),
    },
    `/meetings/${meeting}/edit`,
  );
  expect(res.status).toBe(409);
  const table = conflictTable(res.text);
  expect(table).toContain('Storskog crossings and readmission');
  expect(table).toMatch(/Børge Brende, Sergey Lavrov/);
  expect(table).toContain('Sylvi Listhaug');
  expect(table).not.toMatch(/<td>[\d, ]+<\/td>/);
});
