import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { CARRIER_KINDS, CarrierKind } from '../carrier.model';
import { IDLE_BUCKETS } from '../carrier-figures';

export class CarrierFiguresQuery {
  @ApiPropertyOptional({ description: '园区: a zone code; its whole subtree', maxLength: 32 })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  park?: string;

  @ApiPropertyOptional({ enum: CARRIER_KINDS.map((k) => k.key), enumName: 'CarrierKind', description: 'one kind' })
  @IsOptional()
  @IsEnum(Object.fromEntries(CARRIER_KINDS.map((k) => [k.key, k.key])))
  kind?: CarrierKind;
}

export class IdleBucketCountsDto {
  @ApiProperty({ type: 'integer', description: IDLE_BUCKETS[0].label }) upTo90: number;
  @ApiProperty({ type: 'integer', description: IDLE_BUCKETS[1].label }) upTo180: number;
  @ApiProperty({ type: 'integer', description: IDLE_BUCKETS[2].label }) upTo365: number;
  @ApiProperty({ type: 'integer', description: IDLE_BUCKETS[3].label }) over365: number;
}

/** Vacancy and idle days of one group of carriers (a park and kind, or a kind over all parks). */
export class CarrierFigureDto {
  @ApiPropertyOptional({ description: 'the park (left out in the totals by kind)' }) parkCode?: string;
  @ApiPropertyOptional() parkName?: string;
  @ApiProperty({ enum: CARRIER_KINDS.map((k) => k.key), enumName: 'CarrierKind' }) kind: CarrierKind;
  @ApiProperty() kindLabel: string;
  @ApiProperty({ type: 'integer' }) total: number;
  @ApiProperty({ type: 'integer', description: 'free to offer (available / vacant)' }) vacant: number;
  @ApiProperty({ description: 'the carriers’ size, in areaUnit' }) totalArea: number;
  @ApiProperty({ description: 'the vacant carriers’ size, in areaUnit' }) vacantArea: number;
  @ApiProperty({ example: '亩' }) areaUnit: string;
  @ApiProperty({ type: Number, nullable: true, description: 'vacant ÷ total (count), 0–1; null without carriers' }) vacancyRate:
    number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'vacantArea ÷ totalArea, 0–1' }) vacantAreaRate: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'average days vacant of the vacant ones (one decimal)' }) idleDaysAvg:
    number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'the longest days vacant' }) idleDaysMax: number | null;
  @ApiProperty({ type: IdleBucketCountsDto, description: 'vacant carriers by days vacant' }) idleBuckets: IdleBucketCountsDto;
}

export class IdleBucketDto {
  @ApiProperty({ enum: IDLE_BUCKETS.map((b) => b.key) }) key: string;
  @ApiProperty() label: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'days vacant up to (inclusive); null: open-ended' }) max: number | null;
}

/** GET /dashboard/carriers */
export class CarrierFiguresDto {
  @ApiProperty({ type: [CarrierFigureDto], description: 'by park and kind, in park order' }) items: CarrierFigureDto[];
  @ApiProperty({ type: [CarrierFigureDto], description: 'by kind over the parks the filter covers' }) byKind: CarrierFigureDto[];
  @ApiProperty({ type: [IdleBucketDto] }) buckets: IdleBucketDto[];
}
