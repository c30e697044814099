import type { Request } from 'express';
import type { DataSource } from 'typeorm';
import { HttpError } from '../web/errors';
import { parseId, visibleTo, type Scope } from '../web/records';
import { toPrefixQuery } from '../search/search.service';
import { preparedQuery } from '../db/prepared';
import { selectRows } from '../db/rows';
import {
  OPEN_STATUSES,
  STATUSES,
  lastActivitySql,
  overdueSql,
  quietSql,
  type CommitmentStatus,
} from './commitment-status';

export const PAGE_SIZE = 50;
/** Counts on this page stop here: the exact number past it costs a scan of the table. */
export const COUNT_CAP = 1000;
const SORTS = ['due', 'made', 'quiet', 'chase'] as const;
const CHASES = ['today', 'overdue', 'due'] as const;
type Sort = (typeof SORTS)[number];

export interface Filters {
  status: CommitmentStatus[];
  partyId?: number;
  counterpartId?: number;
  officialId?: number;
  /** Words of the maker's name, from the filter form: a field rather than a list of every official. */
  official?: string;
  negotiationId?: number;
  ownerId?: number;
  direction?: 'ours' | 'theirs';
  overdue: boolean;
  dueWithin?: number;
  /** By the next chase date: `today`, `overdue` (before today), `due` (today or before). */
  chase?: (typeof CHASES)[number];
  q?: string;
  sort: Sort;
  /** The app's today (APP_TIME_ZONE), YYYY-MM-DD: overdue, due within and quiet count from it, never from the database's zone. */
  today: string;
}

export interface Cursor {
  key: string;
  id: number;
  before: boolean;
}

const bad = (what: string) => new HttpError(400, `The filter “${what}” is not valid. Clear it and try again.`);

function one(req: Request, name: string): string | undefined {
  const raw = req.query[name];
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || raw.length > 200 || raw.includes('\u0000')) throw bad(name);
  return raw.trim() || undefined;
}

function id(req: Request, name: string): number | undefined {
  const raw = one(req, name);
  if (raw === undefined) return undefined;
  const value = parseId(raw);
  if (!value) throw bad(name);
  return value;
}

/** Reads the filters from the query string; anything not on the allowlists is a 400, never SQL. */
export function parseFilters(req: Request, today: string): Filters {
  const rawStatus = req.query.status;
  const statuses =
    rawStatus === undefined || rawStatus === '' ? [] : Array.isArray(rawStatus) ? rawStatus : [rawStatus];
  if (!statuses.every((s) => typeof s === 'string' && (STATUSES as readonly string[]).includes(s))) throw bad('status');
  const direction = one(req, 'direction');
  if (direction && direction !== 'ours' && direction !== 'theirs') throw bad('direction');
  const sort = one(req, 'sort') ?? 'due';
  if (!(SORTS as readonly string[]).includes(sort)) throw bad('sort');
  const overdue = one(req, 'overdue');
  if (overdue && overdue !== '1') throw bad('overdue');
  const dueWithin = one(req, 'dueWithin');
  if (dueWithin && !/^\d{1,4}$/.test(dueWithin)) throw bad('dueWithin');
  const chase = one(req, 'chase');
  if (chase && !(CHASES as readonly string[]).includes(chase)) throw bad('chase');
  const q = one(req, 'q');
  const official = one(req, 'official');
  return {
    status: statuses.length ? [...new Set(statuses as CommitmentStatus[])] : [...OPEN_STATUSES],
    partyId: id(req, 'partyId'),
    counterpartId: id(req, 'counterpartId'),
    officialId: id(req, 'officialId'),
    official: official && toPrefixQuery(official) ? official : undefined,
    negotiationId: id(req, 'negotiationId'),
    ownerId: id(req, 'ownerId'),
    direction: direction as Filters['direction'],
    overdue: overdue === '1',
    dueWithin: dueWithin ? Number(dueWithin) : undefined,
    chase: chase as Filters['chase'],
    q: q && toPrefixQuery(q) ? q : undefined,
    sort: sort as Sort,
    today,
  };
}

export function parseCursor(req: Request): Cursor | undefined {
  const raw = one(req, 'after') ?? one(req, 'before');
  if (!raw) return undefined;
  const match = /^(\d{4}-\d{2}-\d{2}|infinity)_(\d{1,10})$/.exec(raw);
  const cursorId = match && parseId(match[2]);
  if (!match || !cursorId) throw bad('page');
  return { key: match[1], id: cursorId, before: req.query.after === undefined };
}

/** The sort key of each order, as an indexed expression (see the OpenCommitmentsPaging migration). */
const SORT_KEY: Record<Sort, { expr: string; dir: 'ASC' | 'DESC' }> = {
  due: { expr: `coalesce(c.due_on, 'infinity'::date)`, dir: 'ASC' },
  made: { expr: `c.made_on`, dir: 'DESC' },
  quiet: { expr: lastActivitySql('c'), dir: 'ASC' },
  // Commitments with no chase date last ('infinity'), as undated ones are on the due order.
  chase: { expr: `coalesce(c.next_chase_on, 'infinity'::date)`, dir: 'ASC' },
};

/** WHERE clause for the filters (without the status list), with its parameters. */
export function filterSql(filters: Filters, scope: Scope, homeCountry: string, params: unknown[]): string {
  const where = [visibleTo(scope, 'c', params)];
  if (filters.partyId) where.push(`c.party_id = $${params.push(filters.partyId)}`);
  if (filters.counterpartId) where.push(`c.counterpart_id = $${params.push(filters.counterpartId)}`);
  if (filters.officialId) where.push(`c.made_by_id = $${params.push(filters.officialId)}`);
  if (filters.official) {
    where.push(
      `c.made_by_id IN (SELECT o.id FROM officials o WHERE o.search_vector @@ to_tsquery('demarche', $${params.push(toPrefixQuery(filters.official))}))`,
    );
  }
  if (filters.negotiationId) where.push(`c.negotiation_id = $${params.push(filters.negotiationId)}`);
  if (filters.ownerId) where.push(`c.owner_id = $${params.push(filters.ownerId)}`);
  if (filters.direction) {
    const op = filters.direction === 'ours' ? '=' : '<>';
    where.push(
      `EXISTS (SELECT 1 FROM ministries pd WHERE pd.id = c.party_id AND pd.country_code ${op} $${params.push(homeCountry)})`,
    );
  }
  if (filters.overdue) where.push(overdueSql('c', `$${params.push(filters.today)}::date`));
  if (filters.dueWithin !== undefined) {
    const from = `$${params.push(filters.today)}::date`;
    where.push(`c.due_on BETWEEN ${from} AND ${from} + $${params.push(filters.dueWithin)}::int`);
  }
  if (filters.chase)
    where.push(
      `c.next_chase_on ${filters.chase === 'today' ? '=' : filters.chase === 'overdue' ? '<' : '<='} $${params.push(filters.today)}::date`,
    );
  if (filters.q) where.push(`c.search_vector @@ to_tsquery('demarche', $${params.push(toPrefixQuery(filters.q))})`);
  return where.join(' AND ');
}

const day = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;

export interface OpenCommitmentRow {
  id: number;
  text: string;
  status: string;
  strength: string;
  madeOn: string;
  dueOn: string | null;
  lastFollowUpOn: string | null;
  nextChaseOn: string | null;
  daysOverdue: number | null;
  daysQuiet: number;
  partyId: number;
  partyName: string;
  partyCountry: string;
  counterpartId: number;
  counterpartName: string;
  madeById: number | null;
  madeByName: string | null;
  madeByTitle: string | null;
  ownerName: string | null;
  sourceType: string;
  sourceHref: string | null;
  sourceLabel: string;
  sortKey: string;
  classification: string;
}

/**
 * The status list as SQL literals — safe, as parseFilters admits only the known statuses — so the
 * planner can match the partial indexes on the open statuses.
 */
export function statusSql(filters: Filters): string {
  const known = filters.status.filter((s) => (STATUSES as readonly string[]).includes(s));
  return `c.status IN (${known.map((s) => `'${s}'`).join(', ')})`;
}

/**
 * Whether the filters match few enough rows (by the capped counts) that sorting the matches beats
 * walking the sort index for them. PostgreSQL cannot tell how many commitments a word or a name
 * matches; for a rare one it walked the whole index, half a second at a million rows.
 */
export function matchesFew(filters: Filters, counts: Record<string, number>): boolean {
  return (
    Boolean(filters.q || filters.official) &&
    filters.status.reduce((sum, s) => sum + (counts[s] ?? COUNT_CAP), 0) < COUNT_CAP
  );
}

/** One page of commitments by keyset: the same cost on the first page and the ten-thousandth. */
export async function openCommitmentsPage(
  db: DataSource,
  scope: Scope,
  homeCountry: string,
  filters: Filters,
  cursor?: Cursor,
  sortMatches = false,
) {
  const params: unknown[] = [];
  const key = SORT_KEY[filters.sort];
  // "+ 0" leaves the value as it is but no longer matches the index, so the planner sorts the matches.
  const order = sortMatches ? `(${key.expr} + 0)` : key.expr;
  const where = [statusSql(filters), filterSql(filters, scope, homeCountry, params)];
  const forward = !cursor?.before;
  const dir = forward ? key.dir : key.dir === 'ASC' ? 'DESC' : 'ASC';
  if (cursor) {
    const cmp = (key.dir === 'ASC') === forward ? '>' : '<';
    where.push(`(${key.expr}, c.id) ${cmp} ($${params.push(cursor.key)}::date, $${params.push(cursor.id)}::int)`);
  }
  // The page's rows are chosen from commitments alone, by the indexed keyset, and only then
  // named. Officials and the sources are looked up by primary key, one row each, in scalar
  // subqueries: as joins, PostgreSQL's generic plan (the one a prepared statement settles on)
  // hashed the whole agreements and officials tables for every page, twice the page's cost.
  // The three small tables left as joins keep planning cheap (eight joined tables took 80 ms).
  const levels = `$${params.push(scope.levels)}::text[]`;
  const today = `$${params.push(filters.today)}::date`;
  const source = (table: string, column: string, key: string) =>
    `(SELECT s.${column} FROM ${table} s WHERE s.id = c.${key} AND s.classification = ANY(${levels}) AND s.deleted_at IS NULL)`;
  const rows = await preparedQuery<OpenCommitmentRow>(
    db,
    `SELECT c.id, c.text, c.status, c.strength, ${day('c.made_on')} AS "madeOn", ${day('c.due_on')} AS "dueOn", ${day('c.last_follow_up_on')} AS "lastFollowUpOn", ${day('c.next_chase_on')} AS "nextChaseOn",
            CASE WHEN ${overdueSql('c', today)} THEN ${today} - c.due_on END AS "daysOverdue",
            ${today} - ${lastActivitySql('c')} AS "daysQuiet", c.classification,
            c.party_id AS "partyId", p.name AS "partyName", p.country_code AS "partyCountry",
            c.counterpart_id AS "counterpartId", cp.name AS "counterpartName",
            c.made_by_id AS "madeById", (SELECT o.full_name FROM officials o WHERE o.id = c.made_by_id) AS "madeByName",
            c.made_by_title AS "madeByTitle", u.name AS "ownerName",
            c.source_type AS "sourceType",
            CASE c.source_type WHEN 'meeting' THEN '/meetings/' || c.meeting_id WHEN 'note' THEN '/notes/' || c.note_id
                               WHEN 'agreement' THEN '/agreements/' || c.agreement_id ELSE c.source_url END AS "sourceHref",
            coalesce(CASE c.source_type WHEN 'meeting' THEN ${source('meetings', 'title', 'meeting_id')}
                                        WHEN 'note' THEN ${source('notes', 'reference', 'note_id')}
                                        WHEN 'agreement' THEN ${source('agreements', 'title', 'agreement_id')} END, c.source_type) AS "sourceLabel",
            c.sort_key::text AS "sortKey"
       FROM (SELECT c.id, c.text, c.status, c.strength, c.made_on, c.due_on, c.last_follow_up_on, c.next_chase_on, c.party_id, c.counterpart_id,
                    c.made_by_id, c.made_by_title, c.owner_id, c.source_type, c.meeting_id, c.note_id, c.agreement_id, c.source_url, c.classification,
                    ${key.expr} AS sort_key
               FROM commitments c
              WHERE ${where.join(' AND ')}
              ORDER BY ${order} ${dir}, c.id ${dir}
              LIMIT ${PAGE_SIZE + 1}) c
       LEFT JOIN ministries p ON p.id = c.party_id
       LEFT JOIN ministries cp ON cp.id = c.counterpart_id
       LEFT JOIN users u ON u.id = c.owner_id
      ORDER BY c.sort_key ${dir}, c.id ${dir}`,
    params,
  );
  const more = rows.length > PAGE_SIZE;
  const page = rows.slice(0, PAGE_SIZE);
  if (!forward) page.reverse();
  return {
    rows: page,
    next: (forward ? more : true) && page.length ? page[page.length - 1] : undefined,
    previous: (forward ? Boolean(cursor) : more) && page.length ? page[0] : undefined,
  };
}

type Choice = { value: number; label: string };
/** The filter form's lists, and the name of the official filtered on by id (for its chip and field). */
export type FilterChoices = {
  ministries: Choice[];
  negotiations: Choice[];
  owners: Choice[];
  officialName: string | null;
};
/** The one row of openCommitmentCounts: a count per status, overdue and quiet, and the choices as JSON. */
type CountsRow = Record<CommitmentStatus | 'overdue' | 'quiet', number> & FilterChoices;

/**
 * Per-status counts and the overdue and quiet counts for the filters, each capped at COUNT_CAP,
 * and the choices of the filter form — one round trip, so the page costs three queries in all.
 */
export async function openCommitmentCounts(db: DataSource, scope: Scope, homeCountry: string, filters: Filters) {
  const params: unknown[] = [];
  const where = filterSql(filters, scope, homeCountry, params);
  const today = `$${params.push(filters.today)}::date`;
  const capped = (condition: string) =>
    `(SELECT count(*)::int FROM (SELECT 1 FROM commitments c WHERE ${condition} AND ${where} LIMIT ${COUNT_CAP}) x)`;
  const columns = [
    ...STATUSES.map((s) => `${capped(`c.status = '${s}'`)} AS "${s}"`),
    `${capped(`${statusSql(filters)} AND ${overdueSql('c', today)}`)} AS overdue`,
    `${capped(`${statusSql(filters)} AND ${quietSql('c', today)}`)} AS quiet`,
  ];
  const choices = [
    `(SELECT coalesce(json_agg(json_build_object('value', id, 'label', name || ' (' || country_code || ')') ORDER BY country_code, name), '[]') FROM ministries WHERE deleted_at IS NULL) AS ministries`,
    `(SELECT coalesce(json_agg(json_build_object('value', id, 'label', title) ORDER BY title), '[]') FROM negotiations WHERE deleted_at IS NULL) AS negotiations`,
    `(SELECT coalesce(json_agg(json_build_object('value', id, 'label', name) ORDER BY name), '[]') FROM users WHERE NOT disabled) AS owners`,
    filters.officialId
      ? `(SELECT full_name FROM officials WHERE id = $${params.push(filters.officialId)}) AS "officialName"`
      : `NULL AS "officialName"`,
  ];
  const [row] = await selectRows<CountsRow>(db, `SELECT ${[...columns, ...choices].join(', ')}`, params);
  const { ministries, negotiations, owners, officialName, ...counts } = row;
  return { counts, choices: { ministries, negotiations, owners, officialName } };
}
