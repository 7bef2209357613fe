import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ErrorCode, ERROR_STATUS } from '../errors/app-error';
import { redactUrl } from '../logging/redact-url';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

const HTTP_STATUS_CODES: Record<number, ErrorCode> = {
  400: ErrorCode.BadRequest,
  401: ErrorCode.Unauthorized,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  422: ErrorCode.UnprocessableEntity,
  429: ErrorCode.TooManyRequests,
  503: ErrorCode.ServiceUnavailable,
};

/** Fastify's own client errors (bad JSON, wrong content type, body too large) carry a statusCode and an FST_ code. */
interface FastifyClientError {
  statusCode: number;
  code?: string;
  message: string;
}

function isFastifyClientError(error: unknown): error is FastifyClientError {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as Partial<FastifyClientError>;
  return typeof candidate.statusCode === 'number' && candidate.statusCode >= 400 && candidate.statusCode < 500;
}

/** Renders every error in the one shape (README, API: statusCode, code, message, details); unknown errors are logged and answered as a bare 500. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const body = this.toBody(exception, request);
    if (exception instanceof AppError && exception.headers) {
      for (const [name, value] of Object.entries(exception.headers)) void reply.header(name, value);
    }
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private toBody(exception: unknown, request: FastifyRequest): ErrorBody {
    if (exception instanceof AppError) {
      return { statusCode: exception.status, code: exception.code, message: exception.message, details: exception.details };
    }
    // Nest wraps Fastify's body-parsing errors in an HttpException whose cause is the Fastify error.
    const fastifyError = exception instanceof HttpException && isFastifyClientError(exception.cause) ? exception.cause : exception;
    if (isFastifyClientError(fastifyError) && typeof fastifyError.code === 'string' && fastifyError.code.startsWith('FST_')) {
      const malformedJson = fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY';
      const code = malformedJson ? ErrorCode.MalformedJson : (HTTP_STATUS_CODES[fastifyError.statusCode] ?? ErrorCode.BadRequest);
      return { statusCode: ERROR_STATUS[code], code, message: malformedJson ? 'The request body is not valid JSON' : fastifyError.message };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? exception.message);
      if (status >= 500) this.logUnexpected(exception, request);
      return {
        statusCode: status,
        code: HTTP_STATUS_CODES[status] ?? (status >= 500 ? ErrorCode.Internal : ErrorCode.BadRequest),
        message:
          status >= 500
            ? 'Internal server error'
            : Array.isArray(message)
              ? message.join('; ')
              : typeof message === 'string'
                ? message
                : exception.message,
      };
    }
    this.logUnexpected(exception, request);
    return { statusCode: 500, code: ErrorCode.Internal, message: 'Internal server error', details: { requestId: request.id } };
  }

  private logUnexpected(exception: unknown, request: FastifyRequest): void {
    const error = exception instanceof Error ? exception : new Error(String(exception));
    this.logger.error({
      msg: 'unhandled error',
      requestId: request.id,
      method: request.method,
      url: redactUrl(request.url),
      error: error.message,
      stack: error.stack,
    });
  }
}
