import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { audit } from '../audit/audit.service';
import type { Clearance } from '../config';
import { CLASSIFICATIONS } from '../web/clearance';
import { choice, requiredText } from '../web/form-fields';
import { HttpError } from '../web/errors';
import { issuePasswordLink } from './password-links';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords';
import { ROLES, SUMMARY_CHOICES, User, type Role } from './user.entity';
import { endSessionsOf, insertUser, lockUser, setDisabled } from './users.service';
import { selectRows } from '../db/rows';

type LinkConfig = Parameters<typeof issuePasswordLink>[1];

const clearanceField = choice(CLASSIFICATIONS as unknown as readonly [Clearance, ...Clearance[]], 'clearance');

export const adminNewUserSchema = z.object({
  email: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
    z.string({ error: 'Enter an email address.' }).email('Enter a valid email address.').max(254),
  ),
  name: requiredText('a name', 200),
  role: choice(ROLES, 'role'),
  clearance: clearanceField,
});

export const adminEditUserSchema = z.object({ role: choice(ROLES, 'role'), clearance: clearanceField });

export interface UserListRow {
  id: number;
  email: string;
  name: string;
  role: Role;
  clearance: Clearance;
  disabled: boolean;
  pendingLink: boolean;
}

export async function listUsers(
  db: DataSource,
  filters: { q?: string; role?: string; state?: string },
): Promise<UserListRow[]> {
  const params: unknown[] = [];
  const where = ['true'];
  if (filters.q)
    where.push(
      `(lower(email) LIKE $${params.push(`%${filters.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`)} OR lower(name) LIKE $${params.length})`,
    );
  if (filters.role) where.push(`role = $${params.push(filters.role)}`);
  if (filters.state === 'active') where.push('NOT disabled');
  if (filters.state === 'disabled') where.push('disabled');
  return selectRows<UserListRow>(
    db,
    `SELECT id, email, name, role, clearance, disabled, (password_token_expires_at > now()) IS TRUE AS "pendingLink"
       FROM users WHERE ${where.join(' AND ')} ORDER BY disabled, lower(name), id LIMIT 500`,
    params,
  );
}

export async function findUser(db: DataSource | EntityManager, id: number) {
  const user = await db.getRepository(User).findOne({
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      clearance: true,
      disabled: true,
      summaries: true,
      digest: true,
      notices: true,
      version: true,
      passwordTokenExpiresAt: true,
    },
    where: { id },
  });
  if (!user) return undefined;
  const { passwordTokenExpiresAt, ...shown } = user;
  return { ...shown, pendingLink: passwordTokenExpiresAt !== null && passwordTokenExpiresAt > new Date() };
}

/** Adds a user without a password: they set it through the one-time link, shown to the admin and mailed. */
export async function createUserByAdmin(
  db: DataSource,
  config: LinkConfig,
  actorId: number,
  input: z.infer<typeof adminNewUserSchema>,
) {
  // An unusable password until the link is used: the hash of random bytes nobody knows.
  const placeholder = await hashPassword(randomBytes(32).toString('hex'));
  return db.transaction(async (tx) => {
    const id = await insertUser(
      tx,
      { ...input },
      placeholder,
      actorId,
      'A user with this email address already exists.',
    );
    return { id, ...(await issuePasswordLink(tx, config, id, false)) };
  });
}

/**
 * The last-admin rule, checked with every active admin row locked: an admin may not disable or
 * demote themselves, and the last active admin stays one. Two admins demoting each other at once
 * take turns on the locks, so the second sees the first's change.
 */
async function guardAdmins(tx: EntityManager, actorId: number, targetId: number, losesAdmin: boolean): Promise<void> {
  if (!losesAdmin) return;
  if (actorId === targetId)
    throw new HttpError(403, 'You cannot disable or demote yourself; ask another administrator.');
  const admins = await lockActiveAdmins(tx);
  if (admins.some((a) => a.id === targetId) && admins.length <= 1)
    throw new HttpError(403, 'This is the last administrator: make someone else an administrator first.');
}

/** Every active administrator, their rows locked for the rest of the transaction. */
function lockActiveAdmins(tx: EntityManager) {
  return tx.getRepository(User).find({
    select: { id: true },
    where: { role: 'admin', disabled: false },
    order: { id: 'ASC' },
    lock: { mode: 'pessimistic_write' },
  });
}

export async function changeRoleAndClearance(
  db: DataSource,
  actorId: number,
  id: number,
  input: z.infer<typeof adminEditUserSchema>,
): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await lockUser(tx, id, ['role', 'clearance', 'disabled']);
    if (!before) throw new HttpError(404, 'That user does not exist.');
    await guardAdmins(tx, actorId, id, before.role === 'admin' && input.role !== 'admin' && !before.disabled);
    if (before.role === input.role && before.clearance === input.clearance) return;
    await tx.getRepository(User).update(id, { role: input.role, clearance: input.clearance });
    await audit(
      tx,
      actorId,
      'update',
      'user',
      id,
      { role: before.role, clearance: before.clearance },
      { role: input.role, clearance: input.clearance },
    );
  });
}

/** Disables (ending every session of the user at once) or enables; the same function the commands use. */
export async function changeDisabled(
  db: DataSource,
  actorId: number | null,
  id: number,
  disabled: boolean,
): Promise<void> {
  const target = await db.getRepository(User).findOne({ select: { role: true }, where: { id } });
  if (!target) throw new HttpError(404, 'That user does not exist.');
  await setDisabled(db, id, disabled, actorId, async (tx) => {
    if (actorId !== null) await guardAdmins(tx, actorId, id, disabled && target.role === 'admin');
    else if (disabled) {
      const others = (await lockActiveAdmins(tx)).filter((admin) => admin.id !== id);
      if (target.role === 'admin' && others.length === 0)
        throw new HttpError(403, 'This is the last administrator: make someone else an administrator first.');
    }
  });
}

export async function resetPasswordLink(db: DataSource, config: LinkConfig, actorId: number, id: number) {
  return db.transaction(async (tx) => {
    const user = await lockUser(tx, id, ['disabled']);
    if (!user) throw new HttpError(404, 'That user does not exist.');
    if (user.disabled) throw new HttpError(409, 'Enable the user before giving them a password link.');
    const issued = await issuePasswordLink(tx, config, id, true);
    await audit(tx, actorId, 'update', 'user', id, { passwordLink: null }, { passwordLink: 'issued' });
    return issued;
  });
}

/** Sets a password directly (the user:set-password command), ending the user's sessions. */
export async function setPassword(db: DataSource, id: number, password: string, actorId: number | null): Promise<void> {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new Error(`The password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  const hash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await tx
      .getRepository(User)
      .update(id, { passwordHash: hash, passwordTokenHash: null, passwordTokenExpiresAt: null });
    await endSessionsOf(tx, id);
    await audit(tx, actorId, 'update', 'user', id, { password: '(old)' }, { password: '(changed)' });
  });
}

// ---- the user's own account ----

export const nameSchema = z.object({ name: requiredText('your name', 200) });
export const passwordSchema = z.object({
  currentPassword: requiredText('your current password', 1024),
  newPassword: z.preprocess(
    (v) => (typeof v === 'string' ? v : undefined),
    z
      .string({ error: 'Enter a new password.' })
      .min(MIN_PASSWORD_LENGTH, `The new password must be at least ${MIN_PASSWORD_LENGTH} characters.`)
      .max(1024),
  ),
  repeatPassword: z.preprocess(
    (v) => (typeof v === 'string' ? v : undefined),
    z.string({ error: 'Repeat the new password.' }),
  ),
});
export const preferencesSchema = z.object({
  summaries: choice(SUMMARY_CHOICES, 'how often you get summaries'),
  digest: z.preprocess((v) => v ?? 'off', z.enum(['on', 'off'], { message: 'Choose on or off.' })),
  notices: z.preprocess((v) => v ?? 'off', z.enum(['on', 'off'], { message: 'Choose on or off.' })),
});

export async function renameSelf(db: DataSource, id: number, name: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await lockUser(tx, id, ['name']);
    if (!before || before.name === name) return;
    await tx.getRepository(User).update(id, { name });
    await audit(tx, id, 'update', 'user', id, { name: before.name }, { name });
  });
}

/** Changes the password when the current one is right; the user's other sessions end. */
export async function changeOwnPassword(
  db: DataSource,
  id: number,
  current: string,
  next: string,
  keepSessionId?: string,
): Promise<boolean> {
  const row = await db.getRepository(User).findOne({ select: { passwordHash: true }, where: { id, disabled: false } });
  if (!row || !(await verifyPassword(row.passwordHash, current))) return false;
  const hash = await hashPassword(next);
  await db.transaction(async (tx) => {
    await tx.getRepository(User).update(id, { passwordHash: hash });
    if (keepSessionId) await endSessionsOf(tx, id, keepSessionId);
    await audit(tx, id, 'update', 'user', id, { password: '(old)' }, { password: '(changed)' });
  });
  return true;
}

export async function setPreferences(
  db: DataSource,
  id: number,
  prefs: { summaries?: string; digest?: boolean; notices?: boolean },
  actorId: number | null = id,
): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await lockUser(tx, id, ['summaries', 'digest', 'notices']);
    if (!before) return;
    const after = { ...before, ...Object.fromEntries(Object.entries(prefs).filter(([, v]) => v !== undefined)) };
    if (after.summaries === before.summaries && after.digest === before.digest && after.notices === before.notices)
      return;
    await tx
      .getRepository(User)
      .update(id, { summaries: after.summaries, digest: after.digest, notices: after.notices });
    await audit(tx, actorId, 'update', 'user', id, before, after);
  });
}
