import { setPassword } from '../auth/user-admin.service';
import { cliArgs, onCliDatabase, runCli, userByEmail } from './cli-database';
import { cliPassword } from './prompt';

const USAGE =
  "Usage: npm run user:set-password -- --email E\nThe password comes from DEMARCHE_PASSWORD, or is asked for. The user's sessions end.";

void runCli(async () => {
  const { args } = cliArgs(USAGE);
  if (!args.email || Object.keys(args).length !== 1) throw new Error(USAGE);
  const password = await cliPassword();
  await onCliDatabase(async (db) => {
    const user = await userByEmail(db, args.email);
    await setPassword(db, user.id, password, null);
    console.log(`The password of ${user.email} is set; their sessions have ended.`);
  });
});
