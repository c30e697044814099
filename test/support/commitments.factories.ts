import type { DataSource } from 'typeorm';
import { createMinistry, createOfficial } from './factories';

// Records for the meetings and commitments tests, inserted directly (the forms are what is under test).

let sequence = 0;

export async function createNegotiation(db: DataSource, overrides: Partial<{ title: string }> = {}): Promise<number> {
  sequence += 1;
  const [row] = await db.query(`INSERT INTO negotiations (title) VALUES ($1) RETURNING id`, [
    overrides.title ?? `Negotiation ${sequence}`,
  ]);
  return row.id;
}

export async function createMeeting(
  db: DataSource,
  overrides: Partial<{
    title: string;
    heldOn: string;
    classification: string;
    negotiationId: number;
    participantIds: number[];
    deleted: boolean;
  }> = {},
): Promise<number> {
  sequence += 1;
  const [row] = await db.query(
    `INSERT INTO meetings (title, held_on, classification, negotiation_id, deleted_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [
      overrides.title ?? `Meeting ${sequence}`,
      overrides.heldOn ?? '2015-10-21',
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

export async function createNote(
  db: DataSource,
  overrides: Partial<{ reference: string; fromId: number; toId: number; sentOn: string; classification: string }> = {},
): Promise<number> {
  sequence += 1;
  const fromId = overrides.fromId ?? (await createMinistry(db, { countryCode: 'RU' }));
  const toId = overrides.toId ?? (await createMinistry(db, { countryCode: 'NO' }));
  const [row] = await db.query(
    `INSERT INTO notes (reference, kind, sent_on, from_id, to_id, subject, classification) VALUES ($1, 'note_verbale', $2, $3, $4, $5, $6) RETURNING id`,
    [
      overrides.reference ?? `NV-${sequence}`,
      overrides.sentOn ?? '2016-01-22',
      fromId,
      toId,
      `Subject ${sequence}`,
      overrides.classification ?? 'unclassified',
    ],
  );
  return row.id;
}

export async function createAgreement(
  db: DataSource,
  overrides: Partial<{ title: string; classification: string }> = {},
): Promise<number> {
  sequence += 1;
  const [row] = await db.query(
    `INSERT INTO agreements (title, kind, status, signed_on, classification) VALUES ($1, 'agreement', 'in_force', '2007-04-08', $2) RETURNING id`,
    [overrides.title ?? `Agreement ${sequence}`, overrides.classification ?? 'unclassified'],
  );
  return row.id;
}

export interface CommitmentOverrides {
  text: string;
  partyId: number;
  counterpartId: number;
  madeById: number;
  madeOn: string;
  dueOn: string | null;
  status: string;
  classification: string;
  meetingId: number;
  ownerId: number;
  lastFollowUpOn: string;
}

/** A commitment from a public statement unless a meetingId is given. */
export async function createCommitment(db: DataSource, overrides: Partial<CommitmentOverrides> = {}): Promise<number> {
  sequence += 1;
  const partyId = overrides.partyId ?? (await createMinistry(db, { countryCode: 'RU' }));
  const counterpartId = overrides.counterpartId ?? (await createMinistry(db, { countryCode: 'NO' }));
  const [row] = await db.query(
    `INSERT INTO commitments (text, made_by_id, party_id, counterpart_id, strength, source_type, meeting_id, source_url, made_on, due_on, status, classification, owner_id, last_follow_up_on)
     VALUES ($1, $2, $3, $4, 'pledge', $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
    [
      overrides.text ?? `Commitment ${sequence}`,
      overrides.madeById ?? null,
      partyId,
      counterpartId,
      overrides.meetingId ? 'meeting' : 'statement',
      overrides.meetingId ?? null,
      overrides.meetingId ? null : 'https://www.nrk.no/statement',
      overrides.madeOn ?? '2015-10-21',
      overrides.dueOn ?? null,
      overrides.status ?? 'open',
      overrides.classification ?? 'unclassified',
      overrides.ownerId ?? null,
      overrides.lastFollowUpOn ?? null,
    ],
  );
  return row.id;
}

/** A small Storskog cast: two ministries per side and three officials (Listhaug changed post on 2015-12-16). */
export async function createDossier(db: DataSource) {
  const noMfa = await createMinistry(db, { name: 'Utenriksdepartementet', countryCode: 'NO' });
  const noJustice = await createMinistry(db, { name: 'Justis- og beredskapsdepartementet', countryCode: 'NO' });
  const ruMfa = await createMinistry(db, { name: 'Министерство иностранных дел', countryCode: 'RU' });
  const ruFms = await createMinistry(db, { name: 'Federal Migration Service', countryCode: 'RU' });
  const brende = await createOfficial(db, {
    fullName: 'Børge Brende',
    title: 'Minister of Foreign Affairs',
    ministryId: noMfa,
    startedOn: '2013-10-16',
  });
  const lavrov = await createOfficial(db, {
    fullName: 'Sergey Lavrov',
    nativeName: 'Сергей Лавров',
    title: 'Minister of Foreign Affairs',
    ministryId: ruMfa,
    startedOn: '2004-03-09',
  });
  const listhaug = await createOfficial(db, {
    fullName: 'Sylvi Listhaug',
    title: 'Minister of Agriculture and Food',
    ministryId: noJustice,
    startedOn: '2013-10-16',
  });
  await db.query(`UPDATE official_positions SET ended_on = '2015-12-15' WHERE official_id = $1`, [listhaug]);
  await db.query(
    `INSERT INTO official_positions (official_id, ministry_id, title, started_on) VALUES ($1, $2, 'Minister of Immigration and Integration', '2015-12-16')`,
    [listhaug, noJustice],
  );
  return { noMfa, noJustice, ruMfa, ruFms, brende, lavrov, listhaug };
}

/** An x-www-form-urlencoded body with exactly these names, in this order (repeats allowed). */
export function formBody(fields: [string, string | number][]): string {
  return fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&');
}
