import { Module } from '@nestjs/common';
import { LeadsModule } from '../leads/leads.module';
import { EnterpriseIssuesController } from './enterprise-issues.controller';
import { EnterpriseIssuesRepository } from './enterprise-issues.repository';
import { EnterpriseIssuesService } from './enterprise-issues.service';

/** 企业诉求 of leads; exports the service for the lead page's open/overdue summary. */
@Module({
  imports: [LeadsModule],
  controllers: [EnterpriseIssuesController],
  providers: [EnterpriseIssuesRepository, EnterpriseIssuesService],
  exports: [EnterpriseIssuesService],
})
export class EnterpriseIssuesModule {}
