import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { ZodError } from 'zod';
import { addUser, newUserSchema } from '../auth/users.service';
import { parseArgs } from './args';
import { cliDatabase, runCli } from './cli-database';

const USAGE = 'Usage: npm run user:add -- --email E --name "N" --role staff|manager|admin [--clearance unclassified|restricted|confidential]\nThe password comes from DEMARCHE_PASSWORD, or is asked for.';

async function promptPassword(): Promise<string> {
  if (!process.stdin.isTTY) throw new Error('Set DEMARCHE_PASSWORD, or run this in a terminal to be asked for the password');
  let muted = false;
  const output = new Writable({ write: (chunk, _enc, cb) => { if (!muted) process.stdout.write(chunk); cb(); } });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  const ask = (q: string) => new Promise<string>((resolve) => { muted = false; rl.question(q, (a) => resolve(a)); muted = true; });
  try {
    const first = await ask('Password: ');
    process.stdout.write('\n');
    const second = await ask('Repeat password: ');
    process.stdout.write('\n');
    if (first !== second) throw new Error('The passwords do not match');
    return first;
  } finally {
    rl.close();
  }
}

runCli(async () => {
  let args: Record<string, string>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${USAGE}`);
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
