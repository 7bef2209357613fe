import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Matching carriers and leads (#19): a lead's requirements, carrier reservations, the partial indexes the
 * matching's hard limits run on (free land by area, free floor space by kind and area, reservations by expiry),
 * the reservation_expiring reminder kind, and the agreement's reference to the carrier it took at signing.
 */
export class CarrierMatching1796700000001 implements MigrationInterface {
  name = 'CarrierMatching1796700000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "lead_requirements" ("lead_id" uuid NOT NULL, "kinds" text array NOT NULL DEFAULT '{}', "match_kinds" text array NOT NULL, "park_codes" text array NOT NULL DEFAULT '{}', "land_use" text, "environmental_category" text, "budget" numeric(14,2), "note" text, "version" integer NOT NULL DEFAULT '1', "updated_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "land_area_mu_min" numeric(14,2), "land_area_mu_max" numeric(14,2), "floor_area_min" numeric(14,2), "floor_area_max" numeric(14,2), "floor_load_min" numeric(14,2), "clear_height_min" numeric(14,2), "power_kva_min" numeric(14,2), CONSTRAINT "chk_lead_requirements_non_negative" CHECK ((land_area_mu_min IS NULL OR land_area_mu_min >= 0) AND (land_area_mu_max IS NULL OR land_area_mu_max >= 0) AND (floor_area_min IS NULL OR floor_area_min >= 0) AND (floor_area_max IS NULL OR floor_area_max >= 0) AND (floor_load_min IS NULL OR floor_load_min >= 0) AND (clear_height_min IS NULL OR clear_height_min >= 0) AND (power_kva_min IS NULL OR power_kva_min >= 0) AND (budget IS NULL OR budget >= 0)), CONSTRAINT "chk_lead_requirements_environmental_category" CHECK (environmental_category IS NULL OR environmental_category IN ('clean', 'wastewater', 'exhaust', 'both')), CONSTRAINT "chk_lead_requirements_land_use" CHECK (land_use IS NULL OR land_use IN ('industrial', 'rd', 'commercial', 'logistics', 'mixed')), CONSTRAINT "PK_lead_requirements" PRIMARY KEY ("lead_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "carrier_reservations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "carrier_id" uuid NOT NULL, "lead_id" uuid NOT NULL, "reserved_by" uuid NOT NULL, "reserved_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "until" TIMESTAMP WITH TIME ZONE NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, "end_reason" text, "ended_by" uuid, CONSTRAINT "chk_carrier_reservations_end_reason" CHECK (end_reason IS NULL OR end_reason IN ('released', 'expired', 'lead_lost', 'taken')), CONSTRAINT "PK_carrier_reservations" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_carrier_reservations_open" ON "carrier_reservations" ("carrier_id") WHERE ended_at IS NULL`,
    );
    await queryRunner.query(`CREATE INDEX "idx_carrier_reservations_lead" ON "carrier_reservations" ("lead_id") `);
    // hand-written (the entity marks them synchronize: false): the hard limits of a lead's matches, and the expiry scan
    await queryRunner.query(
      `CREATE INDEX "idx_carriers_free_land_area" ON "carriers" ("area_mu") WHERE kind = 'land' AND status = 'available'`,
    );
    await queryRunner.query(`CREATE INDEX "idx_carriers_free_space_area" ON "carriers" ("kind", "floor_area") WHERE status = 'vacant'`);
    await queryRunner.query(`CREATE INDEX "idx_carriers_reserved_until" ON "carriers" ("reserved_until") WHERE status = 'reserved'`);
    await queryRunner.query(
      `CREATE INDEX "idx_carriers_reserved_lead" ON "carriers" ("reserved_lead_id") WHERE reserved_lead_id IS NOT NULL`,
    );
    await queryRunner.query(`ALTER TABLE "agreements" ADD "carrier_id" uuid`);
    await queryRunner.query(`ALTER TABLE "reminders" DROP CONSTRAINT "chk_reminders_kind"`);
    await queryRunner.query(
      `ALTER TABLE "reminders" ADD CONSTRAINT "chk_reminders_kind" CHECK (kind IN ('follow_up_due', 'follow_up_overdue', 'stage_stalled', 'issue_due', 'issue_overdue', 'daily_digest', 'assigned', 'clause_due', 'clause_overdue', 'idle_land_yellow', 'idle_land_red', 'idle_land_critical', 'actuals_due', 'reservation_expiring'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM reminders WHERE kind = 'reservation_expiring'`);
    await queryRunner.query(`ALTER TABLE "reminders" DROP CONSTRAINT "chk_reminders_kind"`);
    await queryRunner.query(
      `ALTER TABLE "reminders" ADD CONSTRAINT "chk_reminders_kind" CHECK (kind IN ('follow_up_due', 'follow_up_overdue', 'stage_stalled', 'issue_due', 'issue_overdue', 'daily_digest', 'assigned', 'clause_due', 'clause_overdue', 'idle_land_yellow', 'idle_land_red', 'idle_land_critical', 'actuals_due'))`,
    );
    await queryRunner.query(`ALTER TABLE "agreements" DROP COLUMN "carrier_id"`);
    await queryRunner.query(`DROP INDEX "public"."idx_carriers_reserved_lead"`);
    await queryRunner.query(`DROP INDEX "public"."idx_carriers_reserved_until"`);
    await queryRunner.query(`DROP INDEX "public"."idx_carriers_free_space_area"`);
    await queryRunner.query(`DROP INDEX "public"."idx_carriers_free_land_area"`);
    await queryRunner.query(`DROP INDEX "public"."idx_carrier_reservations_lead"`);
    await queryRunner.query(`DROP INDEX "public"."uq_carrier_reservations_open"`);
    await queryRunner.query(`DROP TABLE "carrier_reservations"`);
    await queryRunner.query(`DROP TABLE "lead_requirements"`);
  }
}
