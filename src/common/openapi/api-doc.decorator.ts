import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { ErrorCode } from '../errors/app-error';

export const API_ERRORS = 'apiErrors';

export interface ApiDocOptions {
  /** What the operation does beyond its summary (access and errors are added from the route's metadata). */
  description?: string;
  /**
   * The codes the route's service may answer besides those every route of its kind answers (401 without
   * @Public, 403 with @Roles, 404 with a path id, 400 with input, 409/422 with Idempotency-Key): 409, 422,
   * a service's own 403, an INVALID_CREDENTIALS or a TOO_MANY_REQUESTS. contract.ts turns them into responses.
   */
  errors?: ErrorCode[];
}

/** An operation's summary in Chinese and English (`创建项目 / Create a lead`), its description and its declared error codes. */
export const ApiDoc = (zh: string, en: string, options: ApiDocOptions = {}) =>
  applyDecorators(
    ApiOperation({ summary: `${zh} / ${en}`, ...(options.description ? { description: options.description } : {}) }),
    SetMetadata(API_ERRORS, options.errors ?? []),
  );
