import { MigrationInterface, QueryRunner } from 'typeorm';

/** #20 考核: the lead's referrer (首引人) fields, leaders' confirmations of moves (审核确认) and their evidence files. */
export class CreditConfirmations1796900000000 implements MigrationInterface {
  name = 'CreditConfirmations1796900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "confirmation_evidence" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "lead_id" uuid NOT NULL, "confirmation_id" uuid, "file_name" text NOT NULL, "content_type" text NOT NULL, "size_bytes" integer NOT NULL, "sha256" text NOT NULL, "content" bytea NOT NULL, "uploaded_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b16c678fa9ca749fe47de97a534" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_confirmation_evidence_confirmation" ON "confirmation_evidence"  ("confirmation_id") `);
    await queryRunner.query(`CREATE INDEX "idx_confirmation_evidence_lead_created" ON "confirmation_evidence"  ("lead_id", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "lead_confirmations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "lead_id" uuid NOT NULL, "stage" text NOT NULL, "status" text NOT NULL, "note" text, "reason" text, "figures" jsonb NOT NULL DEFAULT '{}', "decided_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "voided_at" TIMESTAMP WITH TIME ZONE, "voided_by" uuid, "void_reason" text, CONSTRAINT "chk_lead_confirmations_status" CHECK (status IN ('confirmed', 'rejected', 'voided')), CONSTRAINT "PK_85302e32b3d4fe4de0e953955fe" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_lead_confirmations_standing" ON "lead_confirmations"  ("lead_id", "stage") WHERE status = 'confirmed'`,
    );
    await queryRunner.query(`CREATE INDEX "idx_lead_confirmations_lead_created" ON "lead_confirmations"  ("lead_id", "created_at") `);
    await queryRunner.query(`ALTER TABLE "leads" ADD "referrer_kind" text`);
    await queryRunner.query(`ALTER TABLE "leads" ADD "referrer_user_id" uuid`);
    await queryRunner.query(`ALTER TABLE "leads" ADD "referrer_name" text`);
    await queryRunner.query(`ALTER TABLE "leads" ADD "referrer_contact" text`);
    await queryRunner.query(`ALTER TABLE "leads" ADD "referrer_confirmed_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "leads" DROP COLUMN "referrer_confirmed_at"`);
    await queryRunner.query(`ALTER TABLE "leads" DROP COLUMN "referrer_contact"`);
    await queryRunner.query(`ALTER TABLE "leads" DROP COLUMN "referrer_name"`);
    await queryRunner.query(`ALTER TABLE "leads" DROP COLUMN "referrer_user_id"`);
    await queryRunner.query(`ALTER TABLE "leads" DROP COLUMN "referrer_kind"`);
    await queryRunner.query(`DROP INDEX "public"."idx_lead_confirmations_lead_created"`);
    await queryRunner.query(`DROP INDEX "public"."uq_lead_confirmations_standing"`);
    await queryRunner.query(`DROP TABLE "lead_confirmations"`);
    await queryRunner.query(`DROP INDEX "public"."idx_confirmation_evidence_lead_created"`);
    await queryRunner.query(`DROP INDEX "public"."idx_confirmation_evidence_confirmation"`);
    await queryRunner.query(`DROP TABLE "confirmation_evidence"`);
  }
}
