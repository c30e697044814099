import { changeDisabled } from '../auth/user-admin.service';
import { selectRow } from '../db/rows';
import { parseArgs } from './args';
import { cliDatabase, runCli } from './cli-database';

const USAGE = 'Usage: npm run user:disable -- --email E [--enable]\nDisables the user (their sessions end at once), or with --enable lets them log in again.';

void runCli(async () => {
  const argv = process.argv.slice(2);
  const enable = argv.includes('--enable');
  let args: Record<string, string>;
  try {
    args = parseArgs(argv.filter((a) => a !== '--enable'));
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${USAGE}`, { cause: err });
  }
  if (!args.email || Object.keys(args).length !== 1) throw new Error(USAGE);
  const database = await cliDatabase();
  try {
    const user = await selectRow<{ id: number; email: string }>(database.dataSource, `SELECT id, email FROM users WHERE lower(email) = lower($1)`, [args.email.trim()]);
    if (!user) throw new Error(`No user has the email ${args.email}`);
    await changeDisabled(database.dataSource, null, user.id, !enable);
    console.log(enable ? `${user.email} can log in again.` : `${user.email} is disabled; their sessions have ended.`);
  } finally {
    await database.close();
  }
});
