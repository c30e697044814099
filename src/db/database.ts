import type { DataSource } from 'typeorm';
import { startEmbedded, type EmbeddedDatabase } from './embedded';
import { createDataSource, type PoolSettings } from './data-source';

export interface Database {
  dataSource: DataSource;
  /** set when the app runs on its own embedded PostgreSQL */
  embedded?: EmbeddedDatabase;
  close(): Promise<void>;
}

export async function resolveDatabaseUrl(
  databaseUrl: string | undefined,
  dataDir: string,
  log?: (line: string) => void,
): Promise<{ url: string; embedded?: EmbeddedDatabase }> {
  if (databaseUrl) return { url: databaseUrl };
  const embedded = await startEmbedded(dataDir, log);
  return { url: embedded.url, embedded };
}

const MIGRATION_LOCK = 7_270_737;

/** Runs pending migrations under an advisory lock, so instances starting together take turns. */
export async function migrate(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    await runner.release();
  }
}

/** Connects (starting the embedded server when no URL is given) and runs pending migrations. */
export async function openDatabase(
  options: { databaseUrl?: string; dataDir: string; migrate?: boolean; log?: (line: string) => void } & PoolSettings,
): Promise<Database> {
  const { url, embedded } = await resolveDatabaseUrl(options.databaseUrl, options.dataDir, options.log);
  const dataSource = createDataSource(url, options);
  try {
    // Migrations may build indexes over millions of rows: they run without the page time limits.
    if (options.migrate !== false) {
      const migrator = createDataSource(url, { max: 2, statementTimeoutMs: 0 });
      await migrator.initialize();
      try {
        await migrate(migrator);
      } finally {
        await migrator.destroy();
      }
    }
    await dataSource.initialize();
  } catch (err) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw err;
  }
  return {
    dataSource,
    embedded,
    close: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}
