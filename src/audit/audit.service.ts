import type { EntityManager } from 'typeorm';

export type AuditAction = 'create' | 'update' | 'delete' | 'restore';

export interface AuditEntry {
  at: Date;
  action: AuditAction;
  userName: string | null;
  changes: Record<string, { before?: unknown; after?: unknown }>;
}

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
  await manager.query(
    `INSERT INTO audit_events (user_id, action, entity_type, entity_id, changes) VALUES ($1, $2, $3, $4, $5)`,
    [userId, action, entityType, entityId, JSON.stringify(diff(before, after))],
  );
}

export async function history(manager: EntityManager, entityType: string, entityId: number): Promise<AuditEntry[]> {
  const rows = await manager.query(
    `SELECT a.at, a.action, u.name AS "userName", a.changes
       FROM audit_events a LEFT JOIN users u ON u.id = a.user_id
      WHERE a.entity_type = $1 AND a.entity_id = $2
      ORDER BY a.at DESC, a.id DESC LIMIT 100`,
    [entityType, entityId],
  );
  return rows;
}
