import type { DataSource, EntityManager } from 'typeorm';
import { selectRow, selectRows } from '../db/rows';
import { visibleTo, type Scope } from '../web/records';

export interface AgreementRow {
  id: number;
  title: string;
  kind: string;
  status: string;
  signedOn: string | null;
  inForceOn: string | null;
  parentId: number | null;
  negotiationId: number | null;
  negotiationTitle: string | null;
  summary: string | null;
  classification: string;
  partyIds: number[];
  partyNames: string | null;
  version: number;
  deletedAt: Date | null;
}

export interface AgreementFilters {
  status?: string;
  kind?: string;
  partyId?: number;
  negotiationId?: number;
  q?: string;
  page: number;
  deleted?: boolean;
}

const PAGE_SIZE = 50;
const escapeLike = (s: string) => s.replace(/[\\%_]/g, '\\$&');
const COLUMNS = `a.id, a.title, a.kind, a.status, a.signed_on::text AS "signedOn", a.in_force_on::text AS "inForceOn", a.parent_id AS "parentId",
  a.negotiation_id AS "negotiationId", g.title AS "negotiationTitle", a.summary, a.classification, a.version, a.deleted_at AS "deletedAt",
  ARRAY(SELECT ap.ministry_id FROM agreement_parties ap WHERE ap.agreement_id = a.id ORDER BY ap.ministry_id) AS "partyIds",
  (SELECT string_agg(m.name, ', ' ORDER BY m.country_code, m.name) FROM agreement_parties ap JOIN ministries m ON m.id = ap.ministry_id
    WHERE ap.agreement_id = a.id) AS "partyNames"`;
const JOINS = `LEFT JOIN negotiations g ON g.id = a.negotiation_id`;

export async function listAgreements(
  db: DataSource,
  scope: Scope,
  filters: AgreementFilters,
): Promise<{ rows: AgreementRow[]; hasMore: boolean }> {
  const params: unknown[] = [];
  const where = [visibleTo(scope, 'a', params, filters.deleted)];
  if (filters.deleted) where.push('a.deleted_at IS NOT NULL');
  if (filters.status) where.push(`a.status = $${params.push(filters.status)}`);
  if (filters.kind) where.push(`a.kind = $${params.push(filters.kind)}`);
  if (filters.partyId)
    where.push(
      `EXISTS (SELECT 1 FROM agreement_parties ap WHERE ap.agreement_id = a.id AND ap.ministry_id = $${params.push(filters.partyId)})`,
    );
  if (filters.negotiationId) where.push(`a.negotiation_id = $${params.push(filters.negotiationId)}`);
  if (filters.q) where.push(`a.title ILIKE $${params.push(`%${escapeLike(filters.q)}%`)}`);
  const rows = await selectRows<AgreementRow>(
    db,
    `SELECT ${COLUMNS} FROM agreements a ${JOINS} WHERE ${where.join(' AND ')}
      ORDER BY a.signed_on DESC NULLS LAST, a.id DESC LIMIT ${PAGE_SIZE + 1} OFFSET ${(filters.page - 1) * PAGE_SIZE}`,
    params,
  );
  return { rows: rows.slice(0, PAGE_SIZE), hasMore: rows.length > PAGE_SIZE };
}

/** An agreement the user may see; an admin also sees a deleted one (to restore it). */
export async function findAgreement(
  db: DataSource | EntityManager,
  id: number,
  scope: Scope,
): Promise<AgreementRow | undefined> {
  const params: unknown[] = [id];
  return selectRow<AgreementRow>(
    db,
    `SELECT ${COLUMNS} FROM agreements a ${JOINS} WHERE a.id = $1 AND ${visibleTo(scope, 'a', params, scope.isAdmin)}`,
    params,
  );
}

export interface AgreementPartyRow {
  id: number;
  name: string;
  countryCode: string;
}

export interface AgreementBriefRow {
  id: number;
  title: string;
  kind: string;
  status: string;
  signedOn: string | null;
}

export interface AgreementCommitmentRow {
  id: number;
  text: string;
  status: string;
  dueOn: string | null;
  classification: string;
}

/** What the show page links to: the parties, the agreement it amends, those amending it, and its commitments. */
export async function agreementRelations(db: DataSource, agreement: AgreementRow, scope: Scope) {
  const parentParams: unknown[] = [agreement.parentId];
  const childParams: unknown[] = [agreement.id];
  const commitmentParams: unknown[] = [agreement.id];
  const brief = `a.id, a.title, a.kind, a.status, a.signed_on::text AS "signedOn"`;
  const [parties, parents, children, commitments] = await Promise.all([
    selectRows<AgreementPartyRow>(
      db,
      `SELECT m.id, m.name, m.country_code AS "countryCode" FROM agreement_parties ap JOIN ministries m ON m.id = ap.ministry_id
        WHERE ap.agreement_id = $1 ORDER BY m.country_code, m.name`,
      [agreement.id],
    ),
    agreement.parentId
      ? selectRows<AgreementBriefRow>(
          db,
          `SELECT ${brief} FROM agreements a WHERE a.id = $1 AND ${visibleTo(scope, 'a', parentParams)}`,
          parentParams,
        )
      : [],
    selectRows<AgreementBriefRow>(
      db,
      `SELECT ${brief} FROM agreements a WHERE a.parent_id = $1 AND ${visibleTo(scope, 'a', childParams)} ORDER BY a.signed_on NULLS LAST, a.id`,
      childParams,
    ),
    selectRows<AgreementCommitmentRow>(
      db,
      `SELECT c.id, c.text, c.status, c.due_on::text AS "dueOn", c.classification FROM commitments c
        WHERE c.agreement_id = $1 AND ${visibleTo(scope, 'c', commitmentParams)} ORDER BY c.made_on, c.id`,
      commitmentParams,
    ),
  ]);
  return { parties, parent: parents[0], children, commitments };
}
