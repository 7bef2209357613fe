import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import {
  IsBoolean,
  IsEnum,
  IsNumber,
  IsString,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateIf,
  ValidationOptions,
} from 'class-validator';
import { IsCalendarDate } from '../../leads/dto/lead-fields';
import { CARRIER_ATTRIBUTES, CarrierAttribute, LAND_USES } from '../carrier.model';
import { MAX_OUTLINE_POSITIONS, outlineProblems } from '../geojson.validator';

/** A GeoJSON Polygon or MultiPolygon with closed rings in lon/lat ranges (geojson.validator.ts); the message names the first problem. */
export function IsOutline(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isOutline',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: ({ value }) => `$property is not a valid GeoJSON outline: ${outlineProblems(value).slice(0, 3).join('; ')}`,
        ...options,
      },
      validator: { validate: (value: unknown) => outlineProblems(value).length === 0 },
    });
}

/** The OpenAPI entry of an outline (the GeoJSON geometry as stored). */
export const OUTLINE_API: ApiPropertyOptions = {
  type: 'object',
  nullable: true,
  description: `轮廓: a GeoJSON Polygon or MultiPolygon (RFC 7946) in [longitude, latitude], rings closed, at most ${MAX_OUTLINE_POSITIONS} positions`,
  properties: {
    type: { type: 'string', enum: ['Polygon', 'MultiPolygon'] },
    coordinates: {
      type: 'array',
      items: { type: 'array', items: {} },
      description: 'Polygon: rings of [longitude, latitude] positions; MultiPolygon: polygons of rings',
    },
    bbox: { type: 'array', items: { type: 'number' } },
  },
  required: ['type', 'coordinates'],
  example: {
    type: 'Polygon',
    coordinates: [
      [
        [117.9, 36.6],
        [117.902, 36.6],
        [117.902, 36.602],
        [117.9, 36.602],
        [117.9, 36.6],
      ],
    ],
  },
};

/** `用地面积 (亩)`: the label with its unit. */
export const attributeDescription = (a: CarrierAttribute): string => `${a.label}${a.unit ? ` (${a.unit})` : ''}; for ${a.kinds.join(', ')}`;

/** The OpenAPI type of an attribute. */
export function attributeApiType(a: CarrierAttribute): ApiPropertyOptions {
  switch (a.type) {
    case 'decimal':
      return { type: Number, minimum: 0, ...(a.max !== undefined ? { maximum: a.max } : {}) };
    case 'boolean':
      return { type: Boolean };
    case 'date':
      return { type: String, format: 'date' };
    case 'landUse':
      return { enum: LAND_USES.map((u) => u.key), enumName: 'LandUse' };
    default:
      return { type: String, ...(a.max !== undefined ? { maxLength: a.max } : {}) };
  }
}

function attributeRules(a: CarrierAttribute): PropertyDecorator[] {
  switch (a.type) {
    case 'decimal':
      return [IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 }), Min(0), Max(a.max ?? Number.MAX_SAFE_INTEGER)];
    case 'boolean':
      return [IsBoolean()];
    case 'date':
      return [IsCalendarDate()];
    case 'landUse':
      return [IsEnum(Object.fromEntries(LAND_USES.map((u) => [u.key, u.key])))];
    default:
      return [IsString(), MaxLength(a.max ?? 200)];
  }
}

/**
 * Declares the model's attributes on a body DTO: each optional, null clearing it, checked by its type
 * (class-validator) and documented (OpenAPI), as stacked decorators would be. Whether an attribute
 * belongs to the carrier's kind is the service's check (the kind may come from the stored carrier).
 */
export function declareCarrierAttributes(target: { prototype: object }): void {
  for (const a of CARRIER_ATTRIBUTES) {
    const decorators: PropertyDecorator[] = [
      ApiPropertyOptional({ description: attributeDescription(a), ...attributeApiType(a), nullable: true }),
      ValidateIf((_object, value) => value !== undefined && value !== null),
      ...attributeRules(a),
    ];
    for (const decorate of decorators.reverse()) decorate(target.prototype, a.key);
  }
}

/** Declares the attributes on a response DTO: each present, null when not known or not the kind's. */
export function declareCarrierAttributeAnswers(target: { prototype: object }): void {
  for (const a of CARRIER_ATTRIBUTES)
    ApiProperty({ description: attributeDescription(a), ...attributeApiType(a), nullable: true })(target.prototype, a.key);
}
