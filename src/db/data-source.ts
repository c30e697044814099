import 'reflect-metadata';
import path from 'node:path';
import { types } from 'pg';
import { DroppingClient } from './dropping-client';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { entities } from './entities';
import { ROOT } from '../paths';

// A DATE is a calendar day, not an instant: keep it as 'YYYY-MM-DD' so no time zone can shift it.
types.setTypeParser(types.builtins.DATE, (value: string) => value);

export interface PoolSettings {
  max?: number;
  /** 0 for none (migrations, data generation); the default suits pages. */
  statementTimeoutMs?: number;
  onPoolError?: (err: Error) => void;
}

/**
 * A page's queries take milliseconds. Past these limits the database is stalled or gone, and
 * the request answers 503 with Retry-After within 5 s instead of hanging (see QUALITY.md).
 */
const PAGE_STATEMENT_TIMEOUT_MS = 3_500;
const CONNECT_TIMEOUT_MS = 3_000;

export function dataSourceOptions(url: string, settings: PoolSettings = {}): DataSourceOptions {
  const timeout = settings.statementTimeoutMs ?? PAGE_STATEMENT_TIMEOUT_MS;
  return {
    type: 'postgres',
    url,
    entities,
    migrations: [path.join(ROOT, 'dist', 'migrations', '*.js')],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    poolErrorHandler: settings.onPoolError ?? (() => {}),
    connectTimeoutMS: CONNECT_TIMEOUT_MS,
    extra: {
      Client: DroppingClient,
      max: settings.max ?? 10,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      idleTimeoutMillis: 30_000,
      statement_timeout: timeout,
      idle_in_transaction_session_timeout: 30_000,
      // The client gives up shortly after the server would, so a paused server cannot hold a request.
      query_timeout: timeout ? timeout + 500 : undefined,
      application_name: 'demarche',
      // The record is read from memory, not from disk: at PostgreSQL's default (4, for spinning
      // disks) the planner scanned small tables once per page row where an index lookup costs
      // a tenth of that; 1.1 is the usual setting for SSDs and cached data.
      options: '-c random_page_cost=1.1',
    },
  };
}

export function createDataSource(url: string, settings?: PoolSettings): DataSource {
  return new DataSource(dataSourceOptions(url, settings));
}
