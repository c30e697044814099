import type { DataSource, EntityManager } from 'typeorm';
import { setDeleted } from '../audit/soft-delete';
import { audit } from '../audit/audit.service';
import { raiseQuotingCommitments } from '../commitments/quoting-commitments';
import { selectRow, selectRows } from '../db/rows';
import { chainError, visibleChain } from '../web/chains';
import { claimSubmission, completeSubmission, StaleEditError, visibleTo, type Scope } from '../web/records';
import type { NoteInput } from './note.schema';

export { findNote, listNotes, noteCommitments, noteThread, type NoteRow } from './notes.queries';

export class InvalidReferenceError extends Error {
  constructor(readonly errors: Record<string, string>) {
    super('A referenced record does not exist');
  }
}

// One message for every clash (a note the user may see, one above their clearance, a deleted one):
// it says only that the reference is taken, which a unique reference cannot avoid saying.
const DUPLICATE_REFERENCE = 'This reference cannot be used; choose another.';
const PICK = 'Choose an entry from the list.';

/** Choices for "in reply to" and evidence selects: live notes the user may see, newest first. */
export { negotiationOptions as negotiationChoices } from '../negotiations/negotiations.service';

type Stored = ReturnType<typeof values>;

function values(input: NoteInput) {
  return {
    reference: input.reference,
    kind: input.kind,
    sentOn: input.sentOn,
    fromId: input.fromId,
    toId: input.toId,
    subject: input.subject,
    body: input.body ?? null,
    inReplyToId: input.inReplyToId ?? null,
    replyDueOn: input.replyDueOn ?? null,
    negotiationId: input.negotiationId ?? null,
    classification: input.classification,
  };
}

/** Every reference the form makes must point at something live and visible; a value kept from before stays valid. */
async function referenceErrors(tx: EntityManager, scope: Scope, id: number | null, v: Stored, before?: Stored): Promise<Record<string, string>> {
  const errors: Record<string, string> = {};
  const dup = await selectRow<Record<string, unknown>>(tx, `SELECT 1 FROM notes WHERE lower(reference) = lower($1) AND id IS DISTINCT FROM $2`, [v.reference, id]);
  if (dup) errors.reference = DUPLICATE_REFERENCE;
  const ministries = await selectRows<{ id: number }>(tx, `SELECT id FROM ministries WHERE id = ANY($1::int[]) AND deleted_at IS NULL`, [[v.fromId, v.toId]]);
  for (const field of ['fromId', 'toId'] as const) {
    if (v[field] !== before?.[field] && !ministries.some((m) => m.id === v[field])) errors[field] = PICK;
  }
  if (v.negotiationId && v.negotiationId !== before?.negotiationId) {
    const negotiation = await selectRow<Record<string, unknown>>(tx, `SELECT 1 FROM negotiations WHERE id = $1 AND deleted_at IS NULL`, [v.negotiationId]);
    if (!negotiation) errors.negotiationId = PICK;
  }
  if (v.inReplyToId) {
    const error = await replyError(tx, scope, id, v.inReplyToId, v.inReplyToId === before?.inReplyToId);
    if (error) errors.inReplyToId = error;
  }
  if (!scope.levels.includes(v.classification)) errors.classification = 'Choose a classification up to your own clearance.';
  return errors;
}

async function replyError(tx: EntityManager, scope: Scope, id: number | null, parentId: number, unchanged: boolean): Promise<string | undefined> {
  // A link kept as it was creates no new cycle; a new note has no replies to loop through.
  if (unchanged) return undefined;
  const params: unknown[] = [parentId];
  const parent = await selectRow<{ id: number }>(tx, `SELECT n.id FROM notes n WHERE n.id = $1 AND ${visibleTo(scope, 'n', params)}`, params);
  if (!parent) return PICK;
  if (id === null) return undefined;
  return chainError(await visibleChain(tx, scope, 'notes', 'in_reply_to_id', parentId), id, {
    cycle: 'A note cannot reply to itself or to one of its own replies.',
    hidden: (name) => `${name} is in reply to a note you may not see, so this thread cannot be checked; choose another note.`,
  });
}

/** The unique index answers a race the pre-check cannot see; it means the same as the pre-check. */
function asDuplicateReference(err: unknown): never {
  const e = err as { code?: string; constraint?: string };
  if (e?.code === '23505' && e.constraint === 'notes_reference_key') throw new InvalidReferenceError({ reference: DUPLICATE_REFERENCE });
  throw err;
}

export async function sendNote(db: DataSource, scope: Scope, input: NoteInput, token: string): Promise<number> {
  return db
    .transaction(async (tx) => {
      const earlier = await claimSubmission(tx, token, scope.userId, 'note');
      if (earlier !== null) return earlier;
      const v = values(input);
      const errors = await referenceErrors(tx, scope, null, v);
      if (Object.keys(errors).length) throw new InvalidReferenceError(errors);
      const [row] = await selectRows<{ id: number }>(
        tx,
        `INSERT INTO notes (reference, kind, sent_on, from_id, to_id, subject, body, in_reply_to_id, reply_due_on, negotiation_id, classification, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [v.reference, v.kind, v.sentOn, v.fromId, v.toId, v.subject, v.body, v.inReplyToId, v.replyDueOn, v.negotiationId, v.classification, scope.userId],
      );
      await completeSubmission(tx, token, row.id);
      await audit(tx, scope.userId, 'create', 'note', row.id, null, v);
      return row.id;
    })
    .catch(asDuplicateReference);
}

const STORED = `reference, kind, sent_on::text AS "sentOn", from_id AS "fromId", to_id AS "toId", subject, body, in_reply_to_id AS "inReplyToId",
  reply_due_on::text AS "replyDueOn", negotiation_id AS "negotiationId", classification, version`;

/** Answers how many commitments quoting the note were raised with it. */
export async function updateNote(db: DataSource, scope: Scope, id: number, version: number, input: NoteInput): Promise<number> {
  return db
    .transaction(async (tx) => {
      const params: unknown[] = [id];
      const current = await selectRow<Stored & { version: number }>(tx, `SELECT ${STORED} FROM notes n WHERE id = $1 AND ${visibleTo(scope, 'n', params)} FOR UPDATE`, params);
      if (!current) throw new StaleEditError({});
      if (current.version !== version) throw new StaleEditError(current);
      const { version: _v, ...before } = current;
      const v = values(input);
      // A reply to a note above the user's clearance is not in their list; keep the link they cannot see.
      if (before.inReplyToId && v.inReplyToId === null && !(await isVisible(tx, scope, before.inReplyToId))) v.inReplyToId = before.inReplyToId;
      const errors = await referenceErrors(tx, scope, id, v, before);
      if (Object.keys(errors).length) throw new InvalidReferenceError(errors);
      await tx.query(
        `UPDATE notes SET reference = $3, kind = $4, sent_on = $5, from_id = $6, to_id = $7, subject = $8, body = $9, in_reply_to_id = $10,
                reply_due_on = $11, negotiation_id = $12, classification = $13, version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $2`,
        [id, version, v.reference, v.kind, v.sentOn, v.fromId, v.toId, v.subject, v.body, v.inReplyToId, v.replyDueOn, v.negotiationId, v.classification],
      );
      await audit(tx, scope.userId, 'update', 'note', id, before, v);
      return raiseQuotingCommitments(tx, scope.userId, 'note', id, v.classification);
    })
    .catch(asDuplicateReference);
}

async function isVisible(tx: EntityManager, scope: Scope, id: number): Promise<boolean> {
  const params: unknown[] = [id];
  const rows = await selectRows<Record<string, unknown>>(tx, `SELECT 1 FROM notes n WHERE n.id = $1 AND ${visibleTo(scope, 'n', params)}`, params);
  return rows.length > 0;
}

export const setNoteDeleted = (db: DataSource, scope: Scope, id: number, deleted: boolean) => setDeleted(db, scope, 'note', id, deleted);
