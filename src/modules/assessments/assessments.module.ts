import { Module } from '@nestjs/common';
import { ChainsModule } from '../chains/chains.module';
import { LeadsModule } from '../leads/leads.module';
import { AssessmentsController } from './assessments.controller';
import { AssessmentsRepository } from './assessments.repository';
import { AssessmentsService } from './assessments.service';

/** 事前评估 of leads (the industry-fit suggestion reads the chain node's mark); exports the service for the signing gate and the lead page. */
@Module({
  imports: [LeadsModule, ChainsModule],
  controllers: [AssessmentsController],
  providers: [AssessmentsRepository, AssessmentsService],
  exports: [AssessmentsService],
})
export class AssessmentsModule {}
