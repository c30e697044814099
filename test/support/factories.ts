import type { DataSource } from 'typeorm';
import type { Clearance } from '../../src/config';
import type { Role } from '../../src/auth/user.entity';
import { hashPassword } from '../../src/auth/passwords';

export const PASSWORD = 'correct horse battery staple';
let hash: Promise<string> | undefined;
let sequence = 0;

export async function createUser(
  db: DataSource,
  overrides: Partial<{ email: string; name: string; role: Role; clearance: Clearance; disabled: boolean }> = {},
): Promise<{ id: number; email: string; password: string }> {
  hash ??= hashPassword(PASSWORD);
  sequence += 1;
  const email = overrides.email ?? `user${sequence}@example.test`;
  const [row] = await db.query(
    `INSERT INTO users (email, name, role, clearance, disabled, password_hash) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [
      email,
      overrides.name ?? `User ${sequence}`,
      overrides.role ?? 'staff',
      overrides.clearance ?? 'confidential',
      overrides.disabled ?? false,
      await hash,
    ],
  );
  return { id: row.id, email, password: PASSWORD };
}

export async function createMinistry(
  db: DataSource,
  overrides: Partial<{
    name: string;
    shortName: string;
    kind: string;
    countryCode: string;
    parentId: number | null;
  }> = {},
): Promise<number> {
  sequence += 1;
  const [row] = await db.query(
    `INSERT INTO ministries (name, short_name, kind, country_code, parent_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [
      overrides.name ?? `Ministry ${sequence}`,
      overrides.shortName ?? null,
      overrides.kind ?? 'ministry',
      overrides.countryCode ?? 'NO',
      overrides.parentId ?? null,
    ],
  );
  return row.id;
}

export async function createOfficial(
  db: DataSource,
  overrides: Partial<{
    fullName: string;
    nativeName: string;
    title: string;
    ministryId: number;
    startedOn: string;
  }> = {},
): Promise<number> {
  sequence += 1;
  const ministryId = overrides.ministryId ?? (await createMinistry(db));
  const [row] = await db.query(`INSERT INTO officials (full_name, native_name) VALUES ($1, $2) RETURNING id`, [
    overrides.fullName ?? `Official ${sequence}`,
    overrides.nativeName ?? null,
  ]);
  await db.query(
    `INSERT INTO official_positions (official_id, ministry_id, title, started_on) VALUES ($1, $2, $3, $4)`,
    [row.id, ministryId, overrides.title ?? 'Minister', overrides.startedOn ?? '2010-01-01'],
  );
  return row.id;
}
