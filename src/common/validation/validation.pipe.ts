import { ArgumentMetadata, ParseUUIDPipe, ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError, FieldError } from '../errors/app-error';
import { findControlCharacter } from './plain-text-fields';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own: FieldError[] = error.constraints ? [{ field, errors: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** After the DTO checks, every string of a body, query or path parameter must be plain text (#13): PostgreSQL refuses NUL. */
class PlainTextValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const result: unknown = await super.transform(value, metadata);
    // custom decorators give the caller or an upload, not client text
    const refused = metadata.type === 'custom' ? null : findControlCharacter(result, metadata.data ?? '');
    if (refused) throw AppError.validation(`Invalid input: ${refused.field}`, [refused]);
    return result;
  }
}

/** The one global pipe: strips nothing silently — unknown fields are refused, types converted and checked. */
export function createValidationPipe(): ValidationPipe {
  return new PlainTextValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      return AppError.validation(`Invalid input: ${fields.map((f) => f.field).join(', ')}`, fields);
    },
  });
}

/** Path ids are UUIDs; anything else is a 400 naming the parameter. */
export function uuidPipe(name = 'id'): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () => AppError.validation(`${name} must be a UUID`, [{ field: name, errors: [`${name} must be a UUID`] }]),
  });
}
