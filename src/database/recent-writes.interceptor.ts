import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { catchError, from, mergeMap, Observable, throwError } from 'rxjs';
import { AuthenticatedRequest } from '../common/auth/decorators';
import { ReadReplicas } from './read-replicas';
import { RecentWrites } from './recent-writes';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Global: every non-GET request of an authenticated user is recorded as a write (RecentWrites) when it starts and
 * again before its answer leaves, so the user's next page, even one opened the instant the answer arrives and even
 * after a write that ran longer than the bound, reads from the primary. Nothing happens without replicas.
 */
@Injectable()
export class RecentWritesInterceptor implements NestInterceptor {
  constructor(
    private readonly replicas: ReadReplicas,
    private readonly writes: RecentWrites,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (!this.replicas.enabled || context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const userId = request.user?.id;
    if (!userId || READS.has(request.method)) return next.handle();
    await this.writes.record(userId);
    return next.handle().pipe(
      mergeMap(async (body: unknown) => {
        await this.writes.record(userId);
        return body;
      }),
      catchError((error: unknown) => from(this.writes.record(userId)).pipe(mergeMap(() => throwError(() => error)))),
    );
  }
}
