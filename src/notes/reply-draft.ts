import type { NoteRow } from './notes.queries';

const SUBJECT_MAX = 300;

/** A reply goes back the other way, in the same negotiation and at the same classification. */
export function replyDraft(
  original: Pick<NoteRow, 'id' | 'fromId' | 'toId' | 'subject' | 'negotiationId' | 'classification'>,
) {
  const subject = /^re:/i.test(original.subject) ? original.subject : `Re: ${original.subject}`;
  return {
    inReplyToId: original.id,
    fromId: original.toId,
    toId: original.fromId,
    subject: subject.slice(0, SUBJECT_MAX),
    negotiationId: original.negotiationId ?? undefined,
    classification: original.classification,
  };
}
