import 'reflect-metadata';
import path from 'node:path';
import { types } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { entities } from './entities';
import { ROOT } from '../paths';

// A DATE is a calendar day, not an instant: keep it as 'YYYY-MM-DD' so no time zone can shift it.
types.setTypeParser(types.builtins.DATE, (value: string) => value);

export interface PoolSettings {
  max?: number;
  statementTimeoutMs?: number;
  onPoolError?: (err: Error) => void;
}

export function dataSourceOptions(url: string, settings: PoolSettings = {}): DataSourceOptions {
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
    connectTimeoutMS: 5_000,
    extra: {
      max: settings.max ?? 10,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      statement_timeout: settings.statementTimeoutMs ?? 15_000,
      idle_in_transaction_session_timeout: 30_000,
      query_timeout: (settings.statementTimeoutMs ?? 15_000) + 2_000,
      application_name: 'demarche',
    },
  };
}

export function createDataSource(url: string, settings?: PoolSettings): DataSource {
  return new DataSource(dataSourceOptions(url, settings));
}
