import type { EntityManager } from 'typeorm';
import { audit } from '../audit/audit.service';
import type { Clearance } from '../config';
import { execute, selectRows } from '../db/rows';

const RANK = (expr: string) => `array_position(ARRAY['unclassified', 'restricted', 'confidential']::text[], ${expr})`;

/**
 * A commitment quotes its source, so it is never classified below it: when a meeting, note or
 * agreement is raised, the commitments quoting it (deleted ones too, which a restore would bring
 * back) are raised with it in the same transaction, each audited as an update of that commitment.
 * Answers how many were raised.
 */
export async function raiseQuotingCommitments(tx: EntityManager, userId: number, source: 'meeting' | 'note' | 'agreement', sourceId: number, level: Clearance): Promise<number> {
  const rows = await selectRows<{ id: number; classification: Clearance }>(
    tx,
    `SELECT id, classification FROM commitments WHERE ${source}_id = $1 AND ${RANK('classification')} < ${RANK('$2::text')} ORDER BY id FOR UPDATE`,
    [sourceId, level],
  );
  if (!rows.length) return 0;
  await execute(tx, `UPDATE commitments SET classification = $2, version = version + 1, updated_at = now() WHERE id = ANY($1::int[])`, [rows.map((r) => r.id), level]);
  for (const row of rows) await audit(tx, userId, 'update', 'commitment', row.id, { classification: row.classification }, { classification: level });
  return rows.length;
}

/** The flash after saving a record that raised commitments with it. */
export function savedMessage(what: string, raised: number, level: string): string {
  if (!raised) return `${what} saved.`;
  return `${what} saved. ${raised} ${raised === 1 ? 'commitment quoting it was' : 'commitments quoting it were'} raised to ${level}.`;
}
