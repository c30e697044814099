import type { EntityManager } from 'typeorm';
import { selectRow, selectRows } from '../db/rows';
import { CLASSIFICATIONS } from '../web/clearance';
import { visibleTo, type Scope } from '../web/records';
import type { FieldErrors } from '../web/validate';
import type { CommitmentInput, CommitmentSource } from './commitment.schema';

// Reference checks run inside the writing transaction, so what was checked is what is saved.

export const PICK = 'Choose an entry from the list.';

/** Input that parsed but refers to records that are missing, deleted or above the user's clearance. */
export class InvalidInputError extends Error {
  constructor(readonly errors: FieldErrors) {
    super('The form refers to records that do not exist or may not be used');
  }
}

/** The official's title on that day; the latest-started post wins if several overlap. */
export async function titleOn(tx: EntityManager, officialId: number | undefined | null, day: string): Promise<string | null> {
  if (!officialId) return null;
  const row = await selectRow<{ title: string }>(
    tx,
    `SELECT title FROM official_positions WHERE official_id = $1 AND started_on <= $2 AND (ended_on IS NULL OR ended_on >= $2)
      ORDER BY started_on DESC, id DESC LIMIT 1`,
    [officialId, day],
  );
  return row?.title ?? null;
}

export function classificationError(scope: Scope, classification: string): string | undefined {
  return scope.levels.includes(classification as never) ? undefined : 'You may not classify a record above your own clearance.';
}

export async function negotiationError(tx: EntityManager, id: number | undefined): Promise<string | undefined> {
  if (!id) return undefined;
  const rows = await selectRows<Record<string, unknown>>(tx, `SELECT 1 FROM negotiations WHERE id = $1 AND deleted_at IS NULL`, [id]);
  return rows.length ? undefined : PICK;
}

/** Everything but the source: party, counterpart, maker, owner, negotiation, dates, classification. */
export async function checkCommitmentFields(tx: EntityManager, scope: Scope, input: Omit<CommitmentInput, 'source'>): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  const ministries = await selectRows<{ id: number }>(tx, `SELECT id FROM ministries WHERE id = ANY($1::int[]) AND deleted_at IS NULL`, [[input.partyId, input.counterpartId]]);
  const live = new Set(ministries.map((m) => m.id));
  if (!live.has(input.partyId)) errors.partyId = PICK;
  if (!live.has(input.counterpartId)) errors.counterpartId = PICK;
  else if (input.counterpartId === input.partyId) errors.counterpartId = 'The counterpart must be another ministry than the party bound by it.';
  if (input.madeById) {
    const rows = await selectRows<Record<string, unknown>>(tx, `SELECT 1 FROM officials WHERE id = $1 AND deleted_at IS NULL`, [input.madeById]);
    if (!rows.length) errors.madeById = PICK;
  }
  const owner = await selectRows<Record<string, unknown>>(tx, `SELECT 1 FROM users WHERE id = $1 AND NOT disabled`, [input.ownerId]);
  if (!owner.length) errors.ownerId = 'Choose an active user from the list.';
  const negotiation = await negotiationError(tx, input.negotiationId);
  if (negotiation) errors.negotiationId = negotiation;
  if (input.dueOn && input.dueOn < input.madeOn) errors.dueOn = 'The due date cannot be before the day it was made.';
  const classification = classificationError(scope, input.classification);
  if (classification) errors.classification = classification;
  return errors;
}

const SOURCE_TABLES = { meeting: 'meetings', note: 'notes', agreement: 'agreements' } as const;
export const SOURCE_FIELDS = { meeting: 'meetingId', note: 'noteId', agreement: 'agreementId', statement: 'sourceUrl' } as const;

/** The source record's classification, or undefined when it is missing, deleted or hidden from the user. */
export async function visibleClassification(tx: EntityManager, scope: Scope, type: keyof typeof SOURCE_TABLES, id: number, lock = false): Promise<string | undefined> {
  const params: unknown[] = [id];
  const row = await selectRow<{ classification: string }>(tx, `SELECT s.classification FROM ${SOURCE_TABLES[type]} s WHERE s.id = $1 AND ${visibleTo(scope, 's', params)}${lock ? ' FOR SHARE' : ''}`, params);
  return row?.classification;
}

/**
 * The source must be visible to the user, and the commitment may not be classified lower than
 * it: its words quote the source, so a lower classification would show them to readers the
 * source is hidden from.
 */
export async function checkSource(tx: EntityManager, scope: Scope, source: CommitmentSource, classification: string): Promise<FieldErrors> {
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
