import { MigrationInterface, QueryRunner } from 'typeorm';

export class Pipeline1795759778657 implements MigrationInterface {
  name = 'Pipeline1795759778657';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "assessments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "lead_id" uuid NOT NULL, "assessor_id" uuid NOT NULL, "scores" jsonb NOT NULL, "vetoes" text array NOT NULL DEFAULT '{}', "total" numeric(4,1) NOT NULL, "passed" boolean NOT NULL, "recommendation" text NOT NULL, "note" text, "suggested" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_assessments_total" CHECK (total >= 0 AND total <= 100), CONSTRAINT "PK_a3442bd80a00e9111cefca57f6c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_assessments_lead_created" ON "assessments"  ("lead_id", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "follow_ups" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "lead_id" uuid NOT NULL, "author_id" uuid NOT NULL, "type" text NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "summary" text NOT NULL, "outcome" text, "next_follow_up_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_follow_ups_type" CHECK (type IN ('call', 'visit', 'meeting', 'site_visit', 'online', 'signing', 'other')), CONSTRAINT "PK_d510aabdff2ec7fdc67a1092157" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_follow_ups_lead_occurred" ON "follow_ups"  ("lead_id", "occurred_at") `);
    await queryRunner.query(
      `CREATE TABLE "commissioner_assignments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "lead_id" uuid NOT NULL, "commissioner_id" uuid NOT NULL, "previous_commissioner_id" uuid, "assigned_by" uuid NOT NULL, "assigned_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "ended_at" TIMESTAMP WITH TIME ZONE, "note" text, CONSTRAINT "PK_9c9306df082fe7ae1e58becf3d6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_commissioner_assignments_lead" ON "commissioner_assignments"  ("lead_id", "assigned_at") `);
    await queryRunner.query(
      `CREATE TABLE "lead_transitions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "lead_id" uuid NOT NULL, "kind" text NOT NULL, "from_stage" text, "to_stage" text NOT NULL, "from_status" text, "to_status" text NOT NULL, "actor_id" uuid, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "note" text, "gate_data" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_6203d2e0ac3c2cce437ab2ab20e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_lead_transitions_lead_at" ON "lead_transitions"  ("lead_id", "at") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_lead_transitions_lead_at"`);
    await queryRunner.query(`DROP TABLE "lead_transitions"`);
    await queryRunner.query(`DROP INDEX "public"."idx_commissioner_assignments_lead"`);
    await queryRunner.query(`DROP TABLE "commissioner_assignments"`);
    await queryRunner.query(`DROP INDEX "public"."idx_follow_ups_lead_occurred"`);
    await queryRunner.query(`DROP TABLE "follow_ups"`);
    await queryRunner.query(`DROP INDEX "public"."idx_assessments_lead_created"`);
    await queryRunner.query(`DROP TABLE "assessments"`);
  }
}
