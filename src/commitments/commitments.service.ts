import type { DataSource, EntityManager } from 'typeorm';
import { setDeleted } from '../audit/soft-delete';
import { execute, selectRows } from '../db/rows';
import { audit } from '../audit/audit.service';
import { claimSubmission, completeSubmission, StaleEditError, type Scope } from '../web/records';
import { checkCommitmentFields, checkSource, InvalidInputError, titleOn } from './commitment-checks';
import type { CommitmentInput } from './commitment.schema';
import { noticeAssignment } from '../mail/notices';

export { InvalidInputError } from './commitment-checks';

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
type Columns = ReturnType<typeof columns>;
const ORDER: (keyof Columns)[] = ['text', 'madeById', 'madeByTitle', 'partyId', 'counterpartId', 'strength', 'sourceType', 'meetingId', 'noteId', 'agreementId', 'sourceUrl', 'madeOn', 'dueOn', 'ownerId', 'negotiationId', 'classification'];
/** The saved row as CURRENT reads it (the database allows no owner), with its version. */
type SavedColumns = Omit<Columns, 'ownerId'> & { ownerId: number | null; version: number };
const SQL_NAMES = 'text, made_by_id, made_by_title, party_id, counterpart_id, strength, source_type, meeting_id, note_id, agreement_id, source_url, made_on, due_on, owner_id, negotiation_id, classification';

/** The saved values under the same names, dates as YYYY-MM-DD, for the audit's before side. */
const CURRENT = SQL_NAMES.split(', ')
  .map((name, i) => `${name.endsWith('_on') ? `to_char(${name}, 'YYYY-MM-DD')` : name} AS "${ORDER[i]}"`)
  .join(', ');

async function validate(tx: EntityManager, scope: Scope, input: CommitmentInput, ruled: Record<string, string> = {}): Promise<void> {
  const errors = { ...ruled, ...(await checkSource(tx, scope, input.source, input.classification)), ...(await checkCommitmentFields(tx, scope, input)) };
  if (Object.keys(errors).length) throw new InvalidInputError(errors);
}

/**
 * Saves one commitment inside the caller's transaction (the commitment form's, or the meeting
 * form's for each inline row): checks every reference, records the maker's title on the day it
 * was made, and audits. Throws InvalidInputError, keyed by commitment field names, before writing.
 */
export async function insertCommitment(tx: EntityManager, scope: Scope, input: CommitmentInput, ruled: Record<string, string> = {}): Promise<number> {
  await validate(tx, scope, input, ruled);
  const v = columns(input, await titleOn(tx, input.madeById, input.madeOn));
  const values = ORDER.map((k) => v[k]);
  const [row] = await selectRows<{ id: number }>(
    tx,
    `INSERT INTO commitments (${SQL_NAMES}, created_by) VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')}, $${values.length + 1}) RETURNING id`,
    [...values, scope.userId],
  );
  await audit(tx, scope.userId, 'create', 'commitment', row.id, null, v);
  await noticeAssignment(tx, row.id, v.ownerId, scope.userId);
  return row.id;
}

/**
 * Who may own a commitment, on create and edit alike: a manager or admin may choose anyone; staff
 * may own it themselves, or (on edit) leave the owner it has. DESIGN: managers "reassign owners".
 */
export function ownerError(canAssign: boolean, ownerId: number, userId: number, currentOwnerId?: number | null): string | undefined {
  if (canAssign || ownerId === userId || (currentOwnerId !== undefined && ownerId === currentOwnerId)) return undefined;
  return currentOwnerId === undefined
    ? 'You can record a commitment only as its owner; a manager can hand it to someone else afterwards.'
    : 'Only a manager can hand this commitment to someone else; you may take it on yourself.';
}

export async function createCommitment(db: DataSource, scope: Scope, input: CommitmentInput, token: string, canAssign: boolean): Promise<number> {
  const owner = ownerError(canAssign, input.ownerId, scope.userId);
  return db.transaction(async (tx) => {
    const earlier = await claimSubmission(tx, token, scope.userId, 'commitment');
    if (earlier !== null) return earlier;
    const id = await insertCommitment(tx, scope, input, owner ? { ownerId: owner } : {});
    await completeSubmission(tx, token, id);
    return id;
  });
}

/**
 * Edits what was said and by whom; the status changes only through follow-ups. Handing the
 * commitment to someone else is a manager's decision (DESIGN: managers "reassign owners"), so
 * without `canReassign` the owner may only stay as it is or become the editing user.
 */
export async function updateCommitment(db: DataSource, scope: Scope, id: number, version: number, input: CommitmentInput, canReassign: boolean): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await selectRows<SavedColumns>(
      tx,
      `SELECT ${CURRENT}, version FROM commitments WHERE id = $1 AND deleted_at IS NULL FOR UPDATE`,
      [id],
    );
    if (!before) throw new StaleEditError({});
    if (before.version !== version) throw new StaleEditError(before);
    const owner = ownerError(canReassign, input.ownerId, scope.userId, before.ownerId);
    await validate(tx, scope, input, owner ? { ownerId: owner } : {});
    const v = columns(input, await titleOn(tx, input.madeById, input.madeOn));
    const values = ORDER.map((k) => v[k]);
    const sets = SQL_NAMES.split(', ').map((name, i) => `${name} = $${i + 3}`).join(', ');
    await execute(tx, `UPDATE commitments SET ${sets}, version = version + 1, updated_at = now() WHERE id = $1 AND version = $2`, [id, version, ...values]);
    const { version: _v, ...old } = before;
    await audit(tx, scope.userId, 'update', 'commitment', id, old, v);
    if (v.ownerId !== before.ownerId) await noticeAssignment(tx, id, v.ownerId, scope.userId);
  });
}

export const setCommitmentDeleted = (db: DataSource, scope: Scope, id: number, deleted: boolean) => setDeleted(db, scope, 'commitment', id, deleted);
