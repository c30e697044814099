import { createHash } from 'node:crypto';
import type { PoolClient, QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';

const names = new Map<string, string>();

/** The statement's name: the same text always gets the same name, on every connection. */
export function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `q_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    // The texts are the pages' queries, one per combination of filters: a bounded set, but cap it.
    if (names.size >= 1000) names.clear();
    names.set(text, name);
  }
  return name;
}

export interface NamedQuery {
  /** Set for a statement PostgreSQL should plan once per connection; omit for one-off statements. */
  name?: string;
  text: string;
  values?: unknown[];
}

/**
 * Runs a statement on a connection lent by TypeORM's own pool, through its public query runner:
 * the way to reach pg's protocol-level features (named prepared statements, the row count of an
 * UPDATE) that `DataSource.query` does not expose.
 */
export async function runQuery<T>(db: DataSource, query: NamedQuery): Promise<{ rows: T[]; rowCount: number | null }> {
  const runner = db.createQueryRunner();
  try {
    const client = (await runner.connect()) as PoolClient;
    const { rows, rowCount } = await client.query<T & QueryResultRow>(query);
    return { rows, rowCount };
  } finally {
    await runner.release();
  }
}

/**
 * Runs a hot query as a named prepared statement, so PostgreSQL plans it once per connection
 * rather than on every request (planning the open-commitments page costs as much as running it).
 */
export async function preparedQuery<T>(db: DataSource, text: string, values: unknown[]): Promise<T[]> {
  return (await runQuery<T>(db, { name: statementName(text), text, values })).rows;
}
