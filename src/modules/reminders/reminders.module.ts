import { Global, Module } from '@nestjs/common';
import { ReconcilerService } from './reconciler.service';
import { ReminderDeliveryService } from './reminder-delivery.service';
import { ReminderQueue } from './reminder-queue';
import { ReminderScheduler } from './reminder-scheduler';
import { RemindersController } from './reminders.controller';
import { ScansService } from './scans.service';
import { WarningsService } from './warnings.service';
import { WebhookService } from './webhook.service';

/** Reminders and warnings: recorded in PostgreSQL by the features that cause them, delivered through BullMQ. */
@Global()
@Module({
  controllers: [RemindersController],
  providers: [ReminderScheduler, ReminderQueue, ReminderDeliveryService, ReconcilerService, ScansService, WarningsService, WebhookService],
  exports: [ReminderScheduler, ReminderQueue, ScansService, ReminderDeliveryService, ReconcilerService, WebhookService],
})
export class RemindersModule {}
