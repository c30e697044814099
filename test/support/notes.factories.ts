import type { DataSource } from 'typeorm';
import { createMinistry } from './factories';

let sequence = 0;

export interface NoteOverrides {
  reference: string;
  kind: string;
  sentOn: string;
  fromId: number;
  toId: number;
  subject: string;
  body: string | null;
  inReplyToId: number | null;
  replyDueOn: string | null;
  negotiationId: number | null;
  classification: string;
}

export async function createNote(db: DataSource, overrides: Partial<NoteOverrides> = {}): Promise<number> {
  sequence += 1;
  const fromId = overrides.fromId ?? (await createMinistry(db, { countryCode: 'NO' }));
  const toId = overrides.toId ?? (await createMinistry(db, { countryCode: 'RU' }));
  const [row] = await db.query(
    `INSERT INTO notes (reference, kind, sent_on, from_id, to_id, subject, body, in_reply_to_id, reply_due_on, negotiation_id, classification)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [
      overrides.reference ?? `NV-${sequence}`,
      overrides.kind ?? 'note_verbale',
      overrides.sentOn ?? '2016-01-15',
      fromId,
      toId,
      overrides.subject ?? `Subject ${sequence}`,
      overrides.body ?? null,
      overrides.inReplyToId ?? null,
      overrides.replyDueOn ?? null,
      overrides.negotiationId ?? null,
      overrides.classification ?? 'unclassified',
    ],
  );
  return row.id;
}

export async function createNegotiation(db: DataSource, title = 'Storskog crossings and readmission'): Promise<number> {
  const [row] = await db.query(`INSERT INTO negotiations (title) VALUES ($1) RETURNING id`, [title]);
  return row.id;
}

/** A commitment taken from a note or an agreement, inserted directly (the commitments pages are tested elsewhere). */
export async function createSourcedCommitment(
  db: DataSource,
  source: { noteId?: number; agreementId?: number },
  overrides: Partial<{ text: string; partyId: number; counterpartId: number; classification: string }> = {},
): Promise<number> {
  const partyId = overrides.partyId ?? (await createMinistry(db, { countryCode: 'RU' }));
  const counterpartId = overrides.counterpartId ?? (await createMinistry(db, { countryCode: 'NO' }));
  const [row] = await db.query(
    `INSERT INTO commitments (text, party_id, counterpart_id, strength, source_type, note_id, agreement_id, made_on, classification)
     VALUES ($1, $2, $3, 'pledge', $4, $5, $6, '2016-01-26', $7) RETURNING id`,
    [
      overrides.text ?? 'I will look into the matter',
      partyId,
      counterpartId,
      source.noteId ? 'note' : 'agreement',
      source.noteId ?? null,
      source.agreementId ?? null,
      overrides.classification ?? 'unclassified',
    ],
  );
  return row.id;
}
