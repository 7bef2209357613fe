import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 产业链招商 (#21): 安商 visits to local enterprises; a lead's local enterprise (enterprise_id) and its 投资类型
 * (investment_kind, lead.enums.ts at this release). A 增资 lead carries the credit code of its enterprise, which
 * may also be that of the enterprise's original lead: the live credit codes stay unique among new projects only,
 * and a plain index keeps every live credit code looked up by index (double-signing, imports).
 */
export class ChainAftercare1797300000000 implements MigrationInterface {
  name = 'ChainAftercare1797300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "chain_enterprise_visits" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "enterprise_id" uuid NOT NULL, "kind" text NOT NULL, "visited_on" date NOT NULL, "summary" text NOT NULL, "next_step" text, "author_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_chain_enterprise_visits_kind" CHECK (kind IN ('onsite', 'call', 'forum', 'online', 'other')), CONSTRAINT "PK_chain_enterprise_visits" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_chain_enterprise_visits_enterprise" ON "chain_enterprise_visits" ("enterprise_id", "visited_on", "id") `,
    );
    await queryRunner.query(`ALTER TABLE "leads" ADD "enterprise_id" uuid`);
    await queryRunner.query(`ALTER TABLE "leads" ADD "investment_kind" text NOT NULL DEFAULT 'new'`);
    await queryRunner.query(
      `ALTER TABLE "leads" ADD CONSTRAINT "chk_leads_investment_kind" CHECK (investment_kind IN ('new', 'increase'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "leads" ADD CONSTRAINT "chk_leads_increase_enterprise" CHECK (investment_kind <> 'increase' OR enterprise_id IS NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_leads_enterprise" ON "leads" ("enterprise_id") WHERE enterprise_id IS NOT NULL AND deleted_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_leads_credit_code_live" ON "leads" ("credit_code") WHERE deleted_at IS NULL AND credit_code IS NOT NULL`,
    );
    await queryRunner.query(`DROP INDEX "public"."uq_leads_credit_code_live"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_leads_credit_code_live" ON "leads" ("credit_code") WHERE deleted_at IS NULL AND credit_code IS NOT NULL AND investment_kind = 'new'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_leads_credit_code_live"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_leads_credit_code_live" ON "leads" ("credit_code") WHERE deleted_at IS NULL AND credit_code IS NOT NULL`,
    );
    await queryRunner.query(`DROP INDEX "public"."idx_leads_credit_code_live"`);
    await queryRunner.query(`DROP INDEX "public"."idx_leads_enterprise"`);
    await queryRunner.query(`ALTER TABLE "leads" DROP CONSTRAINT "chk_leads_increase_enterprise"`);
    await queryRunner.query(`ALTER TABLE "leads" DROP CONSTRAINT "chk_leads_investment_kind"`);
    await queryRunner.query(`ALTER TABLE "leads" DROP COLUMN "investment_kind"`);
    await queryRunner.query(`ALTER TABLE "leads" DROP COLUMN "enterprise_id"`);
    await queryRunner.query(`DROP INDEX "public"."idx_chain_enterprise_visits_enterprise"`);
    await queryRunner.query(`DROP TABLE "chain_enterprise_visits"`);
  }
}
