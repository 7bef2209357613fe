import { MigrationInterface, QueryRunner } from 'typeorm';

const CONFIRMED_AT_STAGE = (lead: string) =>
  `EXISTS (SELECT 1 FROM lead_confirmations c WHERE c.lead_id = ${lead}.id AND c.stage = ${lead}.stage AND c.status = 'confirmed')`;

/**
 * 审核确认 at 1M leads: the dashboards' 已确认 / 待确认 asked, for each of the ~150,000 leads at 签约 or later, whether
 * a leader confirmed its move (1.6 s; the pipeline's goal is 300 ms). `leads.stage_confirmed` says it of the lead's
 * current stage, kept by triggers on both tables in the writing transaction, so the few awaiting leads are read from
 * a partial index and 已确认 is the stage's total (summary tables) less them.
 */
export class AwaitingConfirmation1797060000000 implements MigrationInterface {
  name = 'AwaitingConfirmation1797060000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "leads" ADD "stage_confirmed" boolean NOT NULL DEFAULT false`);
    // the flag feeds no summary: the leads' own triggers (dashboard totals, 履约 figures, forecast) have nothing to do,
    // and firing them row by row kept this backfill busy for over ten minutes at 1M leads
    await queryRunner.query(`ALTER TABLE "leads" DISABLE TRIGGER USER`);
    await queryRunner.query(
      `UPDATE leads l SET stage_confirmed = true
       FROM (SELECT DISTINCT lead_id, stage FROM lead_confirmations WHERE status = 'confirmed') c
       WHERE c.lead_id = l.id AND c.stage = l.stage`,
    );
    await queryRunner.query(`ALTER TABLE "leads" ENABLE TRIGGER USER`);
    // a move: the new stage's confirmation, if one stands (a move back to a confirmed stage keeps it)
    await queryRunner.query(
      `CREATE FUNCTION lead_stage_confirmed_on_move() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         NEW.stage_confirmed := ${CONFIRMED_AT_STAGE('NEW')};
         RETURN NEW;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "trg_leads_stage_confirmed" BEFORE UPDATE OF stage ON "leads"
       FOR EACH ROW WHEN (OLD.stage IS DISTINCT FROM NEW.stage) EXECUTE FUNCTION lead_stage_confirmed_on_move()`,
    );
    // a decision (confirmed, rejected, voided): the lead's flag follows, written only when it changes
    await queryRunner.query(
      `CREATE FUNCTION lead_stage_confirmed_on_decision() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE leads l SET stage_confirmed = NOT l.stage_confirmed
         WHERE l.id = COALESCE(NEW.lead_id, OLD.lead_id) AND l.stage_confirmed <> ${CONFIRMED_AT_STAGE('l')};
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "trg_lead_confirmations_stage_confirmed" AFTER INSERT OR UPDATE OR DELETE ON "lead_confirmations"
       FOR EACH ROW EXECUTE FUNCTION lead_stage_confirmed_on_decision()`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_leads_awaiting_confirmation" ON "leads" ("stage")
       INCLUDE ("team_id", "industry_code", "zone_code", "source", "contract_investment", "actual_investment")
       WHERE deleted_at IS NULL AND status <> 'lost' AND stage IN ('signed', 'building', 'operating') AND NOT stage_confirmed`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_leads_awaiting_confirmation"`);
    await queryRunner.query(`DROP TRIGGER "trg_lead_confirmations_stage_confirmed" ON "lead_confirmations"`);
    await queryRunner.query(`DROP FUNCTION lead_stage_confirmed_on_decision()`);
    await queryRunner.query(`DROP TRIGGER "trg_leads_stage_confirmed" ON "leads"`);
    await queryRunner.query(`DROP FUNCTION lead_stage_confirmed_on_move()`);
    await queryRunner.query(`ALTER TABLE "leads" DROP COLUMN "stage_confirmed"`);
  }
}
