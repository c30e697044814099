import type { DataSource } from 'typeorm';
import type { Scope } from '../web/records';
import { preparedQuery } from '../db/prepared';

export interface Segment {
  text: string;
  hit: boolean;
}

export interface SearchHit {
  id: number;
  title: string;
  detail: Segment[];
  classification: string;
  rank: number;
}

export interface SearchGroup {
  kind: string;
  label: string;
  path: string;
  hits: SearchHit[];
  /** true when the word is so common that only the best of the first CANDIDATES matches are ranked */
  more: boolean;
}

const START = '\u0001';
const STOP = '\u0002';
const PER_KIND = 20;
export const CANDIDATES = 200;

interface Kind {
  kind: string;
  label: string;
  path: string;
  table: string;
  title: string;
  text: string;
  classified: boolean;
}

const KINDS: Kind[] = [
  {
    kind: 'commitments',
    label: 'Commitments',
    path: '/commitments',
    table: 'commitments',
    title: `left(t.text, 160)`,
    text: `t.text || ' — ' || coalesce(t.made_by_title, '')`,
    classified: true,
  },
  {
    kind: 'meetings',
    label: 'Meetings',
    path: '/meetings',
    table: 'meetings',
    title: `t.title`,
    text: `t.title || ' — ' || coalesce(t.location, '') || ' ' || coalesce(t.occasion, '') || ' ' || coalesce(t.summary, '')`,
    classified: true,
  },
  {
    kind: 'notes',
    label: 'Notes',
    path: '/notes',
    table: 'notes',
    title: `t.reference || ' — ' || t.subject`,
    text: `t.reference || ' ' || t.subject || ' — ' || coalesce(t.body, '')`,
    classified: true,
  },
  {
    kind: 'agreements',
    label: 'Agreements',
    path: '/agreements',
    table: 'agreements',
    title: `t.title`,
    text: `t.title || ' — ' || coalesce(t.summary, '')`,
    classified: true,
  },
  {
    kind: 'officials',
    label: 'Officials',
    path: '/officials',
    table: 'officials',
    title: `t.full_name`,
    text: `t.full_name || ' ' || coalesce(t.native_name, '')`,
    classified: false,
  },
  {
    kind: 'ministries',
    label: 'Ministries',
    path: '/ministries',
    table: 'ministries',
    title: `t.name`,
    text: `t.name || ' ' || coalesce(t.short_name, '')`,
    classified: false,
  },
];

const words = (q: string) =>
  q
    .normalize('NFC')
    .match(/[\p{L}\p{N}]+/gu)
    ?.slice(0, 8)
    .map((w) => w.slice(0, 60)) ?? [];

/** Words of the query as prefix terms joined by AND; only letters and digits reach to_tsquery. */
export function toPrefixQuery(q: string): string | undefined {
  const list = words(q);
  return list.length ? list.map((w) => `${w}:*`).join(' & ') : undefined;
}

/** The same words as whole terms, tried before the prefixes: each reads one posting list (see search). */
export function toExactQuery(q: string): string | undefined {
  const list = words(q);
  return list.length ? list.join(' & ') : undefined;
}

/** Splits ts_headline's marked text into plain and highlighted parts, for escaping in the view. */
export function segments(marked: string): Segment[] {
  const out: Segment[] = [];
  for (const part of marked.split(START)) {
    const [hit, rest] = part.includes(STOP) ? part.split(STOP, 2) : [undefined, part];
    if (hit) out.push({ text: hit, hit: true });
    if (rest) out.push({ text: rest, hit: false });
  }
  return out;
}

type Row = {
  kind: string;
  id: number;
  title: string;
  detail: string;
  rank: number;
  candidates: string;
  classification: string;
};

/**
 * One statement for every kind asked for: a UNION ALL of one branch per kind, each ranking a
 * bounded set of candidates (a common word matches a large share of a million rows, and ranking
 * all of them would cost a second; the GIN index finds the candidates cheaply).
 */
async function searchKinds(db: DataSource, scope: Scope, kinds: Kind[], query: string): Promise<Row[]> {
  const params: unknown[] = [query];
  // Only when a classified kind is asked for: a statement must use every parameter it is given.
  const levels = kinds.some((k) => k.classified) ? `$${params.push(scope.levels)}::text[]` : '';
  const branches = kinds.map((k) => {
    const filter = k.classified ? `t.classification = ANY(${levels}) AND t.deleted_at IS NULL` : 't.deleted_at IS NULL';
    return `(SELECT '${k.kind}' AS kind, r.id, r.title, r.rank, r.candidates, r.classification,
            ts_headline('demarche', r.text, to_tsquery('demarche', $1), 'StartSel=${START}, StopSel=${STOP}, MaxWords=30, MinWords=12, MaxFragments=2') AS detail
       FROM (SELECT t.id, ${k.title} AS title, ${k.text} AS text, ts_rank(t.search_vector, to_tsquery('demarche', $1)) AS rank, count(*) OVER () AS candidates,
                    ${k.classified ? 't.classification' : `'unclassified'::text`} AS classification
               FROM (SELECT * FROM ${k.table} t WHERE t.search_vector @@ to_tsquery('demarche', $1) AND ${filter} LIMIT ${CANDIDATES}) t
              ORDER BY rank DESC, t.id DESC
              LIMIT ${PER_KIND}) r
      ORDER BY r.rank DESC, r.id DESC)`;
  });
  return preparedQuery<Row>(db, branches.join('\nUNION ALL\n'), params);
}

/**
 * Whole words first: an exact term reads one posting list, while a prefix over a common word
 * unions many (50 ms at a million rows). Prefixes (`Lavr` for Lavrov) are tried only for the
 * kinds where whole words found too few. Two statements at most, whatever the number of kinds.
 */
export async function search(db: DataSource, scope: Scope, q: string): Promise<SearchGroup[]> {
  const exact = toExactQuery(q);
  const prefix = toPrefixQuery(q);
  if (!exact || !prefix) return [];
  const byKind = new Map<string, Row[]>(KINDS.map((k) => [k.kind, []]));
  for (const row of await searchKinds(db, scope, KINDS, exact)) byKind.get(row.kind)!.push(row);
  const short = KINDS.filter((k) => byKind.get(k.kind)!.length < PER_KIND);
  if (short.length) {
    const prefixed = await searchKinds(db, scope, short, prefix);
    for (const k of short) byKind.set(k.kind, []);
    for (const row of prefixed) byKind.get(row.kind)!.push(row);
  }
  const groups = KINDS.map((k) => {
    const rows = byKind.get(k.kind)!;
    const hits: SearchHit[] = rows.map((r) => ({
      id: r.id,
      title: r.title,
      detail: segments(r.detail),
      rank: r.rank,
      classification: r.classification,
    }));
    return { kind: k.kind, label: k.label, path: k.path, hits, more: Number(rows[0]?.candidates ?? 0) >= CANDIDATES };
  });
  return groups.filter((g) => g.hits.length > 0);
}
