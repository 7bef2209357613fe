import { Module } from '@nestjs/common';
import { LeadsModule } from '../leads/leads.module';
import { ChainConversionService } from './chain-conversion.service';
import { ChainsController } from './chains.controller';
import { ChainsRepository } from './chains.repository';
import { ChainsService } from './chains.service';

/**
 * 产业链招商 (DESIGN §10): chains per catalog branch, the gap view, local enterprises, targets and their conversion into
 * leads; exports the service for a node's mark (the 事前评估 reads it). It imports LeadsModule, so LeadsModule never
 * imports it: the lead page reads its node's name from the table (LeadsRepository.chainNodeRef).
 */
@Module({
  imports: [LeadsModule],
  controllers: [ChainsController],
  providers: [ChainsRepository, ChainsService, ChainConversionService],
  exports: [ChainsService],
})
export class ChainsModule {}
