import type { MigrationInterface, QueryRunner } from 'typeorm';

// Full-text search: a `demarche` configuration that strips accents (Børge matches Borge) and
// keeps every script's words as they are (Cyrillic included), one stored tsvector per table.
const VECTORS: Record<string, string> = {
  ministries: `setweight(to_tsvector('demarche', coalesce(name, '')), 'A') || setweight(to_tsvector('demarche', coalesce(short_name, '')), 'A')`,
  officials: `setweight(to_tsvector('demarche', coalesce(full_name, '')), 'A') || setweight(to_tsvector('demarche', coalesce(native_name, '')), 'A')`,
  meetings: `setweight(to_tsvector('demarche', coalesce(title, '')), 'A') || setweight(to_tsvector('demarche', coalesce(location, '') || ' ' || coalesce(occasion, '')), 'B') || setweight(to_tsvector('demarche', coalesce(summary, '')), 'C')`,
  notes: `setweight(to_tsvector('demarche', coalesce(reference, '') || ' ' || coalesce(subject, '')), 'A') || setweight(to_tsvector('demarche', coalesce(body, '')), 'C')`,
  agreements: `setweight(to_tsvector('demarche', coalesce(title, '')), 'A') || setweight(to_tsvector('demarche', coalesce(summary, '')), 'C')`,
  commitments: `setweight(to_tsvector('demarche', coalesce(text, '')), 'A') || setweight(to_tsvector('demarche', coalesce(made_by_title, '')), 'D')`,
};

export class Search1763900000000 implements MigrationInterface {
  name = 'Search1763900000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TEXT SEARCH CONFIGURATION demarche (COPY = simple)`);
    await q.query(
      `ALTER TEXT SEARCH CONFIGURATION demarche ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple`,
    );
    for (const [table, vector] of Object.entries(VECTORS)) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (${vector}) STORED`);
      await q.query(`CREATE INDEX ${table}_search_idx ON ${table} USING gin (search_vector)`);
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of Object.keys(VECTORS)) await q.query(`ALTER TABLE ${table} DROP COLUMN search_vector`);
    await q.query(`DROP TEXT SEARCH CONFIGURATION demarche`);
  }
}
