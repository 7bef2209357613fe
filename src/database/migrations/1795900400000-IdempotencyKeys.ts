import { MigrationInterface, QueryRunner } from 'typeorm';

export class IdempotencyKeys1795900400000 implements MigrationInterface {
  name = 'IdempotencyKeys1795900400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "idempotency_keys" ("user_id" uuid NOT NULL, "route" text NOT NULL, "key" text NOT NULL, "request_hash" text NOT NULL, "state" text NOT NULL DEFAULT 'running', "response_status" integer, "response_body" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_idempotency_keys_state" CHECK (state IN ('running', 'done')), CONSTRAINT "PK_79acb7b6848bf92c25a73249d86" PRIMARY KEY ("user_id", "route", "key"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_idempotency_keys_created" ON "idempotency_keys"  ("created_at") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_idempotency_keys_created"`);
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
  }
}
