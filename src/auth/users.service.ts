import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import type { Clearance } from '../config';
import { audit } from '../audit/audit.service';
import { ROLES, type Role } from './user.entity';
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords';
import { CLASSIFICATIONS } from '../web/clearance';
import { selectRow, selectRows } from '../db/rows';

/** What a request knows about its logged-in user; loaded fresh on every request. */
export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  clearance: Clearance;
}

export const newUserSchema = z.object({
  email: z.string().trim().toLowerCase().email('Enter a valid email address').max(254),
  name: z.string().trim().min(1, 'Enter a name').max(200),
  role: z.enum(ROLES, { message: `Role must be one of ${ROLES.join(', ')}` }),
  clearance: z.enum(CLASSIFICATIONS as [Clearance, ...Clearance[]], {
    message: `Clearance must be one of ${CLASSIFICATIONS.join(', ')}`,
  }),
  password: z.string().min(MIN_PASSWORD_LENGTH, `The password must be at least ${MIN_PASSWORD_LENGTH} characters`).max(1024),
});
export type NewUser = z.infer<typeof newUserSchema>;

export class DuplicateEmailError extends Error {}

export async function addUser(db: DataSource, input: NewUser, actorId: number | null = null): Promise<number> {
  const user = newUserSchema.parse(input);
  const hash = await hashPassword(user.password);
  return db.transaction(async (tx) => {
    const rows = await selectRows<{ id: number }>(
      tx,
      `INSERT INTO users (email, name, role, clearance, password_hash) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING id`,
      [user.email, user.name, user.role, user.clearance, hash],
    );
    if (rows.length === 0) throw new DuplicateEmailError(`A user with the email ${user.email} already exists`);
    const id = rows[0].id;
    await audit(tx, actorId, 'create', 'user', id, null, { email: user.email, name: user.name, role: user.role, clearance: user.clearance });
    return id;
  });
}

export async function findForLogin(db: DataSource, email: string): Promise<(SessionUser & { passwordHash: string; disabled: boolean }) | undefined> {
  return selectRow<SessionUser & { passwordHash: string; disabled: boolean }>(
    db,
    `SELECT id, email, name, role, clearance, disabled, password_hash AS "passwordHash" FROM users WHERE lower(email) = lower($1)`,
    [email],
  );
}

export async function findActiveUser(db: DataSource, id: number): Promise<SessionUser | undefined> {
  return selectRow<SessionUser>(db, `SELECT id, email, name, role, clearance FROM users WHERE id = $1 AND NOT disabled`, [id]);
}

/** Disabling a user also deletes their sessions, so they are logged out at once on every instance. */
export async function setDisabled(db: DataSource, id: number, disabled: boolean, actorId: number | null, guard?: (tx: EntityManager) => Promise<void>): Promise<void> {
  await db.transaction(async (tx) => {
    await guard?.(tx);
    const before = await selectRows<{ disabled: boolean }>(tx, `SELECT disabled FROM users WHERE id = $1 FOR UPDATE`, [id]);
    if (before.length === 0) return;
    await tx.query(`UPDATE users SET disabled = $2, version = version + 1, updated_at = now() WHERE id = $1`, [id, disabled]);
    if (disabled) await tx.query(`DELETE FROM sessions WHERE sess -> 'passport' ->> 'user' = $1`, [String(id)]);
    await audit(tx, actorId, 'update', 'user', id, { disabled: before[0].disabled }, { disabled });
  });
}
