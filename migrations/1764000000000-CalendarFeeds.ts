import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CalendarFeeds1764000000000 implements MigrationInterface {
  name = 'CalendarFeeds1764000000000';

  public async up(q: QueryRunner): Promise<void> {
    // Only a hash of the feed token is kept, so the table never holds a working feed address.
    await q.query(`
      CREATE TABLE calendar_feeds (
        user_id integer PRIMARY KEY REFERENCES users (id),
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calendar_feeds`);
  }
}
