import type { DataSource, EntityManager } from 'typeorm';
import { setDeleted } from '../audit/soft-delete';
import { audit } from '../audit/audit.service';
import { checkCommitmentFields, classificationError, InvalidInputError, negotiationError } from '../commitments/commitment-checks';
import { insertCommitment } from '../commitments/commitments.service';
import { raiseQuotingCommitments } from '../commitments/quoting-commitments';
import { selectRows } from '../db/rows';
import { claimSubmission, completeSubmission, StaleEditError, type Scope } from '../web/records';
import type { FieldErrors } from '../web/validate';
import type { InlineCommitment, MeetingInput } from './meeting.schema';

function columns(input: MeetingInput) {
  return {
    title: input.title,
    heldOn: input.heldOn,
    location: input.location ?? null,
    occasion: input.occasion ?? null,
    negotiationId: input.negotiationId ?? null,
    summary: input.summary ?? null,
    classification: input.classification,
  };
}

async function checkMeeting(tx: EntityManager, scope: Scope, input: MeetingInput): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  const negotiation = await negotiationError(tx, input.negotiationId);
  if (negotiation) errors.negotiationId = negotiation;
  const classification = classificationError(scope, input.classification);
  if (classification) errors.classification = classification;
  if (input.participantIds.length) {
    const [row] = await selectRows<{ n: number }>(tx, `SELECT count(*)::int AS n FROM officials WHERE id = ANY($1::int[]) AND deleted_at IS NULL`, [input.participantIds]);
    if (row.n !== input.participantIds.length) errors.participantIds = 'Choose participants from the list.';
  }
  return errors;
}

async function setParticipants(tx: EntityManager, meetingId: number, officialIds: number[]): Promise<void> {
  await tx.query(`DELETE FROM meeting_participants WHERE meeting_id = $1`, [meetingId]);
  if (officialIds.length) {
    await tx.query(`INSERT INTO meeting_participants (meeting_id, official_id) SELECT $1, unnest($2::int[])`, [meetingId, officialIds]);
  }
}

/** Commitment errors keyed by the meeting form's row fields; errors about meeting-level fields are already reported there. */
function rowErrors(index: number, errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [field, message] of Object.entries(errors)) {
    if (['text', 'madeById', 'partyId', 'counterpartId', 'dueOn', 'strength'].includes(field)) out[`commitments[${index}][${field}]`] = message;
  }
  return out;
}

/**
 * Saves a meeting, its participants and the commitments typed on its form, all or nothing:
 * one invalid row throws InvalidInputError and rolls back everything, so the user re-submits
 * the whole form rather than finding half of it saved.
 */
export async function logMeeting(db: DataSource, scope: Scope, input: MeetingInput, rows: { index: number; data: InlineCommitment }[], token: string): Promise<number> {
  return db.transaction(async (tx) => {
    const earlier = await claimSubmission(tx, token, scope.userId, 'meeting');
    if (earlier !== null) return earlier;
    const commitment = (row: InlineCommitment) => ({
      ...row,
      madeOn: input.heldOn,
      ownerId: scope.userId,
      negotiationId: input.negotiationId,
      classification: input.classification,
    });
    const errors = await checkMeeting(tx, scope, input);
    for (const { index, data } of rows) Object.assign(errors, rowErrors(index, await checkCommitmentFields(tx, scope, commitment(data))));
    if (Object.keys(errors).length) throw new InvalidInputError(errors);

    const v = columns(input);
    const [meeting] = await selectRows<{ id: number }>(
      tx,
      `INSERT INTO meetings (title, held_on, location, occasion, negotiation_id, summary, classification, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [v.title, v.heldOn, v.location, v.occasion, v.negotiationId, v.summary, v.classification, scope.userId],
    );
    await setParticipants(tx, meeting.id, input.participantIds);
    await audit(tx, scope.userId, 'create', 'meeting', meeting.id, null, { ...v, participantIds: input.participantIds });
    for (const { data } of rows) await insertCommitment(tx, scope, { ...commitment(data), source: { type: 'meeting', id: meeting.id } });
    await completeSubmission(tx, token, meeting.id);
    return meeting.id;
  });
}

/** The meeting's columns as updateMeeting reads them, to compare and audit (a type, not an interface: audit takes a Record). */
type StoredMeeting = {
  title: string;
  heldOn: string;
  location: string | null;
  occasion: string | null;
  negotiationId: number | null;
  summary: string | null;
  classification: string;
  version: number;
  participantIds: number[];
};

/**
 * Edits the meeting and its participants; commitments made at it are edited on their own pages,
 * except that they are raised with it. Answers how many were raised.
 */
export async function updateMeeting(db: DataSource, scope: Scope, id: number, version: number, input: MeetingInput): Promise<number> {
  return db.transaction(async (tx) => {
    const [before] = await selectRows<StoredMeeting>(
      tx,
      `SELECT title, to_char(held_on, 'YYYY-MM-DD') AS "heldOn", location, occasion, negotiation_id AS "negotiationId", summary, classification, version,
              ARRAY(SELECT official_id FROM meeting_participants WHERE meeting_id = m.id ORDER BY official_id) AS "participantIds"
         FROM meetings m WHERE id = $1 AND deleted_at IS NULL FOR UPDATE`,
      [id],
    );
    if (!before) throw new StaleEditError({});
    if (before.version !== version) throw new StaleEditError(before);
    const errors = await checkMeeting(tx, scope, input);
    if (Object.keys(errors).length) throw new InvalidInputError(errors);
    const v = columns(input);
    await tx.query(
      `UPDATE meetings SET title = $3, held_on = $4, location = $5, occasion = $6, negotiation_id = $7, summary = $8, classification = $9,
              version = version + 1, updated_at = now()
        WHERE id = $1 AND version = $2`,
      [id, version, v.title, v.heldOn, v.location, v.occasion, v.negotiationId, v.summary, v.classification],
    );
    await setParticipants(tx, id, input.participantIds);
    const { version: _v, ...old } = before;
    await audit(tx, scope.userId, 'update', 'meeting', id, old, { ...v, participantIds: [...input.participantIds].sort((a, b) => a - b) });
    return raiseQuotingCommitments(tx, scope.userId, 'meeting', id, v.classification);
  });
}

export const setMeetingDeleted = (db: DataSource, scope: Scope, id: number, deleted: boolean) => setDeleted(db, scope, 'meeting', id, deleted);

export { InvalidInputError };
