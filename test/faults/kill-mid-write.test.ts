import { Client } from 'pg';
import {
  Browser,
  type AppProcess,
  type PostgresProcess,
  removeDir,
  seedDemo,
  signalAndWait,
  sql,
  startApp,
  startPostgres,
  stopAll,
  tempDir,
  waitForLockWait,
  waitUntil,
} from '../support/processes';

/**
 * QUALITY.md "faults": `kill -9` of the app in the middle of a multi-row write, then a restart:
 * all rows of the meeting or none. The write is held after the meeting, its participants, its
 * audit event and its first commitment: the second commitment's party is a ministry another
 * connection keeps locked FOR UPDATE, so the foreign-key check of that INSERT waits.
 */

const TABLES = ['meetings', 'meeting_participants', 'commitments', 'audit_events', 'form_submissions'] as const;

let dataDir: string;
let pg: PostgresProcess;
let app: AppProcess;

async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES)
    out[table] = (await sql<{ n: number }>(pg.url, `SELECT count(*)::int AS n FROM ${table}`))[0].n;
  return out;
}

beforeAll(async () => {
  dataDir = tempDir('demarche-fault-kill-');
  pg = await startPostgres(dataDir);
  seedDemo(pg.url);
  app = await startApp({ DATABASE_URL: pg.url });
}, 180_000);

afterAll(async () => {
  await stopAll();
  removeDir(dataDir);
}, 90_000);

describe('kill -9 of the app in the middle of logging a meeting', () => {
  it('leaves none of its rows after a restart, and the same form sent again to the restarted app saves all of them once', async () => {
    const staff = new Browser(app.url);
    expect((await staff.login('staff@demo.test')).status).toBe(303);
    const hidden = await staff.hiddenFields('/meetings/new');
    const officials = (
      await sql<{ id: number }>(pg.url, 'SELECT id FROM officials WHERE deleted_at IS NULL ORDER BY id LIMIT 3')
    ).map((o) => String(o.id));
    const ministries = (
      await sql<{ id: number }>(pg.url, 'SELECT id FROM ministries WHERE deleted_at IS NULL ORDER BY id LIMIT 3')
    ).map((m) => String(m.id));
    expect(officials).toHaveLength(3);
    expect(ministries).toHaveLength(3);
    const [first, second, locked] = ministries;
    const title = `Meeting cut short by kill -9 ${Date.now()}`;
    const form: Record<string, string | string[]> = {
      ...hidden,
      title,
      heldOn: '2016-02-10',
      location: 'Kirkenes',
      occasion: '',
      negotiationId: '',
      summary: 'Three commitments, two participants.',
      classification: 'unclassified',
      participantIds: officials.slice(0, 2),
      'commitments[0][text]': 'We will report weekly numbers.',
      'commitments[0][madeById]': officials[0],
      'commitments[0][partyId]': first,
      'commitments[0][counterpartId]': second,
      'commitments[0][dueOn]': '2016-03-01',
      'commitments[0][strength]': 'pledge',
      'commitments[1][text]': 'We will consider the remaining cases.',
      'commitments[1][madeById]': officials[1],
      'commitments[1][partyId]': locked,
      'commitments[1][counterpartId]': first,
      'commitments[1][dueOn]': '',
      'commitments[1][strength]': 'will_consider',
      'commitments[2][text]': 'We intend to meet again in March.',
      'commitments[2][madeById]': '',
      'commitments[2][partyId]': second,
      'commitments[2][counterpartId]': first,
      'commitments[2][dueOn]': '2016-03-31',
      'commitments[2][strength]': 'intent',
    };
    const before = await counts();

    const holder = new Client({ connectionString: pg.url });
    await holder.connect();
    let posted;
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM ministries WHERE id = $1 FOR UPDATE', [locked]);
      posted = staff.post('/meetings', form, 30_000).catch((err: Error) => err);
      await waitForLockWait(pg.url, 'INSERT INTO commitments');
      expect(await signalAndWait(app.child, 'SIGKILL', 5_000)).toBe(true);
      expect(app.child.signalCode).toBe('SIGKILL');
      // The connection died with the process: no answer at all.
      expect(await posted).toEqual(
        expect.objectContaining({ message: expect.stringMatching(/socket hang up|ECONNRESET/) }),
      );
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end().catch(() => undefined);
    }
    // The orphaned backend finishes its INSERT, finds its client gone and rolls back.
    await waitUntil(
      async () =>
        (await sql(pg.url, `SELECT 1 FROM pg_stat_activity WHERE application_name = 'demarche'`)).length === 0,
      20_000,
      100,
    );

    app = await startApp({ DATABASE_URL: pg.url });
    expect(await counts()).toEqual(before);
    expect(await sql(pg.url, 'SELECT id FROM meetings WHERE title = $1', [title])).toEqual([]);

    // All: the restarted app takes the same form (same session, same submission token) whole, once.
    staff.base = app.url;
    const saved = await staff.post('/meetings', form);
    expect(saved.status).toBe(303);
    const again = await staff.post('/meetings', form);
    expect(again.headers.location).toBe(saved.headers.location);
    const meetingId = Number(/^\/meetings\/(\d+)$/.exec(String(saved.headers.location))?.[1]);
    const after = await counts();
    expect(after).toEqual({
      meetings: before.meetings + 1,
      meeting_participants: before.meeting_participants + 2,
      commitments: before.commitments + 3,
      audit_events: before.audit_events + 4,
      form_submissions: before.form_submissions + 1,
    });
    const commitments = await sql(
      pg.url,
      `SELECT text FROM commitments WHERE source_type = 'meeting' AND meeting_id = $1 ORDER BY id`,
      [meetingId],
    );
    expect(commitments.map((c) => c.text)).toEqual([
      form['commitments[0][text]'],
      form['commitments[1][text]'],
      form['commitments[2][text]'],
    ]);
  }, 180_000);
});
