import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsInt, IsString, Length, Matches, Min, ValidateIf } from 'class-validator';
import { CARRIER_KINDS, CARRIER_STATUSES, CarrierAttributeValues, CarrierKind, CarrierStatus } from '../carrier.model';
import { CarrierOutline } from '../geojson.validator';
import { declareCarrierAttributes, IsOutline, OUTLINE_API } from './carrier-fields';

const KIND_VALUES = Object.fromEntries(CARRIER_KINDS.map((k) => [k.key, k.key])) as Record<string, CarrierKind>;
const STATUS_VALUES = Object.fromEntries(CARRIER_STATUSES.map((s) => [s.key, s.key])) as Record<string, CarrierStatus>;
const CODE = /^[\p{L}\p{N}][\p{L}\p{N}\-_/.#]*$/u;
const PresentNotNull = () => ValidateIf((_object, value) => value !== undefined && value !== null);

/** POST /carriers: identity, status (default: the kind's free status), outline and the model's attributes (carrier.model.ts). */
export class CreateCarrierDto {
  @ApiProperty({
    description: '载体编号: parcel number or building-unit code, unique',
    example: 'WCH-A1-C3-D01',
    minLength: 1,
    maxLength: 64,
  })
  @IsString()
  @Length(1, 64)
  @Matches(CODE, { message: 'code must be letters, digits and - _ / . #' })
  code: string;

  @ApiProperty({ description: '载体名称', example: '转型升级产业园 1 号地块', minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ enum: CARRIER_KINDS.map((k) => k.key), enumName: 'CarrierKind', description: '载体类型' })
  @IsEnum(KIND_VALUES)
  kind: CarrierKind;

  @ApiProperty({ description: '所在园区: a park code of GET /zones (kind park)', example: 'A1-C3-P1', maxLength: 32 })
  @IsString()
  @Length(1, 32)
  parkCode: string;

  @ApiPropertyOptional({
    enum: CARRIER_STATUSES.map((s) => s.key),
    enumName: 'CarrierStatus',
    description:
      'one of the kind’s statuses (GET /meta/carriers); default the free one (available / vacant); reserved is set by reservations',
  })
  @PresentNotNull()
  @IsEnum(STATUS_VALUES)
  status?: CarrierStatus;

  @ApiPropertyOptional(OUTLINE_API)
  @PresentNotNull()
  @IsOutline()
  outline?: CarrierOutline | null;
}
declareCarrierAttributes(CreateCarrierDto);

/** PATCH /carriers/:id: the fields given change (null clears an attribute), checked against `version`. The kind does not change. */
export class UpdateCarrierDto {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'The version the client last read; a stale one is 409' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ description: '载体编号', minLength: 1, maxLength: 64 })
  @PresentNotNull()
  @IsString()
  @Length(1, 64)
  @Matches(CODE, { message: 'code must be letters, digits and - _ / . #' })
  code?: string;

  @ApiPropertyOptional({ description: '载体名称', minLength: 1, maxLength: 200 })
  @PresentNotNull()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ description: '所在园区 (a park code)', maxLength: 32 })
  @PresentNotNull()
  @IsString()
  @Length(1, 32)
  parkCode?: string;

  @ApiPropertyOptional({ enum: CARRIER_STATUSES.map((s) => s.key), enumName: 'CarrierStatus', description: 'one of the kind’s statuses' })
  @PresentNotNull()
  @IsEnum(STATUS_VALUES)
  status?: CarrierStatus;

  @ApiPropertyOptional(OUTLINE_API)
  @PresentNotNull()
  @IsOutline()
  outline?: CarrierOutline | null;
}
declareCarrierAttributes(UpdateCarrierDto);

/** What a write body holds, attributes included (declared on the classes from the model). */
export type CarrierWrite = (CreateCarrierDto | UpdateCarrierDto) & Partial<CarrierAttributeValues>;
