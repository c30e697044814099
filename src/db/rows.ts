import type { DataSource, EntityManager } from 'typeorm';

/**
 * The boundary where raw SQL's rows get their type. TypeORM's `query()` answers `any`; every raw
 * statement goes through these, with an interface naming the columns its SELECT list produces,
 * so the rest of the code never touches an untyped row.
 */
export async function selectRows<T>(db: DataSource | EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  return rowsOf<T>(await db.query<unknown>(sql, params));
}

/** The first row of a SELECT (or of an INSERT/UPDATE/DELETE … RETURNING), or undefined when there is none. */
export async function selectRow<T>(
  db: DataSource | EntityManager,
  sql: string,
  params: unknown[] = [],
): Promise<T | undefined> {
  return (await selectRows<T>(db, sql, params))[0];
}

/** TypeORM answers an UPDATE or DELETE on PostgreSQL with `[rows, affected]`, anything else with the rows. */
function rowsOf<T>(result: unknown): T[] {
  if (!Array.isArray(result)) return [];
  if (result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}

/**
 * A statement whose rows are not read (INSERT, UPDATE, DELETE without RETURNING). TypeORM answers
 * `[rows, affected]` for an UPDATE or DELETE on PostgreSQL; the count of rows it touched is returned.
 */
export async function execute(db: DataSource | EntityManager, sql: string, params: unknown[] = []): Promise<number> {
  const result: unknown = await db.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && typeof result[1] === 'number') return result[1];
  return Array.isArray(result) ? result.length : 0;
}

/**
 * A subquery's rows as one JSON array column, `[]` when there are none, so one statement can
 * answer a page's several lists. The array keeps the subquery's ORDER BY: PostgreSQL aggregates
 * a sorted subquery's rows in that order (its documented way, besides `json_agg(… ORDER BY …)`).
 */
export function jsonRows(sql: string): string {
  return `coalesce((SELECT json_agg(r) FROM (${sql}) r), '[]')`;
}
