/** Error codes shared by every module; the filter maps each to its HTTP status. */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  MalformedJson = 'MALFORMED_JSON',
  BadRequest = 'BAD_REQUEST',
  Unauthorized = 'UNAUTHORIZED',
  InvalidCredentials = 'INVALID_CREDENTIALS',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  VersionConflict = 'VERSION_CONFLICT',
  DuplicateCreditCode = 'DUPLICATE_CREDIT_CODE',
  DuplicateUsername = 'DUPLICATE_USERNAME',
  LastAdmin = 'LAST_ADMIN',
  StageGateUnmet = 'STAGE_GATE_UNMET',
  TransitionNotAllowed = 'TRANSITION_NOT_ALLOWED',
  UnprocessableEntity = 'UNPROCESSABLE_ENTITY',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  TooManyRequests = 'TOO_MANY_REQUESTS',
  Internal = 'INTERNAL_ERROR',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
}

export const ERROR_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.ValidationFailed]: 400,
  [ErrorCode.MalformedJson]: 400,
  [ErrorCode.BadRequest]: 400,
  [ErrorCode.Unauthorized]: 401,
  [ErrorCode.InvalidCredentials]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.VersionConflict]: 409,
  [ErrorCode.DuplicateCreditCode]: 409,
  [ErrorCode.DuplicateUsername]: 409,
  [ErrorCode.LastAdmin]: 409,
  [ErrorCode.StageGateUnmet]: 422,
  [ErrorCode.TransitionNotAllowed]: 422,
  [ErrorCode.UnprocessableEntity]: 422,
  [ErrorCode.PayloadTooLarge]: 413,
  [ErrorCode.UnsupportedMediaType]: 415,
  [ErrorCode.TooManyRequests]: 429,
  [ErrorCode.Internal]: 500,
  [ErrorCode.ServiceUnavailable]: 503,
};

export type ErrorDetails = Record<string, unknown>;

/** The one error type services throw; the global filter renders it in the one error shape. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  static notFound(what: string, id?: string): AppError {
    return new AppError(ErrorCode.NotFound, `${what} not found`, id === undefined ? undefined : { id });
  }

  static forbidden(message = 'You may not do this'): AppError {
    return new AppError(ErrorCode.Forbidden, message);
  }

  static validation(message: string, fields: FieldError[]): AppError {
    return new AppError(ErrorCode.ValidationFailed, message, { fields });
  }

  static staleVersion(expected: number, actual: number): AppError {
    return new AppError(ErrorCode.VersionConflict, 'The record was changed by someone else; reload and try again', {
      yourVersion: expected,
      currentVersion: actual,
    });
  }
}

export interface FieldError {
  field: string;
  errors: string[];
}
