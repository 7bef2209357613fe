import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 产业链招商 (#21, first slice): a chain per catalog branch (its team), its nodes by segment, local enterprises
 * on nodes, target companies per node, and the lead's chain node. The CHECK lists are those of chain.model.ts
 * at this release (test/schema.e2e-spec.ts fails when the model and the schema part). The reference nodes
 * are loaded at start-up by chains.seeder.ts, like the catalog.
 */
export class IndustryChains1797100000000 implements MigrationInterface {
  name = 'IndustryChains1797100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "industry_chains" ("industry_code" text NOT NULL, "team_id" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7019c1cf105ebb7d39eb2b01d98" PRIMARY KEY ("industry_code"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "chain_nodes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" text NOT NULL, "industry_code" text NOT NULL, "segment" text NOT NULL, "name" text NOT NULL, "description" text, "sort_order" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_chain_nodes_segment" CHECK (segment IN ('upstream', 'midstream', 'downstream')), CONSTRAINT "PK_684ba69a1d1a65628aa467279b7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_chain_nodes_industry" ON "chain_nodes"  ("industry_code", "segment", "sort_order") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_chain_nodes_code" ON "chain_nodes"  ("code") `);
    await queryRunner.query(
      `CREATE TABLE "chain_enterprises" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "credit_code" character varying(18), "chain_leader" boolean NOT NULL DEFAULT false, "output" numeric(14,2), "employees" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_chain_enterprises_non_negative" CHECK ((output IS NULL OR output >= 0) AND (employees IS NULL OR employees >= 0)), CONSTRAINT "PK_77583faebc2bcea6c3a33b213b2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_chain_enterprises_credit_code" ON "chain_enterprises"  ("credit_code") WHERE credit_code IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "chain_enterprise_nodes" ("enterprise_id" uuid NOT NULL, "node_id" uuid NOT NULL, CONSTRAINT "PK_f89f500f275a479f23a49afd743" PRIMARY KEY ("enterprise_id", "node_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_chain_enterprise_nodes_node" ON "chain_enterprise_nodes"  ("node_id") `);
    await queryRunner.query(
      `CREATE TABLE "chain_targets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "node_id" uuid NOT NULL, "name" text NOT NULL, "city" text, "credit_code" character varying(18), "reason" text, "tip_source" text, "status" text NOT NULL DEFAULT 'open', "lead_id" uuid, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_chain_targets_converted" CHECK ((status = 'converted') = (lead_id IS NOT NULL)), CONSTRAINT "chk_chain_targets_status" CHECK (status IN ('open', 'converted')), CONSTRAINT "PK_cf233146e1cf7d0a315cfd54c13" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_chain_targets_node" ON "chain_targets"  ("node_id", "status") `);
    await queryRunner.query(`ALTER TABLE "leads" ADD "chain_node_id" uuid`);
    await queryRunner.query(
      `CREATE INDEX "idx_leads_chain_node" ON "leads" ("chain_node_id") WHERE chain_node_id IS NOT NULL AND deleted_at IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_leads_chain_node"`);
    await queryRunner.query(`ALTER TABLE "leads" DROP COLUMN "chain_node_id"`);
    await queryRunner.query(`DROP INDEX "public"."idx_chain_targets_node"`);
    await queryRunner.query(`DROP TABLE "chain_targets"`);
    await queryRunner.query(`DROP INDEX "public"."idx_chain_enterprise_nodes_node"`);
    await queryRunner.query(`DROP TABLE "chain_enterprise_nodes"`);
    await queryRunner.query(`DROP INDEX "public"."uq_chain_enterprises_credit_code"`);
    await queryRunner.query(`DROP TABLE "chain_enterprises"`);
    await queryRunner.query(`DROP INDEX "public"."uq_chain_nodes_code"`);
    await queryRunner.query(`DROP INDEX "public"."idx_chain_nodes_industry"`);
    await queryRunner.query(`DROP TABLE "chain_nodes"`);
    await queryRunner.query(`DROP TABLE "industry_chains"`);
  }
}
