import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rest of the bureau's ledger (#15): an import's skipped lines (合计 lines, notes below the table)
 * counted apart, so a dry run's progress no longer counts them as valid; and a confidential lead found by
 * its 代号 in place of its name (what the export writes), by a partial expression index beside the one by name.
 */
export class LedgerFinish1796300000000 implements MigrationInterface {
  name = 'LedgerFinish1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "imports" ADD "skipped" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(
      `CREATE INDEX "idx_leads_import_code_name" ON "leads" (lead_identity_text(company_name), lead_identity_text(code_name))
       WHERE deleted_at IS NULL AND code_name IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS "idx_leads_import_code_name"`);
    await queryRunner.query(`ALTER TABLE "imports" DROP COLUMN "skipped"`);
  }
}
