import { ApiPropertyOptional } from '@nestjs/swagger';
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
import { KeyProjectLevel } from '../lead.enums';

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

/** Only checked when present and not null: PATCH may clear an optional field with null. */
const Optional = () => ValidateIf((_object, value) => value !== undefined && value !== null);

export class ContactDto {
  @ApiPropertyOptional({ example: '王经理' })
  @IsString()
  @Length(1, 64)
  name: string;

  @ApiPropertyOptional({ example: '投资总监' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  title?: string | null;

  @ApiPropertyOptional({ example: '13800000000' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9+\-() ]{5,32}$/, { message: 'phone must be a phone number' })
  phone?: string | null;

  @ApiPropertyOptional({ example: 'wang@example.com' })
  @IsOptional()
  @IsEmail()
  email?: string | null;
}

/** Fields that create and patch share; stage and status are not among them. */
export class LeadEditableFields {
  @ApiPropertyOptional({ description: '项目代号 (shown instead of the name in exports and digests)' })
  @Optional()
  @IsString()
  @MaxLength(100)
  codeName?: string | null;

  @ApiPropertyOptional({ description: '统一社会信用代码', example: '91350100M000100Y43' })
  @Optional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normalizeCreditCode(value) : value))
  @IsString()
  @IsCreditCode()
  creditCode?: string | null;

  @ApiPropertyOptional({ example: '上海' })
  @Optional()
  @IsString()
  @MaxLength(64)
  sourceCity?: string | null;

  @ApiPropertyOptional({ description: '计划投资额 (万元)' })
  @Optional()
  @IsWanYuan()
  plannedInvestment?: number | null;

  @ApiPropertyOptional({ description: '预计年产值 (万元)' })
  @Optional()
  @IsWanYuan()
  expectedAnnualOutput?: number | null;

  @ApiPropertyOptional({ description: '预计年税收 (万元)' })
  @Optional()
  @IsWanYuan()
  expectedAnnualTax?: number | null;

  @ApiPropertyOptional({ description: '预计就业 (人)' })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  expectedJobs?: number | null;

  @ApiPropertyOptional({ description: '用地面积 (亩)' })
  @Optional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(9_999_999_999)
  landAreaMu?: number | null;

  @ApiPropertyOptional({ description: '落地区域 (zone or park code, see GET /zones)' })
  @Optional()
  @IsString()
  @MaxLength(32)
  zoneCode?: string | null;

  @ApiPropertyOptional({ enum: KeyProjectLevel })
  @IsOptional()
  @IsEnum(KeyProjectLevel)
  keyProjectLevel?: KeyProjectLevel;

  @ApiPropertyOptional({ type: [ContactDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ContactDto)
  contacts?: ContactDto[];

  @ApiPropertyOptional({ format: 'uuid', description: '团队 (defaults to the owner’s team)' })
  @Optional()
  @IsUUID()
  teamId?: string | null;

  @ApiPropertyOptional({ format: 'uuid', description: '招商负责人 (defaults to the caller)' })
  @IsOptional()
  @IsUUID()
  ownerId?: string;
}

