import { createDataSource } from '../../src/db/data-source';
import { sendDue } from '../../src/mail/outbox.service';
import { mailTransport } from '../../src/mail/transport';
import { writeDigests, writeSummaries } from '../../src/reminders/reminders.service';
import {
  type PostgresProcess,
  removeDir,
  seedDemo,
  sleep,
  sql,
  startCommand,
  startPostgres,
  stopAll,
  tempDir,
} from '../support/processes';
import { startSmtp, type TestSmtp } from '../support/smtp';
import { TcpProxy } from '../support/tcp-proxy';

/**
 * Issue 13: the database restarted in the middle of a reminders run. The run completes (it
 * retries), and nothing is doubled: each mail is one row in the outbox and arrives once at a real
 * SMTP server. Runs against a PostgreSQL of its own, which the test stops and starts again.
 */

jest.setTimeout(240_000);

const APP_URL = 'http://demarche.test';

let dataDir: string;
let pg: PostgresProcess;
let smtp: TestSmtp;
let smtpUrl: string;

interface Received {
  to: string;
  messageId: string;
  raw: string;
}
let received: Received[] = [];
/** Called when a message's data has arrived, before the server answers; resolve to answer 250. */
let hold: ((mail: Received) => Promise<void>) | undefined;

beforeAll(async () => {
  dataDir = tempDir('demarche-reminders-db-');
  pg = await startPostgres(dataDir);
  seedDemo(pg.url);
  smtp = await startSmtp((mail) => {
    received.push(mail);
    return hold ? hold(mail) : undefined;
  });
  smtpUrl = smtp.url;
}, 180_000);

afterAll(async () => {
  await smtp.close();
  await stopAll();
  removeDir(dataDir);
}, 60_000);

const outboxRows = () =>
  sql<{ id: number; email: string; kind: string; period: string; status: string; messageId: string }>(
    pg.url,
    `SELECT o.id, u.email, o.kind, o.period, o.status, o.message_id AS "messageId" FROM outbox o JOIN users u ON u.id = o.recipient_id ORDER BY o.id`,
  );

function reminders(env: Record<string, string | null> = {}) {
  return startCommand(
    'cli/reminders.js',
    ['--now'],
    { DATABASE_URL: pg.url, SMTP_URL: smtpUrl, APP_URL, ...env },
    180_000,
  );
}

/** Every outbox row was sent, and arrived exactly once (by Message-ID), to its own recipient. */
async function expectEachMailOnce(): Promise<void> {
  const rows = await outboxRows();
  expect(rows.map((r) => r.status)).toEqual(rows.map(() => 'sent'));
  const ids = received.map((r) => r.messageId);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.sort()).toEqual(rows.map((r) => r.messageId).sort());
  for (const row of rows) expect(received.find((r) => r.messageId === row.messageId)!.to).toBe(row.email);
}

describe('npm run reminders -- --now while PostgreSQL restarts', () => {
  it('completes by itself after the restart, and every mail is in the outbox once and delivered once', async () => {
    received = [];
    let arrived!: () => void;
    const firstArrived = new Promise<void>((resolve) => (arrived = resolve));
    let accept!: () => void;
    const accepted = new Promise<void>((resolve) => (accept = resolve));
    // The first mail reaches the server; the database stops before the server accepts it, so the
    // sender learns of the acceptance with nowhere to record it.
    hold = async () => {
      if (received.length === 1) {
        arrived();
        await accepted;
      }
    };
    const run = reminders();
    await Promise.race([
      firstArrived,
      run.done.then((r) => Promise.reject(new Error(`the run ended before sending: ${r.stdout}${r.stderr}`))),
    ]);
    const port = pg.port;
    await pg.stop();
    accept();
    await sleep(3_000); // down for a while: the sender's bookkeeping and the next claims fail meanwhile
    pg = await startPostgres(dataDir, port);
    const result = await run.done;
    hold = undefined;
    expect(result.stderr).not.toMatch(/Error:/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/2 new summaries, 2 new digests in the outbox/);
    expect(result.stdout).toMatch(/0 waiting in the outbox/);

    // The demo: the staff and the manager own overdue Storskog commitments; the manager and the admin get the digest.
    const rows = await outboxRows();
    expect(rows.map((r) => `${r.kind} ${r.email}`).sort()).toEqual([
      'digest admin@demo.test',
      'digest manager@demo.test',
      'summary manager@demo.test',
      'summary staff@demo.test',
    ]);
    await expectEachMailOnce();

    // Run again the same day: nothing new is written or sent.
    const again = await reminders().done;
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 new summaries, 0 new digests in the outbox/);
    expect(again.stdout).toMatch(/Sent 0;/);
    expect(received).toHaveLength(4);
    expect(await outboxRows()).toHaveLength(4);
  });

  it('a connection cut between claiming a mail and sending it: the mail is not held back for the lease, and goes once', async () => {
    await sql(pg.url, `DELETE FROM outbox`);
    received = [];
    const proxy = new TcpProxy('127.0.0.1', pg.port);
    await proxy.up();
    const db = createDataSource(proxy.url(pg.url), { max: 2 });
    await db.initialize();
    const config = {
      appUrl: APP_URL,
      appTimeZone: 'Europe/Oslo',
      exportMaxClassification: 'unclassified' as const,
      mailFrom: 'Démarche <demarche@demarche.test>',
    };
    try {
      expect(await writeSummaries(db, config)).toBe(2);
      expect(await writeDigests(db, config)).toBe(2);
      // The connection goes as the sender reads the first claimed mail's recipient (after its claim was committed).
      const query = db.query.bind(db);
      let cut = false;
      db.query = (async (text: string, params?: unknown[], runner?: never) => {
        if (!cut && /^SELECT id, email, name, role, clearance/.test(text)) {
          cut = true;
          await proxy.down();
          setTimeout(() => void proxy.up(), 1_500);
        }
        return query(text, params, runner);
      }) as typeof db.query;
      const transport = mailTransport({ smtpUrl })!;
      // The caller (the reminders command, a pg-boss job) runs the sender again when the database was away.
      let sent = 0;
      for (let attempt = 0; attempt < 5 && sent < 4; attempt++) {
        try {
          sent += (await sendDue(db, config, transport)).sent;
        } catch {
          await sleep(1_000);
        }
      }
      transport.close();
      expect(cut).toBe(true);
      expect(sent).toBe(4);
      await expectEachMailOnce();
    } finally {
      await db.destroy();
      await proxy.down();
    }
  });
});
