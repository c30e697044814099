import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

/** The statement's name: the same text always gets the same name, on every connection. */
export const statementName = (text: string) => `q_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;

/**
 * Runs a hot query as a named prepared statement, so PostgreSQL plans it once per connection
 * rather than on every request (planning the open-commitments page costs as much as running it).
 */
export async function preparedQuery<T>(db: DataSource, text: string, values: unknown[]): Promise<T[]> {
  const pool = (db.driver as unknown as { master: Pool }).master;
  const { rows } = await pool.query({ name: statementName(text), text, values });
  return rows as T[];
}
