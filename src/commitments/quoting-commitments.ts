import { In, type EntityManager } from 'typeorm';
import { audit } from '../audit/audit.service';
import type { Clearance } from '../config';
import { CLASSIFICATIONS } from '../web/clearance';
import { Commitment } from './commitment.entity';

const SOURCE_COLUMNS = { meeting: 'meetingId', note: 'noteId', agreement: 'agreementId' } as const;

/**
 * A commitment quotes its source, so it is never classified below it: when a meeting, note or
 * agreement is raised, the commitments quoting it (deleted ones too, which a restore would bring
 * back) are raised with it in the same transaction, each audited as an update of that commitment.
 * Answers how many were raised.
 */
export async function raiseQuotingCommitments(
  tx: EntityManager,
  userId: number,
  source: 'meeting' | 'note' | 'agreement',
  sourceId: number,
  level: Clearance,
): Promise<number> {
  const below = CLASSIFICATIONS.slice(0, CLASSIFICATIONS.indexOf(level));
  if (!below.length) return 0;
  const rows = await tx.getRepository(Commitment).find({
    select: { id: true, classification: true },
    where: { [SOURCE_COLUMNS[source]]: sourceId, classification: In(below) },
    order: { id: 'ASC' },
    withDeleted: true,
    lock: { mode: 'pessimistic_write' },
  });
  if (!rows.length) return 0;
  await tx
    .createQueryBuilder()
    .update(Commitment)
    .set({ classification: level })
    .where('id IN (:...ids)', { ids: rows.map((r) => r.id) })
    .execute();
  for (const row of rows)
    await audit(
      tx,
      userId,
      'update',
      'commitment',
      row.id,
      { classification: row.classification },
      { classification: level },
    );
  return rows.length;
}

/** The flash after saving a record that raised commitments with it. */
export function savedMessage(what: string, raised: number, level: string): string {
  if (!raised) return `${what} saved.`;
  return `${what} saved. ${raised} ${raised === 1 ? 'commitment quoting it was' : 'commitments quoting it were'} raised to ${level}.`;
}
