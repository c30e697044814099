import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { selectRow } from './rows';

/** A secret generated once and kept in the database, so every instance on it signs cookies alike. */
export async function sharedSecret(db: DataSource, name: string): Promise<string> {
  await db.query(`INSERT INTO app_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [name, randomBytes(32).toString('hex')]);
  // The INSERT above guarantees the row.
  const row = await selectRow<{ value: string }>(db, `SELECT value FROM app_secrets WHERE name = $1`, [name]);
  return row!.value;
}
