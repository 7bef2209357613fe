import { Global, Module } from '@nestjs/common';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyProcessor } from './idempotency.processor';
import { IdempotencyStore } from './idempotency.store';

/** Idempotency-Key support for create endpoints (@Idempotent()); global so every feature module can use it. */
@Global()
@Module({
  providers: [IdempotencyStore, IdempotencyInterceptor, IdempotencyProcessor],
  exports: [IdempotencyStore, IdempotencyInterceptor],
})
export class IdempotencyModule {}
