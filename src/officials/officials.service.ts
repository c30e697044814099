import type { DataSource, EntityManager } from 'typeorm';
import { selectRow, selectRows } from '../db/rows';
import { visibleTo, type Scope } from '../web/records';

export interface OfficialRow {
  id: number;
  fullName: string;
  nativeName: string | null;
  aliases: string;
  title: string | null;
  ministryId: number | null;
  ministryName: string | null;
  ministryShortName: string | null;
  countryCode: string | null;
  version: number;
  deletedAt: Date | null;
}

const PAGE_SIZE = 50;
const RECORD_LIMIT = 20;

// The current position is the open-ended one; an official without one shows no title.
const WITH_CURRENT = `FROM officials o
  LEFT JOIN LATERAL (SELECT p.title, p.ministry_id FROM official_positions p
                      WHERE p.official_id = o.id AND p.ended_on IS NULL ORDER BY p.started_on DESC, p.id DESC LIMIT 1) cur ON true
  LEFT JOIN ministries m ON m.id = cur.ministry_id`;
const COLUMNS = `o.id, o.full_name AS "fullName", o.native_name AS "nativeName", array_to_string(o.aliases, ', ') AS aliases, cur.title, cur.ministry_id AS "ministryId",
  m.name AS "ministryName", m.short_name AS "ministryShortName", m.country_code AS "countryCode", o.version, o.deleted_at AS "deletedAt"`;

/** `%` and `_` typed into a search box are matched literally. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, '\\$&')}%`;
}

export async function listOfficials(
  db: DataSource,
  filters: { q?: string; ministryId?: number; countryCode?: string; page: number; deleted?: boolean },
) {
  const where = [filters.deleted ? 'o.deleted_at IS NOT NULL' : 'o.deleted_at IS NULL'];
  const params: unknown[] = [];
  if (filters.q)
    where.push(`(o.full_name ILIKE $${params.push(likePattern(filters.q))} OR o.native_name ILIKE $${params.length})`);
  if (filters.ministryId) where.push(`cur.ministry_id = $${params.push(filters.ministryId)}`);
  if (filters.countryCode) where.push(`m.country_code = $${params.push(filters.countryCode)}`);
  const rows = await selectRows<OfficialRow>(
    db,
    `SELECT ${COLUMNS} ${WITH_CURRENT} WHERE ${where.join(' AND ')}
      ORDER BY o.full_name, o.id LIMIT ${PAGE_SIZE + 1} OFFSET ${(filters.page - 1) * PAGE_SIZE}`,
    params,
  );
  return { rows: rows.slice(0, PAGE_SIZE), hasMore: rows.length > PAGE_SIZE };
}

export async function findOfficial(
  db: DataSource | EntityManager,
  id: number,
  scope: Scope,
): Promise<OfficialRow | undefined> {
  return selectRow<OfficialRow>(
    db,
    `SELECT ${COLUMNS} ${WITH_CURRENT} WHERE o.id = $1 AND (o.deleted_at IS NULL OR $2)`,
    [id, scope.isAdmin],
  );
}

/** Choices for official selects in every domain: "Full Name — current title, ministry short name". */
export async function officialOptions(db: DataSource | EntityManager): Promise<{ value: number; label: string }[]> {
  return selectRows<{ value: number; label: string }>(
    db,
    `SELECT o.id AS value, o.full_name || COALESCE(' — ' || cur.title || ', ' || COALESCE(m.short_name, m.name), '') AS label
       ${WITH_CURRENT} WHERE o.deleted_at IS NULL ORDER BY o.full_name, o.id`,
  );
}

/** The title the official held on that day (a commitment records its maker's title as it was then), or null. */
export async function titleOn(
  db: DataSource | EntityManager,
  officialId: number,
  date: string | Date,
): Promise<string | null> {
  const day = typeof date === 'string' ? date : date.toISOString().slice(0, 10);
  const row = await selectRow<{ title: string }>(
    db,
    `SELECT title FROM official_positions
      WHERE official_id = $1 AND started_on <= $2::date AND (ended_on IS NULL OR ended_on >= $2::date)
      ORDER BY started_on DESC, id DESC LIMIT 1`,
    [officialId, day],
  );
  return row?.title ?? null;
}

export interface OfficialPositionRow {
  id: number;
  title: string;
  ministryId: number;
  ministryName: string;
  ministryShortName: string | null;
  countryCode: string;
  startedOn: string;
  endedOn: string | null;
}

export async function officialPositions(db: DataSource, officialId: number): Promise<OfficialPositionRow[]> {
  return selectRows<OfficialPositionRow>(
    db,
    `SELECT p.id, p.title, p.ministry_id AS "ministryId", m.name AS "ministryName", m.short_name AS "ministryShortName",
            m.country_code AS "countryCode", p.started_on::text AS "startedOn", p.ended_on::text AS "endedOn"
       FROM official_positions p JOIN ministries m ON m.id = p.ministry_id
      WHERE p.official_id = $1 ORDER BY p.started_on DESC, p.id DESC`,
    [officialId],
  );
}

export interface OfficialMeetingRow {
  id: number;
  title: string;
  heldOn: string;
  location: string | null;
  classification: string;
}

export interface OfficialCommitmentRow {
  id: number;
  text: string;
  madeOn: string;
  dueOn: string | null;
  status: string;
  strength: string;
  madeByTitle: string | null;
  classification: string;
}

/** The meetings the official attended and the commitments they made, newest first, as far as the user may see. */
export async function officialRecords(db: DataSource, scope: Scope, officialId: number) {
  const meetingParams: unknown[] = [officialId];
  const commitmentParams: unknown[] = [officialId];
  const [meetings, commitments] = await Promise.all([
    selectRows<OfficialMeetingRow>(
      db,
      `SELECT m.id, m.title, m.held_on::text AS "heldOn", m.location, m.classification
         FROM meetings m JOIN meeting_participants mp ON mp.meeting_id = m.id
        WHERE mp.official_id = $1 AND ${visibleTo(scope, 'm', meetingParams)}
        ORDER BY m.held_on DESC, m.id DESC LIMIT ${RECORD_LIMIT + 1}`,
      meetingParams,
    ),
    selectRows<OfficialCommitmentRow>(
      db,
      `SELECT c.id, c.text, c.made_on::text AS "madeOn", c.due_on::text AS "dueOn", c.status, c.strength,
              c.made_by_title AS "madeByTitle", c.classification
         FROM commitments c
        WHERE c.made_by_id = $1 AND ${visibleTo(scope, 'c', commitmentParams)}
        ORDER BY c.made_on DESC, c.id DESC LIMIT ${RECORD_LIMIT + 1}`,
      commitmentParams,
    ),
  ]);
  return {
    meetings: meetings.slice(0, RECORD_LIMIT),
    moreMeetings: meetings.length > RECORD_LIMIT,
    commitments: commitments.slice(0, RECORD_LIMIT),
    moreCommitments: commitments.length > RECORD_LIMIT,
  };
}
