import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the cockpit's other two panels at a million leads (measured on the bench data):
 * yearly targets read this year's signed / started / operating leads by date range (615 ms → ~ms),
 * commissioner workload reads active commissioned leads and last month's follow-ups from index-only
 * scans instead of both tables (1.9 s before).
 */
export class CockpitIndexes1795800100000 implements MigrationInterface {
  name = 'CockpitIndexes1795800100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "idx_leads_signed_on" ON "leads" ("signed_at") INCLUDE ("key_project_level", "contract_investment") WHERE deleted_at IS NULL AND status <> 'lost' AND signed_at IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_leads_started_on" ON "leads" ("construction_started_at") INCLUDE ("key_project_level") WHERE deleted_at IS NULL AND status <> 'lost' AND construction_started_at IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_leads_operating_on" ON "leads" ("operating_at") INCLUDE ("actual_investment") WHERE deleted_at IS NULL AND status <> 'lost' AND operating_at IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_leads_commissioner_active" ON "leads" ("commissioner_id") INCLUDE ("next_follow_up_at") WHERE deleted_at IS NULL AND status <> 'lost' AND commissioner_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "idx_follow_ups_occurred" ON "follow_ups" ("occurred_at") INCLUDE ("author_id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of [
      'idx_follow_ups_occurred',
      'idx_leads_commissioner_active',
      'idx_leads_operating_on',
      'idx_leads_started_on',
      'idx_leads_signed_on',
    ]) {
      await queryRunner.query(`DROP INDEX IF EXISTS "${name}"`);
    }
  }
}
