import { seedDemo } from '../db/seed-demo';
import { DEMO_PASSWORD } from '../db/demo-data';
import { cliDatabase, runCli } from './cli-database';

void runCli(async () => {
  const database = await cliDatabase();
  try {
    const result = await seedDemo(database.dataSource);
    console.log(`Demo data: ${result.users} account(s) created, dossier ${result.dossier ? 'loaded' : 'already present'}. Password: ${DEMO_PASSWORD}`);
  } finally {
    await database.close();
  }
});
