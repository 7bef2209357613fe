import { MigrationInterface, QueryRunner } from 'typeorm';

/** A per-user token version, carried in each JWT, so that a password change, (de)activation or logout ends older tokens. */
export class TokenVersion1795900000000 implements MigrationInterface {
  name = 'TokenVersion1795900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "token_version" integer NOT NULL DEFAULT 0`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "token_version"`);
  }
}
