import { In, IsNull, LessThanOrEqual, MoreThanOrEqual, Or, type EntityManager } from 'typeorm';
import { Agreement } from '../agreements/agreement.entity';
import { User } from '../auth/user.entity';
import { Meeting } from '../meetings/meeting.entity';
import { Ministry } from '../ministries/ministry.entity';
import { Negotiation } from '../negotiations/negotiation.entity';
import { Note } from '../notes/note.entity';
import { Official, OfficialPosition } from '../officials/official.entity';
import { CLASSIFICATIONS } from '../web/clearance';
import type { Scope } from '../web/records';
import type { FieldErrors } from '../web/validate';
import type { CommitmentInput, CommitmentSource } from './commitment.schema';

// Reference checks run inside the writing transaction, so what was checked is what is saved.

export const PICK = 'Choose an entry from the list.';

/** The official's title on that day; the latest-started post wins if several overlap. */
export async function titleOn(
  tx: EntityManager,
  officialId: number | undefined | null,
  day: string,
): Promise<string | null> {
  if (!officialId) return null;
  const post = await tx.getRepository(OfficialPosition).findOne({
    select: { title: true },
    where: { officialId, startedOn: LessThanOrEqual(day), endedOn: Or(IsNull(), MoreThanOrEqual(day)) },
    order: { startedOn: 'DESC', id: 'DESC' },
  });
  return post?.title ?? null;
}

export function classificationError(scope: Scope, classification: string): string | undefined {
  return scope.levels.includes(classification as never)
    ? undefined
    : 'You may not classify a record above your own clearance.';
}

export async function negotiationError(tx: EntityManager, id: number | undefined): Promise<string | undefined> {
  if (!id) return undefined;
  return (await tx.getRepository(Negotiation).existsBy({ id })) ? undefined : PICK;
}

/** Everything but the source: party, counterpart, maker, owner, negotiation, dates, classification. */
export async function checkCommitmentFields(
  tx: EntityManager,
  scope: Scope,
  input: Omit<CommitmentInput, 'source'>,
): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  const ministries = await tx
    .getRepository(Ministry)
    .find({ select: { id: true }, where: { id: In([input.partyId, input.counterpartId]) } });
  const live = new Set(ministries.map((m) => m.id));
  if (!live.has(input.partyId)) errors.partyId = PICK;
  if (!live.has(input.counterpartId)) errors.counterpartId = PICK;
  else if (input.counterpartId === input.partyId)
    errors.counterpartId = 'The counterpart must be another ministry than the party bound by it.';
  if (input.madeById && !(await tx.getRepository(Official).existsBy({ id: input.madeById }))) errors.madeById = PICK;
  if (!(await tx.getRepository(User).existsBy({ id: input.ownerId, disabled: false })))
    errors.ownerId = 'Choose an active user from the list.';
  const negotiation = await negotiationError(tx, input.negotiationId);
  if (negotiation) errors.negotiationId = negotiation;
  if (input.dueOn && input.dueOn < input.madeOn) errors.dueOn = 'The due date cannot be before the day it was made.';
  const classification = classificationError(scope, input.classification);
  if (classification) errors.classification = classification;
  return errors;
}

const SOURCE_ENTITIES = { meeting: Meeting, note: Note, agreement: Agreement } as const;
export const SOURCE_FIELDS = {
  meeting: 'meetingId',
  note: 'noteId',
  agreement: 'agreementId',
  statement: 'sourceUrl',
} as const;

/** The source record's classification, or undefined when it is missing, deleted or hidden from the user. */
export async function visibleClassification(
  tx: EntityManager,
  scope: Scope,
  type: keyof typeof SOURCE_ENTITIES,
  id: number,
  lock = false,
): Promise<string | undefined> {
  const source = await tx.getRepository<Meeting | Note | Agreement>(SOURCE_ENTITIES[type]).findOne({
    select: { classification: true },
    where: { id, classification: In(scope.levels) },
    ...(lock ? { lock: { mode: 'pessimistic_read' as const } } : {}),
  });
  return source?.classification;
}

/**
 * The source must be visible to the user, and the commitment may not be classified lower than
 * it: its words quote the source, so a lower classification would show them to readers the
 * source is hidden from.
 */
export async function checkSource(
  tx: EntityManager,
  scope: Scope,
  source: CommitmentSource,
  classification: string,
): Promise<FieldErrors> {
  if (source.type === 'statement') return {};
  // Locked until the commitment is saved: a concurrent raise of the source then waits for it, and
  // raises it too, or has committed and is read here.
  const level = await visibleClassification(tx, scope, source.type, source.id, true);
  if (!level) return { [SOURCE_FIELDS[source.type]]: PICK };
  if (CLASSIFICATIONS.indexOf(classification as never) < CLASSIFICATIONS.indexOf(level as never)) {
    return { classification: `The source is ${level}; classify the commitment ${level} or higher.` };
  }
  return {};
}
