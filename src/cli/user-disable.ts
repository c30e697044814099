import { changeDisabled } from '../auth/user-admin.service';
import { cliArgs, onCliDatabase, runCli, userByEmail } from './cli-database';

const USAGE =
  'Usage: npm run user:disable -- --email E [--enable]\nDisables the user (their sessions end at once), or with --enable lets them log in again.';

void runCli(async () => {
  const { args, on } = cliArgs(USAGE, ['--enable']);
  const enable = on.has('--enable');
  if (!args.email || Object.keys(args).length !== 1) throw new Error(USAGE);
  await onCliDatabase(async (db) => {
    const user = await userByEmail(db, args.email);
    await changeDisabled(db, null, user.id, !enable);
    console.log(enable ? `${user.email} can log in again.` : `${user.email} is disabled; their sessions have ended.`);
  });
});
