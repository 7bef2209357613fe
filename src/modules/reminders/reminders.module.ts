import { Global, Module } from '@nestjs/common';
import { QueueModule } from '../../common/queue/queue.module';
import { LeadConditionsModule } from '../leads/lead-conditions.module';
import { ReconcilerService } from './reconciler.service';
import { ReminderDeliveryService } from './reminder-delivery.service';
import { ReminderKindsController } from './reminder-kinds.controller';
import { ReminderScheduler } from './reminder-scheduler';
import { RemindersController } from './reminders.controller';
import { RemindersProcessor } from './reminders.processor';
import { ScansService } from './scans.service';
import { WarningsService } from './warnings.service';
import { WebhookService } from './webhook.service';

/** Reminders and warnings: recorded in PostgreSQL by the features that cause them, delivered through BullMQ. */
@Global()
@Module({
  imports: [QueueModule, LeadConditionsModule],
  controllers: [RemindersController, ReminderKindsController],
  providers: [
    ReminderScheduler,
    ReminderDeliveryService,
    ReconcilerService,
    ScansService,
    WarningsService,
    WebhookService,
    RemindersProcessor,
  ],
  exports: [ReminderScheduler, ScansService],
})
export class RemindersModule {}
