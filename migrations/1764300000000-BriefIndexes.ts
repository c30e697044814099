import type { MigrationInterface, QueryRunner } from 'typeorm';

// A brief lists one ministry's open commitments in each direction, most urgent first.
const OPEN = `deleted_at IS NULL AND status IN ('open', 'in_progress', 'stalled')`;

export class BriefIndexes1764300000000 implements MigrationInterface {
  name = 'BriefIndexes1764300000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX commitments_open_party_idx ON commitments (party_id, (coalesce(due_on, 'infinity'::date)), id) WHERE ${OPEN}`,
    );
    await q.query(
      `CREATE INDEX commitments_open_counterpart_idx ON commitments (counterpart_id, (coalesce(due_on, 'infinity'::date)), id) WHERE ${OPEN}`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX commitments_open_party_idx`);
    await q.query(`DROP INDEX commitments_open_counterpart_idx`);
  }
}
