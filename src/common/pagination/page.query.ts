import { Type as Class } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './cursor';

/** A list's page size: the items a page holds when `limit` is left out, and the most a caller may ask for. */
export interface PageSize {
  default: number;
  max: number;
}

/**
 * `Base` (a route's own query: filters, sort) plus the `limit` and `cursor` of a keyset-paged list (its answer: `{ items,
 * nextCursor }`), declared here once; `size` keeps a list's own page size (default 20, at most 200).
 */
export function Paged<TBase extends Class<object>>(Base: TBase, size: Partial<PageSize> = {}) {
  const { default: byDefault = DEFAULT_PAGE_SIZE, max = MAX_PAGE_SIZE } = size;

  class PagedQuery extends Base {
    @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: max, default: byDefault, description: 'items per page' })
    @IsOptional()
    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(max)
    limit?: number;

    @ApiPropertyOptional({ maxLength: 500, description: 'nextCursor of the previous page' })
    @IsOptional()
    @IsString()
    @MaxLength(500)
    cursor?: string;
  }
  return PagedQuery;
}

/** `limit` and `cursor` alone, at the usual page size. */
export class PageQuery extends Paged(class {}) {}
