import { login, useApp } from '../support/app';
import { createMinistry, createUser, PASSWORD } from '../support/factories';
import { createCommitment, createNote } from '../support/commitments.factories';
import { formatTimestamp, viewHelpers } from '../../src/web/view-helpers';

// 23:30 UTC on 10 March: in Oslo (UTC+1) it is already 00:30 on the 11th.
const NOW = new Date('2026-03-10T23:30:00Z');
const t = useApp({ appTimeZone: 'Europe/Oslo', clock: () => NOW });

describe('APP_TIME_ZONE near midnight UTC', () => {
  it('counts a commitment due on the 10th as overdue, on every page and in the CSV, once it is the 11th in Oslo', async () => {
    const ru = await createMinistry(t.db, { countryCode: 'RU', name: 'Federal Migration Service' });
    const no = await createMinistry(t.db, { countryCode: 'NO' });
    await createCommitment(t.db, {
      text: 'Due on the tenth',
      partyId: ru,
      counterpartId: no,
      dueOn: '2026-03-10',
      madeOn: '2026-03-01',
    });
    await createCommitment(t.db, {
      text: 'Due on the eleventh',
      partyId: ru,
      counterpartId: no,
      dueOn: '2026-03-11',
      madeOn: '2026-03-01',
    });
    await createCommitment(t.db, {
      text: 'Quiet since February',
      partyId: ru,
      counterpartId: no,
      madeOn: '2026-02-09',
    });
    const user = await createUser(t.db, { clearance: 'restricted' });
    const agent = await login(t.app, user.email, PASSWORD);

    const overdue = await agent.get('/commitments?overdue=1');
    expect(overdue.text).toContain('Due on the tenth');
    expect(overdue.text).not.toContain('Due on the eleventh');
    const csv = await agent.get('/commitments.csv?overdue=1');
    expect(csv.text).toContain('Due on the tenth');
    expect(csv.text).not.toContain('Due on the eleventh');
    const dueToday = await agent.get('/commitments.csv?dueWithin=0');
    expect(dueToday.text).toContain('Due on the eleventh');
    expect(dueToday.text).not.toContain('Due on the tenth');

    const dashboard = await agent.get('/');
    const overdueSection = dashboard.text.slice(
      dashboard.text.indexOf('Overdue'),
      dashboard.text.indexOf('Overdue') + 3000,
    );
    expect(overdueSection).toContain('Due on the tenth');
    // 30 days before the 11th of March is the 9th of February: quiet in Oslo, not yet by UTC's date.
    expect(dashboard.text).toContain('Quiet since February');

    const brief = await agent.get(`/ministries/${ru}/brief`);
    expect(brief.text).toMatch(/Due on the tenth[\s\S]{0,400}overdue/);
    expect(brief.text).not.toMatch(/Due on the eleventh[\s\S]{0,200}overdue/);
    expect(brief.text).toContain('Prepared 2026-03-11');
  });

  it('proposes the Oslo date on forms and counts a note’s reply as overdue by it', async () => {
    const ru = await createMinistry(t.db, { countryCode: 'RU' });
    const no = await createMinistry(t.db, { countryCode: 'NO' });
    const note = await createNote(t.db, { reference: 'NV-1', fromId: ru, toId: no, sentOn: '2026-03-01' });
    await t.db.query(`UPDATE notes SET reply_due_on = '2026-03-10' WHERE id = $1`, [note]);
    const user = await createUser(t.db, { clearance: 'restricted' });
    const agent = await login(t.app, user.email, PASSWORD);
    expect((await agent.get('/notes/new')).text).toMatch(
      /name="sentOn"[^>]*value="2026-03-11"|value="2026-03-11"[^>]*name="sentOn"/,
    );
    expect((await agent.get('/commitments/new')).text).toMatch(
      /name="madeOn"[^>]*value="2026-03-11"|value="2026-03-11"[^>]*name="madeOn"/,
    );
    expect((await agent.get(`/notes/${note}`)).text).toContain('Overdue');
  });

  it('shows every timestamp as YYYY-MM-DD HH:mm in the app’s zone and every day as YYYY-MM-DD', () => {
    expect(formatTimestamp(NOW, 'Europe/Oslo')).toBe('2026-03-11 00:30');
    expect(formatTimestamp(new Date('2026-07-01T22:15:00Z'), 'Europe/Oslo')).toBe('2026-07-02 00:15');
    const helpers = viewHelpers('Europe/Oslo');
    expect(helpers.datetime(NOW)).toBe('2026-03-11 00:30');
    expect(helpers.date(NOW)).toBe('2026-03-11');
    expect(helpers.date('2016-02-29')).toBe('2016-02-29');
  });
});
