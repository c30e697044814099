import type { DataSource } from 'typeorm';
import { selectRow } from '../db/rows';

// What the meeting form proposes when a commitment's maker is chosen: the party is the ministry
// of the maker's post on the meeting's date, the counterpart the other side's ministry (that of
// another participant from another country, else a party of the meeting's negotiation).

export interface Side {
  id: number;
  name: string;
  countryCode: string;
}

/** The ministry of the official's post on that day; without a post that day (or a day), the current one. */
export async function ministryOn(db: DataSource, officialId: number, day?: string): Promise<Side | undefined> {
  return selectRow<Side>(
    db,
    `SELECT m.id, m.name, m.country_code AS "countryCode"
       FROM official_positions p JOIN ministries m ON m.id = p.ministry_id AND m.deleted_at IS NULL
      WHERE p.official_id = $1
      ORDER BY ($2::date IS NOT NULL AND p.started_on <= $2::date AND (p.ended_on IS NULL OR p.ended_on >= $2::date)) DESC,
               p.ended_on IS NULL DESC, p.started_on DESC, p.id DESC
      LIMIT 1`,
    [officialId, day ?? null],
  );
}

export async function proposedSides(
  db: DataSource,
  input: { madeById: number; heldOn?: string; participantIds: number[]; negotiationId?: number },
): Promise<{ party: Side | null; counterpart: Side | null }> {
  const party = await ministryOn(db, input.madeById, input.heldOn);
  if (!party) return { party: null, counterpart: null };
  for (const id of input.participantIds.filter((p) => p !== input.madeById)) {
    const other = await ministryOn(db, id, input.heldOn);
    if (other && other.countryCode !== party.countryCode) return { party, counterpart: other };
  }
  if (input.negotiationId) {
    const other = await selectRow<Side>(
      db,
      `SELECT m.id, m.name, m.country_code AS "countryCode"
         FROM negotiation_parties np JOIN ministries m ON m.id = np.ministry_id AND m.deleted_at IS NULL
        WHERE np.negotiation_id = $1 AND m.country_code <> $2
        ORDER BY (m.kind = 'ministry') DESC, m.id LIMIT 1`,
      [input.negotiationId, party.countryCode],
    );
    if (other) return { party, counterpart: other };
  }
  return { party, counterpart: null };
}
