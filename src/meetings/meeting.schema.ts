import { z } from 'zod';
import { classificationField } from '../commitments/commitment.schema';
import { STRENGTHS } from '../commitments/commitment-status';
import {
  choice,
  idList,
  optionalDate,
  optionalId,
  optionalText,
  requiredDate,
  requiredId,
  requiredText,
} from '../web/form-fields';
import { parseForm } from '../web/forms';
import type { FieldErrors } from '../web/validate';

export const meetingSchema = z.object({
  title: requiredText('a title', 300),
  heldOn: requiredDate('the date it was held'),
  location: optionalText('the location', 200),
  occasion: optionalText('the occasion', 300),
  negotiationId: optionalId(),
  summary: optionalText('the summary', 20000),
  classification: classificationField,
  participantIds: idList(100),
});
export type MeetingInput = z.infer<typeof meetingSchema>;

export const MEETING_LABELS: Record<string, string> = {
  title: 'Title',
  heldOn: 'Held on',
  location: 'Location',
  occasion: 'Occasion',
  negotiationId: 'Negotiation',
  summary: 'Summary',
  classification: 'Classification',
  participantIds: 'Participants',
};

/** One commitment typed on the meeting form; source, date, owner and classification come from the meeting. */
export const inlineCommitmentSchema = z.object({
  text: requiredText('the words', 5000),
  madeById: optionalId(),
  partyId: requiredId('the party bound by it'),
  counterpartId: requiredId('the party it is owed to'),
  dueOn: optionalDate(),
  strength: choice(STRENGTHS, 'strength'),
});
export type InlineCommitment = z.infer<typeof inlineCommitmentSchema>;

export const ROW_FIELDS = ['text', 'madeById', 'partyId', 'counterpartId', 'dueOn', 'strength'] as const;
export type RowValues = Record<(typeof ROW_FIELDS)[number], string>;
export const MAX_ROWS = 20;
export const NEW_FORM_ROWS = 3;

// No strength is proposed: how strong a commitment was is the user's reading of it.
export const blankRow = (): RowValues => ({
  text: '',
  madeById: '',
  partyId: '',
  counterpartId: '',
  dueOn: '',
  strength: '',
});

/**
 * The posted `commitments[i][field]` rows, as strings, in index order. qs gives an array for
 * small indices and an object keyed by index for large or sparse ones; both are accepted.
 * Anything else in a field (a repeated value, a nested object) is kept as '' plus an error.
 */
export function postedRows(raw: unknown): { rows: RowValues[]; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (raw === undefined || raw === '') return { rows: [], errors };
  if (typeof raw !== 'object' || raw === null)
    return { rows: [], errors: { _form: 'The commitment rows could not be read. Nothing was saved.' } };
  const entries = Array.isArray(raw)
    ? raw
    : Object.entries(raw as Record<string, unknown>)
        .filter(([k]) => /^\d{1,3}$/.test(k))
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([, v]) => v);
  if (entries.length > MAX_ROWS)
    return {
      rows: [],
      errors: { _form: `Enter at most ${MAX_ROWS} commitments at once; add more from the meeting's page.` },
    };
  const rows = entries.map((entry, i) => {
    const row = blankRow();
    const source = entry && typeof entry === 'object' ? (entry as Record<string, unknown>) : {};
    for (const field of ROW_FIELDS) {
      const v = source[field];
      if (typeof v === 'string') row[field] = v;
      else if (v !== undefined) errors[`commitments[${i}][${field}]`] = 'Give a single value.';
    }
    return row;
  });
  return { rows, errors };
}

/** A strength chosen on an otherwise empty row does not make it a commitment to save. */
export function isBlankRow(row: RowValues): boolean {
  return ROW_FIELDS.every((f) => f === 'strength' || row[f].trim() === '');
}

/** Parses the filled rows; errors are keyed `commitments[i][field]` by the row's position in the form. */
export function parseRows(rows: RowValues[]): {
  commitments: { index: number; data: InlineCommitment }[];
  errors: FieldErrors;
} {
  const commitments: { index: number; data: InlineCommitment }[] = [];
  const errors: FieldErrors = {};
  rows.forEach((row, index) => {
    if (isBlankRow(row)) return;
    const parsed = parseForm(inlineCommitmentSchema, row);
    if (parsed.ok) commitments.push({ index, data: parsed.data });
    else
      for (const [field, message] of Object.entries(parsed.errors)) errors[`commitments[${index}][${field}]`] = message;
  });
  return { commitments, errors };
}
