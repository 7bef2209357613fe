import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search in a caller's scope (#22): the search index holds each lead's team and owner beside its grams
 * (btree_gin, a contrib extension shipped with PostgreSQL and trusted, so the database owner may create it),
 * so a promoter's search fetches only the matches in their team or their own instead of every match in
 * the table; a team's live leads in list order, which a promoter's search walks when its term is common
 * enough to fill a page early (LeadQueryBuilder.page); and both list-order indexes a search walks include
 * search_text, so the walk checks the term on the index entries and reads only the page's rows from the
 * table (idx_leads_live_created keeps its name and keys). About 2.5 minutes at 1M leads on a busy 2-core
 * machine (the GIN index most of it); the two list-order indexes take ~130 MB each.
 */
export class SearchScope1797410000000 implements MigrationInterface {
  name = 'SearchScope1797410000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS btree_gin`);
    await queryRunner.query(`DROP INDEX IF EXISTS "idx_leads_search_grams"`);
    await queryRunner.query(
      `CREATE INDEX "idx_leads_search_grams" ON "leads" USING gin ("team_id", "owner_id", "search_grams") WHERE deleted_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_leads_team_created" ON "leads" ("team_id", "created_at" DESC, "id" DESC) INCLUDE ("search_text") WHERE deleted_at IS NULL`,
    );
    await queryRunner.query(`DROP INDEX IF EXISTS "idx_leads_live_created"`);
    await queryRunner.query(
      `CREATE INDEX "idx_leads_live_created" ON "leads" ("created_at" DESC, "id" DESC) INCLUDE ("search_text") WHERE deleted_at IS NULL`,
    );
    // a gram missing from the statistics counts as rare (read by the index): 10× the default target lists the
    // grams down to ~0.05 % of leads instead of ~0.5 %, so "rare" means at most ~500 matches at 1M, not ~5,000
    await queryRunner.query(`ALTER TABLE "leads" ALTER COLUMN "search_grams" SET STATISTICS 1000`);
    await queryRunner.query(`ANALYZE "leads" ("search_grams")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "leads" ALTER COLUMN "search_grams" SET STATISTICS -1`);
    await queryRunner.query(`DROP INDEX IF EXISTS "idx_leads_live_created"`);
    await queryRunner.query(`CREATE INDEX "idx_leads_live_created" ON "leads" ("created_at" DESC, "id" DESC) WHERE deleted_at IS NULL`);
    await queryRunner.query(`DROP INDEX IF EXISTS "idx_leads_team_created"`);
    await queryRunner.query(`DROP INDEX IF EXISTS "idx_leads_search_grams"`);
    await queryRunner.query(`CREATE INDEX "idx_leads_search_grams" ON "leads" USING gin ("search_grams") WHERE deleted_at IS NULL`);
  }
}
