import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsEnum, IsIn, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PageQuery } from '../../../common/pagination/page.query';
import { CARRIER_FILTERED_ATTRIBUTES, CARRIER_KINDS, CARRIER_STATUSES, CarrierKind, CarrierStatus } from '../carrier.model';
import { attributeDescription } from './carrier-fields';

/** The list's sort keys (CarrierQueryBuilder has their SQL); `-key` sorts descending. */
export const CARRIER_SORT_KEYS = ['createdAt', 'updatedAt', 'code', 'area', 'vacantSince'] as const;
export type CarrierSortKey = (typeof CARRIER_SORT_KEYS)[number];
export type CarrierSort = CarrierSortKey | `-${CarrierSortKey}`;
export const CARRIER_SORTS: readonly CarrierSort[] = CARRIER_SORT_KEYS.flatMap((key): CarrierSort[] => [key, `-${key}`]);

const toList = ({ value }: { value: unknown }) =>
  (Array.isArray(value) ? value : [value]).flatMap((item) => String(item).split(',')).filter((item) => item !== '');

/** `floorLoadMin`, `areaMuMin`, `areaMuMax`: the query parameters of the model's filtered attributes. */
export const CARRIER_BOUND_PARAMS = CARRIER_FILTERED_ATTRIBUTES.flatMap((a) =>
  (a.filter === 'range' ? (['Min', 'Max'] as const) : (['Min'] as const)).map((bound) => ({
    name: `${a.key}${bound}`,
    attribute: a,
    bound,
  })),
);

/** Filters of GET /carriers (and its export): all optional, combined with AND; lists mean any of them. */
export class CarrierFilterQuery {
  @ApiPropertyOptional({ description: '园区: a zone code (area, cluster or park); its whole subtree', example: 'A1-C3', maxLength: 32 })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  park?: string;

  @ApiPropertyOptional({
    enum: CARRIER_KINDS.map((k) => k.key),
    enumName: 'CarrierKind',
    isArray: true,
    description: 'one kind, or several separated by commas',
  })
  @IsOptional()
  @Transform(toList)
  @ArrayMaxSize(CARRIER_KINDS.length)
  @IsEnum(Object.fromEntries(CARRIER_KINDS.map((k) => [k.key, k.key])), { each: true })
  kind?: CarrierKind[];

  @ApiPropertyOptional({
    enum: CARRIER_STATUSES.map((s) => s.key),
    enumName: 'CarrierStatus',
    isArray: true,
    description: 'one status, or several separated by commas',
  })
  @IsOptional()
  @Transform(toList)
  @ArrayMaxSize(CARRIER_STATUSES.length)
  @IsEnum(Object.fromEntries(CARRIER_STATUSES.map((s) => [s.key, s.key])), { each: true })
  status?: CarrierStatus[];

  @ApiPropertyOptional({ description: 'words in the code or the name', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

// the bounds of the model's filtered attributes (floorLoadMin, areaMuMin/Max …), declared from carrier.model.ts
for (const { name, attribute, bound } of CARRIER_BOUND_PARAMS) {
  const decorators: PropertyDecorator[] = [
    ApiPropertyOptional({
      type: Number,
      minimum: 0,
      description: `${bound === 'Min' ? 'at least' : 'at most'}: ${attributeDescription(attribute)}`,
    }),
    IsOptional(),
    Type(() => Number),
    IsNumber({ allowNaN: false, allowInfinity: false }),
    Min(0),
    Max(attribute.max),
  ];
  for (const decorate of decorators.reverse()) decorate(CarrierFilterQuery.prototype, name);
}

export class ListCarriersQuery extends IntersectionType(CarrierFilterQuery, PageQuery) {
  @ApiPropertyOptional({
    enum: CARRIER_SORTS,
    enumName: 'CarrierSort',
    default: 'code',
    description: 'sort key; a leading - sorts descending',
  })
  @IsOptional()
  @IsIn(CARRIER_SORTS)
  sort?: CarrierSort;
}

/** A bound's value as sent (undefined: not sent). */
export const boundOf = (query: CarrierFilterQuery, name: string): number | undefined =>
  (query as unknown as Record<string, number | undefined>)[name];
