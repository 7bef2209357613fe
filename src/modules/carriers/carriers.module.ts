import { Module } from '@nestjs/common';
import { QueueModule } from '../../common/queue/queue.module';
import { SpreadsheetUploadInterceptor } from '../spreadsheets/spreadsheet-upload';
import { CarrierFiguresService } from './carrier-figures.service';
import { CarrierPlanService } from './carrier-plan.service';
import { CarrierQueryBuilder } from './carrier-query.builder';
import { CarrierSpreadsheetsService } from './carrier-spreadsheets.service';
import { CarriersMetaController } from './carriers-meta.controller';
import { CarriersController } from './carriers.controller';
import { CarriersRepository } from './carriers.repository';
import { CarriersService } from './carriers.service';

/** 载体资源 (DESIGN §9): land parcels, standard factories and buildings in the parks, their plan, ledger and vacancy figures. */
@Module({
  imports: [QueueModule],
  controllers: [CarriersController, CarriersMetaController],
  providers: [
    CarriersRepository,
    CarrierQueryBuilder,
    CarriersService,
    CarrierSpreadsheetsService,
    CarrierPlanService,
    CarrierFiguresService,
    SpreadsheetUploadInterceptor,
  ],
  exports: [CarriersService, CarriersRepository, CarrierQueryBuilder],
})
export class CarriersModule {}
