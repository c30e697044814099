import { seedDemo } from '../db/seed-demo';
import { DEMO_PASSWORD } from '../db/demo-data';
import { onCliDatabase, runCli } from './cli-database';

void runCli(async () => {
  const result = await onCliDatabase(seedDemo);
  console.log(
    `Demo data: ${result.users} account(s) created, dossier ${result.dossier ? 'loaded' : 'already present'}. Password: ${DEMO_PASSWORD}`,
  );
});
