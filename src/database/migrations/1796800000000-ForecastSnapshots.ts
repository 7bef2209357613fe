import { MigrationInterface, QueryRunner } from 'typeorm';

const METRICS = ['signings', 'investment_signed', 'key_projects_started', 'investment_arrived'];

/**
 * 考核预测 (#20) at scale: the worker's forecast snapshot. forecast_snapshots holds the conversion curves known on a
 * day; forecast_expected the expected figures of the live leads per team, industry code, zone and month (and the
 * variance of the running total); forecast_pools the live leads per stage and filter key (for the gap in words).
 * forecast_changes is a sequence that every statement writing leads or lead_transitions advances (non-transactional
 * and lock-free, so writers never wait on it): a snapshot taken at another value is stale.
 */
export class ForecastSnapshots1796800000000 implements MigrationInterface {
  name = 'ForecastSnapshots1796800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SEQUENCE "forecast_changes"`);
    await queryRunner.query(
      `CREATE FUNCTION crm_forecast_touch() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN PERFORM nextval('forecast_changes'); RETURN NULL; END $$`,
    );
    for (const table of ['leads', 'lead_transitions'])
      await queryRunner.query(
        `CREATE TRIGGER "trg_${table}_forecast" AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION crm_forecast_touch()`,
      );
    await queryRunner.query(
      `CREATE TABLE "forecast_snapshots" (
        "id" serial PRIMARY KEY,
        "as_of" date NOT NULL,
        "changes" bigint NOT NULL,
        "computed_at" timestamptz NOT NULL DEFAULT now(),
        "curves" jsonb NOT NULL
      )`,
    );
    await queryRunner.query(
      `CREATE TABLE "forecast_expected" (
        "snapshot_id" int NOT NULL REFERENCES "forecast_snapshots"("id") ON DELETE CASCADE,
        "team_id" uuid,
        "industry_code" text NOT NULL,
        "zone_code" text,
        "month" date NOT NULL,
        ${METRICS.map((m) => `"${m}" float8 NOT NULL, "${m}_var" float8 NOT NULL`).join(',\n        ')}
      )`,
    );
    await queryRunner.query(`CREATE INDEX "idx_forecast_expected_snapshot_month" ON "forecast_expected" ("snapshot_id", "month")`);
    await queryRunner.query(
      `CREATE TABLE "forecast_pools" (
        "snapshot_id" int NOT NULL REFERENCES "forecast_snapshots"("id") ON DELETE CASCADE,
        "team_id" uuid,
        "industry_code" text NOT NULL,
        "zone_code" text,
        "stage" int NOT NULL,
        "leads" int NOT NULL,
        "key_leads" int NOT NULL,
        "amount" float8 NOT NULL
      )`,
    );
    await queryRunner.query(`CREATE INDEX "idx_forecast_pools_snapshot" ON "forecast_pools" ("snapshot_id", "stage")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "forecast_pools"`);
    await queryRunner.query(`DROP TABLE "forecast_expected"`);
    await queryRunner.query(`DROP TABLE "forecast_snapshots"`);
    for (const table of ['leads', 'lead_transitions']) await queryRunner.query(`DROP TRIGGER "trg_${table}_forecast" ON "${table}"`);
    await queryRunner.query(`DROP FUNCTION crm_forecast_touch()`);
    await queryRunner.query(`DROP SEQUENCE "forecast_changes"`);
  }
}
