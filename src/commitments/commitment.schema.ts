import { z } from 'zod';
import type { Clearance } from '../config';
import { CLASSIFICATIONS } from '../web/clearance';
import {
  choice,
  optionalDate,
  optionalId,
  optionalUrl,
  requiredDate,
  requiredId,
  requiredText,
  submissionField,
} from '../web/form-fields';
import type { FieldErrors } from '../web/validate';
import { STATUSES, STRENGTHS, type Strength } from './commitment-status';

export const classificationField = choice(
  CLASSIFICATIONS as unknown as readonly [Clearance, ...Clearance[]],
  'classification',
);

export const commitmentSchema = z.object({
  text: requiredText('the words', 5000),
  madeById: optionalId(),
  partyId: requiredId('the party bound by it'),
  counterpartId: requiredId('the party it is owed to'),
  strength: choice(STRENGTHS, 'strength'),
  madeOn: requiredDate('the date it was made'),
  dueOn: optionalDate(),
  meetingId: optionalId(),
  noteId: optionalId(),
  agreementId: optionalId(),
  sourceUrl: optionalUrl('the address of the statement'),
  ownerId: requiredId('who follows it up'),
  negotiationId: optionalId(),
  classification: classificationField,
});
export type CommitmentForm = z.infer<typeof commitmentSchema>;

export type CommitmentSource =
  { type: 'meeting' | 'note' | 'agreement'; id: number } | { type: 'statement'; url: string };

/** What insertCommitment needs, whichever form it came from. */
export interface CommitmentInput {
  text: string;
  madeById?: number;
  partyId: number;
  counterpartId: number;
  strength: Strength;
  madeOn: string;
  dueOn?: string;
  source: CommitmentSource;
  ownerId: number;
  negotiationId?: number;
  classification: Clearance;
}

const SOURCE_FIELDS = ['meetingId', 'noteId', 'agreementId', 'sourceUrl'] as const;

function filled(body: Record<string, unknown>, field: string): boolean {
  const v = body[field];
  return Array.isArray(v) ? v.length > 0 : typeof v === 'string' && v.trim() !== '';
}

/** Exactly one source: checked on the raw body so the message shows alongside the others. */
export function sourceError(body: Record<string, unknown>): string | undefined {
  const given = SOURCE_FIELDS.filter((f) => filled(body, f)).length;
  if (given === 1) return undefined;
  return given === 0
    ? 'Give the source: a meeting, a note, an agreement, or the web address of a public statement.'
    : 'Give only one source: a meeting, a note, an agreement or a web address.';
}

export function toCommitmentInput(data: CommitmentForm): CommitmentInput {
  const source: CommitmentSource = data.meetingId
    ? { type: 'meeting', id: data.meetingId }
    : data.noteId
      ? { type: 'note', id: data.noteId }
      : data.agreementId
        ? { type: 'agreement', id: data.agreementId }
        : { type: 'statement', url: data.sourceUrl! };
  return {
    text: data.text,
    madeById: data.madeById,
    partyId: data.partyId,
    counterpartId: data.counterpartId,
    strength: data.strength,
    madeOn: data.madeOn,
    dueOn: data.dueOn,
    source,
    ownerId: data.ownerId,
    negotiationId: data.negotiationId,
    classification: data.classification,
  };
}

export const COMMITMENT_LABELS: Record<string, string> = {
  text: 'Words',
  madeById: 'Made by',
  partyId: 'Party',
  counterpartId: 'Counterpart',
  strength: 'Strength',
  madeOn: 'Made on',
  dueOn: 'Due on',
  meetingId: 'Meeting',
  noteId: 'Note',
  agreementId: 'Agreement',
  sourceUrl: 'Statement address',
  ownerId: 'Owner',
  negotiationId: 'Negotiation',
  classification: 'Classification',
};

export const followUpSchema = z.object({
  status: choice(STATUSES, 'status'),
  note: requiredText('a note saying why', 5000),
  recordedOn: optionalDate(),
  meetingId: optionalId(),
  noteId: optionalId(),
  agreementId: optionalId(),
  url: optionalUrl('the evidence address'),
  nextChaseOn: optionalDate(),
  _submission: submissionField,
});
export type FollowUpForm = z.infer<typeof followUpSchema>;

export function evidenceErrors(body: Record<string, unknown>): FieldErrors {
  const given = ['meetingId', 'noteId', 'agreementId', 'url'].filter((f) => filled(body, f)).length;
  return given > 1
    ? { evidence: 'Give at most one piece of evidence: a meeting, a note, an agreement or a web address.' }
    : {};
}
