import { count, login, useApp } from '../support/app';
import { seedDemo, isEmpty } from '../../src/db/seed-demo';
import { DEMO_PASSWORD } from '../../src/db/demo-data';

const t = useApp();

describe('seedDemo', () => {
  it('loads the accounts and the Storskog dossier into an empty database, once', async () => {
    expect(await isEmpty(t.db)).toBe(true);
    expect(await seedDemo(t.db)).toEqual({ users: 3, dossier: true });
    expect(await seedDemo(t.db)).toEqual({ users: 0, dossier: false });
    expect(await count(t.db, 'users')).toBe(3);
    expect(await count(t.db, 'negotiations')).toBe(1);
    expect(await count(t.db, 'meetings')).toBe(2);
    expect(await count(t.db, 'notes')).toBe(4);
    expect(await count(t.db, 'agreements')).toBe(2);
    expect(await count(t.db, 'commitments')).toBe(11);
    const [lavrov] = await t.db.query(
      `SELECT c.made_by_title, c.status, c.due_on < current_date AS overdue, m.title AS meeting
         FROM commitments c JOIN meetings m ON m.id = c.meeting_id WHERE c.text LIKE '%look into the matter%'`,
    );
    expect(lavrov).toEqual({
      made_by_title: 'Minister of Foreign Affairs',
      status: 'stalled',
      overdue: true,
      meeting: 'Brende–Lavrov meeting in Oulu',
    });
    const [listhaug] = await t.db.query(`SELECT made_by_title FROM commitments WHERE text LIKE '%4,800%'`);
    expect(listhaug.made_by_title).toBe('Minister of Immigration and Integration');
    const [reply] = await t.db.query(
      `SELECT r.reference FROM notes r JOIN notes n ON n.id = r.in_reply_to_id WHERE n.subject LIKE 'Returns of third-country%'`,
    );
    expect(reply.reference).toBe('UD-2016/0125-RU');
    const [chain] = await t.db.query(
      `SELECT p.title FROM agreements a JOIN agreements p ON p.id = a.parent_id WHERE a.kind = 'arrangement'`,
    );
    expect(chain.title).toBe('Agreement between Norway and Russia on readmission');
    const statuses = await t.db.query(
      `SELECT c.status, (SELECT f.status FROM follow_ups f WHERE f.commitment_id = c.id ORDER BY f.recorded_on DESC, f.id DESC LIMIT 1) AS last FROM commitments c`,
    );
    for (const s of statuses) if (s.last) expect(s.status).toBe(s.last);
    const [lavrovName] = await t.db.query(`SELECT native_name FROM officials WHERE full_name = 'Sergey Lavrov'`);
    expect(lavrovName.native_name).toBe('Сергей Викторович Лавров');
  });

  it('dates the delegation meeting 3 February 2016 and the readmission agreement as Norway lists it', async () => {
    await seedDemo(t.db);
    const [meeting] = await t.db.query(
      `SELECT id, held_on::text FROM meetings WHERE title = 'Norwegian delegation meets the Russian Migration Service'`,
    );
    expect(meeting.held_on).toBe('2016-02-03');
    const madeOn = await t.db.query(`SELECT DISTINCT made_on::text FROM commitments WHERE meeting_id = $1`, [
      meeting.id,
    ]);
    expect(madeOn).toEqual([{ made_on: '2016-02-03' }]);
    const early = await t.db.query(
      `SELECT f.note FROM follow_ups f JOIN commitments c ON c.id = f.commitment_id WHERE f.recorded_on < c.made_on OR (f.evidence_meeting_id = $1 AND f.recorded_on < '2016-02-03')`,
      [meeting.id],
    );
    expect(early).toEqual([]);
    const agreements = await t.db.query(
      `SELECT kind, signed_on::text, in_force_on::text FROM agreements ORDER BY signed_on`,
    );
    expect(agreements).toEqual([
      { kind: 'agreement', signed_on: '2007-06-08', in_force_on: '2008-12-01' },
      { kind: 'arrangement', signed_on: '2016-02-03', in_force_on: '2016-02-03' },
    ]);
  });

  it('gives the demo accounts the documented roles and clearances, with the demo password', async () => {
    await seedDemo(t.db);
    const users = await t.db.query(`SELECT email, role, clearance FROM users ORDER BY id`);
    expect(users).toEqual([
      { email: 'staff@demo.test', role: 'staff', clearance: 'restricted' },
      { email: 'manager@demo.test', role: 'manager', clearance: 'confidential' },
      { email: 'admin@demo.test', role: 'admin', clearance: 'confidential' },
    ]);
    const agent = await login(t.app, 'manager@demo.test', DEMO_PASSWORD);
    expect((await agent.get('/')).status).toBe(200);
  });
});
