import { Module } from '@nestjs/common';
import { CarrierMatchingModule } from '../carriers/carrier-matching.module';
import { DashboardModule } from '../dashboard/dashboard.module';
import { LeadsModule } from '../leads/leads.module';
import { ActualsController } from './actuals.controller';
import { ActualsService } from './actuals.service';
import { AgreementsController } from './agreements.controller';
import { AgreementsService } from './agreements.service';
import { ClauseReminders } from './clause-reminders';
import { EvidenceService } from './evidence.service';
import { EvidenceUploadInterceptor } from '../../common/evidence/evidence-upload';
import { ObligationScansService } from './obligation-scans.service';
import { ObligationsDashboardController } from './obligations-dashboard.controller';
import { ObligationFiguresService } from './obligation-figures.service';
import { ObligationsDashboardService } from './obligations-dashboard.service';
import { ObligationsExportService } from './obligations-export.service';
import { ObligationsReader } from './obligations.reader';
import { ObligationsRepository } from './obligations.repository';

/** 履约监管 (DESIGN §8): agreements, clauses and evidence, reported actuals, idle-land clocks, 亩均效益 grades and their reminders. */
@Module({
  imports: [LeadsModule, DashboardModule, CarrierMatchingModule],
  controllers: [AgreementsController, ActualsController, ObligationsDashboardController],
  providers: [
    ObligationsRepository,
    ObligationsReader,
    AgreementsService,
    ClauseReminders,
    EvidenceService,
    EvidenceUploadInterceptor,
    ActualsService,
    ObligationsDashboardService,
    ObligationsExportService,
    ObligationFiguresService,
    ObligationScansService,
  ],
  exports: [ActualsService, ObligationsRepository, ObligationsReader],
})
export class ObligationsModule {}
