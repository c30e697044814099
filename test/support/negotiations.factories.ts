import type { DataSource } from 'typeorm';
import { createMinistry } from './factories';

type Classification = 'unclassified' | 'restricted' | 'confidential';

export async function createNegotiation(
  db: DataSource,
  overrides: Partial<{ title: string; status: string; summary: string; partyIds: number[]; deleted: boolean }> = {},
): Promise<number> {
  const partyIds = overrides.partyIds ?? [
    await createMinistry(db, { countryCode: 'NO' }),
    await createMinistry(db, { countryCode: 'RU' }),
  ];
  const [row] = await db.query(
    `INSERT INTO negotiations (title, status, summary, deleted_at) VALUES ($1, $2, $3, $4) RETURNING id`,
    [
      overrides.title ?? 'Storskog crossings and readmission',
      overrides.status ?? 'active',
      overrides.summary ?? null,
      overrides.deleted ? new Date() : null,
    ],
  );
  for (const ministryId of partyIds)
    await db.query(`INSERT INTO negotiation_parties (negotiation_id, ministry_id) VALUES ($1, $2)`, [
      row.id,
      ministryId,
    ]);
  return row.id;
}

export async function insertNote(
  db: DataSource,
  fields: { fromId: number; toId: number } & Partial<{
    reference: string;
    subject: string;
    sentOn: string;
    classification: Classification;
    negotiationId: number;
  }>,
): Promise<number> {
  const [row] = await db.query(
    `INSERT INTO notes (reference, kind, sent_on, from_id, to_id, subject, classification, negotiation_id)
     VALUES ($1, 'note_verbale', $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      fields.reference ?? `NV-${Math.random().toString(36).slice(2, 8)}`,
      fields.sentOn ?? '2016-01-20',
      fields.fromId,
      fields.toId,
      fields.subject ?? 'Note',
      fields.classification ?? 'unclassified',
      fields.negotiationId ?? null,
    ],
  );
  return row.id;
}

export async function insertAgreement(
  db: DataSource,
  fields: Partial<{ title: string; signedOn: string; classification: Classification; negotiationId: number }> = {},
): Promise<number> {
  const [row] = await db.query(
    `INSERT INTO agreements (title, kind, status, signed_on, classification, negotiation_id) VALUES ($1, 'agreement', 'in_force', $2, $3, $4) RETURNING id`,
    [
      fields.title ?? 'Readmission agreement',
      fields.signedOn ?? '2007-04-26',
      fields.classification ?? 'unclassified',
      fields.negotiationId ?? null,
    ],
  );
  return row.id;
}
