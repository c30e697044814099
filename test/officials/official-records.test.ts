import { login, useApp } from '../support/app';
import { createMinistry, createOfficial, createUser, PASSWORD } from '../support/factories';
import { insertCommitment, insertMeeting } from '../support/officials.factories';
import { officialOptions } from '../../src/officials/officials.service';

const t = useApp();

describe('GET /officials/:id', () => {
  it('lists the meetings and commitments the user may see, newest first, and hides the confidential ones from a restricted user', async () => {
    const ud = await createMinistry(t.db, { name: 'Utenriksdepartementet', countryCode: 'NO' });
    const mid = await createMinistry(t.db, { name: 'МИД России', countryCode: 'RU' });
    const lavrov = await createOfficial(t.db, { fullName: 'Sergey Lavrov', ministryId: mid });
    await insertMeeting(t.db, { title: 'Brende–Lavrov in Oulu', heldOn: '2016-01-20', participantIds: [lavrov] });
    await insertMeeting(t.db, {
      title: 'Barents Council in Bodø',
      heldOn: '2015-10-14',
      classification: 'restricted',
      participantIds: [lavrov],
    });
    await insertMeeting(t.db, {
      title: 'Secret back channel',
      heldOn: '2016-02-01',
      classification: 'confidential',
      participantIds: [lavrov],
    });
    await insertMeeting(t.db, { title: 'Deleted meeting', participantIds: [lavrov], deleted: true });
    await insertMeeting(t.db, { title: 'Someone else’s meeting' });
    await insertCommitment(t.db, {
      text: 'I will look into the matter',
      madeById: lavrov,
      partyId: mid,
      counterpartId: ud,
    });
    await insertCommitment(t.db, {
      text: 'Confidential pledge',
      madeById: lavrov,
      partyId: mid,
      counterpartId: ud,
      classification: 'confidential',
    });

    const staff = await login(
      t.app,
      (await createUser(t.db, { role: 'staff', clearance: 'restricted' })).email,
      PASSWORD,
    );
    const page = await staff.get(`/officials/${lavrov}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Brende–Lavrov in Oulu');
    expect(page.text).toContain('Barents Council in Bodø');
    expect(page.text.indexOf('Brende–Lavrov in Oulu')).toBeLessThan(page.text.indexOf('Barents Council in Bodø'));
    expect(page.text).toContain('I will look into the matter');
    expect(page.text).toMatch(/href="\/meetings\/\d+"/);
    expect(page.text).toMatch(/href="\/commitments\/\d+"/);
    for (const hidden of ['Secret back channel', 'Confidential pledge', 'Deleted meeting', 'Someone else’s meeting'])
      expect(page.text).not.toContain(hidden);

    const manager = await login(
      t.app,
      (await createUser(t.db, { role: 'manager', clearance: 'confidential' })).email,
      PASSWORD,
    );
    const full = await manager.get(`/officials/${lavrov}`);
    expect(full.text).toContain('Secret back channel');
    expect(full.text).toContain('Confidential pledge');
    expect(full.text).not.toContain('Deleted meeting');
  });
});

describe('officialOptions', () => {
  it('labels live officials with their current title and ministry short name', async () => {
    const mid = await createMinistry(t.db, {
      name: 'Ministry of Foreign Affairs of the Russian Federation',
      shortName: 'МИД России',
      countryCode: 'RU',
    });
    const noShort = await createMinistry(t.db, { name: 'Utenriksdepartementet' });
    const lavrov = await createOfficial(t.db, {
      fullName: 'Sergey Lavrov',
      title: 'Minister of Foreign Affairs',
      ministryId: mid,
    });
    const brende = await createOfficial(t.db, {
      fullName: 'Børge Brende',
      title: 'Utenriksminister',
      ministryId: noShort,
    });
    const gone = await createOfficial(t.db, { fullName: 'Gone Official' });
    await t.db.query(`UPDATE officials SET deleted_at = now() WHERE id = $1`, [gone]);
    expect(await officialOptions(t.db)).toEqual([
      { value: brende, label: 'Børge Brende — Utenriksminister, Utenriksdepartementet' },
      { value: lavrov, label: 'Sergey Lavrov — Minister of Foreign Affairs, МИД России' },
    ]);
  });
});
