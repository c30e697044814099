import type { DataSource, EntityManager } from 'typeorm';
import { selectRows } from '../db/rows';
import type { Scope } from './records';

// Names of linked records as a reader may see them: a meeting, note, agreement or commitment above
// the reader's clearance is never named, nor its id shown; ministries, officials, negotiations and
// users are not classified.

export type RecordKind =
  'ministry' | 'official' | 'negotiation' | 'user' | 'meeting' | 'note' | 'agreement' | 'commitment';

export const HIDDEN_RECORD = 'a record you may not see';

/** One SELECT per kind: $1 the ids, $2 (classified kinds only) the reader's levels. */
const QUERIES: Record<RecordKind, { sql: string }> = {
  ministry: { sql: `SELECT id, name FROM ministries WHERE id = ANY($1::int[])` },
  official: { sql: `SELECT id, full_name AS name FROM officials WHERE id = ANY($1::int[])` },
  negotiation: { sql: `SELECT id, title AS name FROM negotiations WHERE id = ANY($1::int[])` },
  user: { sql: `SELECT id, name FROM users WHERE id = ANY($1::int[])` },
  meeting: {
    sql: `SELECT id, title AS name FROM meetings WHERE id = ANY($1::int[]) AND classification = ANY($2::text[])`,
  },
  note: {
    sql: `SELECT id, reference AS name FROM notes WHERE id = ANY($1::int[]) AND classification = ANY($2::text[])`,
  },
  agreement: {
    sql: `SELECT id, title AS name FROM agreements WHERE id = ANY($1::int[]) AND classification = ANY($2::text[])`,
  },
  commitment: {
    sql: `SELECT id, CASE WHEN length(text) > 80 THEN left(text, 79) || '…' ELSE text END AS name FROM commitments WHERE id = ANY($1::int[]) AND classification = ANY($2::text[])`,
  },
};

const asId = (value: unknown): number | undefined => {
  const n =
    typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n > 0 && n <= 2_147_483_647 ? n : undefined;
};

/** Collects ids by kind, then looks them all up at once. */
export class RecordNames {
  private readonly wanted = new Map<RecordKind, Set<number>>();
  private readonly names = new Map<string, string>();

  want(kind: RecordKind, value: unknown): void {
    for (const v of Array.isArray(value) ? value : [value]) {
      const id = asId(v);
      if (id === undefined) continue;
      if (!this.wanted.has(kind)) this.wanted.set(kind, new Set());
      this.wanted.get(kind)!.add(id);
    }
  }

  /** Every wanted name in one statement (a UNION ALL of one SELECT per kind), so a page pays one round trip for them. */
  async load(db: DataSource | EntityManager, scope: Scope): Promise<this> {
    if (!this.wanted.size) return this;
    const params: unknown[] = [];
    let levels: string | undefined;
    const parts = [...this.wanted].map(([kind, ids]) => {
      const q = QUERIES[kind];
      const sql = q.sql.replace(/\$([12])\b/g, (_, n: string) =>
        n === '1' ? `$${params.push([...ids])}` : (levels ??= `$${params.push(scope.levels)}`),
      );
      return `SELECT '${kind}' AS kind, n.id, n.name FROM (${sql}) n`;
    });
    const rows = await selectRows<{ kind: RecordKind; id: number; name: string }>(
      db,
      parts.join(' UNION ALL '),
      params,
    );
    for (const row of rows) this.names.set(`${row.kind}:${row.id}`, row.name);
    return this;
  }

  /** The record's name, or HIDDEN_RECORD when the reader may not see it (or it does not exist). */
  name(kind: RecordKind, value: unknown): string {
    const id = asId(value);
    return (id !== undefined && this.names.get(`${kind}:${id}`)) || HIDDEN_RECORD;
  }

  /** A single id or a list of them, as names; empty stays empty. */
  label(kind: RecordKind, value: unknown): string | string[] | null {
    if (value === undefined || value === null || value === '') return null;
    if (Array.isArray(value)) return value.map((v) => this.name(kind, v)).sort((a, b) => a.localeCompare(b));
    return this.name(kind, value);
  }
}

/** A copy of form or record values with the id fields named as the reader may see them. */
export async function namedValues(
  db: DataSource | EntityManager,
  scope: Scope,
  refs: Record<string, RecordKind>,
  ...values: Record<string, unknown>[]
): Promise<Record<string, unknown>[]> {
  const names = new RecordNames();
  for (const v of values) for (const [field, kind] of Object.entries(refs)) names.want(kind, v[field]);
  await names.load(db, scope);
  return values.map((v) => {
    const out = { ...v };
    for (const [field, kind] of Object.entries(refs)) if (field in v) out[field] = names.label(kind, v[field]);
    return out;
  });
}
