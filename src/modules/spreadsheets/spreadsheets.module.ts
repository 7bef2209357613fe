import { Module } from '@nestjs/common';
import { QueueModule } from '../../common/queue/queue.module';
import { LeadsModule } from '../leads/leads.module';
import { PipelineModule } from '../pipeline/pipeline.module';
import { ImportMappingsService } from './import-mappings.service';
import { ImportQueue } from './import-queue';
import { ImportsController } from './imports.controller';
import { ImportsProcessor } from './imports.processor';
import { ImportsRepository } from './imports.repository';
import { ImportsService } from './imports.service';
import { LeadExportService } from './lead-export.service';
import { LeadImportFilesService } from './lead-import-files.service';
import { LeadImportRepository } from './lead-import.repository';
import { LeadImportService } from './lead-import.service';
import { LeadSpreadsheetsController } from './lead-spreadsheets.controller';

/** Excel in and out: the lead export, the ledger (台账) import, and background imports with their progress. */
@Module({
  imports: [QueueModule, LeadsModule, PipelineModule],
  controllers: [LeadSpreadsheetsController, ImportsController],
  providers: [
    LeadExportService,
    LeadImportFilesService,
    ImportMappingsService,
    LeadImportService,
    LeadImportRepository,
    ImportsService,
    ImportsRepository,
    ImportQueue,
    ImportsProcessor,
  ],
  exports: [ImportsService, ImportQueue],
})
export class SpreadsheetsModule {}
