import type { DataSource, EntityManager } from 'typeorm';
import { hashPassword } from '../auth/passwords';
import { selectRow, selectRows } from './rows';
import { seedRecords } from './seed-dossier';
import {
  DEMO_PASSWORD,
  demoMinistries,
  demoOfficials,
  demoUsers,
  type MinistryKey,
  type OfficialKey,
} from './demo-data';

const SEED_LOCK = 7_270_738;

export interface SeedResult {
  users: number;
  dossier: boolean;
}

async function seedUsers(tx: EntityManager): Promise<number> {
  const hash = await hashPassword(DEMO_PASSWORD);
  let created = 0;
  for (const user of demoUsers) {
    const rows = await selectRows<{ id: number }>(
      tx,
      `INSERT INTO users (email, name, role, clearance, password_hash) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id`,
      [user.email, user.name, user.role, user.clearance, hash],
    );
    created += rows.length;
  }
  return created;
}

async function seedDossier(tx: EntityManager): Promise<boolean> {
  const present = await selectRows<unknown>(tx, `SELECT 1 FROM ministries WHERE name = $1 AND country_code = 'NO'`, [
    demoMinistries[0].name,
  ]);
  if (present.length) return false;
  const ministries = {} as Record<MinistryKey, number>;
  for (const m of demoMinistries) {
    const row = await selectRow<{ id: number }>(
      tx,
      `INSERT INTO ministries (name, short_name, kind, country_code, parent_id, aliases) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [m.name, m.shortName, m.kind, m.countryCode, m.parent ? ministries[m.parent] : null, m.aliases ?? []],
    );
    // INSERT … RETURNING answers its row.
    ministries[m.key] = row!.id;
  }
  const officials = {} as Record<OfficialKey, number>;
  for (const o of demoOfficials) {
    const row = (await selectRow<{ id: number }>(
      tx,
      `INSERT INTO officials (full_name, native_name, aliases) VALUES ($1, $2, $3) RETURNING id`,
      [o.fullName, o.nativeName ?? null, o.aliases ?? []],
    ))!;
    officials[o.key] = row.id;
    for (const p of o.positions) {
      await tx.query(
        `INSERT INTO official_positions (official_id, ministry_id, title, started_on, ended_on) VALUES ($1, $2, $3, $4, $5)`,
        [row.id, ministries[p.ministry], p.title, p.startedOn, p.endedOn ?? null],
      );
    }
  }
  const users = await selectRows<{ email: string; id: number }>(
    tx,
    `SELECT email, id FROM users WHERE email IN ('staff@demo.test', 'manager@demo.test')`,
  );
  const byEmail = Object.fromEntries(users.map((u) => [u.email, u.id]));
  await seedRecords(tx, ministries, officials, {
    staff: byEmail['staff@demo.test'] ?? null,
    manager: byEmail['manager@demo.test'] ?? null,
  });
  return true;
}

/** Loads the demo accounts and the Storskog dossier; records already present are left alone. */
export async function seedDemo(db: DataSource): Promise<SeedResult> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
    const users = await seedUsers(tx);
    const dossier = await seedDossier(tx);
    return { users, dossier };
  });
}

export async function isEmpty(db: DataSource): Promise<boolean> {
  const row = await selectRow<{ empty: boolean }>(
    db,
    `SELECT NOT EXISTS (SELECT 1 FROM users) AND NOT EXISTS (SELECT 1 FROM ministries) AS empty`,
  );
  return row!.empty;
}
