import { setPassword } from '../auth/user-admin.service';
import { selectRow } from '../db/rows';
import { parseArgs } from './args';
import { cliDatabase, runCli } from './cli-database';
import { promptPassword } from './prompt';

const USAGE = 'Usage: npm run user:set-password -- --email E\nThe password comes from DEMARCHE_PASSWORD, or is asked for. The user\'s sessions end.';

void runCli(async () => {
  let args: Record<string, string>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${USAGE}`, { cause: err });
  }
  if (!args.email || Object.keys(args).length !== 1) throw new Error(USAGE);
  const password = process.env.DEMARCHE_PASSWORD ?? (await promptPassword());
  const database = await cliDatabase();
  try {
    const user = await selectRow<{ id: number; email: string }>(database.dataSource, `SELECT id, email FROM users WHERE lower(email) = lower($1)`, [args.email.trim()]);
    if (!user) throw new Error(`No user has the email ${args.email}`);
    await setPassword(database.dataSource, user.id, password, null);
    console.log(`The password of ${user.email} is set; their sessions have ended.`);
  } finally {
    await database.close();
  }
});
