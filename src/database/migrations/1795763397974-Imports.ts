import { MigrationInterface, QueryRunner } from 'typeorm';

export class Imports1795763397974 implements MigrationInterface {
  name = 'Imports1795763397974';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "imports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'queued', "dry_run" boolean NOT NULL DEFAULT false, "file_name" text NOT NULL, "format" text NOT NULL, "file_size" integer NOT NULL, "file" bytea, "total" integer, "processed" integer NOT NULL DEFAULT '0', "created" integer NOT NULL DEFAULT '0', "duplicates" integer NOT NULL DEFAULT '0', "errors" integer NOT NULL DEFAULT '0', "error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "chk_imports_status" CHECK (status IN ('queued', 'running', 'done', 'failed')), CONSTRAINT "PK_ea10c62f5eb1d75e83d8b5225db" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_imports_user_created" ON "imports"  ("user_id", "created_at") `);
    // kept uncompressed, so the worker's substring() reads of the upload touch only the chunk they ask for
    await queryRunner.query(`ALTER TABLE "imports" ALTER COLUMN "file" SET STORAGE EXTERNAL`);
    await queryRunner.query(
      `CREATE TABLE "import_report_batches" ("import_id" uuid NOT NULL, "rows_before" integer NOT NULL, "rows" jsonb NOT NULL, CONSTRAINT "PK_80135ed72239a977b2e96aa339c" PRIMARY KEY ("import_id", "rows_before"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "import_report_batches"`);
    await queryRunner.query(`DROP INDEX "public"."idx_imports_user_created"`);
    await queryRunner.query(`DROP TABLE "imports"`);
  }
}
