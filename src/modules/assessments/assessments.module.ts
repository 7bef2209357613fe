import { Module } from '@nestjs/common';
import { LeadsModule } from '../leads/leads.module';
import { AssessmentsController } from './assessments.controller';
import { AssessmentsRepository } from './assessments.repository';
import { AssessmentsService } from './assessments.service';

/** 事前评估 of leads; exports the service for the signing gate and the lead page. */
@Module({
  imports: [LeadsModule],
  controllers: [AssessmentsController],
  providers: [AssessmentsRepository, AssessmentsService],
  exports: [AssessmentsService],
})
export class AssessmentsModule {}
