import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Clearance } from '../config';
import { FormSubmission } from './form-submission.entity';
import { visibleClassifications } from './clearance';

const MAX_ID = 2_147_483_647;

/** A record id from a URL, or undefined (which the caller answers with 404). */
export function parseId(raw: unknown): number | undefined {
  if (typeof raw !== 'string' || !/^\d{1,10}$/.test(raw)) return undefined;
  const id = Number(raw);
  return id >= 1 && id <= MAX_ID ? id : undefined;
}

/**
 * What a user may see: every query on classified records (meetings, notes, agreements,
 * commitments) filters on `classification = ANY(scope.levels)`, and on nothing else.
 */
export interface Scope {
  userId: number;
  levels: Clearance[];
  isAdmin: boolean;
}

export function scopeOf(user: Express.User): Scope {
  return { userId: user.id, levels: visibleClassifications(user.clearance), isAdmin: user.role === 'admin' };
}

export function newSubmissionToken(): string {
  return randomUUID();
}

/**
 * Claims a new-form token inside the creating transaction. Returns the id of the record an
 * earlier submission of the same form created (the caller redirects to it), or null when
 * this submission is the first. A concurrent duplicate waits on the primary key until the
 * first commits.
 */
export async function claimSubmission(
  tx: EntityManager,
  token: string,
  userId: number,
  entityType: string,
): Promise<number | null> {
  const inserted = await tx
    .createQueryBuilder()
    .insert()
    .into(FormSubmission)
    .values({ token, userId, entityType })
    .orIgnore()
    .returning('token')
    .execute();
  if ((inserted.raw as unknown[]).length) return null;
  const earlier = await tx
    .getRepository(FormSubmission)
    .findOne({ select: { entityId: true }, where: { token, userId, entityType } });
  // Another user's token, or another form's: 0, which no record has, so the caller shows nothing of it.
  return earlier?.entityId ?? 0;
}

export async function completeSubmission(tx: EntityManager, token: string, entityId: number): Promise<void> {
  await tx.getRepository(FormSubmission).update({ token }, { entityId });
}

/** Thrown when an edit was based on a version that is no longer current. */
export class StaleEditError extends Error {
  constructor(readonly current: Record<string, unknown>) {
    super('The record was changed by someone else while you were editing it.');
  }
}

/**
 * The one clearance filter: `alias.classification = ANY(levels)` and not deleted. Every query
 * that reads meetings, notes, agreements or commitments includes it (pass `includeDeleted` only
 * for an admin's view of a deleted record).
 */
export function visibleTo(scope: Scope, alias: string, params: unknown[], includeDeleted = false): string {
  const level = `${alias}.classification = ANY($${params.push(scope.levels)}::text[])`;
  return includeDeleted ? level : `${level} AND ${alias}.deleted_at IS NULL`;
}
