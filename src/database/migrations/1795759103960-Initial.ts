import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795759103960 implements MigrationInterface {
  name = 'Initial1795759103960';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Unigrams and bigrams of the search text: GIN-indexed, they make 1- and 2-character Chinese searches index-backed.
    await queryRunner.query(`CREATE OR REPLACE FUNCTION crm_search_grams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT coalesce(array_agg(DISTINCT g), '{}') FROM (
                SELECT substr(t, i, 1) AS g FROM generate_series(1, length(t)) AS i
                UNION ALL
                SELECT substr(t, i, 2) FROM generate_series(1, length(t) - 1) AS i
            ) grams WHERE g !~ '^\\s+$'
        $$`);
    await queryRunner.query(
      `CREATE TABLE "lead_events" ("id" BIGSERIAL NOT NULL, "lead_id" uuid NOT NULL, "kind" text NOT NULL, "actor_id" uuid, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "data" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_38013d55900c219b7bb52f90122" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_lead_events_lead_at" ON "lead_events"  ("lead_id", "at") `);
    await queryRunner.query(
      `CREATE TABLE "industries" ("code" text NOT NULL, "name" text NOT NULL, "parent_code" text, "description" text, "sort_order" integer NOT NULL, CONSTRAINT "PK_afc1ff553ae4dfc3502ccb363d0" PRIMARY KEY ("code"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "zones" ("code" text NOT NULL, "name" text NOT NULL, "kind" text NOT NULL, "parent_code" text, "description" text, "sort_order" integer NOT NULL, CONSTRAINT "PK_86b75386fa58bba36cce8754fe7" PRIMARY KEY ("code"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "lead_code_counters" ("year" integer NOT NULL, "last_value" integer NOT NULL, CONSTRAINT "PK_1c340f82bfc6328f6b8bc8ebb78" PRIMARY KEY ("year"))`,
    );
    await queryRunner.query(
      `INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES (current_database(), current_schema(), 'leads', 'GENERATED_COLUMN', $1, $2)`,
      ['search_text', "lower(name || ' ' || coalesce(code_name, '') || ' ' || company_name || ' ' || coalesce(credit_code, ''))"],
    );
    await queryRunner.query(
      `INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES (current_database(), current_schema(), 'leads', 'GENERATED_COLUMN', $1, $2)`,
      [
        'search_grams',
        "crm_search_grams(lower(name || ' ' || coalesce(code_name, '') || ' ' || company_name || ' ' || coalesce(credit_code, '')))",
      ],
    );
    await queryRunner.query(
      `CREATE TABLE "leads" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" text NOT NULL, "name" text NOT NULL, "code_name" text, "company_name" text NOT NULL, "credit_code" character varying(18), "industry_code" text NOT NULL, "source" text NOT NULL, "source_city" text, "planned_investment" numeric(14,2), "contract_investment" numeric(14,2), "actual_investment" numeric(14,2), "signed_at" date, "agreed_start_date" date, "agreed_operating_date" date, "construction_started_at" date, "operating_at" date, "expected_annual_output" numeric(14,2), "expected_annual_tax" numeric(14,2), "expected_jobs" integer, "land_area_mu" numeric(12,2), "zone_code" text, "key_project_level" text NOT NULL DEFAULT 'none', "contacts" jsonb NOT NULL DEFAULT '[]', "team_id" uuid, "owner_id" uuid NOT NULL, "commissioner_id" uuid, "stage" text NOT NULL DEFAULT 'lead', "status" text NOT NULL DEFAULT 'active', "lost_reason" text, "lost_to" text, "status_note" text, "stage_entered_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "next_follow_up_at" TIMESTAMP WITH TIME ZONE, "last_follow_up_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL DEFAULT '1', "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted_at" TIMESTAMP WITH TIME ZONE, "deleted_by" uuid, "search_text" text GENERATED ALWAYS AS (lower(name || ' ' || coalesce(code_name, '') || ' ' || company_name || ' ' || coalesce(credit_code, ''))) STORED NOT NULL, "search_grams" text array GENERATED ALWAYS AS (crm_search_grams(lower(name || ' ' || coalesce(code_name, '') || ' ' || company_name || ' ' || coalesce(credit_code, '')))) STORED NOT NULL, CONSTRAINT "chk_leads_key_level" CHECK (key_project_level IN ('none', 'district', 'city', 'province')), CONSTRAINT "chk_leads_lost_reason" CHECK (lost_reason IS NULL OR lost_reason IN ('chose_other_location', 'funding', 'land', 'policy', 'environmental', 'market', 'no_response', 'other')), CONSTRAINT "chk_leads_source" CHECK (source IN ('platform', 'industry_chain', 'network', 'business_referral', 'targeted', 'expo')), CONSTRAINT "chk_leads_status" CHECK (status IN ('active', 'on_hold', 'lost')), CONSTRAINT "chk_leads_stage" CHECK (stage IN ('lead', 'negotiating', 'signed', 'building', 'operating')), CONSTRAINT "PK_cd102ed7a9a4ca7d4d8bfeba406" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_leads_code" ON "leads"  ("code") `);
    await queryRunner.query(`CREATE INDEX "idx_leads_industry" ON "leads"  ("industry_code") `);
    await queryRunner.query(`CREATE INDEX "idx_leads_zone" ON "leads"  ("zone_code") `);
    await queryRunner.query(
      `CREATE TABLE "teams" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "leader_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_48c0c32e6247a2de155baeaf980" UNIQUE ("name"), CONSTRAINT "PK_7e5523774a38b08a6236d322403" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "username" text NOT NULL, "display_name" text NOT NULL, "password_hash" text NOT NULL, "roles" text array NOT NULL DEFAULT '{}', "team_id" uuid, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_username" ON "users"  ("username") `);
    await queryRunner.query(`CREATE INDEX "idx_users_team" ON "users"  ("team_id") `);
    await queryRunner.query(`CREATE INDEX "idx_leads_search_grams" ON "leads" USING gin ("search_grams") WHERE deleted_at IS NULL`);
    await queryRunner.query(`CREATE INDEX "idx_leads_live_created" ON "leads" ("created_at" DESC, "id" DESC) WHERE deleted_at IS NULL`);
    await queryRunner.query(
      `CREATE INDEX "idx_leads_team_stage_created" ON "leads" ("team_id", "stage", "created_at" DESC, "id" DESC) WHERE deleted_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_leads_owner_created" ON "leads" ("owner_id", "created_at" DESC, "id" DESC) WHERE deleted_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_leads_commissioner_created" ON "leads" ("commissioner_id", "created_at" DESC, "id" DESC) WHERE deleted_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_leads_next_follow_up" ON "leads" ("next_follow_up_at") WHERE deleted_at IS NULL AND next_follow_up_at IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_leads_credit_code_live" ON "leads" ("credit_code") WHERE deleted_at IS NULL AND credit_code IS NOT NULL`,
    );
    // The audit trail is append-only: history is never edited.
    await queryRunner.query(`CREATE OR REPLACE FUNCTION crm_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END
        $$`);
    await queryRunner.query(
      `CREATE TRIGGER lead_events_append_only BEFORE UPDATE OR DELETE ON "lead_events" FOR EACH ROW EXECUTE FUNCTION crm_refuse_change()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER IF EXISTS lead_events_append_only ON "lead_events"`);
    await queryRunner.query(`DROP INDEX "public"."idx_users_team"`);
    await queryRunner.query(`DROP INDEX "public"."uq_users_username"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP TABLE "teams"`);
    await queryRunner.query(`DROP INDEX "public"."idx_leads_zone"`);
    await queryRunner.query(`DROP INDEX "public"."idx_leads_industry"`);
    await queryRunner.query(`DROP INDEX "public"."uq_leads_code"`);
    await queryRunner.query(`DROP TABLE "leads"`);
    await queryRunner.query(
      `DELETE FROM "typeorm_metadata" WHERE "type" = 'GENERATED_COLUMN' AND "name" = $1 AND "table" = 'leads' AND "database" = current_database()`,
      ['search_grams'],
    );
    await queryRunner.query(
      `DELETE FROM "typeorm_metadata" WHERE "type" = 'GENERATED_COLUMN' AND "name" = $1 AND "table" = 'leads' AND "database" = current_database()`,
      ['search_text'],
    );
    await queryRunner.query(`DROP TABLE "lead_code_counters"`);
    await queryRunner.query(`DROP TABLE "zones"`);
    await queryRunner.query(`DROP TABLE "industries"`);
    await queryRunner.query(`DROP INDEX "public"."idx_lead_events_lead_at"`);
    await queryRunner.query(`DROP TABLE "lead_events"`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS crm_refuse_change()`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS crm_search_grams(text)`);
  }
}
