import type { MigrationInterface, QueryRunner } from 'typeorm';

// TypeORM cannot read a generated column's expression back from PostgreSQL in a comparable form,
// so it keeps the text in its own typeorm_metadata table (type GENERATED_COLUMN) and compares it
// with the entity's `asExpression`: without these rows `npm run migration:generate` fails, or
// proposes to rebuild every search_vector column. The text is a copy of 1763900000000-Search's,
// character for character. TypeORM creates the table itself before it runs the migrations
// (the entities have generated columns), hence IF NOT EXISTS, with its columns.
const VECTORS: Record<string, string> = {
  ministries: `setweight(to_tsvector('demarche', coalesce(name, '')), 'A') || setweight(to_tsvector('demarche', coalesce(short_name, '')), 'A')`,
  officials: `setweight(to_tsvector('demarche', coalesce(full_name, '')), 'A') || setweight(to_tsvector('demarche', coalesce(native_name, '')), 'A')`,
  meetings: `setweight(to_tsvector('demarche', coalesce(title, '')), 'A') || setweight(to_tsvector('demarche', coalesce(location, '') || ' ' || coalesce(occasion, '')), 'B') || setweight(to_tsvector('demarche', coalesce(summary, '')), 'C')`,
  notes: `setweight(to_tsvector('demarche', coalesce(reference, '') || ' ' || coalesce(subject, '')), 'A') || setweight(to_tsvector('demarche', coalesce(body, '')), 'C')`,
  agreements: `setweight(to_tsvector('demarche', coalesce(title, '')), 'A') || setweight(to_tsvector('demarche', coalesce(summary, '')), 'C')`,
  commitments: `setweight(to_tsvector('demarche', coalesce(text, '')), 'A') || setweight(to_tsvector('demarche', coalesce(made_by_title, '')), 'D')`,
};

export class TypeormMetadata1764200000000 implements MigrationInterface {
  name = 'TypeormMetadata1764200000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS typeorm_metadata (
        "type" varchar NOT NULL,
        "database" varchar,
        "schema" varchar,
        "table" varchar,
        "name" varchar,
        "value" text
      )`);
    // TypeORM looks the rows up by the database's name: a database cloned or renamed later needs
    // its rows' "database" set to the new name.
    for (const [table, vector] of Object.entries(VECTORS)) {
      await q.query(
        `INSERT INTO typeorm_metadata ("type", "database", "schema", "table", "name", "value")
         VALUES ('GENERATED_COLUMN', current_database(), current_schema(), $1, 'search_vector', $2)`,
        [table, vector],
      );
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DELETE FROM typeorm_metadata WHERE "type" = 'GENERATED_COLUMN' AND "name" = 'search_vector' AND "table" = ANY($1)`,
      [Object.keys(VECTORS)],
    );
  }
}
