import { Global, Module } from '@nestjs/common';
import { QueueService } from './queue.service';
import { UnitOfWork } from './unit-of-work';

/** Every queue's producer (QUEUES) and the after-commit helper; the workers are QueueWorkers, in WorkerModule. */
@Global()
@Module({
  providers: [QueueService, UnitOfWork],
  exports: [QueueService, UnitOfWork],
})
export class QueueModule {}
