import { ZodError } from 'zod';
import { addUser, newUserSchema } from '../auth/users.service';
import { cliPassword } from './prompt';
import { cliArgs, onCliDatabase, runCli } from './cli-database';

const USAGE =
  'Usage: npm run user:add -- --email E --name "N" --role staff|manager|admin [--clearance unclassified|restricted|confidential]\nThe password comes from DEMARCHE_PASSWORD, or is asked for.';

void runCli(async () => {
  const { args } = cliArgs(USAGE);
  const unknown = Object.keys(args).filter((k) => !['email', 'name', 'role', 'clearance'].includes(k));
  if (unknown.length) throw new Error(`Unknown option --${unknown[0]}\n${USAGE}`);
  const password = await cliPassword();
  const parsed = newUserSchema.safeParse({ ...args, clearance: args.clearance ?? 'unclassified', password });
  if (!parsed.success) throw new Error(`${formatIssues(parsed.error)}\n${USAGE}`);
  const id = await onCliDatabase((db) => addUser(db, parsed.data));
  console.log(`Added ${parsed.data.role} ${parsed.data.email} (id ${id}, clearance ${parsed.data.clearance}).`);
});

function formatIssues(error: ZodError): string {
  return error.issues.map((i) => `${String(i.path[0] ?? 'input')}: ${i.message}`).join('\n');
}
