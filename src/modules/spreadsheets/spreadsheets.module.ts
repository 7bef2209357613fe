import { Module } from '@nestjs/common';
import { LeadsModule } from '../leads/leads.module';
import { PipelineModule } from '../pipeline/pipeline.module';
import { ImportQueue } from './import-queue';
import { ImportsController } from './imports.controller';
import { ImportsRepository } from './imports.repository';
import { ImportsService } from './imports.service';
import { LeadExportService } from './lead-export.service';
import { LeadImportRepository } from './lead-import.repository';
import { LeadImportService } from './lead-import.service';
import { LeadSpreadsheetsController } from './lead-spreadsheets.controller';

/** Excel in and out: the lead export, the ledger (台账) import, and background imports with their progress. */
@Module({
  imports: [LeadsModule, PipelineModule],
  controllers: [LeadSpreadsheetsController, ImportsController],
  providers: [LeadExportService, LeadImportService, LeadImportRepository, ImportsService, ImportsRepository, ImportQueue],
  exports: [ImportsService, ImportQueue],
})
export class SpreadsheetsModule {}
