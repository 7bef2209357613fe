import { Module } from '@nestjs/common';
import { LeadsModule } from '../leads/leads.module';
import { FollowUpsController } from './follow-ups.controller';
import { FollowUpsService } from './follow-ups.service';

@Module({ imports: [LeadsModule], controllers: [FollowUpsController], providers: [FollowUpsService], exports: [FollowUpsService] })
export class FollowUpsModule {}
