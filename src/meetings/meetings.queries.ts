import type { DataSource } from 'typeorm';
import { selectRow, selectRows, jsonRows } from '../db/rows';
import { historyRowsSql, type HistoryRow } from '../audit/history';
import { visibleTo, type Scope } from '../web/records';

const PAGE_SIZE = 50;

export interface MeetingRow {
  id: number;
  title: string;
  heldOn: string;
  location: string | null;
  occasion: string | null;
  negotiationId: number | null;
  negotiationTitle: string | null;
  summary: string | null;
  classification: string;
  participantIds: number[];
  version: number;
  deletedAt: Date | null;
}

/** A row of the list: the columns of MeetingRow but the participants' ids, with their names instead. */
export interface MeetingListRow extends Omit<MeetingRow, 'participantIds'> {
  participants: string | null;
}

export interface MeetingParticipantRow {
  id: number;
  fullName: string;
  nativeName: string | null;
  title: string | null;
  ministryId: number | null;
  ministryName: string | null;
  countryCode: string | null;
}

export interface MeetingCommitmentRow {
  id: number;
  text: string;
  status: string;
  strength: string;
  dueOn: string | null;
  madeOn: string;
  madeByName: string | null;
  madeByTitle: string | null;
  partyName: string;
  counterpartName: string;
  classification: string;
}

const COLUMNS = `m.id, m.title, to_char(m.held_on, 'YYYY-MM-DD') AS "heldOn", m.location, m.occasion, m.negotiation_id AS "negotiationId",
  n.title AS "negotiationTitle", m.summary, m.classification, m.version, m.deleted_at AS "deletedAt"`;

export interface MeetingFilters {
  negotiationId?: number;
  officialId?: number;
  from?: string;
  to?: string;
  q?: string;
  page: number;
  deleted?: boolean;
}

/** Newest first, filtered; every filter is a bound parameter. */
export async function listMeetings(db: DataSource, scope: Scope, filters: MeetingFilters) {
  const params: unknown[] = [];
  const where = [visibleTo(scope, 'm', params, filters.deleted)];
  if (filters.deleted) where.push('m.deleted_at IS NOT NULL');
  if (filters.negotiationId) where.push(`m.negotiation_id = $${params.push(filters.negotiationId)}`);
  if (filters.officialId)
    where.push(
      `EXISTS (SELECT 1 FROM meeting_participants mp WHERE mp.meeting_id = m.id AND mp.official_id = $${params.push(filters.officialId)})`,
    );
  if (filters.from) where.push(`m.held_on >= $${params.push(filters.from)}`);
  if (filters.to) where.push(`m.held_on <= $${params.push(filters.to)}`);
  if (filters.q) {
    const p = params.push(`%${filters.q.replace(/[\\%_]/g, '\\$&')}%`);
    where.push(`(m.title ILIKE $${p} OR m.location ILIKE $${p} OR m.occasion ILIKE $${p} OR m.summary ILIKE $${p})`);
  }
  const rows = await selectRows<MeetingListRow>(
    db,
    `SELECT ${COLUMNS},
            (SELECT string_agg(o.full_name, ', ' ORDER BY o.full_name) FROM meeting_participants mp JOIN officials o ON o.id = mp.official_id WHERE mp.meeting_id = m.id) AS participants
       FROM meetings m LEFT JOIN negotiations n ON n.id = m.negotiation_id
      WHERE ${where.join(' AND ')}
      ORDER BY m.held_on DESC, m.id DESC LIMIT ${PAGE_SIZE + 1} OFFSET ${(filters.page - 1) * PAGE_SIZE}`,
    params,
  );
  return { rows: rows.slice(0, PAGE_SIZE), hasMore: rows.length > PAGE_SIZE };
}

export async function findMeeting(db: DataSource, id: number, scope: Scope): Promise<MeetingRow | undefined> {
  const params: unknown[] = [id];
  return selectRow<MeetingRow>(
    db,
    `SELECT ${COLUMNS}, ARRAY(SELECT official_id FROM meeting_participants WHERE meeting_id = m.id ORDER BY official_id) AS "participantIds"
       FROM meetings m LEFT JOIN negotiations n ON n.id = m.negotiation_id
      WHERE m.id = $1 AND ${visibleTo(scope, 'm', params, scope.isAdmin)}`,
    params,
  );
}

/** Participants of meeting `m` with the title each held on the day of the meeting. */
const PARTICIPANTS = `SELECT o.id, o.full_name AS "fullName", o.native_name AS "nativeName", pos.title, mi.id AS "ministryId", mi.name AS "ministryName", mi.country_code AS "countryCode"
       FROM meeting_participants mp
       JOIN officials o ON o.id = mp.official_id
       LEFT JOIN LATERAL (SELECT title, ministry_id FROM official_positions p
                           WHERE p.official_id = o.id AND p.started_on <= m.held_on AND (p.ended_on IS NULL OR p.ended_on >= m.held_on)
                           ORDER BY p.started_on DESC, p.id DESC LIMIT 1) pos ON true
       LEFT JOIN ministries mi ON mi.id = pos.ministry_id
      WHERE mp.meeting_id = m.id
      ORDER BY mi.country_code NULLS LAST, o.full_name`;

/** Commitments made at meeting `m`; `visible` filters them by the reader's clearance. */
const COMMITMENTS = (
  visible: string,
) => `SELECT c.id, c.text, c.status, c.strength, to_char(c.due_on, 'YYYY-MM-DD') AS "dueOn", to_char(c.made_on, 'YYYY-MM-DD') AS "madeOn",
            o.full_name AS "madeByName", c.made_by_title AS "madeByTitle", p.name AS "partyName", cp.name AS "counterpartName", c.classification
       FROM commitments c
       JOIN ministries p ON p.id = c.party_id
       JOIN ministries cp ON cp.id = c.counterpart_id
       LEFT JOIN officials o ON o.id = c.made_by_id
      WHERE c.meeting_id = m.id AND ${visible}
      ORDER BY c.id`;

export interface MeetingPage {
  meeting: MeetingRow;
  participants: MeetingParticipantRow[];
  /** The commitments made at the meeting that the reader may see. */
  commitments: MeetingCommitmentRow[];
  /** Its audit events, for History (which hides the values of events above the reader's clearance). */
  events: HistoryRow[];
}

/**
 * The meeting page in one statement: the meeting (if the reader may see it), its participants,
 * the commitments they may see and the audit events, each list a JSON array of the row.
 */
export async function meetingPage(db: DataSource, scope: Scope, id: number): Promise<MeetingPage | undefined> {
  const params: unknown[] = [id];
  const meetingVisible = visibleTo(scope, 'm', params, scope.isAdmin);
  const commitmentVisible = visibleTo(scope, 'c', params);
  const row = await selectRow<MeetingRow & Omit<MeetingPage, 'meeting'>>(
    db,
    `SELECT ${COLUMNS}, ARRAY(SELECT official_id FROM meeting_participants WHERE meeting_id = m.id ORDER BY official_id) AS "participantIds",
            ${jsonRows(PARTICIPANTS)} AS participants,
            ${jsonRows(COMMITMENTS(commitmentVisible))} AS commitments,
            ${jsonRows(historyRowsSql(`'meeting'`, 'm.id', '(extract(epoch FROM a.at) * 1000)::float8'))} AS events
       FROM meetings m LEFT JOIN negotiations n ON n.id = m.negotiation_id
      WHERE m.id = $1 AND ${meetingVisible}`,
    params,
  );
  if (!row) return undefined;
  const { participants, commitments, events, ...meeting } = row;
  return { meeting, participants, commitments, events };
}

/** Another visible meeting of the same title (case and spacing aside) on the same day, if any. */
export async function sameMeeting(
  db: DataSource,
  scope: Scope,
  id: number,
  title: string,
  heldOn: string,
): Promise<number | undefined> {
  const params: unknown[] = [id, title, heldOn];
  const row = await selectRow<{ id: number }>(
    db,
    `SELECT m.id FROM meetings m
      WHERE m.id <> $1 AND m.held_on = $3::date AND lower(regexp_replace(btrim(m.title), '\\s+', ' ', 'g')) = lower(regexp_replace(btrim($2), '\\s+', ' ', 'g'))
        AND ${visibleTo(scope, 'm', params)}
      ORDER BY m.id LIMIT 1`,
    params,
  );
  return row?.id;
}
