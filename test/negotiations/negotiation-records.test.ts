import { login, useApp } from '../support/app';
import { createMinistry, createUser, PASSWORD } from '../support/factories';
import { insertCommitment, insertMeeting } from '../support/officials.factories';
import { createNegotiation, insertAgreement, insertNote } from '../support/negotiations.factories';

const t = useApp();

describe('GET /negotiations/:id', () => {
  it('lists the records the user may see, newest first, and hides confidential and deleted ones from a restricted user', async () => {
    const ud = await createMinistry(t.db, { name: 'Utenriksdepartementet', countryCode: 'NO' });
    const mid = await createMinistry(t.db, { name: 'МИД России', countryCode: 'RU' });
    const negotiationId = await createNegotiation(t.db, { partyIds: [ud, mid] });
    const other = await createNegotiation(t.db, { title: 'Other dossier', partyIds: [ud, mid] });
    await insertMeeting(t.db, { title: 'Brende–Lavrov in Oulu', heldOn: '2016-01-20', negotiationId });
    await insertMeeting(t.db, {
      title: 'Barents Council in Bodø',
      heldOn: '2015-10-14',
      classification: 'restricted',
      negotiationId,
    });
    await insertMeeting(t.db, { title: 'Secret back channel', classification: 'confidential', negotiationId });
    await insertMeeting(t.db, { title: 'Deleted meeting', negotiationId, deleted: true });
    await insertMeeting(t.db, { title: 'Meeting of the other dossier', negotiationId: other });
    await insertNote(t.db, {
      reference: 'NV 12/2016',
      subject: 'Request to explain the returns',
      fromId: ud,
      toId: mid,
      negotiationId,
    });
    await insertNote(t.db, {
      reference: 'NV-SECRET',
      subject: 'Confidential note',
      fromId: ud,
      toId: mid,
      negotiationId,
      classification: 'confidential',
    });
    await insertAgreement(t.db, { title: 'Readmission agreement of 2007', negotiationId });
    await insertAgreement(t.db, { title: 'Confidential arrangement', negotiationId, classification: 'confidential' });
    await insertCommitment(t.db, {
      text: 'I will look into the matter',
      partyId: mid,
      counterpartId: ud,
      negotiationId,
    });
    await insertCommitment(t.db, {
      text: 'Confidential pledge',
      partyId: mid,
      counterpartId: ud,
      negotiationId,
      classification: 'confidential',
    });

    const staff = await login(
      t.app,
      (await createUser(t.db, { role: 'staff', clearance: 'restricted' })).email,
      PASSWORD,
    );
    const page = await staff.get(`/negotiations/${negotiationId}`);
    expect(page.status).toBe(200);
    for (const shown of [
      'Brende–Lavrov in Oulu',
      'Barents Council in Bodø',
      'NV 12/2016',
      'Readmission agreement of 2007',
      'I will look into the matter',
    ])
      expect(page.text).toContain(shown);
    expect(page.text.indexOf('Brende–Lavrov in Oulu')).toBeLessThan(page.text.indexOf('Barents Council in Bodø'));
    for (const path of ['meetings', 'notes', 'agreements', 'commitments'])
      expect(page.text).toMatch(new RegExp(`href="/${path}/\\d+"`));
    for (const hidden of [
      'Secret back channel',
      'Deleted meeting',
      'Meeting of the other dossier',
      'NV-SECRET',
      'Confidential arrangement',
      'Confidential pledge',
    ]) {
      expect(page.text).not.toContain(hidden);
    }

    const manager = await login(
      t.app,
      (await createUser(t.db, { role: 'manager', clearance: 'confidential' })).email,
      PASSWORD,
    );
    const full = await manager.get(`/negotiations/${negotiationId}`);
    for (const shown of ['Secret back channel', 'NV-SECRET', 'Confidential arrangement', 'Confidential pledge'])
      expect(full.text).toContain(shown);
    expect(full.text).not.toContain('Deleted meeting');
  });
});
