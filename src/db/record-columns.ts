import { CreateDateColumn, DeleteDateColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

// The entities describe the schema the migrations create (test/db/schema.test.ts compares them,
// as `npm run migration:generate` does); the app's ordinary writes and lookups go through them
// (src/db/record-writes.ts), its lists and pages through typed SQL (src/db/rows.ts).

/** The columns every editable record has: the optimistic-lock version, the stamps and the soft delete. */
export abstract class RecordColumns {
  @VersionColumn({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @DeleteDateColumn({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;
}

/** A check's `column IN ('a', 'b')`, written as the migrations write it. */
export function oneOf(column: string, values: readonly string[]): string {
  return `${column} IN (${values.map((value) => `'${value}'`).join(', ')})`;
}

/** The search_vector columns' options: GENERATED ALWAYS AS (expression) STORED, never read or written by TypeORM. */
export function searchVector(expression: string) {
  return {
    name: 'search_vector',
    type: 'tsvector',
    nullable: true,
    generatedType: 'STORED',
    asExpression: expression,
    select: false,
    insert: false,
    update: false,
  } as const;
}

/** A check that a URL column is empty or one http(s) address, as the migrations write it. */
export function httpUrlOrNull(column: string): string {
  return `${column} IS NULL OR (${column} ~ '^https?://[^\\s]+$' AND length(${column}) <= 2000)`;
}
