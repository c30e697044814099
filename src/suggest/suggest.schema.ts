import { z } from 'zod';
import { commitmentSchema, followUpSchema, sourceError, toCommitmentInput } from '../commitments/commitment.schema';
import { optionalId, optionalUrl, requiredDate, submissionField } from '../web/form-fields';
import { parseForm } from '../web/forms';
import type { FieldErrors } from '../web/validate';
import type { AcceptedFollowUp, AcceptedRow } from './suggest.service';
import { looksBinary, MAX_TEXT_CHARS } from './upload';

export const pasteSchema = z.object({
  sourceDate: requiredDate('the date of the text'),
  meetingId: optionalId(),
  noteId: optionalId(),
  agreementId: optionalId(),
  sourceUrl: optionalUrl('the address of the text'),
  negotiationId: optionalId(),
});
export type PasteForm = z.infer<typeof pasteSchema>;

/** The text's own problems, each with the status it answers: 413 for too long, 422 otherwise. */
export function textProblem(text: unknown): { status: number; message: string } | undefined {
  if (typeof text !== 'string')
    return {
      status: 422,
      message: text === undefined ? 'Paste a text, or upload a .txt, .docx or .pdf file.' : 'Give a single text.',
    };
  if (!text.trim()) return { status: 422, message: 'Paste a text, or upload a .txt, .docx or .pdf file.' };
  if (text.length > MAX_TEXT_CHARS)
    return {
      status: 413,
      message: `The text has ${text.length.toLocaleString('en')} characters; at most ${MAX_TEXT_CHARS.toLocaleString('en')} can be read at once. Paste a part of it.`,
    };
  if (looksBinary(text))
    return {
      status: 422,
      message: 'The text contains NUL bytes or other binary data. Paste plain text, or upload the document itself.',
    };
  return undefined;
}

export function pasteSourceError(values: Record<string, unknown>): string | undefined {
  const given = ['meetingId', 'noteId', 'agreementId', 'sourceUrl'].filter(
    (f) => typeof values[f] === 'string' && values[f].trim(),
  ).length;
  return given > 1 ? 'Give at most one source: a meeting, a note, an agreement or a web address.' : undefined;
}

export const MAX_SUGGESTION_ROWS = 150;
const DISPLAY = [
  'sentence',
  'cues',
  'confidence',
  'accept',
  'commitmentId',
  'status',
  'note',
  'url',
  'matchText',
  'kind',
  'currentStatus',
  'partyName',
];
const ROW_FIELDS = [...Object.keys(commitmentSchema.shape), ...DISPLAY];

export type RowValues = Record<string, string>;

/** Posted rows (`commitments[i][…]`) as typed, whatever shape they came in. */
export function postedRows(raw: unknown, prefix: string, errors: FieldErrors): RowValues[] {
  if (raw === undefined || raw === '') return [];
  if (typeof raw !== 'object' || raw === null) {
    errors._form = 'The rows could not be read. Nothing was saved.';
    return [];
  }
  const entries: unknown[] = Array.isArray(raw)
    ? raw
    : Object.entries(raw as Record<string, unknown>)
        .filter(([k]) => /^\d{1,3}$/.test(k))
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([, v]) => v);
  if (entries.length > MAX_SUGGESTION_ROWS) {
    errors._form = `Accept at most ${MAX_SUGGESTION_ROWS} suggestions at once.`;
    return [];
  }
  return entries.map((entry, i) => {
    const row: RowValues = {};
    const source = entry && typeof entry === 'object' ? (entry as Record<string, unknown>) : {};
    for (const field of ROW_FIELDS) {
      const v = source[field];
      if (typeof v === 'string') row[field] = v;
      else if (v !== undefined) errors[`${prefix}[${i}][${field}]`] = 'Give a single value.';
    }
    return row;
  });
}

const followUpRow = followUpSchema.omit({ _submission: true }).extend({
  commitmentId: z.preprocess(
    (v) => v,
    z
      .string()
      .regex(/^\d{1,9}$/, 'Choose an entry from the list.')
      .transform(Number),
  ),
});

/** The ticked rows through the commitment form's own schema and source rule. */
export function parseAccepted(body: Record<string, unknown>) {
  const errors: FieldErrors = {};
  const submission = parseForm(z.object({ _submission: submissionField }), body);
  if (!submission.ok) Object.assign(errors, submission.errors);
  const rows = postedRows(body.commitments, 'commitments', errors);
  const followRows = postedRows(body.followUps, 'followUps', errors);
  const accepted: AcceptedRow[] = [];
  const followUps: AcceptedFollowUp[] = [];
  rows.forEach((row, index) => {
    if (row.accept !== 'on') return;
    const parsed = parseForm(commitmentSchema, row);
    const source = sourceError(row);
    if (parsed.ok && !source) accepted.push({ index, input: toCommitmentInput(parsed.data) });
    else {
      for (const [field, message] of Object.entries(parsed.ok ? {} : parsed.errors))
        errors[`commitments[${index}][${field}]`] = message;
      if (source) errors[`commitments[${index}][source]`] = source;
    }
  });
  followRows.forEach((row, index) => {
    if (row.accept !== 'on') return;
    const parsed = parseForm(followUpRow, row);
    if (parsed.ok) {
      const { commitmentId, ...input } = parsed.data;
      followUps.push({ index, commitmentId, input });
    } else
      for (const [field, message] of Object.entries(parsed.errors)) errors[`followUps[${index}][${field}]`] = message;
  });
  if (!accepted.length && !followUps.length && !Object.keys(errors).length)
    errors._form = 'Tick “accept” on at least one suggestion, or go back.';
  return {
    errors,
    rows,
    followRows,
    accepted,
    followUps,
    submission: submission.ok ? submission.data._submission : undefined,
  };
}
