import type { DataSource, EntityManager } from 'typeorm';

/**
 * The boundary where raw SQL's rows get their type. TypeORM's `query()` answers `any`; every raw
 * statement goes through these, with an interface naming the columns its SELECT list produces,
 * so the rest of the code never touches an untyped row.
 */
export async function selectRows<T>(db: DataSource | EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  return db.query<T[]>(sql, params);
}

/** The first row of a SELECT (or of an INSERT/UPDATE … RETURNING), or undefined when there is none. */
export async function selectRow<T>(db: DataSource | EntityManager, sql: string, params: unknown[] = []): Promise<T | undefined> {
  const rows = await db.query<T[]>(sql, params);
  return rows[0];
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
