import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { CARRIER_KINDS, CARRIER_STATUSES } from '../carrier.model';
import { CarrierOutline } from '../geojson.validator';
import { IsOutline, OUTLINE_API } from './carrier-fields';

export class PlanFeaturePropertiesDto {
  @ApiProperty({ enum: ['park', 'carrier'], description: 'a park’s outline or a carrier’s' }) layer: 'park' | 'carrier';
  @ApiProperty({ description: 'the park’s or the carrier’s code' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'the park (a park: itself)' }) parkCode: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'carrier: its id' }) id?: string;
  @ApiPropertyOptional({ enum: CARRIER_KINDS.map((k) => k.key), enumName: 'CarrierKind' }) kind?: string;
  @ApiPropertyOptional() kindLabel?: string;
  @ApiPropertyOptional({ enum: CARRIER_STATUSES.map((s) => s.key), enumName: 'CarrierStatus' }) status?: string;
  @ApiPropertyOptional() statusLabel?: string;
}

export class PlanFeatureDto {
  @ApiProperty({ enum: ['Feature'] }) type: 'Feature';
  @ApiProperty({ ...OUTLINE_API, nullable: false }) geometry: CarrierOutline;
  @ApiProperty({ type: PlanFeaturePropertiesDto }) properties: PlanFeaturePropertiesDto;
}

/** GET /carriers/plan: a GeoJSON FeatureCollection of the parks’ outlines, then the carriers’ (ECharts registers it as a map). */
export class CarrierPlanDto {
  @ApiProperty({ enum: ['FeatureCollection'] }) type: 'FeatureCollection';
  @ApiProperty({ type: [PlanFeatureDto] }) features: PlanFeatureDto[];
}

/** PUT /carriers/park-outlines: a park’s outline on the plan. */
export class ParkOutlineDto {
  @ApiProperty({ description: 'a park code of GET /zones', example: 'A1-C3-P1', maxLength: 32 })
  @IsString()
  @Length(1, 32)
  parkCode: string;

  @ApiProperty({ ...OUTLINE_API, nullable: false })
  @IsObject()
  @IsOutline()
  outline: CarrierOutline;
}

export class PlanQuery {
  @ApiPropertyOptional({ description: '园区: a zone code; its subtree only', maxLength: 32 })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  park?: string;
}
