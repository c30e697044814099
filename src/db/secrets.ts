import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** A secret generated once and kept in the database, so every instance on it signs cookies alike. */
export async function sharedSecret(db: DataSource, name: string): Promise<string> {
  await db.query(`INSERT INTO app_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [name, randomBytes(32).toString('hex')]);
  const [row] = await db.query(`SELECT value FROM app_secrets WHERE name = $1`, [name]);
  return row.value;
}
