import type { DataSource } from 'typeorm';

type Classification = 'unclassified' | 'restricted' | 'confidential';

/** A meeting written straight into the table, so officials and negotiations tests do not depend on the meetings pages. */
export async function insertMeeting(
  db: DataSource,
  overrides: Partial<{
    title: string;
    heldOn: string;
    location: string;
    classification: Classification;
    negotiationId: number;
    participantIds: number[];
    deleted: boolean;
  }> = {},
): Promise<number> {
  const [row] = await db.query(
    `INSERT INTO meetings (title, held_on, location, classification, negotiation_id, deleted_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [
      overrides.title ?? 'Meeting',
      overrides.heldOn ?? '2015-10-22',
      overrides.location ?? null,
      overrides.classification ?? 'unclassified',
      overrides.negotiationId ?? null,
      overrides.deleted ? new Date() : null,
    ],
  );
  for (const officialId of overrides.participantIds ?? []) {
    await db.query(`INSERT INTO meeting_participants (meeting_id, official_id) VALUES ($1, $2)`, [row.id, officialId]);
  }
  return row.id;
}

/** A commitment from a public statement (the one source that needs no other record). */
export async function insertCommitment(
  db: DataSource,
  fields: { partyId: number; counterpartId: number } & Partial<{
    text: string;
    madeById: number;
    madeOn: string;
    classification: Classification;
    negotiationId: number;
  }>,
): Promise<number> {
  const [row] = await db.query(
    `INSERT INTO commitments (text, made_by_id, party_id, counterpart_id, strength, source_type, source_url, made_on, classification, negotiation_id)
     VALUES ($1, $2, $3, $4, 'will_consider', 'statement', 'https://example.test/statement', $5, $6, $7) RETURNING id`,
    [
      fields.text ?? 'I will look into the matter',
      fields.madeById ?? null,
      fields.partyId,
      fields.counterpartId,
      fields.madeOn ?? '2015-10-22',
      fields.classification ?? 'unclassified',
      fields.negotiationId ?? null,
    ],
  );
  return row.id;
}

export async function positionsOf(
  db: DataSource,
  officialId: number,
): Promise<{ title: string; ministry_id: number; started_on: string; ended_on: string | null }[]> {
  return db.query(
    `SELECT title, ministry_id, started_on::text, ended_on::text FROM official_positions WHERE official_id = $1 ORDER BY started_on`,
    [officialId],
  );
}
