import { IsISO8601, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';

/** Checked whenever present; null is refused (for fields an issue cannot be without). */
export const PresentNotNull = () => ValidateIf((_object, value) => value !== undefined);

/** Checked only when present and not null: null clears an optional field. */
export const Clearable = () => ValidateIf((_object, value) => value !== undefined && value !== null);

/** Text with at least one non-space character, at most `max` characters. */
export function IsNonBlankText(max: number): PropertyDecorator {
  return (target, key) => {
    IsString()(target, key);
    MaxLength(max)(target, key);
    Matches(/\S/, { message: '$property must not be blank' })(target, key);
  };
}

/** An ISO 8601 timestamp with a time (a bare date would be read as UTC midnight, 08:00 in the district). */
export function IsInstant(): PropertyDecorator {
  return (target, key) => {
    IsISO8601({ strict: true })(target, key);
    Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/, {
      message: '$property must be an ISO 8601 timestamp with a time, e.g. 2026-05-01T18:00:00+08:00',
    })(target, key);
  };
}
