import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 红黄预警 at a million leads (#22): one partial index per stage with a stall rule (pipeline.model.ts at this
 * release), on the instant or agreed day its stall is measured from, so the warnings count and list each level by
 * an index range instead of evaluating every live lead; the follow-up index carries the status, so the overdue
 * count is read from the index alone. Both carry the cockpit's filter columns. test/dashboard.e2e-spec.ts checks
 * every stall rule of the model has its index: a stage added later needs a migration of its own.
 */
export class StallIndexes1797400000000 implements MigrationInterface {
  name = 'StallIndexes1797400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // the cockpit's filters (team, industry, zone, created in a period) are read from the index too
    const filters = ['team_id', 'industry_code', 'zone_code'];
    const live = (stage: string, ...columns: string[]) =>
      `INCLUDE (${[...columns, ...filters].join(', ')}) WHERE stage = '${stage}' AND status = 'active' AND deleted_at IS NULL`;
    await queryRunner.query(
      `CREATE INDEX "idx_leads_stall_lead" ON "leads" ((coalesce(last_follow_up_at, created_at))) ${live('lead', 'last_follow_up_at', 'created_at')}`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_leads_stall_negotiating" ON "leads" ("stage_entered_at") ${live('negotiating', 'created_at')}`,
    );
    await queryRunner.query(`CREATE INDEX "idx_leads_stall_signed" ON "leads" ("agreed_start_date") ${live('signed', 'created_at')}`);
    await queryRunner.query(
      `CREATE INDEX "idx_leads_stall_building" ON "leads" ("agreed_operating_date") ${live('building', 'created_at')}`,
    );
    await queryRunner.query(`DROP INDEX "idx_leads_next_follow_up"`);
    await queryRunner.query(
      `CREATE INDEX "idx_leads_next_follow_up" ON "leads" ("next_follow_up_at") INCLUDE (status, team_id, industry_code, zone_code, created_at) WHERE deleted_at IS NULL AND next_follow_up_at IS NOT NULL`,
    );
    // statistics of the new index's expression, or the planner guesses the lead stage's ranges (a third of their size)
    await queryRunner.query(`ANALYZE "leads"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_leads_next_follow_up"`);
    await queryRunner.query(
      `CREATE INDEX "idx_leads_next_follow_up" ON "leads" ("next_follow_up_at") WHERE deleted_at IS NULL AND next_follow_up_at IS NOT NULL`,
    );
    for (const stage of ['lead', 'negotiating', 'signed', 'building']) await queryRunner.query(`DROP INDEX "idx_leads_stall_${stage}"`);
  }
}
