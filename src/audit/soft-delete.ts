import type { DataSource } from 'typeorm';
import { execute } from '../db/rows';
import { visibleTo, type Scope } from '../web/records';
import { audit } from './audit.service';

const TABLES = {
  ministry: 'ministries',
  official: 'officials',
  negotiation: 'negotiations',
  meeting: 'meetings',
  note: 'notes',
  agreement: 'agreements',
  commitment: 'commitments',
} as const;
const CLASSIFIED = new Set(['meeting', 'note', 'agreement', 'commitment']);

/**
 * Soft-deletes (or restores) a record, audited in the same transaction. Answers false, writing
 * nothing, when the record was already in that state or is above the user's clearance.
 */
export async function setDeleted(db: DataSource, scope: Scope, entityType: keyof typeof TABLES, id: number, deleted: boolean): Promise<boolean> {
  return db.transaction(async (tx) => {
    const params: unknown[] = [id];
    const clearance = CLASSIFIED.has(entityType) ? ` AND ${visibleTo(scope, 't', params, true)}` : '';
    // The count of rows the UPDATE touched: none when already in that state or out of clearance.
    const changed = await execute(
      tx,
      `UPDATE ${TABLES[entityType]} t SET deleted_at = ${deleted ? 'now()' : 'NULL'}, version = version + 1, updated_at = now()
        WHERE t.id = $1 AND t.deleted_at IS ${deleted ? '' : 'NOT '}NULL${clearance} RETURNING t.id`,
      params,
    );
    if (changed) await audit(tx, scope.userId, deleted ? 'delete' : 'restore', entityType, id, null, null);
    return changed > 0;
  });
}
