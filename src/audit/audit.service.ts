import type { EntityManager } from 'typeorm';
import type { Clearance } from '../config';
import { AuditEvent } from './audit-event.entity';

export type AuditAction = 'create' | 'update' | 'delete' | 'restore';

/** The record's classification before and after an event; null for records that are not classified. */
export interface AuditLevels {
  before: Clearance | null;
  after: Clearance | null;
}

const CLASSIFIED_TABLES: Record<string, string> = {
  meeting: 'meetings',
  note: 'notes',
  agreement: 'agreements',
  commitment: 'commitments',
};

/** Before/after of the fields that differ; both sides for creates and deletes. */
export function diff(before: Record<string, unknown> | null, after: Record<string, unknown> | null) {
  const changes: Record<string, { before?: unknown; after?: unknown }> = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    const b = before?.[key] ?? null;
    const a = after?.[key] ?? null;
    if (JSON.stringify(b) !== JSON.stringify(a)) changes[key] = { before: b, after: a };
  }
  return changes;
}

const level = (values: Record<string, unknown> | null) =>
  typeof values?.classification === 'string' ? (values.classification as Clearance) : null;

/**
 * The levels an event happened at: the classification on each side of the values when they carry
 * one, otherwise (deletes, restores, follow-ups, seeded records) the record's classification now,
 * read in the writing transaction, so after the change.
 */
async function levelsOf(
  manager: EntityManager,
  entityType: string,
  entityId: number,
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): Promise<AuditLevels> {
  const b = level(before);
  const a = level(after);
  if (a || b) return { before: b ?? a, after: a ?? b };
  let sql: string;
  if (CLASSIFIED_TABLES[entityType]) sql = `SELECT classification FROM ${CLASSIFIED_TABLES[entityType]} WHERE id = $1`;
  else if (entityType === 'follow_up')
    sql = `SELECT c.classification FROM follow_ups f JOIN commitments c ON c.id = f.commitment_id WHERE f.id = $1`;
  else return { before: null, after: null };
  const rows = await manager.query<{ classification: Clearance }[]>(sql, [entityId]);
  // A classified record that cannot be found is treated as the most restrictive level.
  const now = rows[0]?.classification ?? 'confidential';
  return { before: now, after: now };
}

/** Must be called with the transaction's manager, so the event commits or rolls back with the change. */
export async function audit(
  manager: EntityManager,
  userId: number | null,
  action: AuditAction,
  entityType: string,
  entityId: number,
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): Promise<void> {
  const levels = await levelsOf(manager, entityType, entityId, before, after);
  await manager.getRepository(AuditEvent).insert({
    userId,
    action,
    entityType,
    entityId,
    changes: diff(before, after),
    classificationBefore: levels.before,
    classificationAfter: levels.after,
  });
}

export { history, type HistoryEntry } from './history';
