import type { DataSource, EntityManager } from 'typeorm';
import { setDeleted } from '../audit/soft-delete';
import { audit } from '../audit/audit.service';
import { assertValid, createOnce, editRecord, insertRecord } from '../db/record-writes';
import { selectRow, selectRows } from '../db/rows';
import { visibleTo, type Scope } from '../web/records';
import { Ministry } from './ministry.entity';
import type { MinistryInput } from './ministry.schema';

export interface MinistryRow {
  id: number;
  name: string;
  shortName: string | null;
  kind: string;
  countryCode: string;
  parentId: number | null;
  aliases: string;
  parentName: string | null;
  version: number;
  deletedAt: Date | null;
}

const PAGE_SIZE = 50;
const COLUMNS = `m.id, m.name, m.short_name AS "shortName", m.kind, m.country_code AS "countryCode", m.parent_id AS "parentId", array_to_string(m.aliases, ', ') AS aliases,
  p.name AS "parentName", m.version, m.deleted_at AS "deletedAt"`;

export async function listMinistries(
  db: DataSource,
  filters: { countryCode?: string; kind?: string; q?: string; page: number; deleted?: boolean },
) {
  const where = [filters.deleted ? 'm.deleted_at IS NOT NULL' : 'm.deleted_at IS NULL'];
  const params: unknown[] = [];
  if (filters.countryCode) where.push(`m.country_code = $${params.push(filters.countryCode)}`);
  if (filters.kind) where.push(`m.kind = $${params.push(filters.kind)}`);
  if (filters.q) where.push(`(m.name ILIKE $${params.push(`%${filters.q}%`)} OR m.short_name ILIKE $${params.length})`);
  const rows = await selectRows<MinistryRow>(
    db,
    `SELECT ${COLUMNS} FROM ministries m LEFT JOIN ministries p ON p.id = m.parent_id
      WHERE ${where.join(' AND ')} ORDER BY m.country_code, m.name, m.id LIMIT ${PAGE_SIZE + 1} OFFSET ${(filters.page - 1) * PAGE_SIZE}`,
    params,
  );
  return { rows: rows.slice(0, PAGE_SIZE), hasMore: rows.length > PAGE_SIZE };
}

export async function findMinistry(
  db: DataSource | EntityManager,
  id: number,
  scope: Scope,
): Promise<MinistryRow | undefined> {
  return selectRow<MinistryRow>(
    db,
    `SELECT ${COLUMNS} FROM ministries m LEFT JOIN ministries p ON p.id = m.parent_id WHERE m.id = $1 AND (m.deleted_at IS NULL OR $2)`,
    [id, scope.isAdmin],
  );
}

export interface MinistryOption {
  value: number;
  label: string;
  countryCode: string;
}

/** Choices for ministry selects: every live ministry, grouped by country. */
export async function ministryOptions(db: DataSource): Promise<MinistryOption[]> {
  return selectRows<MinistryOption>(
    db,
    `SELECT id AS value, name || ' (' || country_code || ')' AS label, country_code AS "countryCode"
       FROM ministries WHERE deleted_at IS NULL ORDER BY country_code, name`,
  );
}

export interface MinistryChildRow {
  id: number;
  name: string;
  kind: string;
}

export interface MinistryOfficialRow {
  id: number;
  fullName: string;
  title: string;
  startedOn: string;
  endedOn: string | null;
}

export interface MinistryNoteRow {
  id: number;
  reference: string;
  subject: string;
  sentOn: string;
  sent: boolean;
  otherName: string;
  classification: string;
}

export interface MinistryCommitmentRow {
  id: number;
  text: string;
  status: string;
  dueOn: string | null;
  owes: boolean;
  otherName: string;
  classification: string;
}

/** What the show page links to: sub-bodies, officials, notes sent and received, commitments both ways. */
export async function ministryRelations(db: DataSource, id: number, scope: Scope) {
  const noteParams: unknown[] = [id];
  const commitmentParams: unknown[] = [id];
  const [children, officials, notes, commitments] = await Promise.all([
    selectRows<MinistryChildRow>(
      db,
      `SELECT id, name, kind FROM ministries WHERE parent_id = $1 AND deleted_at IS NULL ORDER BY name`,
      [id],
    ),
    selectRows<MinistryOfficialRow>(
      db,
      `SELECT o.id, o.full_name AS "fullName", p.title, p.started_on AS "startedOn", p.ended_on AS "endedOn"
         FROM official_positions p JOIN officials o ON o.id = p.official_id
        WHERE p.ministry_id = $1 AND o.deleted_at IS NULL
        ORDER BY p.ended_on IS NOT NULL, p.ended_on DESC, o.full_name`,
      [id],
    ),
    selectRows<MinistryNoteRow>(
      db,
      `SELECT n.id, n.reference, n.subject, n.sent_on AS "sentOn", n.from_id = $1 AS sent, other.name AS "otherName", n.classification
         FROM notes n JOIN ministries other ON other.id = CASE WHEN n.from_id = $1 THEN n.to_id ELSE n.from_id END
        WHERE (n.from_id = $1 OR n.to_id = $1) AND ${visibleTo(scope, 'n', noteParams)}
        ORDER BY n.sent_on DESC, n.id DESC LIMIT 50`,
      noteParams,
    ),
    selectRows<MinistryCommitmentRow>(
      db,
      `SELECT c.id, c.text, c.status, c.due_on AS "dueOn", c.party_id = $1 AS owes, other.name AS "otherName", c.classification
         FROM commitments c JOIN ministries other ON other.id = CASE WHEN c.party_id = $1 THEN c.counterpart_id ELSE c.party_id END
        WHERE (c.party_id = $1 OR c.counterpart_id = $1) AND ${visibleTo(scope, 'c', commitmentParams)}
        ORDER BY c.made_on DESC, c.id DESC LIMIT 100`,
      commitmentParams,
    ),
  ]);
  return {
    children,
    officials,
    notesSent: notes.filter((n) => n.sent),
    notesReceived: notes.filter((n) => !n.sent),
    commitmentsOwed: commitments.filter((c) => c.owes),
    commitmentsOwedTo: commitments.filter((c) => !c.owes),
  };
}

async function checkParent(
  tx: EntityManager,
  id: number | null,
  parentId: number | undefined,
): Promise<string | undefined> {
  if (!parentId) return undefined;
  const rows = await selectRows<{ id: number }>(
    tx,
    `WITH RECURSIVE up(id, parent_id) AS (
       SELECT id, parent_id FROM ministries WHERE id = $1 AND deleted_at IS NULL
       UNION SELECT m.id, m.parent_id FROM ministries m JOIN up ON m.id = up.parent_id)
     SELECT id FROM up`,
    [parentId],
  );
  if (rows.length === 0) return 'Choose an entry from the list.';
  if (id !== null && rows.some((r) => r.id === id))
    return 'A ministry cannot be part of itself or of one of its own parts.';
  return undefined;
}

function values(input: MinistryInput) {
  return {
    name: input.name,
    shortName: input.shortName ?? null,
    kind: input.kind,
    countryCode: input.countryCode,
    parentId: input.parentId ?? null,
    aliases: input.aliases ?? [],
  };
}

async function checkMinistry(tx: EntityManager, id: number | null, input: MinistryInput): Promise<void> {
  const parentError = await checkParent(tx, id, input.parentId);
  assertValid(parentError ? { parentId: parentError } : {});
}

export async function createMinistry(
  db: DataSource,
  scope: Scope,
  input: MinistryInput,
  token: string,
): Promise<number> {
  return createOnce(db, scope, 'ministry', token, async (tx) => {
    await checkMinistry(tx, null, input);
    const v = values(input);
    const id = await insertRecord(tx, Ministry, v);
    await audit(tx, scope.userId, 'create', 'ministry', id, null, v);
    return id;
  });
}

export async function updateMinistry(
  db: DataSource,
  scope: Scope,
  id: number,
  version: number,
  input: MinistryInput,
): Promise<void> {
  await editRecord(db, scope, { entity: Ministry, entityType: 'ministry', id, version }, values(input), {
    check: (tx) => checkMinistry(tx, id, input),
  });
}

export const setMinistryDeleted = (db: DataSource, scope: Scope, id: number, deleted: boolean) =>
  setDeleted(db, scope, 'ministry', id, deleted);
