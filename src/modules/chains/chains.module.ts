import { Module } from '@nestjs/common';
import { LeadsModule } from '../leads/leads.module';
import { ChainConversionService } from './chain-conversion.service';
import { ChainExportService } from './chain-export.service';
import { ChainImportService } from './chain-import.service';
import { ChainsController } from './chains.controller';
import { ChainsRepository } from './chains.repository';
import { ChainsService } from './chains.service';

/** 产业链招商 (DESIGN §10): chains per catalog branch, the gap view, local enterprises, targets and their conversion into leads. */
@Module({
  imports: [LeadsModule],
  controllers: [ChainsController],
  providers: [ChainsRepository, ChainsService, ChainConversionService, ChainExportService, ChainImportService],
})
export class ChainsModule {}
