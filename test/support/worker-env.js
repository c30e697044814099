// Points each Jest worker at its own clone of the migrated template database.
const base = process.env.DEMARCHE_TEST_BASE_URL;
if (!base) throw new Error('The global setup did not start a database');
const worker = Number(process.env.JEST_WORKER_ID || '1');
const url = new URL(base);
url.pathname = `/demarche_test_${((worker - 1) % 4) + 1}`;
process.env.DATABASE_URL = url.toString();
process.env.NODE_ENV = 'test';
