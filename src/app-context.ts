import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Config } from './config';

/** What every router needs from the running app; its own module so routers do not import app.ts. */
export interface AppContext {
  db: DataSource;
  config: Config;
  logger: Logger;
  sessionSecret: string;
}
