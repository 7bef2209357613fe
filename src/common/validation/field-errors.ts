import { AppError, ErrorCode, FieldError } from '../errors/app-error';

/** How many offending fields an answer names: the rest are only counted, so no error answer grows with the input. */
export const MAX_REPORTED_FIELDS = 20;

/** The one validation error, naming at most MAX_REPORTED_FIELDS fields and counting the rest (`details.moreFields`). */
export function boundedFieldErrors(fields: Iterable<FieldError>): AppError {
  const reported: FieldError[] = [];
  let more = 0;
  for (const field of fields) {
    if (reported.length < MAX_REPORTED_FIELDS) reported.push(field);
    else more += 1;
  }
  const names = reported.map((f) => f.field).join(', ');
  if (more === 0) return AppError.validation(`Invalid input: ${names}`, reported);
  return new AppError(ErrorCode.ValidationFailed, `Invalid input: ${names} and ${more} more`, { fields: reported, moreFields: more });
}

/** The top-level keys of a parsed body or query that its DTO does not declare. */
export function unknownKeys(value: object, known: readonly string[]): string[] {
  return Object.keys(value).filter((key) => !known.includes(key));
}

/** Unknown fields, refused with the whitelist's own message. */
export function unknownFieldsError(keys: string[]): AppError {
  return boundedFieldErrors(keys.map((field) => ({ field, errors: [`property ${field} should not exist`] })));
}
