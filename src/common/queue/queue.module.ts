import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { QueueService } from './queue.service';
import { QueueWorkers } from './queue-workers';
import { UnitOfWork } from './unit-of-work';

/** Every queue (QUEUES), its producer, its workers and the after-commit helper; imported by the features that queue work. */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [QueueService, QueueWorkers, UnitOfWork],
  exports: [QueueService, UnitOfWork],
})
export class QueueModule {}
