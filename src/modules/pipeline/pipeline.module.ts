import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module';
import { CarrierMatchingModule } from '../carriers/carrier-matching.module';
import { ChainsModule } from '../chains/chains.module';
import { LeadsModule } from '../leads/leads.module';
import { ConfirmationsModule } from '../confirmations/confirmations.module';
import { CommissionersService } from './commissioners.service';
import { PipelineController } from './pipeline.controller';
import { PipelineMetaController } from './pipeline-meta.controller';
import { TransitionsService } from './transitions.service';

@Module({
  imports: [LeadsModule, AssessmentsModule, CarrierMatchingModule, ConfirmationsModule, ChainsModule],
  controllers: [PipelineController, PipelineMetaController],
  providers: [TransitionsService, CommissionersService],
  exports: [TransitionsService, CommissionersService],
})
export class PipelineModule {}
