import { In, type DataSource, type EntityManager } from 'typeorm';
import { setDeleted } from '../audit/soft-delete';
import { audit } from '../audit/audit.service';
import { raiseQuotingCommitments } from '../commitments/quoting-commitments';
import {
  assertValid,
  createOnce,
  insertRecord,
  InvalidInputError,
  lockForEdit,
  updateRecord,
} from '../db/record-writes';
import { Ministry } from '../ministries/ministry.entity';
import { Negotiation } from '../negotiations/negotiation.entity';
import { chainError, visibleChain } from '../web/chains';
import { StaleEditError, type Scope } from '../web/records';
import { Note } from './note.entity';
import type { NoteInput } from './note.schema';

export { findNote, listNotes, noteCommitments, noteThread, type NoteRow } from './notes.queries';

// One message for every clash (a note the user may see, one above their clearance, a deleted one):
// it says only that the reference is taken, which a unique reference cannot avoid saying.
const DUPLICATE_REFERENCE = 'This reference cannot be used; choose another.';
const PICK = 'Choose an entry from the list.';

/** Choices for "in reply to" and evidence selects: live notes the user may see, newest first. */
export { negotiationOptions as negotiationChoices } from '../negotiations/negotiations.service';

type Stored = ReturnType<typeof values>;
const STORED = [
  'reference',
  'kind',
  'sentOn',
  'fromId',
  'toId',
  'subject',
  'body',
  'inReplyToId',
  'replyDueOn',
  'negotiationId',
  'classification',
] as const satisfies readonly (keyof Stored)[];

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
async function referenceErrors(
  tx: EntityManager,
  scope: Scope,
  id: number | null,
  v: Stored,
  before?: Stored,
): Promise<Record<string, string>> {
  const errors: Record<string, string> = {};
  // Deleted notes keep their reference: the unique index covers them too.
  const dup = tx
    .getRepository(Note)
    .createQueryBuilder('n')
    .withDeleted()
    .where('lower(n.reference) = lower(:reference)', { reference: v.reference });
  if (id !== null) dup.andWhere('n.id <> :id', { id });
  if (await dup.getExists()) errors.reference = DUPLICATE_REFERENCE;
  const ministries = await tx
    .getRepository(Ministry)
    .find({ select: { id: true }, where: { id: In([v.fromId, v.toId]) } });
  for (const field of ['fromId', 'toId'] as const) {
    if (v[field] !== before?.[field] && !ministries.some((m) => m.id === v[field])) errors[field] = PICK;
  }
  if (
    v.negotiationId &&
    v.negotiationId !== before?.negotiationId &&
    !(await tx.getRepository(Negotiation).existsBy({ id: v.negotiationId }))
  )
    errors.negotiationId = PICK;
  if (v.inReplyToId) {
    const error = await replyError(tx, scope, id, v.inReplyToId, v.inReplyToId === before?.inReplyToId);
    if (error) errors.inReplyToId = error;
  }
  if (!scope.levels.includes(v.classification))
    errors.classification = 'Choose a classification up to your own clearance.';
  return errors;
}

async function replyError(
  tx: EntityManager,
  scope: Scope,
  id: number | null,
  parentId: number,
  unchanged: boolean,
): Promise<string | undefined> {
  // A link kept as it was creates no new cycle; a new note has no replies to loop through.
  if (unchanged) return undefined;
  if (!(await isVisible(tx, scope, parentId))) return PICK;
  if (id === null) return undefined;
  return chainError(await visibleChain(tx, scope, 'notes', 'in_reply_to_id', parentId), id, {
    cycle: 'A note cannot reply to itself or to one of its own replies.',
    hidden: (name) =>
      `${name} is in reply to a note you may not see, so this thread cannot be checked; choose another note.`,
  });
}

/** The unique index answers a race the pre-check cannot see; it means the same as the pre-check. */
function asDuplicateReference(err: unknown): never {
  const e = err as { code?: string; constraint?: string };
  if (e?.code === '23505' && e.constraint === 'notes_reference_key')
    throw new InvalidInputError({ reference: DUPLICATE_REFERENCE });
  throw err;
}

export async function sendNote(db: DataSource, scope: Scope, input: NoteInput, token: string): Promise<number> {
  return createOnce(db, scope, 'note', token, async (tx) => {
    const v = values(input);
    assertValid(await referenceErrors(tx, scope, null, v));
    const id = await insertRecord(tx, Note, { ...v, createdBy: scope.userId });
    await audit(tx, scope.userId, 'create', 'note', id, null, v);
    return id;
  }).catch(asDuplicateReference);
}

/** Answers how many commitments quoting the note were raised with it. */
export async function updateNote(
  db: DataSource,
  scope: Scope,
  id: number,
  version: number,
  input: NoteInput,
): Promise<number> {
  return db
    .transaction(async (tx) => {
      const before: Stored = await lockForEdit(tx, Note, id, version, STORED);
      // A note above the user's clearance is not theirs to edit: the same answer as a deleted one.
      if (!scope.levels.includes(before.classification)) throw new StaleEditError({});
      const v = values(input);
      // A reply to a note above the user's clearance is not in their list; keep the link they cannot see.
      if (before.inReplyToId && v.inReplyToId === null && !(await isVisible(tx, scope, before.inReplyToId)))
        v.inReplyToId = before.inReplyToId;
      assertValid(await referenceErrors(tx, scope, id, v, before));
      await updateRecord(tx, Note, id, version, v);
      await audit(tx, scope.userId, 'update', 'note', id, before, v);
      return raiseQuotingCommitments(tx, scope.userId, 'note', id, v.classification);
    })
    .catch(asDuplicateReference);
}

/** A live note within the user's clearance. */
async function isVisible(tx: EntityManager, scope: Scope, id: number): Promise<boolean> {
  return tx.getRepository(Note).existsBy({ id, classification: In(scope.levels) });
}

export const setNoteDeleted = (db: DataSource, scope: Scope, id: number, deleted: boolean) =>
  setDeleted(db, scope, 'note', id, deleted);
