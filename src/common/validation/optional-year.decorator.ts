import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** A `year` query parameter (2000–2100, district time) that defaults to this year: its validation and OpenAPI declared once. */
export const OptionalYear = () =>
  // listed bottom-up, the order the decorators took when stacked by hand, so the validation metadata is registered alike
  applyDecorators(
    Max(2100),
    Min(2000),
    IsInt(),
    Type(() => Number),
    IsOptional(),
    ApiPropertyOptional({ type: 'integer', minimum: 2000, maximum: 2100, description: 'the year (district time); defaults to this year' }),
  );
