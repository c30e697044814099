import { In, type DataSource, type EntityManager } from 'typeorm';
import { setDeleted } from '../audit/soft-delete';
import { audit } from '../audit/audit.service';
import { checkCommitmentFields, classificationError, negotiationError } from '../commitments/commitment-checks';
import { insertCommitment } from '../commitments/commitments.service';
import { raiseQuotingCommitments } from '../commitments/quoting-commitments';
import { assertValid, createOnce, editRecord, insertRecord } from '../db/record-writes';
import { Official } from '../officials/official.entity';
import type { Scope } from '../web/records';
import type { FieldErrors } from '../web/validate';
import { Meeting, MeetingParticipant } from './meeting.entity';
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
    const live = await tx.getRepository(Official).countBy({ id: In(input.participantIds) });
    if (live !== input.participantIds.length) errors.participantIds = 'Choose participants from the list.';
  }
  return errors;
}

async function setParticipants(tx: EntityManager, meetingId: number, officialIds: number[]): Promise<void> {
  const participants = tx.getRepository(MeetingParticipant);
  await participants.delete({ meetingId });
  if (officialIds.length) await participants.insert(officialIds.map((officialId) => ({ meetingId, officialId })));
}

/** The participants' ids, sorted, as the audit records them. */
async function participantIds(tx: EntityManager, meetingId: number): Promise<{ participantIds: number[] }> {
  const rows = await tx
    .getRepository(MeetingParticipant)
    .find({ select: { officialId: true }, where: { meetingId }, order: { officialId: 'ASC' } });
  return { participantIds: rows.map((p) => p.officialId) };
}

/** Commitment errors keyed by the meeting form's row fields; errors about meeting-level fields are already reported there. */
function rowErrors(index: number, errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [field, message] of Object.entries(errors)) {
    if (['text', 'madeById', 'partyId', 'counterpartId', 'dueOn', 'strength'].includes(field))
      out[`commitments[${index}][${field}]`] = message;
  }
  return out;
}

/**
 * Saves a meeting, its participants and the commitments typed on its form, all or nothing:
 * one invalid row throws InvalidInputError and rolls back everything, so the user re-submits
 * the whole form rather than finding half of it saved.
 */
export async function logMeeting(
  db: DataSource,
  scope: Scope,
  input: MeetingInput,
  rows: { index: number; data: InlineCommitment }[],
  token: string,
): Promise<number> {
  return createOnce(db, scope, 'meeting', token, async (tx) => {
    const commitment = (row: InlineCommitment) => ({
      ...row,
      madeOn: input.heldOn,
      ownerId: scope.userId,
      negotiationId: input.negotiationId,
      classification: input.classification,
    });
    const errors = await checkMeeting(tx, scope, input);
    for (const { index, data } of rows)
      Object.assign(errors, rowErrors(index, await checkCommitmentFields(tx, scope, commitment(data))));
    assertValid(errors);

    const v = columns(input);
    const id = await insertRecord(tx, Meeting, { ...v, createdBy: scope.userId });
    await setParticipants(tx, id, input.participantIds);
    await audit(tx, scope.userId, 'create', 'meeting', id, null, { ...v, participantIds: input.participantIds });
    for (const { data } of rows)
      await insertCommitment(tx, scope, { ...commitment(data), source: { type: 'meeting', id } });
    return id;
  });
}

/**
 * Edits the meeting and its participants; commitments made at it are edited on their own pages,
 * except that they are raised with it. Answers how many were raised.
 */
export async function updateMeeting(
  db: DataSource,
  scope: Scope,
  id: number,
  version: number,
  input: MeetingInput,
): Promise<number> {
  const v = columns(input);
  const raised = await editRecord(db, scope, { entity: Meeting, entityType: 'meeting', id, version }, v, {
    check: async (tx) => assertValid(await checkMeeting(tx, scope, input)),
    children: {
      read: (tx) => participantIds(tx, id),
      write: (tx) => setParticipants(tx, id, input.participantIds),
      values: { participantIds: [...input.participantIds].sort((a, b) => a - b) },
    },
    after: (tx) => raiseQuotingCommitments(tx, scope.userId, 'meeting', id, v.classification),
  });
  return raised ?? 0;
}

export const setMeetingDeleted = (db: DataSource, scope: Scope, id: number, deleted: boolean) =>
  setDeleted(db, scope, 'meeting', id, deleted);
