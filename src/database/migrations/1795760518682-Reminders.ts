import { MigrationInterface, QueryRunner } from 'typeorm';

export class Reminders1795760518682 implements MigrationInterface {
  name = 'Reminders1795760518682';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "reminder_id" uuid, "kind" text NOT NULL, "lead_id" uuid, "due_at" TIMESTAMP WITH TIME ZONE, "title" text NOT NULL, "body" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP WITH TIME ZONE, "webhook_status" text, "webhook_attempts" integer NOT NULL DEFAULT '0', CONSTRAINT "uq_notifications_reminder_user" UNIQUE ("reminder_id", "user_id"), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_notifications_user_created" ON "notifications"  ("user_id", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "reminders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" text NOT NULL, "lead_id" uuid, "issue_id" uuid, "recipient_id" uuid, "level" text, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" text NOT NULL DEFAULT 'pending', "dedupe_key" text NOT NULL, "data" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "processed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "chk_reminders_status" CHECK (status IN ('pending', 'sent', 'cancelled', 'skipped')), CONSTRAINT "chk_reminders_kind" CHECK (kind IN ('follow_up_due', 'follow_up_overdue', 'stage_stalled', 'issue_due', 'issue_overdue', 'daily_digest', 'assigned')), CONSTRAINT "PK_38715fec7f634b72c6cf7ea4893" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_reminders_lead" ON "reminders"  ("lead_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_reminders_dedupe_key" ON "reminders"  ("dedupe_key") `);
    await queryRunner.query(`CREATE INDEX "idx_reminders_pending_due" ON "reminders" ("due_at") WHERE status = 'pending'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS "idx_reminders_pending_due"`);
    await queryRunner.query(`DROP INDEX "public"."uq_reminders_dedupe_key"`);
    await queryRunner.query(`DROP INDEX "public"."idx_reminders_lead"`);
    await queryRunner.query(`DROP TABLE "reminders"`);
    await queryRunner.query(`DROP INDEX "public"."idx_notifications_user_created"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
  }
}
