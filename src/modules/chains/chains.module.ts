import { Module } from '@nestjs/common';
import { LeadsModule } from '../leads/leads.module';
import { ChainAftercareService } from './chain-aftercare.service';
import { ChainConversionService } from './chain-conversion.service';
import { ChainExportService } from './chain-export.service';
import { ChainImportService } from './chain-import.service';
import { ChainMembershipService } from './chain-membership.service';
import { ChainsController } from './chains.controller';
import { ChainsRepository } from './chains.repository';
import { ChainsService } from './chains.service';

/**
 * 产业链招商 (DESIGN §10): chains per catalog branch, the gap view, local enterprises (安商 visits, 增资 leads, operating
 * projects joining them), targets and their conversion into leads; exports a node's mark (the 事前评估 reads it) and
 * the joining of operating projects (the transitions call it). It imports LeadsModule, so LeadsModule never imports it:
 * the lead page reads its node's name from the table (LeadsRepository.chainNodeRef).
 */
@Module({
  imports: [LeadsModule],
  controllers: [ChainsController],
  providers: [
    ChainsRepository,
    ChainsService,
    ChainConversionService,
    ChainAftercareService,
    ChainMembershipService,
    ChainExportService,
    ChainImportService,
  ],
  exports: [ChainsService, ChainMembershipService],
})
export class ChainsModule {}
