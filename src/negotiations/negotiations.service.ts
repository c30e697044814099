import type { DataSource, EntityManager } from 'typeorm';
import type { Clearance } from '../config';
import { selectRow, selectRows } from '../db/rows';
import { visibleTo, type Scope } from '../web/records';
import type { NegotiationStatus } from './negotiation.entity';

export interface NegotiationRow {
  id: number;
  title: string;
  status: NegotiationStatus;
  summary: string | null;
  partyIds: number[];
  parties: { id: number; name: string; shortName: string | null; countryCode: string }[];
  version: number;
  createdAt: Date;
  deletedAt: Date | null;
}

const PAGE_SIZE = 50;
const RECORD_LIMIT = 50;
const PARTIES = `(SELECT coalesce(json_agg(json_build_object('id', m.id, 'name', m.name, 'shortName', m.short_name, 'countryCode', m.country_code)
                   ORDER BY m.country_code, m.name), '[]')
                    FROM negotiation_parties np JOIN ministries m ON m.id = np.ministry_id WHERE np.negotiation_id = n.id)`;
const COLUMNS = `n.id, n.title, n.status, n.summary, n.version, n.created_at AS "createdAt", n.deleted_at AS "deletedAt", ${PARTIES} AS parties`;

export async function listNegotiations(
  db: DataSource,
  filters: { status?: string; partyId?: number; page: number; deleted?: boolean },
) {
  const where = [filters.deleted ? 'n.deleted_at IS NOT NULL' : 'n.deleted_at IS NULL'];
  const params: unknown[] = [];
  if (filters.status) where.push(`n.status = $${params.push(filters.status)}`);
  if (filters.partyId)
    where.push(
      `EXISTS (SELECT 1 FROM negotiation_parties p WHERE p.negotiation_id = n.id AND p.ministry_id = $${params.push(filters.partyId)})`,
    );
  const rows = await selectRows<Omit<NegotiationRow, 'partyIds'>>(
    db,
    `SELECT ${COLUMNS} FROM negotiations n WHERE ${where.join(' AND ')}
      ORDER BY n.created_at DESC, n.id DESC LIMIT ${PAGE_SIZE + 1} OFFSET ${(filters.page - 1) * PAGE_SIZE}`,
    params,
  );
  return { rows: rows.slice(0, PAGE_SIZE), hasMore: rows.length > PAGE_SIZE };
}

export async function findNegotiation(
  db: DataSource | EntityManager,
  id: number,
  scope: Scope,
): Promise<NegotiationRow | undefined> {
  const row = await selectRow<Omit<NegotiationRow, 'partyIds'>>(
    db,
    `SELECT ${COLUMNS} FROM negotiations n WHERE n.id = $1 AND (n.deleted_at IS NULL OR $2)`,
    [id, scope.isAdmin],
  );
  if (!row) return undefined;
  return { ...row, partyIds: row.parties.map((p) => p.id) };
}

/** Choices for negotiation selects in every domain: live negotiations, the concluded ones last. */
export async function negotiationOptions(db: DataSource | EntityManager): Promise<{ value: number; label: string }[]> {
  return selectRows<{ value: number; label: string }>(
    db,
    `SELECT id AS value, title || CASE WHEN status = 'active' THEN '' ELSE ' (' || status || ')' END AS label
       FROM negotiations WHERE deleted_at IS NULL ORDER BY status = 'concluded', title, id`,
  );
}

// The dossier's records as its page lists them (dates as text).
interface DossierMeeting {
  id: number;
  title: string;
  heldOn: string;
  location: string | null;
  classification: Clearance;
}
interface DossierNote {
  id: number;
  reference: string;
  subject: string;
  kind: string;
  sentOn: string;
  classification: Clearance;
}
interface DossierAgreement {
  id: number;
  title: string;
  kind: string;
  status: string;
  signedOn: string | null;
  classification: Clearance;
}
interface DossierCommitment {
  id: number;
  text: string;
  status: string;
  madeOn: string;
  dueOn: string | null;
  classification: Clearance;
}

/** The dossier's meetings, notes, agreements and commitments, newest first, as far as the user may see. */
export async function negotiationRecords(db: DataSource, scope: Scope, negotiationId: number) {
  const scoped = <T>(sql: (filter: string) => string, alias: string) => {
    const params: unknown[] = [negotiationId];
    const filter = visibleTo(scope, alias, params);
    return selectRows<T>(db, `${sql(filter)} LIMIT ${RECORD_LIMIT}`, params);
  };
  const [meetings, notes, agreements, commitments] = await Promise.all([
    scoped<DossierMeeting>(
      (f) =>
        `SELECT m.id, m.title, m.held_on::text AS "heldOn", m.location, m.classification FROM meetings m WHERE m.negotiation_id = $1 AND ${f} ORDER BY m.held_on DESC, m.id DESC`,
      'm',
    ),
    scoped<DossierNote>(
      (f) =>
        `SELECT n.id, n.reference, n.subject, n.kind, n.sent_on::text AS "sentOn", n.classification FROM notes n WHERE n.negotiation_id = $1 AND ${f} ORDER BY n.sent_on DESC, n.id DESC`,
      'n',
    ),
    scoped<DossierAgreement>(
      (
        f,
      ) => `SELECT a.id, a.title, a.kind, a.status, a.signed_on::text AS "signedOn", a.classification FROM agreements a
               WHERE a.negotiation_id = $1 AND ${f} ORDER BY a.signed_on DESC NULLS FIRST, a.id DESC`,
      'a',
    ),
    scoped<DossierCommitment>(
      (
        f,
      ) => `SELECT c.id, c.text, c.status, c.made_on::text AS "madeOn", c.due_on::text AS "dueOn", c.classification FROM commitments c
               WHERE c.negotiation_id = $1 AND ${f} ORDER BY c.made_on DESC, c.id DESC`,
      'c',
    ),
  ]);
  return { meetings, notes, agreements, commitments, recordLimit: RECORD_LIMIT };
}
