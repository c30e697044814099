import type { DataSource, EntityManager } from 'typeorm';
import { selectRow, selectRows } from '../db/rows';
import { visibleTo, type Scope } from '../web/records';

export interface NoteRow {
  id: number;
  reference: string;
  kind: string;
  sentOn: string;
  fromId: number;
  fromName: string;
  toId: number;
  toName: string;
  subject: string;
  body: string | null;
  inReplyToId: number | null;
  replyDueOn: string | null;
  negotiationId: number | null;
  negotiationTitle: string | null;
  classification: string;
  version: number;
  deletedAt: Date | null;
  awaiting: boolean;
  overdue: boolean;
}

export interface NoteFilters {
  fromId?: number;
  toId?: number;
  negotiationId?: number;
  kind?: string;
  awaiting?: boolean;
  q?: string;
  page: number;
  deleted?: boolean;
}

const PAGE_SIZE = 50;

/** Awaiting a reply: a due date and no reply the user can see (a hidden reply is not counted, nor revealed). */
function awaitingSql(scope: Scope, params: unknown[]): string {
  return `(n.reply_due_on IS NOT NULL AND NOT EXISTS (SELECT 1 FROM notes r WHERE r.in_reply_to_id = n.id AND ${visibleTo(scope, 'r', params)}))`;
}

function columns(scope: Scope, params: unknown[], today: string): string {
  const awaiting = awaitingSql(scope, params);
  return `n.id, n.reference, n.kind, n.sent_on::text AS "sentOn", n.from_id AS "fromId", f.name AS "fromName", n.to_id AS "toId", t.name AS "toName",
    n.subject, n.body, n.in_reply_to_id AS "inReplyToId", n.reply_due_on::text AS "replyDueOn", n.negotiation_id AS "negotiationId",
    g.title AS "negotiationTitle", n.classification, n.version, n.deleted_at AS "deletedAt",
    ${awaiting} AS awaiting, (${awaiting} AND n.reply_due_on < $${params.push(today)}::date) AS overdue`;
}

const JOINS = `JOIN ministries f ON f.id = n.from_id JOIN ministries t ON t.id = n.to_id LEFT JOIN negotiations g ON g.id = n.negotiation_id`;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, '\\$&');

/** `today` is the app's (APP_TIME_ZONE): a reply due yesterday there is overdue, whatever the database's zone. */
export async function listNotes(
  db: DataSource,
  scope: Scope,
  filters: NoteFilters,
  today: string,
): Promise<{ rows: NoteRow[]; hasMore: boolean }> {
  const params: unknown[] = [];
  const select = columns(scope, params, today);
  const where = [visibleTo(scope, 'n', params, filters.deleted)];
  if (filters.deleted) where.push('n.deleted_at IS NOT NULL');
  if (filters.fromId) where.push(`n.from_id = $${params.push(filters.fromId)}`);
  if (filters.toId) where.push(`n.to_id = $${params.push(filters.toId)}`);
  if (filters.negotiationId) where.push(`n.negotiation_id = $${params.push(filters.negotiationId)}`);
  if (filters.kind) where.push(`n.kind = $${params.push(filters.kind)}`);
  if (filters.awaiting) where.push(awaitingSql(scope, params));
  if (filters.q)
    where.push(
      `(n.subject ILIKE $${params.push(`%${escapeLike(filters.q)}%`)} OR n.reference ILIKE $${params.length})`,
    );
  const rows = await selectRows<NoteRow>(
    db,
    `SELECT ${select} FROM notes n ${JOINS} WHERE ${where.join(' AND ')}
      ORDER BY n.sent_on DESC, n.id DESC LIMIT ${PAGE_SIZE + 1} OFFSET ${(filters.page - 1) * PAGE_SIZE}`,
    params,
  );
  return { rows: rows.slice(0, PAGE_SIZE), hasMore: rows.length > PAGE_SIZE };
}

/** A note the user may see; an admin also sees a deleted one (to restore it). */
export async function findNote(
  db: DataSource | EntityManager,
  id: number,
  scope: Scope,
  today: string,
): Promise<NoteRow | undefined> {
  const params: unknown[] = [id];
  const select = columns(scope, params, today);
  return selectRow<NoteRow>(
    db,
    `SELECT ${select} FROM notes n ${JOINS} WHERE n.id = $1 AND ${visibleTo(scope, 'n', params, scope.isAdmin)}`,
    params,
  );
}

export interface ThreadNote {
  id: number;
  reference: string;
  sentOn: string;
  fromName: string;
  toName: string;
  subject: string;
  inReplyToId: number | null;
  classification: string;
}

/**
 * The thread a note belongs to, oldest first: up the replies to the root, then every reply below it.
 * Both walks pass only through notes the user may see, so a hidden note neither shows nor links others.
 */
export async function noteThread(db: DataSource, id: number, scope: Scope): Promise<ThreadNote[]> {
  const params: unknown[] = [id];
  const sql = `
    WITH RECURSIVE up(id, in_reply_to_id, depth) AS (
      SELECT n.id, n.in_reply_to_id, 0 FROM notes n WHERE n.id = $1 AND ${visibleTo(scope, 'n', params)}
      UNION ALL
      SELECT p.id, p.in_reply_to_id, up.depth + 1 FROM notes p JOIN up ON p.id = up.in_reply_to_id
       WHERE up.depth < 500 AND ${visibleTo(scope, 'p', params)}
    ),
    root AS (SELECT id FROM up ORDER BY depth DESC LIMIT 1),
    down(id, depth) AS (
      SELECT id, 0 FROM root
      UNION ALL
      SELECT c.id, down.depth + 1 FROM notes c JOIN down ON c.in_reply_to_id = down.id
       WHERE down.depth < 500 AND ${visibleTo(scope, 'c', params)}
    )
    SELECT DISTINCT n.id, n.reference, n.sent_on::text AS "sentOn", f.name AS "fromName", t.name AS "toName", n.subject, n.in_reply_to_id AS "inReplyToId", n.classification
      FROM down JOIN notes n ON n.id = down.id JOIN ministries f ON f.id = n.from_id JOIN ministries t ON t.id = n.to_id
     ORDER BY "sentOn", n.id`;
  return selectRows<ThreadNote>(db, sql, params);
}

export interface NoteCommitmentRow {
  id: number;
  text: string;
  status: string;
  dueOn: string | null;
  classification: string;
}

/** Commitments recorded with this note as their source, as far as the user may see them. */
export async function noteCommitments(db: DataSource, id: number, scope: Scope) {
  const params: unknown[] = [id];
  return selectRows<NoteCommitmentRow>(
    db,
    `SELECT c.id, c.text, c.status, c.due_on::text AS "dueOn", c.classification FROM commitments c
      WHERE c.note_id = $1 AND ${visibleTo(scope, 'c', params)} ORDER BY c.made_on, c.id`,
    params,
  );
}
