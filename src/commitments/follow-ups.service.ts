import { In, type DataSource, type EntityManager } from 'typeorm';
import { audit } from '../audit/audit.service';
import { assertValid, createOnce, insertRecord } from '../db/record-writes';
import { notFound } from '../web/errors';
import type { Scope } from '../web/records';
import type { FieldErrors } from '../web/validate';
import { PICK, visibleClassification } from './commitment-checks';
import { Commitment } from './commitment.entity';
import type { FollowUpForm } from './commitment.schema';
import { allowedTransitions, canTransition, isOpen } from './commitment-status';
import { FollowUp } from './follow-up.entity';

const human = (s: string) => s.replace(/_/g, ' ');

/**
 * Records a follow-up and moves the commitment to its status, in one transaction with the
 * commitment row locked, so two follow-ups at once are applied one after the other and each
 * records the status it really changed from.
 */
export async function recordFollowUp(
  db: DataSource,
  scope: Scope,
  commitmentId: number,
  input: FollowUpForm,
  todayIso: string,
): Promise<void> {
  await createOnce(db, scope, 'follow_up', input._submission, (tx) =>
    insertFollowUp(tx, scope, commitmentId, input, todayIso),
  );
}

/** One follow-up inside the caller's transaction (the follow-up form's, or accepted suggestions'). */
export async function insertFollowUp(
  tx: EntityManager,
  scope: Scope,
  commitmentId: number,
  input: Omit<FollowUpForm, '_submission'>,
  todayIso: string,
): Promise<number> {
  {
    const c = await tx.getRepository(Commitment).findOne({
      select: { status: true, madeOn: true, lastFollowUpOn: true },
      where: { id: commitmentId, classification: In(scope.levels) },
      lock: { mode: 'pessimistic_write' },
    });
    if (!c) throw notFound('commitment');
    const recordedOn = input.recordedOn ?? todayIso;
    const errors: FieldErrors = {};
    if (!canTransition(c.status, input.status)) {
      const allowed = allowedTransitions(c.status).map(human).join(', ');
      errors.status = `A ${human(c.status)} commitment can only become: ${allowed}.`;
    }
    if (input.nextChaseOn && input.nextChaseOn < todayIso) errors.nextChaseOn = 'The next chase cannot be in the past.';
    else if (input.nextChaseOn && !isOpen(input.status))
      errors.nextChaseOn = `A ${human(input.status)} commitment is not chased: leave the date empty.`;
    if (recordedOn > todayIso) errors.recordedOn = 'The date cannot be in the future.';
    else if (recordedOn < c.madeOn)
      errors.recordedOn = `The date cannot be before the commitment was made (${c.madeOn}).`;
    else if (c.lastFollowUpOn && recordedOn < c.lastFollowUpOn)
      errors.recordedOn = `The date cannot be before the latest follow-up (${c.lastFollowUpOn}).`;
    for (const [type, field] of [
      ['meeting', 'meetingId'],
      ['note', 'noteId'],
      ['agreement', 'agreementId'],
    ] as const) {
      const id = input[field];
      if (id && !(await visibleClassification(tx, scope, type, id))) errors[field] = PICK;
    }
    assertValid(errors);

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
    const id = await insertRecord(tx, FollowUp, { ...after, authorId: scope.userId });
    // The commitment takes the status; its latest follow-up day never moves back (a follow-up may be dated earlier).
    await tx
      .createQueryBuilder()
      .update(Commitment)
      .set({
        status: input.status,
        lastFollowUpOn: () => 'greatest(last_follow_up_on, CAST(:recordedOn AS date))',
        nextChaseOn: after.nextChaseOn,
      })
      .where('id = :id', { id: commitmentId, recordedOn })
      .execute();
    await audit(tx, scope.userId, 'create', 'follow_up', id, null, after);
    return id;
  }
}
