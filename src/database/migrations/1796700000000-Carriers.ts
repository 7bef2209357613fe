import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 载体资源 (#19): carriers (land parcels, standard factories, buildings) under the parks, their history, and
 * the parks' outlines for the plan. The CHECK lists are those of carrier.model.ts at this release (a
 * migration stays what it ran as; test/schema.e2e-spec.ts fails when the model and the schema part).
 * `reserved_lead_id` / `reserved_until` are set by reservations (the matching work), null until then.
 * The role carrier_manager (载体管理员) needs no schema change: users.roles is a text array.
 */
export class Carriers1796700000000 implements MigrationInterface {
  name = 'Carriers1796700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "carriers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" text NOT NULL, "name" text NOT NULL, "kind" text NOT NULL, "park_code" text NOT NULL, "status" text NOT NULL, "outline" jsonb, "reserved_lead_id" uuid, "reserved_until" TIMESTAMP WITH TIME ZONE, "status_changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "status_changed_by" uuid, "created_by" uuid, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "area_mu" numeric(14,2), "land_use" text, "plot_ratio" numeric(14,2), "building_density" numeric(14,2), "height_limit" numeric(14,2), "building" text, "floor" text, "floor_area" numeric(14,2), "floor_load" numeric(14,2), "clear_height" numeric(14,2), "crane_tons" numeric(14,2), "power_kva" numeric(14,2), "water" boolean, "gas" boolean, "sewage" boolean, "wastewater_allowed" boolean, "exhaust_allowed" boolean, "price" numeric(14,2), "rent" numeric(14,2), "vacant_since" date, "note" text, CONSTRAINT "chk_carriers_non_negative" CHECK ((area_mu IS NULL OR area_mu >= 0) AND (plot_ratio IS NULL OR plot_ratio >= 0) AND (building_density IS NULL OR building_density >= 0) AND (height_limit IS NULL OR height_limit >= 0) AND (floor_area IS NULL OR floor_area >= 0) AND (floor_load IS NULL OR floor_load >= 0) AND (clear_height IS NULL OR clear_height >= 0) AND (crane_tons IS NULL OR crane_tons >= 0) AND (power_kva IS NULL OR power_kva >= 0) AND (price IS NULL OR price >= 0) AND (rent IS NULL OR rent >= 0)), CONSTRAINT "chk_carriers_land_use" CHECK (land_use IS NULL OR land_use IN ('industrial', 'rd', 'commercial', 'logistics', 'mixed')), CONSTRAINT "chk_carriers_status_of_kind" CHECK ((kind = 'land' AND status IN ('available', 'reserved', 'transferred')) OR (kind = 'factory' AND status IN ('vacant', 'reserved', 'leased', 'sold')) OR (kind = 'building' AND status IN ('vacant', 'reserved', 'leased', 'sold'))), CONSTRAINT "chk_carriers_status" CHECK (status IN ('available', 'vacant', 'reserved', 'transferred', 'leased', 'sold')), CONSTRAINT "chk_carriers_kind" CHECK (kind IN ('land', 'factory', 'building')), CONSTRAINT "PK_fe886e72b3d9f67da3ce70f4368" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_carriers_created" ON "carriers"  ("created_at", "id") `);
    await queryRunner.query(`CREATE INDEX "idx_carriers_park_kind" ON "carriers"  ("park_code", "kind", "status") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_carriers_code" ON "carriers"  ("code") `);
    await queryRunner.query(
      `CREATE TABLE "carrier_events" ("id" BIGSERIAL NOT NULL, "carrier_id" uuid NOT NULL, "kind" text NOT NULL, "actor_id" uuid, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "data" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_3188e03080b50bef373607358e2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_carrier_events_carrier_at" ON "carrier_events"  ("carrier_id", "at") `);
    await queryRunner.query(
      `CREATE TABLE "zone_outlines" ("zone_code" text NOT NULL, "outline" jsonb NOT NULL, "updated_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_680b367cc6ae866b8b131b55213" PRIMARY KEY ("zone_code"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "zone_outlines"`);
    await queryRunner.query(`DROP INDEX "public"."idx_carrier_events_carrier_at"`);
    await queryRunner.query(`DROP TABLE "carrier_events"`);
    await queryRunner.query(`DROP INDEX "public"."uq_carriers_code"`);
    await queryRunner.query(`DROP INDEX "public"."idx_carriers_park_kind"`);
    await queryRunner.query(`DROP INDEX "public"."idx_carriers_created"`);
    await queryRunner.query(`DROP TABLE "carriers"`);
  }
}
