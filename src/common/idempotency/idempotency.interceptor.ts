import { createHash, Hash } from 'node:crypto';
import { applyDecorators, CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { catchError, from, mergeMap, Observable, of, throwError } from 'rxjs';
import { AuthenticatedRequest } from '../auth/decorators';
import { AppError } from '../errors/app-error';
import { IDEMPOTENCY_TTL_HOURS, IdempotencyScope, IdempotencyStore } from './idempotency.store';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/** Multipart bodies are read by their route's own interceptor (declared below @Idempotent()), which keeps them here. */
type IdempotentRequest = AuthenticatedRequest & { spreadsheetUpload?: unknown; evidenceUpload?: unknown };

/** Feeds a value into the hash with sorted object keys, so the same JSON in another key order is the same request; buffers as bytes. */
function feed(hash: Hash, value: unknown): void {
  if (Buffer.isBuffer(value)) hash.update(`b${value.length}:`).update(value);
  else if (Array.isArray(value)) {
    hash.update('[');
    for (const item of value) feed(hash, item);
    hash.update(']');
  } else if (value !== null && typeof value === 'object') {
    hash.update('{');
    for (const key of Object.keys(value).sort()) {
      hash.update(JSON.stringify(key));
      feed(hash, (value as Record<string, unknown>)[key]);
    }
    hash.update('}');
  } else hash.update(JSON.stringify(value) ?? 'u');
}

export function requestHash(request: IdempotentRequest): string {
  const hash = createHash('sha256');
  feed(hash, [request.method, request.url, request.body ?? null, request.spreadsheetUpload ?? request.evidenceUpload ?? null]);
  return hash.digest('hex');
}

/**
 * Makes a create endpoint safe to retry: with an `Idempotency-Key` header, the first request with that key
 * (per user and route) runs and its answer is stored; a repeat gets the same status and body without running,
 * the same key with another body a 422, and a repeat during the first a wait, then 409. A failed request
 * releases its key (it created nothing). Without the header the request runs as always.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);

  constructor(private readonly store: IdempotencyStore) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<IdempotentRequest>();
    const reply = http.getResponse<FastifyReply>();
    const key = request.headers[IDEMPOTENCY_HEADER];
    if (key === undefined || !request.user) return next.handle();
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      const message = 'Idempotency-Key must be 1 to 200 visible ASCII characters (a UUID is best)';
      throw AppError.validation(message, [{ field: 'Idempotency-Key', errors: [message] }]);
    }
    const scope: IdempotencyScope = { userId: request.user.id, route: `${request.method} ${request.routeOptions.url ?? request.url}`, key };
    const claim = await this.store.claim(scope, requestHash(request));
    if (claim.kind === 'replay') {
      void reply.status(claim.status).header('idempotent-replayed', 'true');
      return of(claim.body);
    }
    return next.handle().pipe(
      mergeMap(async (body: unknown) => {
        // the work is done: a failure to record the answer must not turn it into an error the client retries
        await this.store
          .complete(scope, reply.statusCode, body)
          .catch((error: Error) =>
            this.logger.error({ msg: 'could not record the idempotent answer', route: scope.route, error: error.message }),
          );
        return body;
      }),
      catchError((error: unknown) => from(this.store.release(scope).catch(() => undefined)).pipe(mergeMap(() => throwError(() => error)))),
    );
  }
}

/** The route accepts an Idempotency-Key header (documented in OpenAPI). Put it above any interceptor that reads the body. */
export const Idempotent = () =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: `A unique value (a UUID) per user action, sent again unchanged when the action is retried: a repeat answers the first response (header Idempotent-Replayed: true) and creates nothing; the same key with another body is a 422; a repeat while the first still runs waits, then 409. Keys are kept ${IDEMPOTENCY_TTL_HOURS} h.`,
    }),
  );
