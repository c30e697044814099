import type { DataSource } from 'typeorm';
import { visibleTo, type Scope } from '../web/records';
import { OPEN_STATUSES } from '../commitments/commitment-status';
import { preparedQuery } from '../db/prepared';
import { selectRow, jsonRows } from '../db/rows';

/** Whose brief: a ministry, or an official (standing for the ministry of their current post). */
export interface Counterpart {
  kind: 'ministry' | 'official';
  id: number;
  name: string;
  ministryIds: number[];
  officialId?: number;
}

const COMMITMENT_COLUMNS = (
  today: string,
) => `c.id, c.text, c.status, c.strength, c.made_on AS "madeOn", c.due_on AS "dueOn", c.classification,
  (c.due_on < ${today}) AS overdue, c.made_by_title AS "madeByTitle", o.full_name AS "madeBy",
  p.name AS "partyName", cp.name AS "counterpartName", c.last_follow_up_on AS "lastFollowUpOn"`;
const COMMITMENT_JOINS = `JOIN ministries p ON p.id = c.party_id JOIN ministries cp ON cp.id = c.counterpart_id LEFT JOIN officials o ON o.id = c.made_by_id`;

/**
 * `column` is one of `ids`. For a single id a plain `=`: PostgreSQL then walks the (party or
 * counterpart, due date) index for that ministry, where `= ANY` of one element made it walk every
 * open commitment by due date and filter (1 ms against 250 ms at a million commitments).
 */
function oneOf(column: string, ids: number[], params: unknown[]): string {
  return ids.length === 1 ? `${column} = $${params.push(ids[0])}::int` : `${column} = ANY($${params.push(ids)}::int[])`;
}

/**
 * The open statuses as SQL literals, not a bound array: a prepared statement's generic plan can then
 * use the partial indexes of open commitments (their predicate is this list), so PostgreSQL plans
 * the brief once per connection instead of on every request.
 */
const OPEN = `(${OPEN_STATUSES.map((status) => `'${status}'`).join(', ')})`;

/** Open commitments one way, most urgent first; each side walks its (ministry, due date) partial index. */
function commitments(scope: Scope, side: 'theirs' | 'ours', who: Counterpart, params: unknown[]): string {
  const match =
    side === 'theirs'
      ? `(${oneOf('c.party_id', who.ministryIds, params)}${who.officialId ? ` OR c.made_by_id = $${params.push(who.officialId)}` : ''})`
      : oneOf('c.counterpart_id', who.ministryIds, params);
  return `SELECT ${COMMITMENT_COLUMNS('$1::date')} FROM commitments c ${COMMITMENT_JOINS}
      WHERE c.status IN ${OPEN} AND ${match} AND ${visibleTo(scope, 'c', params)}
      ORDER BY coalesce(c.due_on, 'infinity'::date), c.id LIMIT 40`;
}

/**
 * Notes to or from the ministries with a reply date and no visible reply, soonest first. Each
 * side walks its own (ministry, reply date) partial index and stops at 20 unanswered notes;
 * as one OR over both sides, PostgreSQL fetched and sorted every such note of the ministry
 * (78 ms at 100,000 notes, against 0.6).
 */
function unansweredNotes(scope: Scope, who: Counterpart, params: unknown[]): string {
  const side = (column: 'from_id' | 'to_id') =>
    `(SELECT n.id, n.reference, n.subject, n.sent_on, n.reply_due_on, n.from_id, n.to_id, n.classification FROM notes n
       WHERE ${oneOf(`n.${column}`, who.ministryIds, params)} AND n.reply_due_on IS NOT NULL AND ${visibleTo(scope, 'n', params)}
         AND NOT EXISTS (SELECT 1 FROM notes r WHERE r.in_reply_to_id = n.id AND ${visibleTo(scope, 'r', params)})
       ORDER BY n.reply_due_on, n.id LIMIT 20)`;
  const sides = `${side('from_id')} UNION ALL ${side('to_id')}`;
  return `SELECT u.id, u.reference, u.subject, u.sent_on AS "sentOn", u.reply_due_on AS "replyDueOn", (u.reply_due_on < $1::date) AS overdue, u.classification,
            f.name AS "fromName", t.name AS "toName"
       FROM (${sides}) u JOIN ministries f ON f.id = u.from_id JOIN ministries t ON t.id = u.to_id
      ORDER BY u.reply_due_on, u.id LIMIT 20`;
}

/**
 * The last five meetings the official, or an official then posted at the ministry, took part in.
 * Meetings are walked newest first and each is checked through its participants' positions (two
 * index probes): as a nested EXISTS, PostgreSQL scanned every position for each meeting (20 ms
 * at 300,000 commitments, against 1).
 */
function lastMeetings(scope: Scope, who: Counterpart, params: unknown[]): string {
  const participant = who.officialId
    ? `EXISTS (SELECT 1 FROM meeting_participants mp WHERE mp.meeting_id = m.id AND mp.official_id = $${params.push(who.officialId)})`
    : `EXISTS (SELECT 1 FROM meeting_participants mp JOIN official_positions op ON op.official_id = mp.official_id
                WHERE mp.meeting_id = m.id AND op.ministry_id = ANY($${params.push(who.ministryIds)}::int[])
                  AND op.started_on <= m.held_on AND (op.ended_on IS NULL OR op.ended_on >= m.held_on))`;
  const meetingFilter = visibleTo(scope, 'm', params);
  const commitmentFilter = visibleTo(scope, 'c', params);
  return `SELECT m.id, m.title, m.held_on AS "heldOn", m.location, m.classification,
            coalesce((SELECT json_agg(json_build_object('id', c.id, 'text', c.text, 'status', c.status, 'classification', c.classification) ORDER BY c.id)
                        FROM commitments c WHERE c.meeting_id = m.id AND ${commitmentFilter}), '[]') AS outcomes
       FROM meetings m
      WHERE ${participant} AND ${meetingFilter}
      ORDER BY m.held_on DESC, m.id DESC LIMIT 5`;
}

function agreementsInForce(scope: Scope, who: Counterpart, params: unknown[]): string {
  return `SELECT a.id, a.title, a.kind, a.status, a.signed_on AS "signedOn", a.in_force_on AS "inForceOn", a.classification
       FROM agreements a
      WHERE a.status IN ('in_force', 'suspended')
        AND EXISTS (SELECT 1 FROM agreement_parties ap WHERE ap.agreement_id = a.id AND ap.ministry_id = ANY($${params.push(who.ministryIds)}::int[]))
        AND ${visibleTo(scope, 'a', params)}
      ORDER BY a.signed_on DESC NULLS LAST, a.id DESC LIMIT 20`;
}

type Row = Record<string, unknown>;
export interface Brief {
  theyOwe: Row[];
  weOwe: Row[];
  notes: Row[];
  meetings: Row[];
  agreements: Row[];
}

/**
 * The five sections in one statement, each a JSON array (dates come as YYYY-MM-DD): one round
 * trip and one connection per brief instead of five. Every classified record, down to a meeting's
 * outcomes and the replies that count as an answer, is filtered by the reader's levels.
 * `today` is the app's (APP_TIME_ZONE), for what is overdue.
 */
export async function brief(db: DataSource, scope: Scope, who: Counterpart, today: string): Promise<Brief> {
  const params: unknown[] = [today];
  const sections = {
    theyOwe: commitments(scope, 'theirs', who, params),
    weOwe: commitments(scope, 'ours', who, params),
    notes: unansweredNotes(scope, who, params),
    meetings: lastMeetings(scope, who, params),
    agreements: agreementsInForce(scope, who, params),
  };
  const [row] = await preparedQuery<Brief>(
    db,
    `SELECT ${Object.entries(sections)
      .map(([name, sql]) => `${jsonRows(sql)} AS "${name}"`)
      .join(',\n       ')}`,
    params,
  );
  return row;
}

export async function ministryCounterpart(db: DataSource, id: number): Promise<Counterpart | undefined> {
  const row = await selectRow<{ id: number; name: string }>(
    db,
    `SELECT id, name FROM ministries WHERE id = $1 AND deleted_at IS NULL`,
    [id],
  );
  return row && { kind: 'ministry', id: row.id, name: row.name, ministryIds: [row.id] };
}

interface OfficialCounterpartRow {
  id: number;
  name: string;
  title: string | null;
  ministryId: number | null;
  ministryName: string | null;
}

export async function officialCounterpart(
  db: DataSource,
  id: number,
): Promise<(Counterpart & { title: string | null; ministryName: string | null }) | undefined> {
  const row = await selectRow<OfficialCounterpartRow>(
    db,
    `SELECT o.id, o.full_name AS name, p.title, p.ministry_id AS "ministryId", m.name AS "ministryName"
       FROM officials o
       LEFT JOIN LATERAL (SELECT title, ministry_id FROM official_positions WHERE official_id = o.id ORDER BY ended_on IS NULL DESC, started_on DESC LIMIT 1) p ON true
       LEFT JOIN ministries m ON m.id = p.ministry_id
      WHERE o.id = $1 AND o.deleted_at IS NULL`,
    [id],
  );
  return (
    row && {
      kind: 'official',
      id: row.id,
      name: row.name,
      officialId: row.id,
      ministryIds: row.ministryId ? [row.ministryId] : [],
      title: row.title,
      ministryName: row.ministryName,
    }
  );
}
