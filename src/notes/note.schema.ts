import { z } from 'zod';
import {
  choice,
  optionalDate,
  optionalId,
  optionalText,
  requiredDate,
  requiredId,
  requiredText,
  submissionField,
  versionField,
} from '../web/form-fields';
import { NOTE_KINDS } from './note.entity';
import { canonicalReference, hasInvisibleCharacters, INVISIBLE_MESSAGE } from './note-reference';

export const CLASSIFICATION_VALUES = ['unclassified', 'restricted', 'confidential'] as const;

const noteFields = z.object({
  reference: requiredText('the reference', 100)
    .refine((v) => !hasInvisibleCharacters(v), INVISIBLE_MESSAGE)
    .transform(canonicalReference),
  kind: choice(NOTE_KINDS, 'kind'),
  sentOn: requiredDate('the date it was sent'),
  fromId: requiredId('the sending ministry'),
  toId: requiredId('the receiving ministry'),
  subject: requiredText('a subject', 300),
  body: optionalText('the text', 50000),
  inReplyToId: optionalId(),
  replyDueOn: optionalDate(),
  negotiationId: optionalId(),
  classification: choice(CLASSIFICATION_VALUES, 'classification'),
});
export type NoteInput = z.infer<typeof noteFields>;

// `when` lets the cross-field rules report alongside the per-field ones, so every message shows at once.
const always = { when: () => true };
const isDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);

function withRules<S extends z.ZodType<NoteInput>>(schema: S) {
  return schema
    .refine((v) => v.fromId === undefined || v.fromId !== v.toId, {
      ...always,
      path: ['toId'],
      message: 'A note goes to a different ministry than the one sending it.',
    })
    .refine((v) => !isDate(v.sentOn) || !isDate(v.replyDueOn) || v.replyDueOn >= v.sentOn, {
      ...always,
      path: ['replyDueOn'],
      message: 'The reply cannot be due before the note was sent.',
    });
}

export const newNoteSchema = withRules(noteFields.extend({ _submission: submissionField }));
export const editNoteSchema = withRules(noteFields.extend({ version: versionField }));

export const NOTE_LABELS: Record<keyof NoteInput, string> = {
  reference: 'Reference',
  kind: 'Kind',
  sentOn: 'Sent on',
  fromId: 'From',
  toId: 'To',
  subject: 'Subject',
  body: 'Text',
  inReplyToId: 'In reply to',
  replyDueOn: 'Reply due on',
  negotiationId: 'Negotiation',
  classification: 'Classification',
};
