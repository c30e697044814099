import { DEMO_PASSWORD } from '../../src/db/demo-data';
import { seedDemo } from '../../src/db/seed-demo';
import { login, useApp } from '../support/app';
import { startCommand, stopAll } from '../support/processes';
import { startSmtp, type TestSmtp } from '../support/smtp';

/**
 * `npm run reminders -- --now` as a user runs it: the built command in a process of its own, on
 * DATABASE_URL, with SMTP_URL pointing at a real SMTP server in this test, on the demo data.
 */

const t = useApp();
jest.setTimeout(90_000);

let received: { to: string; raw: string }[] = [];
let smtp: TestSmtp;
let smtpUrl: string;

beforeAll(async () => {
  smtp = await startSmtp((mail) => {
    received.push({ to: mail.to, raw: mail.raw });
  });
  smtpUrl = smtp.url;
});
afterAll(async () => {
  await stopAll();
  await smtp.close();
});
beforeEach(async () => {
  received = [];
  await seedDemo(t.db);
});

const reminders = (args: string[], env: Record<string, string | null>) =>
  startCommand(
    'cli/reminders.js',
    args,
    { DATABASE_URL: t.config.databaseUrl!, APP_URL: 'http://demarche.test', ...env },
    60_000,
  ).done;

// Text of the demo's restricted and confidential commitments: never in a mail (EXPORT_MAX_CLASSIFICATION is unclassified).
const ABOVE_CEILING = [
  /between 200 and 300/,
  /border guards will stop/i,
  /not bus people back/,
  /readmission of the 700/,
  /case by case/,
  /not more than 700/,
];

describe('npm run reminders -- --now', () => {
  it('delivers the demo owners’ summaries and the managers’ digest once; again the same day, nothing', async () => {
    const run = await reminders(['--now'], { SMTP_URL: smtpUrl });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d{4}-\d{2}-\d{2}: 2 new summaries, 2 new digests in the outbox\.$/m);
    expect(run.stdout).toContain('Sent 4; 0 to retry, 0 refused; 0 waiting in the outbox.');
    expect(received.map((r) => r.to).sort()).toEqual([
      'admin@demo.test',
      'manager@demo.test',
      'manager@demo.test',
      'staff@demo.test',
    ]);

    const summary = (to: string) => received.find((r) => r.to === to && /^Subject: Your commitments/m.test(r.raw))!.raw;
    // The Storskog commitments are overdue.
    expect(summary('staff@demo.test')).toContain('The other 4,800 asylum seekers');
    expect(summary('staff@demo.test')).toMatch(/Overdue \(\d+\)/);
    expect(summary('manager@demo.test')).toContain('Mr. Lavrov said he would look into the matter.');
    expect(summary('manager@demo.test')).toMatch(/and \d+ restricted items?, 1 confidential item not shown in mail/);
    const digests = received.filter((r) => /^Subject: Weekly digest/m.test(r.raw));
    expect(digests).toHaveLength(2);
    for (const d of digests) {
      expect(d.raw).toContain('Overdue, by owner');
      expect(d.raw).toContain('Magnus Manager');
      expect(d.raw).toContain('Ingrid Staff');
    }
    for (const mail of received) {
      for (const text of ABOVE_CEILING) expect(mail.raw).not.toMatch(text);
      expect(mail.raw).toMatch(/^From: .*demarche/im);
      expect(mail.raw).toContain('http://demarche.test/');
    }
    const rows = await t.db.query(`SELECT kind, status, attempts FROM outbox ORDER BY id`);
    expect(rows).toHaveLength(4);
    expect(rows.every((r: { status: string; attempts: number }) => r.status === 'sent' && r.attempts === 1)).toBe(true);

    const again = await reminders(['--now'], { SMTP_URL: smtpUrl });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/: 0 new summaries, 0 new digests in the outbox\./);
    expect(again.stdout).toContain('Sent 0;');
    expect(received).toHaveLength(4);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM outbox`)).toEqual([{ n: 4 }]);
  });

  it('without SMTP_URL, leaves the mails in the outbox, where an administrator reads them', async () => {
    const run = await reminders(['--now'], { SMTP_URL: null });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('No SMTP_URL: the mails wait in the outbox');
    const rows = await t.db.query(
      `SELECT o.kind, o.status, u.email FROM outbox o JOIN users u ON u.id = o.recipient_id ORDER BY u.email, o.kind`,
    );
    expect(rows).toEqual([
      { kind: 'digest', status: 'pending', email: 'admin@demo.test' },
      { kind: 'digest', status: 'pending', email: 'manager@demo.test' },
      { kind: 'summary', status: 'pending', email: 'manager@demo.test' },
      { kind: 'summary', status: 'pending', email: 'staff@demo.test' },
    ]);
    expect(received).toHaveLength(0);
    const admin = await login(t.app, 'admin@demo.test', DEMO_PASSWORD);
    const page = await admin.get('/admin/outbox');
    expect(page.status).toBe(200);
    expect(page.text.match(/Weekly digest for the week of/g)).toHaveLength(2);
    expect(page.text.match(/Your commitments on/g)).toHaveLength(2);
    // The restricted staff member's mail, as the admin reads it: no text above the ceiling.
    const [{ id }] = await t.db.query(
      `SELECT o.id FROM outbox o JOIN users u ON u.id = o.recipient_id WHERE u.email = 'staff@demo.test'`,
    );
    const mail = await admin.get(`/admin/outbox/${id}`);
    expect(mail.text).toContain('The other 4,800 asylum seekers');
    for (const text of ABOVE_CEILING) expect(mail.text).not.toMatch(text);
  });

  it.each([
    [[], /Usage: npm run reminders -- --now/],
    [['--now', '--day', 'tomorrow'], /--day must be a date as YYYY-MM-DD/],
    [['--now', '--day', '2026-02-30'], /--day must be a date as YYYY-MM-DD/],
    [['--now', '--everyone', 'yes'], /Usage/],
  ])('refuses %j with a clear message and writes nothing', async (args, message) => {
    const run = await reminders(args, { SMTP_URL: smtpUrl });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(await t.db.query(`SELECT count(*)::int AS n FROM outbox`)).toEqual([{ n: 0 }]);
    expect(received).toHaveLength(0);
  });
});
