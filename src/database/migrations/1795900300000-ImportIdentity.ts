import { MigrationInterface, QueryRunner } from 'typeorm';

/** An import finds the live lead of a row without a credit code by 企业名称 + 项目名称 (with the team), so a re-upload does not add it again. */
export class ImportIdentity1795900300000 implements MigrationInterface {
  name = 'ImportIdentity1795900300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "idx_leads_import_identity" ON "leads" ("company_name", "name") WHERE deleted_at IS NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS "idx_leads_import_identity"`);
  }
}
