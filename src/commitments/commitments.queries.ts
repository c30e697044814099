import type { DataSource, EntityManager } from 'typeorm';
import { selectRow, selectRows } from '../db/rows';
import { visibleTo, type Scope } from '../web/records';

const day = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;

export interface CommitmentRow {
  id: number;
  text: string;
  madeById: number | null;
  madeByName: string | null;
  madeByTitle: string | null;
  partyId: number;
  partyName: string;
  partyCountry: string;
  counterpartId: number;
  counterpartName: string;
  strength: string;
  sourceType: 'meeting' | 'note' | 'agreement' | 'statement';
  meetingId: number | null;
  noteId: number | null;
  agreementId: number | null;
  sourceUrl: string | null;
  sourceLabel: string | null;
  madeOn: string;
  dueOn: string | null;
  ownerId: number | null;
  ownerName: string | null;
  status: string;
  negotiationId: number | null;
  negotiationTitle: string | null;
  lastFollowUpOn: string | null;
  classification: string;
  version: number;
  deletedAt: Date | null;
}

/**
 * One commitment with the names it refers to. The source's title is joined through the same
 * clearance filter, so a source the user may not see shows as unavailable rather than leaking.
 */
export async function findCommitment(
  db: DataSource | EntityManager,
  id: number,
  scope: Scope,
): Promise<CommitmentRow | undefined> {
  const params: unknown[] = [id];
  const self = visibleTo(scope, 'c', params, scope.isAdmin);
  return selectRow<CommitmentRow>(
    db,
    `SELECT c.id, c.text, c.made_by_id AS "madeById", o.full_name AS "madeByName", c.made_by_title AS "madeByTitle",
            c.party_id AS "partyId", p.name AS "partyName", p.country_code AS "partyCountry",
            c.counterpart_id AS "counterpartId", cp.name AS "counterpartName", c.strength, c.source_type AS "sourceType",
            c.meeting_id AS "meetingId", c.note_id AS "noteId", c.agreement_id AS "agreementId", c.source_url AS "sourceUrl",
            coalesce(${day('sm.held_on')} || ' · ' || sm.title, sn.reference || ' · ' || sn.subject, sa.title) AS "sourceLabel",
            ${day('c.made_on')} AS "madeOn", ${day('c.due_on')} AS "dueOn", c.owner_id AS "ownerId", u.name AS "ownerName",
            c.status, c.negotiation_id AS "negotiationId", n.title AS "negotiationTitle",
            ${day('c.last_follow_up_on')} AS "lastFollowUpOn", c.classification, c.version, c.deleted_at AS "deletedAt"
       FROM commitments c
       JOIN ministries p ON p.id = c.party_id
       JOIN ministries cp ON cp.id = c.counterpart_id
       LEFT JOIN officials o ON o.id = c.made_by_id
       LEFT JOIN users u ON u.id = c.owner_id
       LEFT JOIN negotiations n ON n.id = c.negotiation_id
       LEFT JOIN meetings sm ON sm.id = c.meeting_id AND ${visibleTo(scope, 'sm', params)}
       LEFT JOIN notes sn ON sn.id = c.note_id AND ${visibleTo(scope, 'sn', params)}
       LEFT JOIN agreements sa ON sa.id = c.agreement_id AND ${visibleTo(scope, 'sa', params)}
      WHERE c.id = $1 AND ${self}`,
    params,
  );
}

export interface FollowUpRow {
  id: number;
  recordedOn: string;
  authorName: string | null;
  previousStatus: string;
  status: string;
  note: string;
  evidence: { href: string; label: string } | { url: string } | null;
}

/** The columns followUpsOf's SELECT produces; the evidence columns are null when absent or hidden. */
interface FollowUpQueryRow {
  id: number;
  recordedOn: string;
  authorName: string | null;
  previousStatus: string;
  status: string;
  note: string;
  nextChaseOn: string | null;
  url: string | null;
  meetingId: number | null;
  meetingTitle: string | null;
  noteId: number | null;
  noteReference: string | null;
  agreementId: number | null;
  agreementTitle: string | null;
}

/** The timeline, oldest first; evidence records the user may not see are left out. */
export async function followUpsOf(db: DataSource, scope: Scope, commitmentId: number): Promise<FollowUpRow[]> {
  const params: unknown[] = [commitmentId];
  const rows = await selectRows<FollowUpQueryRow>(
    db,
    `SELECT f.id, ${day('f.recorded_on')} AS "recordedOn", u.name AS "authorName", f.previous_status AS "previousStatus", f.status, f.note,
            ${day('f.next_chase_on')} AS "nextChaseOn", f.evidence_url AS url, em.id AS "meetingId", em.title AS "meetingTitle", en.id AS "noteId", en.reference AS "noteReference",
            ea.id AS "agreementId", ea.title AS "agreementTitle"
       FROM follow_ups f
       LEFT JOIN users u ON u.id = f.author_id
       LEFT JOIN meetings em ON em.id = f.evidence_meeting_id AND ${visibleTo(scope, 'em', params)}
       LEFT JOIN notes en ON en.id = f.evidence_note_id AND ${visibleTo(scope, 'en', params)}
       LEFT JOIN agreements ea ON ea.id = f.evidence_agreement_id AND ${visibleTo(scope, 'ea', params)}
      WHERE f.commitment_id = $1 ORDER BY f.recorded_on, f.id`,
    params,
  );
  return rows.map((r) => ({
    id: r.id,
    recordedOn: r.recordedOn,
    authorName: r.authorName,
    previousStatus: r.previousStatus,
    status: r.status,
    note: r.note,
    evidence: r.meetingId
      ? { href: `/meetings/${r.meetingId}`, label: `Meeting: ${r.meetingTitle}` }
      : r.noteId
        ? { href: `/notes/${r.noteId}`, label: `Note ${r.noteReference}` }
        : r.agreementId
          ? { href: `/agreements/${r.agreementId}`, label: `Agreement: ${r.agreementTitle}` }
          : r.url
            ? { url: r.url }
            : null,
  }));
}

/** The columns of sourceDefaults's SELECT, whichever kind of source it reads. */
interface SourceDefaultsRow {
  field: 'meetingId' | 'noteId' | 'agreementId';
  id: number;
  madeOn: string | null;
  negotiationId: number | null;
  classification: string;
  partyId: number | null;
  counterpartId: number | null;
}

/** Form defaults taken from the source a "new commitment" link came from (?meetingId= etc.). */
export async function sourceDefaults(
  db: DataSource,
  scope: Scope,
  query: Record<string, unknown>,
): Promise<Record<string, string>> {
  const pick = (name: string) =>
    typeof query[name] === 'string' && /^\d{1,9}$/.test(query[name]) ? Number(query[name]) : undefined;
  const params: unknown[] = [];
  let sql: string | undefined;
  if (pick('meetingId')) {
    params.push(pick('meetingId'));
    sql = `SELECT 'meetingId' AS field, s.id, ${day('s.held_on')} AS "madeOn", s.negotiation_id AS "negotiationId", s.classification, NULL AS "partyId", NULL AS "counterpartId" FROM meetings s`;
  } else if (pick('noteId')) {
    params.push(pick('noteId'));
    sql = `SELECT 'noteId' AS field, s.id, ${day('s.sent_on')} AS "madeOn", s.negotiation_id AS "negotiationId", s.classification, s.from_id AS "partyId", s.to_id AS "counterpartId" FROM notes s`;
  } else if (pick('agreementId')) {
    params.push(pick('agreementId'));
    sql = `SELECT 'agreementId' AS field, s.id, ${day('s.signed_on')} AS "madeOn", s.negotiation_id AS "negotiationId", s.classification, NULL AS "partyId", NULL AS "counterpartId" FROM agreements s`;
  }
  if (!sql) return {};
  const row = await selectRow<SourceDefaultsRow>(
    db,
    `${sql} WHERE s.id = $1 AND ${visibleTo(scope, 's', params)}`,
    params,
  );
  if (!row) return {};
  const out: Record<string, string> = { [row.field]: String(row.id), classification: row.classification };
  for (const key of ['madeOn', 'negotiationId', 'partyId', 'counterpartId'] as const)
    if (row[key] !== null) out[key] = String(row[key]);
  return out;
}
