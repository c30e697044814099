import type { DataSource, EntityManager } from 'typeorm';
import { lockRow } from '../db/record-writes';
import { z } from 'zod';
import type { Clearance } from '../config';
import { audit } from '../audit/audit.service';
import { ROLES, User, type Role } from './user.entity';
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords';
import { CLASSIFICATIONS } from '../web/clearance';
import { StoredSession } from '../db/session.entity';

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
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `The password must be at least ${MIN_PASSWORD_LENGTH} characters`)
    .max(1024),
});
export type NewUser = z.infer<typeof newUserSchema>;

export class DuplicateEmailError extends Error {}

/** The account columns an audit entry and a new user share. */
type Account = Pick<User, 'email' | 'name' | 'role' | 'clearance'>;

/**
 * Inserts a user unless the email is taken (the unique index on lower(email) decides, so two
 * admins adding the same address at once get one user), audited in the same transaction.
 */
export async function insertUser(
  tx: EntityManager,
  account: Account,
  passwordHash: string,
  actorId: number | null,
  duplicateMessage: string,
): Promise<number> {
  const result = await tx
    .createQueryBuilder()
    .insert()
    .into(User)
    .values({ ...account, passwordHash })
    .orIgnore()
    .returning('id')
    .execute();
  const [row] = result.raw as { id: number }[];
  if (!row) throw new DuplicateEmailError(duplicateMessage);
  await audit(tx, actorId, 'create', 'user', row.id, null, { ...account });
  return row.id;
}

export async function addUser(db: DataSource, input: NewUser, actorId: number | null = null): Promise<number> {
  const user = newUserSchema.parse(input);
  const hash = await hashPassword(user.password);
  const account = { email: user.email, name: user.name, role: user.role, clearance: user.clearance };
  return db.transaction((tx) =>
    insertUser(tx, account, hash, actorId, `A user with the email ${user.email} already exists`),
  );
}

export async function findForLogin(
  db: DataSource,
  email: string,
): Promise<(SessionUser & { passwordHash: string; disabled: boolean }) | undefined> {
  const user = await db
    .getRepository(User)
    .createQueryBuilder('u')
    .select(['u.id', 'u.email', 'u.name', 'u.role', 'u.clearance', 'u.disabled', 'u.passwordHash'])
    .where('lower(u.email) = lower(:email)', { email })
    .getOne();
  return user ?? undefined;
}

export async function findActiveUser(db: DataSource, id: number): Promise<SessionUser | undefined> {
  const user = await db.getRepository(User).findOne({
    select: { id: true, email: true, name: true, role: true, clearance: true },
    where: { id, disabled: false },
  });
  return user ?? undefined;
}

/** Locks the user's row for the rest of the transaction and answers the given columns, or undefined when there is no such user. */
export async function lockUser<K extends keyof User>(
  tx: EntityManager,
  id: number,
  columns: readonly K[],
): Promise<Pick<User, K> | undefined> {
  return lockRow(tx, User, id, columns);
}

/** Ends the user's sessions on every instance at once, except `keepSessionId` (the one changing the password). */
export async function endSessionsOf(tx: EntityManager, userId: number, keepSessionId?: string): Promise<void> {
  const remove = tx
    .createQueryBuilder()
    .delete()
    .from(StoredSession)
    .where(`sess -> 'passport' ->> 'user' = :user`, { user: String(userId) });
  if (keepSessionId) remove.andWhere('sid <> :keep', { keep: keepSessionId });
  await remove.execute();
}

/** Disabling a user also deletes their sessions, so they are logged out at once on every instance. */
export async function setDisabled(
  db: DataSource,
  id: number,
  disabled: boolean,
  actorId: number | null,
  guard?: (tx: EntityManager) => Promise<void>,
): Promise<void> {
  await db.transaction(async (tx) => {
    await guard?.(tx);
    const before = await lockUser(tx, id, ['disabled']);
    if (!before) return;
    await tx.getRepository(User).update(id, { disabled });
    if (disabled) await endSessionsOf(tx, id);
    await audit(tx, actorId, 'update', 'user', id, { disabled: before.disabled }, { disabled });
  });
}
