import { login, postForm, useApp } from '../support/app';
import { createUser, PASSWORD } from '../support/factories';
import { createDossier } from '../support/commitments.factories';
import { createAgreement } from '../support/agreements.factories';
import { createSourcedCommitment } from '../support/notes.factories';

// Issue 10, point 3, for agreements: raising an agreement raises the commitments quoting it.

const t = useApp();

it('raising an agreement to restricted raises the commitments quoting it, audited, said in the flash', async () => {
  const staff = await createUser(t.db, { email: 'staff@demo.test', role: 'staff', clearance: 'restricted' });
  const reader = await createUser(t.db, { role: 'staff', clearance: 'unclassified' });
  const staffAgent = await login(t.app, staff.email, PASSWORD);
  const readerAgent = await login(t.app, reader.email, PASSWORD);
  const d = await createDossier(t.db);
  const agreement = await createAgreement(t.db, { title: 'Readmission agreement', partyIds: [d.noMfa, d.ruMfa] });
  const commitments = [
    await createSourcedCommitment(
      t.db,
      { agreementId: agreement },
      { partyId: d.ruMfa, counterpartId: d.noMfa, text: 'Russia will readmit' },
    ),
    await createSourcedCommitment(
      t.db,
      { agreementId: agreement },
      { partyId: d.noMfa, counterpartId: d.ruMfa, text: 'Norway will notify' },
    ),
  ];
  const res = await postForm(
    staffAgent,
    `/agreements/${agreement}`,
    {
      version: '1',
      title: 'Readmission agreement',
      kind: 'agreement',
      status: 'in_force',
      signedOn: '2007-04-08',
      partyIds: [String(d.noMfa), String(d.ruMfa)],
      classification: 'restricted',
    },
    `/agreements/${agreement}/edit`,
  );
  expect(res.status).toBe(303);
  expect(
    (await t.db.query(`SELECT classification FROM commitments ORDER BY id`)).map(
      (r: { classification: string }) => r.classification,
    ),
  ).toEqual(['restricted', 'restricted']);
  expect(
    await t.db.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE entity_type = 'commitment' AND action = 'update' AND classification_after = 'restricted'`,
    ),
  ).toEqual([{ n: 2 }]);
  expect((await staffAgent.get(`/agreements/${agreement}`)).text).toContain(
    'Agreement saved. 2 commitments quoting it were raised to restricted.',
  );
  for (const id of commitments) expect((await readerAgent.get(`/commitments/${id}`)).status).toBe(404);
  expect((await readerAgent.get('/commitments')).text).not.toContain('Russia will readmit');
});
