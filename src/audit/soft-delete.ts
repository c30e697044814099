import type { DataSource, EntityTarget } from 'typeorm';
import { Agreement } from '../agreements/agreement.entity';
import { Commitment } from '../commitments/commitment.entity';
import { Meeting } from '../meetings/meeting.entity';
import { Ministry } from '../ministries/ministry.entity';
import { Negotiation } from '../negotiations/negotiation.entity';
import { Note } from '../notes/note.entity';
import { Official } from '../officials/official.entity';
import type { Scope } from '../web/records';
import { audit } from './audit.service';

const ENTITIES: Record<string, EntityTarget<unknown>> = {
  ministry: Ministry,
  official: Official,
  negotiation: Negotiation,
  meeting: Meeting,
  note: Note,
  agreement: Agreement,
  commitment: Commitment,
};
const CLASSIFIED = new Set(['meeting', 'note', 'agreement', 'commitment']);

export type DeletableType = 'ministry' | 'official' | 'negotiation' | 'meeting' | 'note' | 'agreement' | 'commitment';

/**
 * Soft-deletes (or restores) a record, audited in the same transaction. Answers false, writing
 * nothing, when the record was already in that state or is above the user's clearance.
 */
export async function setDeleted(
  db: DataSource,
  scope: Scope,
  entityType: DeletableType,
  id: number,
  deleted: boolean,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    // An UPDATE rather than the repository's softDelete/restore: only a row in the other state
    // and within the user's clearance may change, and the count of rows touched says whether one did.
    const update = tx
      .createQueryBuilder()
      .update(ENTITIES[entityType])
      .set({ deletedAt: deleted ? () => 'now()' : null })
      .where('id = :id', { id })
      .andWhere(deleted ? 'deleted_at IS NULL' : 'deleted_at IS NOT NULL');
    if (CLASSIFIED.has(entityType)) update.andWhere('classification = ANY(:levels)', { levels: scope.levels });
    const { affected } = await update.execute();
    if (affected) await audit(tx, scope.userId, deleted ? 'delete' : 'restore', entityType, id, null, null);
    return Boolean(affected);
  });
}
