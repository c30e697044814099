import type { DataSource, EntityManager } from 'typeorm';
import { setDeleted } from '../audit/soft-delete';
import { audit } from '../audit/audit.service';
import { assertValid, createOnce, editRecord, insertRecord } from '../db/record-writes';
import type { Scope } from '../web/records';
import { checkCommitmentFields, checkSource, titleOn } from './commitment-checks';
import { Commitment } from './commitment.entity';
import type { CommitmentInput } from './commitment.schema';
import { noticeAssignment } from '../mail/notices';

function columns(input: CommitmentInput, madeByTitle: string | null) {
  const s = input.source;
  return {
    text: input.text,
    madeById: input.madeById ?? null,
    madeByTitle,
    partyId: input.partyId,
    counterpartId: input.counterpartId,
    strength: input.strength,
    sourceType: s.type,
    meetingId: s.type === 'meeting' ? s.id : null,
    noteId: s.type === 'note' ? s.id : null,
    agreementId: s.type === 'agreement' ? s.id : null,
    sourceUrl: s.type === 'statement' ? s.url : null,
    madeOn: input.madeOn,
    dueOn: input.dueOn ?? null,
    ownerId: input.ownerId,
    negotiationId: input.negotiationId ?? null,
    classification: input.classification,
  };
}

async function validate(
  tx: EntityManager,
  scope: Scope,
  input: CommitmentInput,
  ruled: Record<string, string> = {},
): Promise<void> {
  assertValid({
    ...ruled,
    ...(await checkSource(tx, scope, input.source, input.classification)),
    ...(await checkCommitmentFields(tx, scope, input)),
  });
}

/**
 * Saves one commitment inside the caller's transaction (the commitment form's, or the meeting
 * form's for each inline row): checks every reference, records the maker's title on the day it
 * was made, and audits. Throws InvalidInputError, keyed by commitment field names, before writing.
 */
export async function insertCommitment(
  tx: EntityManager,
  scope: Scope,
  input: CommitmentInput,
  ruled: Record<string, string> = {},
): Promise<number> {
  await validate(tx, scope, input, ruled);
  const v = columns(input, await titleOn(tx, input.madeById, input.madeOn));
  const id = await insertRecord(tx, Commitment, { ...v, createdBy: scope.userId });
  await audit(tx, scope.userId, 'create', 'commitment', id, null, v);
  await noticeAssignment(tx, id, v.ownerId, scope.userId);
  return id;
}

/**
 * Who may own a commitment, on create and edit alike: a manager or admin may choose anyone; staff
 * may own it themselves, or (on edit) leave the owner it has. DESIGN: managers "reassign owners".
 */
export function ownerError(
  canAssign: boolean,
  ownerId: number,
  userId: number,
  currentOwnerId?: number | null,
): string | undefined {
  if (canAssign || ownerId === userId || (currentOwnerId !== undefined && ownerId === currentOwnerId)) return undefined;
  return currentOwnerId === undefined
    ? 'You can record a commitment only as its owner; a manager can hand it to someone else afterwards.'
    : 'Only a manager can hand this commitment to someone else; you may take it on yourself.';
}

export async function createCommitment(
  db: DataSource,
  scope: Scope,
  input: CommitmentInput,
  token: string,
  canAssign: boolean,
): Promise<number> {
  const owner = ownerError(canAssign, input.ownerId, scope.userId);
  return createOnce(db, scope, 'commitment', token, (tx) =>
    insertCommitment(tx, scope, input, owner ? { ownerId: owner } : {}),
  );
}

/**
 * Edits what was said and by whom; the status changes only through follow-ups. Handing the
 * commitment to someone else is a manager's decision (DESIGN: managers "reassign owners"), so
 * without `canReassign` the owner may only stay as it is or become the editing user.
 */
export async function updateCommitment(
  db: DataSource,
  scope: Scope,
  id: number,
  version: number,
  input: CommitmentInput,
  canReassign: boolean,
): Promise<void> {
  // The maker's title is settled in the transaction, after the checks, like insertCommitment's.
  const v = columns(input, null);
  await editRecord(db, scope, { entity: Commitment, entityType: 'commitment', id, version }, v, {
    check: async (tx, before) => {
      const owner = ownerError(canReassign, input.ownerId, scope.userId, before.ownerId);
      await validate(tx, scope, input, owner ? { ownerId: owner } : {});
      return { madeByTitle: await titleOn(tx, input.madeById, input.madeOn) };
    },
    after: async (tx, before) => {
      if (v.ownerId !== before.ownerId) await noticeAssignment(tx, id, v.ownerId, scope.userId);
    },
  });
}

export const setCommitmentDeleted = (db: DataSource, scope: Scope, id: number, deleted: boolean) =>
  setDeleted(db, scope, 'commitment', id, deleted);
