import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AppSecret } from './app-secret.entity';

/** A secret generated once and kept in the database, so every instance on it signs cookies alike. */
export async function sharedSecret(db: DataSource, name: string): Promise<string> {
  // The first instance to start stores its secret; every other keeps the one already stored.
  await db
    .createQueryBuilder()
    .insert()
    .into(AppSecret)
    .values({ name, value: randomBytes(32).toString('hex') })
    .orIgnore()
    .execute();
  const secret = await db.getRepository(AppSecret).findOneByOrFail({ name });
  return secret.value;
}
