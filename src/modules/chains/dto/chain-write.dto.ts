import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsBoolean,
  IsEnum,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { MultilineText } from '../../../common/validation/plain-text-fields';
import { normalizeCreditCode } from '../../leads/credit-code';
import { IsCreditCode } from '../../leads/dto/lead-fields';
import { CHAIN_SEGMENTS, ChainSegment } from '../chain.model';

const SEGMENT_VALUES = Object.fromEntries(CHAIN_SEGMENTS.map((s) => [s.key, s.key])) as Record<string, ChainSegment>;
/** Optional and nullable: absent or null skips the checks (null clears). */
const Nullable = () => IsOptional();
/** Optional but not nullable: absent skips the checks, null fails them. */
const Present = () => ValidateIf((_object, value) => value !== undefined);
const CreditCode = () => (target: object, key: string | symbol) => {
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normalizeCreditCode(value) : value))(target, key);
  Nullable()(target, key);
  IsString()(target, key);
  IsCreditCode()(target, key);
};

/** POST /chains/nodes: a node of a catalog branch's chain. */
export class CreateChainNodeDto {
  @ApiProperty({ description: '产业类别: a catalog branch code (GET /industries)', example: 'IT01', maxLength: 32 })
  @IsString()
  @Length(1, 32)
  industryCode: string;

  @ApiProperty({ enum: CHAIN_SEGMENTS.map((s) => s.key), enumName: 'ChainSegment', description: '环节: 上游 / 中游 / 下游' })
  @IsEnum(SEGMENT_VALUES)
  segment: ChainSegment;

  @ApiProperty({ description: '节点名称', example: '封装测试', minLength: 1, maxLength: 100 })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: '说明', maxLength: 500 })
  @Nullable()
  @IsString()
  @MaxLength(500)
  @MultilineText()
  description?: string | null;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 999, description: 'order within its segment (default 0)' })
  @Present()
  @IsInt()
  @Min(0)
  @Max(999)
  sortOrder?: number;
}

/** PATCH /chains/nodes/:id: the fields given change; the industry does not. */
export class UpdateChainNodeDto extends PartialType(
  PickType(CreateChainNodeDto, ['segment', 'name', 'description', 'sortOrder'] as const),
) {}

/** PATCH /chains/:industryCode: the team the chain's targets become leads of (链长制). */
export class UpdateChainDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'a team id; null: the converting user’s team' })
  @ValidateIf((_object, value) => value !== null)
  @IsUUID()
  teamId: string | null;
}

/** POST /chains/enterprises: a local enterprise on one or more nodes. */
export class CreateChainEnterpriseDto {
  @ApiProperty({ description: '企业名称', example: '淄博丰雁电子元件有限公司', minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: '统一社会信用代码 (GB 32100-2015), unique among enterprises' })
  @CreditCode()
  creditCode?: string | null;

  @ApiPropertyOptional({ description: '链主: the chain’s leading firm (default false)' })
  @Present()
  @IsBoolean()
  chainLeader?: boolean;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, description: '年产值 (万元)' })
  @Nullable()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(999_999_999_999)
  output?: number | null;

  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 0, description: '从业人数' })
  @Nullable()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  employees?: number | null;

  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: 50, description: 'the chain nodes it is on' })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  nodeIds: string[];
}

/** PATCH /chains/enterprises/:id: the fields given change; nodeIds replaces the nodes. */
export class UpdateChainEnterpriseDto extends PartialType(CreateChainEnterpriseDto) {}

/** POST /chains/targets: a target company for a node. */
export class CreateChainTargetDto {
  @ApiProperty({ format: 'uuid', description: 'the node it would fill' })
  @IsUUID()
  nodeId: string;

  @ApiProperty({ description: '企业名称', example: '苏州晶衬半导体材料有限公司', minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: '所在城市', example: '苏州', maxLength: 50 })
  @Nullable()
  @IsString()
  @MaxLength(50)
  city?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: '统一社会信用代码, when known' })
  @CreditCode()
  creditCode?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: '推荐理由: why this company', maxLength: 1000 })
  @Nullable()
  @IsString()
  @MaxLength(1000)
  @MultilineText()
  reason?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: '线索来源: where the tip came from', maxLength: 200 })
  @Nullable()
  @IsString()
  @MaxLength(200)
  tipSource?: string | null;
}

/** PATCH /chains/targets/:id: the fields given change, while the target is open; its status changes only by conversion. */
export class UpdateChainTargetDto extends PartialType(CreateChainTargetDto) {}
