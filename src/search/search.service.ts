import type { DataSource } from 'typeorm';
import { visibleTo, type Scope } from '../web/records';

export interface Segment {
  text: string;
  hit: boolean;
}

export interface SearchHit {
  id: number;
  title: string;
  detail: Segment[];
  rank: number;
}

export interface SearchGroup {
  kind: string;
  label: string;
  path: string;
  hits: SearchHit[];
}

const START = '\u0001';
const STOP = '\u0002';
const PER_KIND = 20;

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
  { kind: 'commitments', label: 'Commitments', path: '/commitments', table: 'commitments', title: `left(t.text, 160)`, text: `t.text || ' — ' || coalesce(t.made_by_title, '')`, classified: true },
  { kind: 'meetings', label: 'Meetings', path: '/meetings', table: 'meetings', title: `t.title`, text: `t.title || ' — ' || coalesce(t.location, '') || ' ' || coalesce(t.occasion, '') || ' ' || coalesce(t.summary, '')`, classified: true },
  { kind: 'notes', label: 'Notes', path: '/notes', table: 'notes', title: `t.reference || ' — ' || t.subject`, text: `t.reference || ' ' || t.subject || ' — ' || coalesce(t.body, '')`, classified: true },
  { kind: 'agreements', label: 'Agreements', path: '/agreements', table: 'agreements', title: `t.title`, text: `t.title || ' — ' || coalesce(t.summary, '')`, classified: true },
  { kind: 'officials', label: 'Officials', path: '/officials', table: 'officials', title: `t.full_name`, text: `t.full_name || ' ' || coalesce(t.native_name, '')`, classified: false },
  { kind: 'ministries', label: 'Ministries', path: '/ministries', table: 'ministries', title: `t.name`, text: `t.name || ' ' || coalesce(t.short_name, '')`, classified: false },
];

/** Words of the query as prefix terms joined by AND; only letters and digits reach to_tsquery. */
export function toPrefixQuery(q: string): string | undefined {
  const words = q.normalize('NFC').match(/[\p{L}\p{N}]+/gu)?.slice(0, 8) ?? [];
  return words.length ? words.map((w) => `${w.slice(0, 60)}:*`).join(' & ') : undefined;
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

export async function search(db: DataSource, scope: Scope, q: string): Promise<SearchGroup[]> {
  const query = toPrefixQuery(q);
  if (!query) return [];
  const groups = await Promise.all(
    KINDS.map(async (k) => {
      const params: unknown[] = [query];
      const filter = k.classified ? visibleTo(scope, 't', params) : 't.deleted_at IS NULL';
      const rows = await db.query(
        `SELECT t.id, ${k.title} AS title,
                ts_headline('demarche', ${k.text}, to_tsquery('demarche', $1), 'StartSel=${START}, StopSel=${STOP}, MaxWords=30, MinWords=12, MaxFragments=2') AS detail,
                ts_rank(t.search_vector, to_tsquery('demarche', $1)) AS rank
           FROM ${k.table} t
          WHERE t.search_vector @@ to_tsquery('demarche', $1) AND ${filter}
          ORDER BY rank DESC, t.id DESC
          LIMIT ${PER_KIND}`,
        params,
      );
      const hits: SearchHit[] = rows.map((r: { id: number; title: string; detail: string; rank: number }) => ({ id: r.id, title: r.title, detail: segments(r.detail), rank: r.rank }));
      return { kind: k.kind, label: k.label, path: k.path, hits };
    }),
  );
  return groups.filter((g) => g.hits.length > 0);
}
