import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
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

/**
 * Runs a hot query as a named prepared statement, so PostgreSQL plans it once per connection
 * rather than on every request (planning the open-commitments page costs as much as running it).
 */
export async function preparedQuery<T>(db: DataSource, text: string, values: unknown[]): Promise<T[]> {
  const pool = (db.driver as unknown as { master: Pool }).master;
  const { rows } = await pool.query({ name: statementName(text), text, values });
  return rows as T[];
}
