import type { MigrationInterface, QueryRunner } from 'typeorm';

// Keyset indexes for the open-commitments page, one per sort order, limited to the live open
// rows the page lists by default, so the first and the ten-thousandth page cost the same.
const OPEN = `deleted_at IS NULL AND status IN ('open', 'in_progress', 'stalled')`;

export class OpenCommitmentsPaging1764100000000 implements MigrationInterface {
  name = 'OpenCommitmentsPaging1764100000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX commitments_open_due_idx ON commitments ((coalesce(due_on, 'infinity'::date)), id) WHERE ${OPEN}`,
    );
    await q.query(
      `CREATE INDEX commitments_open_quiet_idx ON commitments ((coalesce(last_follow_up_on, made_on)), id) WHERE ${OPEN}`,
    );
    await q.query(`CREATE INDEX commitments_made_idx ON commitments (made_on DESC, id DESC) WHERE deleted_at IS NULL`);
    await q.query(
      `CREATE INDEX commitments_due_idx ON commitments ((coalesce(due_on, 'infinity'::date)), id) WHERE deleted_at IS NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const name of [
      'commitments_open_due_idx',
      'commitments_open_quiet_idx',
      'commitments_made_idx',
      'commitments_due_idx',
    ])
      await q.query(`DROP INDEX ${name}`);
  }
}
