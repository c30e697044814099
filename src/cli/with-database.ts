import { spawn } from 'node:child_process';
import path from 'node:path';
import { loadConfig, loadEnvFile } from '../config';
import { resolveDatabaseUrl } from '../db/database';
import { runCli } from './cli-database';
import { ROOT } from '../paths';

// Runs a command (the TypeORM CLI) with DATABASE_URL pointing at the app's database.
void runCli(async () => {
  const [command, ...args] = process.argv.slice(2);
  if (!command) throw new Error('Usage: with-database <command> [args…]');
  loadEnvFile();
  const config = loadConfig();
  const { url, embedded } = await resolveDatabaseUrl(config.databaseUrl, config.dataDir);
  const bin = command === 'typeorm' ? path.join(ROOT, 'node_modules', 'typeorm', 'cli.js') : command;
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      stdio: 'inherit',
      env: { ...process.env, DATABASE_URL: url },
    });
    child.on('exit', (status) => resolve(status ?? 1));
  });
  await embedded?.stop();
  process.exitCode = code;
});
