import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The bureau's own ledger (#15): the lead's 备注; saved column mappings; imports done within their
 * request recorded with their options, column mapping and rejected rows; and the import identity of a
 * row without a credit code compared as lead_identity_text normalises it (full-width and half-width
 * alike, no spaces, punctuation or brackets, lower case), by an expression index.
 */
export class LedgerMapping1796200000001 implements MigrationInterface {
  name = 'LedgerMapping1796200000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "leads" ADD "remarks" text`);
    await queryRunner.query(
      `CREATE TABLE "import_mappings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "scope" text NOT NULL, "user_id" uuid NOT NULL, "team_id" uuid, "mapping" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_import_mappings_scope" CHECK (scope IN ('user', 'team') AND (scope = 'user' OR team_id IS NOT NULL)), CONSTRAINT "PK_0fa9ff07029c3b68e95d7968592" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_import_mappings_team" ON "import_mappings"  ("team_id") `);
    await queryRunner.query(`CREATE INDEX "idx_import_mappings_user" ON "import_mappings"  ("user_id") `);
    await queryRunner.query(
      `CREATE TABLE "import_rejected_rows" ("import_id" uuid NOT NULL, "row" integer NOT NULL, "cells" jsonb NOT NULL, "reason" text NOT NULL, CONSTRAINT "PK_0a901afec5b32f453787089d70e" PRIMARY KEY ("import_id", "row"))`,
    );
    await queryRunner.query(`ALTER TABLE "imports" ADD "updated" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "imports" ADD "options" jsonb`);
    await queryRunner.query(`ALTER TABLE "imports" ADD "columns" jsonb`);
    // NFKC folds full-width forms (（）ＡＢＣ１２３, the ideographic space); what is left of spaces, punctuation and brackets is dropped
    await queryRunner.query(`CREATE FUNCTION lead_identity_text(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT regexp_replace(lower(normalize(t, NFKC)), '[[:space:][:punct:]、。，：；！？“”‘’（）【】《》〈〉「」『』〔〕·•—–－―…]+', '', 'g')
    $$`);
    await queryRunner.query(`DROP INDEX IF EXISTS "idx_leads_import_identity"`);
    await queryRunner.query(
      `CREATE INDEX "idx_leads_import_identity" ON "leads" (lead_identity_text(company_name), lead_identity_text(name)) WHERE deleted_at IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS "idx_leads_import_identity"`);
    await queryRunner.query(`CREATE INDEX "idx_leads_import_identity" ON "leads" ("company_name", "name") WHERE deleted_at IS NULL`);
    await queryRunner.query(`DROP FUNCTION lead_identity_text(text)`);
    await queryRunner.query(`ALTER TABLE "imports" DROP COLUMN "columns"`);
    await queryRunner.query(`ALTER TABLE "imports" DROP COLUMN "options"`);
    await queryRunner.query(`ALTER TABLE "imports" DROP COLUMN "updated"`);
    await queryRunner.query(`DROP TABLE "import_rejected_rows"`);
    await queryRunner.query(`DROP INDEX "public"."idx_import_mappings_user"`);
    await queryRunner.query(`DROP INDEX "public"."idx_import_mappings_team"`);
    await queryRunner.query(`DROP TABLE "import_mappings"`);
    await queryRunner.query(`ALTER TABLE "leads" DROP COLUMN "remarks"`);
  }
}
