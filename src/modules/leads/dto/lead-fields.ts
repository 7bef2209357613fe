import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsEnum,
  IsISO8601,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateIf,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';
import { isValidCreditCode, normalizeCreditCode } from '../credit-code';
import { MultilineText } from '../../../common/validation/plain-text-fields';
import { LEAD_FIELDS, LeadFieldSpec } from '../lead.model';

/** A GB 32100-2015 credit code with a matching check character. */
export function IsCreditCode(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCreditCode',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must be an 18-character 统一社会信用代码 with a valid GB 32100-2015 check character', ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && isValidCreditCode(value) },
    });
}

/** An amount in 万元: non-negative, at most two decimals, below a trillion. */
export function IsWanYuan(): PropertyDecorator {
  return (target, key) => {
    IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })(target, key);
    Min(0)(target, key);
    Max(999_999_999_999)(target, key);
  };
}

/** A calendar date `YYYY-MM-DD`. */
export function IsCalendarDate(): PropertyDecorator {
  return (target, key) => {
    IsISO8601({ strict: true, strictSeparator: true })(target, key);
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date YYYY-MM-DD' })(target, key);
  };
}

/** 联系人: a contact of the company, as sent and as answered (the fields left out stay out). */
export class ContactDto {
  @ApiProperty({ example: '王经理', minLength: 1, maxLength: 64 })
  @IsString()
  @Length(1, 64)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '投资总监', maxLength: 64 })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  title?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '13800000000', pattern: '^[0-9+\\-() ]{5,32}$' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9+\-() ]{5,32}$/, { message: 'phone must be a phone number' })
  phone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'email', example: 'wang@example.com' })
  @IsOptional()
  @IsEmail()
  email?: string | null;
}

/** What a DTO is for: POST /leads or PATCH /leads/:id. */
export type LeadWrite = 'create' | 'patch';

/** The model's fields a create or a patch accepts, in the model's order. */
export function writableFields(mode: LeadWrite): LeadFieldSpec[] {
  return LEAD_FIELDS.filter((f) => (mode === 'create' ? f.create !== undefined : f.patch === true));
}

/** The value's checks by kind (class-validator), with the bounds the model gives. */
function kindRules(field: LeadFieldSpec, mode: LeadWrite): PropertyDecorator[] {
  const max = field.max ?? 0;
  switch (field.kind) {
    case 'text':
    case 'multilineText':
      return [IsString(), field.min ? Length(field.min, max) : MaxLength(max)];
    case 'creditCode':
      return [
        Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normalizeCreditCode(value) : value)),
        IsString(),
        IsCreditCode(),
      ];
    case 'money':
      return [IsWanYuan()];
    case 'decimal':
      return [IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 }), Min(0), Max(max)];
    case 'integer':
      return [IsInt(), Min(0), Max(max)];
    case 'date':
      return [IsCalendarDate()];
    case 'instant':
      return [IsISO8601({ strict: true })];
    case 'enum': {
      const values: Record<string, string> = Object.fromEntries(Object.keys(field.choices ?? {}).map((value) => [value, value]));
      return [IsEnum(values)];
    }
    case 'uuid':
      return [IsUUID()];
    case 'contacts':
      return [IsArray(), ArrayMaxSize(20), ValidateNested({ each: true }), Type(() => ContactDto)];
    default:
      throw new Error(`lead field ${field.key}: no rules for kind ${String(field.kind satisfies never)} (${mode})`);
  }
}

/** The OpenAPI type of a kind, with the model's bounds (what a request body may hold). */
export function apiType(field: LeadFieldSpec): ApiPropertyOptions {
  switch (field.kind) {
    case 'money':
    case 'decimal':
      return { type: Number, minimum: 0, ...(field.max !== undefined ? { maximum: field.max } : {}) };
    case 'integer':
      return { type: 'integer', minimum: 0, ...(field.max !== undefined ? { maximum: field.max } : {}) };
    case 'date':
      return { type: String, format: 'date' };
    case 'instant':
      return { type: String, format: 'date-time' };
    case 'uuid':
      return { type: String, format: 'uuid' };
    case 'enum':
      // named once as a component (`LeadStage`, `LeadLostReason` …), shared with the list's filters
      return { enum: Object.keys(field.choices ?? {}), enumName: `Lead${field.key.charAt(0).toUpperCase()}${field.key.slice(1)}` };
    case 'contacts':
      return { type: [ContactDto], maxItems: 20 };
    case 'text':
    case 'multilineText':
      return {
        type: String,
        ...(field.min !== undefined ? { minLength: field.min } : {}),
        ...(field.max !== undefined ? { maxLength: field.max } : {}),
      };
    default:
      return { type: String };
  }
}

/** `项目名称`, `计划投资额 (万元) — …`: the label, the unit and the model's note. */
export function apiDescription(field: LeadFieldSpec): string {
  const label = field.unit ? `${field.label} (${field.unit})` : field.label;
  return field.description ? `${label}: ${field.description}` : label;
}

/** Only checked when present and not null: PATCH may clear an optional field with null. */
const PresentNotNull = () => ValidateIf((_object, value) => value !== undefined && value !== null);

/**
 * Declares the model's writable fields on a DTO class: the checks (class-validator) and the OpenAPI
 * property (@nestjs/swagger) of each, applied to the prototype as the decorators would be. A required
 * field of a create is checked always; any other is skipped when absent (or null: clearing a required
 * field is refused by the service, clearing a nullable one stores null).
 */
export function declareLeadFields(target: { prototype: object }, mode: LeadWrite): void {
  for (const field of writableFields(mode)) {
    const required = mode === 'create' && field.create === 'required';
    const api = {
      description: apiDescription(field),
      ...(field.example ? { example: field.example } : {}),
      ...apiType(field),
      ...(field.nullable ? { nullable: true } : {}),
    };
    const decorators: PropertyDecorator[] = [required ? ApiProperty(api) : ApiPropertyOptional(api)];
    if (!required) decorators.push(field.nullable ? PresentNotNull() : IsOptional());
    if (field.kind === 'multilineText') decorators.push(MultilineText());
    decorators.push(...kindRules(field, mode));
    // applied last to first, as stacked decorators are: the errors keep the order they had
    for (const decorate of decorators.reverse()) decorate(target.prototype, field.key);
  }
}
