import type { MigrationInterface, QueryRunner } from 'typeorm';

// Other names the texts use for a ministry ("FMS", "border guards") or an official ("Sergei
// Lavrov"): the commitment reader matches them, beside the name, short name and native name.
export class Aliases1764800000000 implements MigrationInterface {
  name = 'Aliases1764800000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ministries ADD COLUMN aliases text array NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE officials ADD COLUMN aliases text array NOT NULL DEFAULT '{}'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE officials DROP COLUMN aliases`);
    await q.query(`ALTER TABLE ministries DROP COLUMN aliases`);
  }
}
