import { Module } from '@nestjs/common';
import { LeadsModule } from '../leads/leads.module';
import { UsersModule } from '../users/users.module';
import { EvidenceUploadInterceptor } from '../../common/evidence/evidence-upload';
import { ConfirmationsController } from './confirmations.controller';
import { ConfirmationsRepository } from './confirmations.repository';
import { ConfirmationsService } from './confirmations.service';

/** 审核确认 (DESIGN §11): leaders' confirmations of moves into the dated stages, with evidence. */
@Module({
  imports: [LeadsModule, UsersModule],
  controllers: [ConfirmationsController],
  providers: [ConfirmationsRepository, ConfirmationsService, EvidenceUploadInterceptor],
  exports: [ConfirmationsService],
})
export class ConfirmationsModule {}
