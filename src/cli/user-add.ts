import { ZodError } from 'zod';
import { addUser, newUserSchema } from '../auth/users.service';
import { parseArgs } from './args';
import { promptPassword } from './prompt';
import { cliDatabase, runCli } from './cli-database';

const USAGE = 'Usage: npm run user:add -- --email E --name "N" --role staff|manager|admin [--clearance unclassified|restricted|confidential]\nThe password comes from DEMARCHE_PASSWORD, or is asked for.';

void runCli(async () => {
  let args: Record<string, string>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${USAGE}`, { cause: err });
  }
  const unknown = Object.keys(args).filter((k) => !['email', 'name', 'role', 'clearance'].includes(k));
  if (unknown.length) throw new Error(`Unknown option --${unknown[0]}\n${USAGE}`);
  const password = process.env.DEMARCHE_PASSWORD ?? (await promptPassword());
  const parsed = newUserSchema.safeParse({ ...args, clearance: args.clearance ?? 'unclassified', password });
  if (!parsed.success) throw new Error(`${formatIssues(parsed.error)}\n${USAGE}`);
  const database = await cliDatabase();
  try {
    const id = await addUser(database.dataSource, parsed.data);
    console.log(`Added ${parsed.data.role} ${parsed.data.email} (id ${id}, clearance ${parsed.data.clearance}).`);
  } finally {
    await database.close();
  }
});

function formatIssues(error: ZodError): string {
  return error.issues.map((i) => `${String(i.path[0] ?? 'input')}: ${i.message}`).join('\n');
}
