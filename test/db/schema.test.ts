import 'reflect-metadata';
import type { DataSource, QueryRunner } from 'typeorm';
import { createDataSource } from '../../src/db/data-source';

// The entities must describe exactly the schema the migrations create, so that
// `npm run migration:generate` only ever proposes the change just made to an entity.
// This worker's database was migrated by the global setup.

let db: DataSource;

beforeAll(async () => {
  db = createDataSource(process.env.DATABASE_URL!, { max: 2 });
  await db.initialize();
  // TypeORM finds a generated column's expression in typeorm_metadata by the database's name,
  // and this database is a clone of the migrated template: give the rows the clone's name.
  await db.query(
    `UPDATE typeorm_metadata SET "database" = current_database() WHERE "database" IS DISTINCT FROM current_database()`,
  );
});

afterAll(async () => {
  await db?.destroy();
});

/** Runs `probe` in a transaction that is always rolled back, so the probes leave nothing behind. */
async function rolledBack<T>(probe: (runner: QueryRunner) => Promise<T>): Promise<T> {
  const runner = db.createQueryRunner();
  await runner.startTransaction();
  try {
    return await probe(runner);
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}

describe('the entities and the migrated schema', () => {
  it('differ by nothing: TypeORM would generate no migration', async () => {
    const sql = await db.driver.createSchemaBuilder().log();
    expect(sql.upQueries.map((q) => q.query)).toEqual([]);
    expect(sql.downQueries.map((q) => q.query)).toEqual([]);
  });

  it('cover every table, except TypeORM’s own', async () => {
    const rows: { tablename: string }[] = await db.query(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
    );
    const tables = rows.map((r) => r.tablename).filter((t) => t !== 'migrations' && t !== 'typeorm_metadata');
    expect(db.entityMetadatas.map((m) => m.tableName).sort()).toEqual(tables);
    expect(tables).toHaveLength(20);
  });

  it('declare the indexes TypeORM cannot compare (expressions, descending columns), and each exists', async () => {
    const declared = db.entityMetadatas
      .flatMap((m) => m.indices.filter((i) => !i.synchronize).map((i) => `${m.tableName}.${i.name}`))
      .sort();
    const rows: { name: string }[] = await db.query(
      `SELECT tablename || '.' || indexname AS name FROM pg_indexes WHERE schemaname = 'public' AND tablename || '.' || indexname = ANY($1) ORDER BY 1`,
      [declared],
    );
    expect(rows.map((r) => r.name)).toEqual(declared);
    expect(declared).toHaveLength(17);
  });

  // TypeORM matches CHECK constraints by name alone: PostgreSQL must read each entity's
  // expression exactly as it reads the migration's.
  it('give each CHECK constraint the expression the migrations gave it', async () => {
    const checks = db.entityMetadatas.flatMap((m) =>
      m.checks.map((c) => ({ table: m.tableName, name: c.name, expression: c.expression })),
    );
    const compared = await rolledBack(async (runner) => {
      const rows = [];
      for (const [i, check] of checks.entries()) {
        await runner.query(
          `ALTER TABLE "${check.table}" ADD CONSTRAINT "probe_${i}" CHECK (${check.expression}) NOT VALID`,
        );
        const [row] = await runner.query(
          `SELECT pg_get_constraintdef(m.oid) AS migration, replace(pg_get_constraintdef(e.oid), ' NOT VALID', '') AS entity
             FROM pg_constraint m, pg_constraint e
            WHERE m.conrelid = $1::regclass AND m.conname = $2 AND e.conrelid = $1::regclass AND e.conname = $3`,
          [check.table, check.name, `probe_${i}`],
        );
        rows.push({ check: `${check.table}.${check.name}`, ...row });
      }
      return rows;
    });
    expect(compared.map(({ check, entity }) => ({ check, definition: entity }))).toEqual(
      compared.map(({ check, migration }) => ({ check, definition: migration })),
    );
    const [{ count }] = await db.query(
      `SELECT count(*)::int AS count FROM pg_constraint WHERE contype = 'c' AND connamespace = 'public'::regnamespace`,
    );
    expect(checks).toHaveLength(count);
  });

  // TypeORM compares an entity's asExpression with the copy in typeorm_metadata, not with the
  // column: PostgreSQL must read the entity's expression exactly as it reads the column's.
  it('give each generated column the expression the migrations gave it', async () => {
    const generated = db.entityMetadatas.flatMap((m) =>
      m.columns
        .filter((c) => c.generatedType)
        .map((c) => ({
          table: m.tableName,
          column: c.databaseName,
          type: String(c.type),
          expression: c.asExpression!,
        })),
    );
    const compared = await rolledBack(async (runner) => {
      const rows = [];
      for (const [i, { table, column, type, expression }] of generated.entries()) {
        await runner.query(
          `ALTER TABLE "${table}" ADD COLUMN "probe_${i}" ${type} GENERATED ALWAYS AS (${expression}) STORED`,
        );
        const [row] = await runner.query(
          `SELECT pg_get_expr(m.adbin, m.adrelid) AS migration, pg_get_expr(e.adbin, e.adrelid) AS entity
             FROM pg_attrdef m JOIN pg_attribute ma ON ma.attrelid = m.adrelid AND ma.attnum = m.adnum,
                  pg_attrdef e JOIN pg_attribute ea ON ea.attrelid = e.adrelid AND ea.attnum = e.adnum
            WHERE m.adrelid = $1::regclass AND ma.attname = $2 AND e.adrelid = $1::regclass AND ea.attname = $3`,
          [table, column, `probe_${i}`],
        );
        rows.push({ column: `${table}.${column}`, ...row });
      }
      return rows;
    });
    expect(compared.map(({ column, entity }) => ({ column, expression: entity }))).toEqual(
      compared.map(({ column, migration }) => ({ column, expression: migration })),
    );
    expect(generated.map((g) => `${g.table}.${g.column}`).sort()).toEqual(
      ['agreements', 'commitments', 'meetings', 'ministries', 'notes', 'officials'].map((t) => `${t}.search_vector`),
    );
  });
});
