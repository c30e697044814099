import type { DataSource } from 'typeorm';
import { createMinistry } from './factories';

let sequence = 0;

export async function createAgreement(
  db: DataSource,
  overrides: Partial<{
    title: string;
    kind: string;
    status: string;
    signedOn: string | null;
    inForceOn: string | null;
    parentId: number | null;
    partyIds: number[];
    classification: string;
    summary: string;
  }> = {},
): Promise<number> {
  sequence += 1;
  const partyIds = overrides.partyIds ?? [
    await createMinistry(db, { countryCode: 'NO' }),
    await createMinistry(db, { countryCode: 'RU' }),
  ];
  const [row] = await db.query(
    `INSERT INTO agreements (title, kind, status, signed_on, in_force_on, parent_id, summary, classification)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [
      overrides.title ?? `Agreement ${sequence}`,
      overrides.kind ?? 'agreement',
      overrides.status ?? 'in_force',
      overrides.signedOn === undefined ? '2007-04-08' : overrides.signedOn,
      overrides.inForceOn ?? null,
      overrides.parentId ?? null,
      overrides.summary ?? null,
      overrides.classification ?? 'unclassified',
    ],
  );
  await db.query(`INSERT INTO agreement_parties (agreement_id, ministry_id) SELECT $1, unnest($2::int[])`, [
    row.id,
    partyIds,
  ]);
  return row.id;
}
