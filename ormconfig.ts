// The DataSource the TypeORM CLI uses (`npm run migration:*`). The npm scripts run it through
// src/cli/with-database, which sets DATABASE_URL to the embedded server when none is given.
import { createDataSource } from './src/db/data-source';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is not set: run the migration commands through npm run');

export default createDataSource(url);
