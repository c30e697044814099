// Starts one real PostgreSQL for the whole run (embedded, in a temporary directory, unless
// DATABASE_URL is given), migrates a template database once and clones it for each worker.
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import pg from 'pg';

const require = createRequire(import.meta.url);
export const WORKERS = 4;

export default async function globalSetup() {
  let baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'demarche-test-'));
    chmodSync(dataDir, 0o755); // PostgreSQL runs as its own user when the tests run as root
    const { startEmbedded } = require('../../dist/src/db/embedded.js');
    const embedded = await startEmbedded(dataDir);
    globalThis.__demarcheEmbedded = embedded;
    globalThis.__demarcheDataDir = dataDir;
    baseUrl = embedded.url;
  }
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  const name = (suffix) => `demarche_test_${suffix}`;
  try {
    for (let i = 1; i <= WORKERS; i++) await admin.query(`DROP DATABASE IF EXISTS ${name(i)} WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS ${name('template')} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name('template')} ENCODING 'UTF8' TEMPLATE template0`);
    const templateUrl = withDatabase(baseUrl, name('template'));
    const { createDataSource } = require('../../dist/src/db/data-source.js');
    const { migrate } = require('../../dist/src/db/database.js');
    const ds = createDataSource(templateUrl, { statementTimeoutMs: 0 });
    await ds.initialize();
    await migrate(ds);
    await ds.destroy();
    for (let i = 1; i <= WORKERS; i++) await admin.query(`CREATE DATABASE ${name(i)} TEMPLATE ${name('template')}`);
  } finally {
    await admin.end();
  }
  process.env.DEMARCHE_TEST_BASE_URL = baseUrl;
}

export function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
