import { MigrationInterface, QueryRunner } from 'typeorm';

export class TransitionDurations1795761261146 implements MigrationInterface {
  name = 'TransitionDurations1795761261146';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "lead_transitions" ADD "days_in_from_stage" numeric(10,2)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "lead_transitions" DROP COLUMN "days_in_from_stage"`);
  }
}
