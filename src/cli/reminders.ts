import { loadConfig, loadEnvFile } from '../config';
import { today } from '../commitments/commitment-status';
import { configureMail } from '../mail/notices';
import { sendDue } from '../mail/outbox.service';
import { mailTransport } from '../mail/transport';
import { writeDigests, writeSummaries } from '../reminders/reminders.service';
import { isDatabaseUnavailable } from '../web/errors';
import { selectRows } from '../db/rows';
import { cliArgs, cliDatabase, runCli } from './cli-database';

const USAGE =
  "Usage: npm run reminders -- --now [--day YYYY-MM-DD]\nWrites today's summaries and this week's digest into the outbox at once, and sends the outbox when SMTP_URL is set.";
const ATTEMPTS = 8;

void runCli(async () => {
  const { args, on } = cliArgs(USAGE, ['--now']);
  const now = on.has('--now');
  if (!now || Object.keys(args).some((k) => k !== 'day')) throw new Error(USAGE);
  // A real calendar day: 2026-02-30 would otherwise roll over to March in one place and fail in SQL in another.
  if (
    args.day &&
    !(
      /^\d{4}-\d{2}-\d{2}$/.test(args.day) &&
      !Number.isNaN(Date.parse(`${args.day}T00:00:00Z`)) &&
      new Date(`${args.day}T00:00:00Z`).toISOString().slice(0, 10) === args.day
    )
  ) {
    throw new Error(`--day must be a date as YYYY-MM-DD\n${USAGE}`);
  }
  loadEnvFile();
  const config = loadConfig();
  configureMail(config);
  const day = args.day ?? today(config.appTimeZone);
  const database = await cliDatabase();
  const db = database.dataSource;
  const transport = mailTransport(config);
  try {
    // Every step is idempotent, so a run cut short (the database restarting) is simply run again.
    for (let attempt = 1; ; attempt++) {
      try {
        const summaries = await writeSummaries(db, config, day);
        const digests = await writeDigests(db, config, day);
        console.log(
          `${day}: ${summaries} new ${summaries === 1 ? 'summary' : 'summaries'}, ${digests} new ${digests === 1 ? 'digest' : 'digests'} in the outbox.`,
        );
        if (transport) {
          const sent = await sendDue(db, config, transport);
          const [{ waiting }] = await selectRows<{ waiting: number }>(
            db,
            `SELECT count(*)::int AS waiting FROM outbox WHERE status IN ('pending', 'sending')`,
          );
          console.log(
            `Sent ${sent.sent}; ${sent.retried} to retry, ${sent.failed} refused; ${waiting} waiting in the outbox.`,
          );
        } else {
          console.log('No SMTP_URL: the mails wait in the outbox (an administrator reads them at /admin/outbox).');
        }
        return;
      } catch (err) {
        if (attempt >= ATTEMPTS || !isDatabaseUnavailable(err)) throw err;
        console.error(
          `The database is not answering (${(err as Error).message}); trying again (${attempt}/${ATTEMPTS - 1}).`,
        );
        await new Promise((r) => setTimeout(r, Math.min(10_000, 1_000 * attempt)));
      }
    }
  } finally {
    transport?.close();
    await database.close();
  }
});
