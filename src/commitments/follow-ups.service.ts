import type { DataSource, EntityManager } from 'typeorm';
import { audit } from '../audit/audit.service';
import { execute, selectRows } from '../db/rows';
import { notFound } from '../web/errors';
import { claimSubmission, completeSubmission, visibleTo, type Scope } from '../web/records';
import type { FieldErrors } from '../web/validate';
import { InvalidInputError, PICK, visibleClassification } from './commitment-checks';
import type { FollowUpForm } from './commitment.schema';
import { allowedTransitions, canTransition, isOpen, type CommitmentStatus } from './commitment-status';

const human = (s: string) => s.replace(/_/g, ' ');

/**
 * Records a follow-up and moves the commitment to its status, in one transaction with the
 * commitment row locked, so two follow-ups at once are applied one after the other and each
 * records the status it really changed from.
 */
export async function recordFollowUp(db: DataSource, scope: Scope, commitmentId: number, input: FollowUpForm, todayIso: string): Promise<void> {
  await db.transaction(async (tx) => {
    if ((await claimSubmission(tx, input._submission, scope.userId, 'follow_up')) !== null) return;
    const id = await insertFollowUp(tx, scope, commitmentId, input, todayIso);
    await completeSubmission(tx, input._submission, id);
  });
}

/** One follow-up inside the caller's transaction (the follow-up form's, or accepted suggestions'). */
export async function insertFollowUp(tx: EntityManager, scope: Scope, commitmentId: number, input: Omit<FollowUpForm, '_submission'>, todayIso: string): Promise<number> {
  {
    const params: unknown[] = [commitmentId];
    const [c] = await selectRows<{ status: CommitmentStatus; madeOn: string; lastFollowUpOn: string | null }>(
      tx,
      `SELECT c.status, to_char(c.made_on, 'YYYY-MM-DD') AS "madeOn", to_char(c.last_follow_up_on, 'YYYY-MM-DD') AS "lastFollowUpOn"
         FROM commitments c WHERE c.id = $1 AND ${visibleTo(scope, 'c', params)} FOR UPDATE`,
      params,
    );
    if (!c) throw notFound('commitment');
    const recordedOn = input.recordedOn ?? todayIso;
    const errors: FieldErrors = {};
    if (!canTransition(c.status, input.status)) {
      const allowed = allowedTransitions(c.status).map(human).join(', ');
      errors.status = `A ${human(c.status)} commitment can only become: ${allowed}.`;
    }
    if (input.nextChaseOn && input.nextChaseOn < todayIso) errors.nextChaseOn = 'The next chase cannot be in the past.';
    else if (input.nextChaseOn && !isOpen(input.status)) errors.nextChaseOn = `A ${human(input.status)} commitment is not chased: leave the date empty.`;
    if (recordedOn > todayIso) errors.recordedOn = 'The date cannot be in the future.';
    else if (recordedOn < c.madeOn) errors.recordedOn = `The date cannot be before the commitment was made (${c.madeOn}).`;
    else if (c.lastFollowUpOn && recordedOn < c.lastFollowUpOn) errors.recordedOn = `The date cannot be before the latest follow-up (${c.lastFollowUpOn}).`;
    for (const [type, field] of [['meeting', 'meetingId'], ['note', 'noteId'], ['agreement', 'agreementId']] as const) {
      const id = input[field];
      if (id && !(await visibleClassification(tx, scope, type, id))) errors[field] = PICK;
    }
    if (Object.keys(errors).length) throw new InvalidInputError(errors);

    const after = {
      commitmentId,
      recordedOn,
      previousStatus: c.status,
      status: input.status,
      note: input.note,
      evidenceMeetingId: input.meetingId ?? null,
      evidenceNoteId: input.noteId ?? null,
      evidenceAgreementId: input.agreementId ?? null,
      evidenceUrl: input.url ?? null,
      nextChaseOn: input.nextChaseOn ?? null,
    };
    const [row] = await selectRows<{ id: number }>(
      tx,
      `INSERT INTO follow_ups (commitment_id, recorded_on, author_id, previous_status, status, note, evidence_meeting_id, evidence_note_id, evidence_agreement_id, evidence_url, next_chase_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [commitmentId, recordedOn, scope.userId, c.status, input.status, input.note, after.evidenceMeetingId, after.evidenceNoteId, after.evidenceAgreementId, after.evidenceUrl, after.nextChaseOn],
    );
    await execute(
      tx,
      `UPDATE commitments SET status = $2, last_follow_up_on = greatest(last_follow_up_on, $3::date), next_chase_on = $4, version = version + 1, updated_at = now() WHERE id = $1`,
      [commitmentId, input.status, recordedOn, after.nextChaseOn],
    );
    await audit(tx, scope.userId, 'create', 'follow_up', row.id, null, after);
    return row.id;
  }
}
