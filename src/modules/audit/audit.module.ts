import { Module } from '@nestjs/common';
import { LeadsModule } from '../leads/leads.module';
import { TimelineController } from './timeline.controller';
import { TimelineService } from './timeline.service';

@Module({ imports: [LeadsModule], controllers: [TimelineController], providers: [TimelineService] })
export class AuditModule {}
