import type { MigrationInterface, QueryRunner } from 'typeorm';

// A brief lists the notes to and from one ministry that await a reply, soonest reply date first.
const AWAITING = `reply_due_on IS NOT NULL AND deleted_at IS NULL`;

export class UnansweredNotesIndexes1765100000000 implements MigrationInterface {
  name = 'UnansweredNotesIndexes1765100000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX notes_reply_due_from_idx ON notes (from_id, reply_due_on, id) WHERE ${AWAITING}`);
    await q.query(`CREATE INDEX notes_reply_due_to_idx ON notes (to_id, reply_due_on, id) WHERE ${AWAITING}`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notes_reply_due_from_idx`);
    await q.query(`DROP INDEX notes_reply_due_to_idx`);
  }
}
