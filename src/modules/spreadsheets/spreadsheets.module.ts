import { Module } from '@nestjs/common';
import { QueueModule } from '../../common/queue/queue.module';
import { LeadsModule } from '../leads/leads.module';
import { ObligationsModule } from '../obligations/obligations.module';
import { PipelineModule } from '../pipeline/pipeline.module';
import { ActualsImportRepository } from './actuals-import.repository';
import { ActualsImportService } from './actuals-import.service';
import { ActualsSpreadsheetsController } from './actuals-spreadsheets.controller';
import { ImportMappingsService } from './import-mappings.service';
import { ImportTargets } from './import-targets';
import { ImportQueue } from './import-queue';
import { ImportsController } from './imports.controller';
import { ImportsProcessor } from './imports.processor';
import { ImportsRepository } from './imports.repository';
import { ImportsService } from './imports.service';
import { LeadExportService } from './lead-export.service';
import { LeadImportFilesService } from './lead-import-files.service';
import { LeadImportRepository } from './lead-import.repository';
import { LeadImportService } from './lead-import.service';
import { LeadImportUpdates } from './lead-import-updates';
import { LeadSpreadsheetsController } from './lead-spreadsheets.controller';

/** Excel in and out: the lead export, the ledger (台账) and actuals (履约填报) imports, and background imports with their progress. */
@Module({
  imports: [QueueModule, LeadsModule, PipelineModule, ObligationsModule],
  controllers: [LeadSpreadsheetsController, ActualsSpreadsheetsController, ImportsController],
  providers: [
    LeadExportService,
    LeadImportFilesService,
    ImportMappingsService,
    LeadImportService,
    LeadImportUpdates,
    LeadImportRepository,
    ActualsImportService,
    ActualsImportRepository,
    ImportTargets,
    ImportsService,
    ImportsRepository,
    ImportQueue,
    ImportsProcessor,
  ],
  exports: [ImportsService, ImportQueue],
})
export class SpreadsheetsModule {}
