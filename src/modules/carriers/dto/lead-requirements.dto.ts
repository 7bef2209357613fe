import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { CarrierKind, LandUse } from '../carrier.model';
import { EnvironmentalCategory, NUMERIC_REQUIREMENTS, NumericRequirementKey, REQUIREMENT_LABELS } from '../lead-requirements.model';
import { UserRefDto } from '../../leads/dto/lead-response.dto';

/** null or absent: no requirement. */
const nullable = () => ValidateIf((_o, value) => value !== null && value !== undefined);

// the numeric requirements' properties come from the model (declared below by the loop)
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface PutLeadRequirementsDto extends Partial<Record<NumericRequirementKey, number | null>> {}

/** PUT /leads/:id/requirements: the whole set (a field absent or null is no requirement). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class PutLeadRequirementsDto {
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'the version read (0 when the lead has no requirements yet); a stale one is 409',
  })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  version: number;

  @ApiPropertyOptional({ enum: CarrierKind, enumName: 'CarrierKind', isArray: true, description: REQUIREMENT_LABELS.kinds })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(3)
  @IsEnum(CarrierKind, { each: true })
  kinds?: CarrierKind[];

  @ApiPropertyOptional({ type: [String], description: `${REQUIREMENT_LABELS.parkCodes} (park codes of GET /zones)` })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  parkCodes?: string[];

  @ApiPropertyOptional({ enum: LandUse, enumName: 'LandUse', nullable: true, description: REQUIREMENT_LABELS.landUse })
  @nullable()
  @IsEnum(LandUse)
  landUse?: LandUse | null;

  @ApiPropertyOptional({
    enum: EnvironmentalCategory,
    enumName: 'EnvironmentalCategory',
    nullable: true,
    description: REQUIREMENT_LABELS.environmentalCategory,
  })
  @nullable()
  @IsEnum(EnvironmentalCategory)
  environmentalCategory?: EnvironmentalCategory | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, description: REQUIREMENT_LABELS.budget })
  @nullable()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(999_999_999)
  budget?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000, description: REQUIREMENT_LABELS.note })
  @nullable()
  @IsString()
  @MaxLength(2000)
  note?: string | null;
}

for (const requirement of NUMERIC_REQUIREMENTS) {
  const { unit, max } = requirement.attribute;
  const target = PutLeadRequirementsDto.prototype;
  ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, maximum: max, description: `${REQUIREMENT_LABELS[requirement.key]}` })(
    target,
    requirement.key,
  );
  nullable()(target, requirement.key);
  Type(() => Number)(target, requirement.key);
  IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })(target, requirement.key);
  Min(0, { message: `${requirement.key} must not be negative (${unit})` })(target, requirement.key);
  Max(max)(target, requirement.key);
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface LeadRequirementsDto extends Record<NumericRequirementKey, number | null> {}

/** A lead's requirements (all null and version 0 when none were given yet). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class LeadRequirementsDto {
  @ApiProperty({ format: 'uuid' }) leadId: string;
  @ApiProperty({ enum: CarrierKind, enumName: 'CarrierKind', isArray: true, description: REQUIREMENT_LABELS.kinds }) kinds: CarrierKind[];
  @ApiProperty({
    enum: CarrierKind,
    enumName: 'CarrierKind',
    isArray: true,
    description: 'the kinds matched: those named, else those whose size range is given, else all',
  })
  matchKinds: CarrierKind[];
  @ApiProperty({ type: [String], description: REQUIREMENT_LABELS.parkCodes }) parkCodes: string[];
  @ApiProperty({ enum: LandUse, enumName: 'LandUse', nullable: true }) landUse: LandUse | null;
  @ApiProperty({ enum: EnvironmentalCategory, enumName: 'EnvironmentalCategory', nullable: true })
  environmentalCategory: EnvironmentalCategory | null;
  @ApiProperty({ type: Number, nullable: true, description: REQUIREMENT_LABELS.budget }) budget: number | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: 'integer', minimum: 0, description: '0: none given yet' }) version: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt: Date | null;
  @ApiProperty({ type: UserRefDto, nullable: true }) updatedBy: UserRefDto | null;
}

for (const requirement of NUMERIC_REQUIREMENTS)
  ApiProperty({ type: Number, nullable: true, description: REQUIREMENT_LABELS[requirement.key] })(
    LeadRequirementsDto.prototype,
    requirement.key,
  );
