import { ArgumentMetadata, ParseUUIDPipe, ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError, FieldError } from '../errors/app-error';
import { dtoFieldNames } from './dto-fields';
import { boundedFieldErrors, MAX_REPORTED_FIELDS, unknownFieldsError, unknownKeys } from './field-errors';
import { findControlCharacter } from './plain-text-fields';

function* flatten(errors: ValidationError[], parent = ''): Generator<FieldError> {
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    if (error.constraints) yield { field, errors: Object.values(error.constraints) };
    yield* flatten(error.children ?? [], field);
  }
}

/**
 * The one global pipe: strips nothing silently — unknown fields are refused, types converted and checked.
 * More unknown top-level fields than an answer names are refused before class-transformer, whose key
 * handling is quadratic in an object's size; a few take the usual path, with every error found. After the
 * DTO checks, every string of a body, query or path parameter must be plain text: PostgreSQL refuses NUL.
 */
class EdgeValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const type = metadata.metatype;
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && typeof type === 'function' && this.toValidate(metadata)) {
      const known = dtoFieldNames(type);
      if (known.length > 0) {
        const unknown = unknownKeys(value, known);
        if (unknown.length > MAX_REPORTED_FIELDS) throw unknownFieldsError(unknown);
      }
    }
    const result: unknown = await super.transform(value, metadata);
    // custom decorators give the caller or an upload, not client text
    const refused = metadata.type === 'custom' ? null : findControlCharacter(result, metadata.data ?? '');
    if (refused) throw AppError.validation(`Invalid input: ${refused.field}`, [refused]);
    return result;
  }
}

export function createValidationPipe(): ValidationPipe {
  return new EdgeValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => boundedFieldErrors(flatten(errors)),
  });
}

/** Path ids are UUIDs; anything else is a 400 naming the parameter. */
export function uuidPipe(name = 'id'): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () => AppError.validation(`${name} must be a UUID`, [{ field: name, errors: [`${name} must be a UUID`] }]),
  });
}
