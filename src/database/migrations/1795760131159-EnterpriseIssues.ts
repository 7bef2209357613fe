import { MigrationInterface, QueryRunner } from 'typeorm';

export class EnterpriseIssues1795760131159 implements MigrationInterface {
  name = 'EnterpriseIssues1795760131159';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "enterprise_issues" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "lead_id" uuid NOT NULL, "title" text NOT NULL, "category" text NOT NULL, "description" text, "department" text, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "handler_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'open', "resolution" text, "resolved_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid NOT NULL, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_enterprise_issues_resolved" CHECK (status <> 'resolved' OR (resolution IS NOT NULL AND resolved_at IS NOT NULL)), CONSTRAINT "chk_enterprise_issues_status" CHECK (status IN ('open', 'in_progress', 'resolved')), CONSTRAINT "chk_enterprise_issues_category" CHECK (category IN ('approval', 'land', 'utilities', 'financing', 'talent', 'policy', 'other')), CONSTRAINT "PK_d2a0f4af8ccb45921147ef4f52d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_enterprise_issues_unresolved_due" ON "enterprise_issues"  ("due_at") WHERE status <> 'resolved'`,
    );
    await queryRunner.query(`CREATE INDEX "idx_enterprise_issues_lead_created" ON "enterprise_issues"  ("lead_id", "created_at") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_enterprise_issues_lead_created"`);
    await queryRunner.query(`DROP INDEX "public"."idx_enterprise_issues_unresolved_due"`);
    await queryRunner.query(`DROP TABLE "enterprise_issues"`);
  }
}
