import { Module } from '@nestjs/common';
import { LeadConditionsModule } from './lead-conditions.module';
import { LeadQueryBuilder } from './lead-query.builder';
import { LeadsController } from './leads.controller';
import { LeadsRepository } from './leads.repository';
import { LeadsService } from './leads.service';
import { SearchGramFrequencies } from './search-gram-frequencies';

@Module({
  imports: [LeadConditionsModule],
  controllers: [LeadsController],
  providers: [LeadsRepository, LeadsService, LeadQueryBuilder, SearchGramFrequencies],
  exports: [LeadsRepository, LeadsService, LeadQueryBuilder],
})
export class LeadsModule {}
