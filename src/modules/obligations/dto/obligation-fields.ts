import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsNumber, Max, Min } from 'class-validator';

export { Clearable, IsNonBlankText, PresentNotNull } from '../../enterprise-issues/dto/issue-fields';
export { IsCalendarDate } from '../../leads/dto/lead-fields';

/** A figure or amount: a finite number ≥ 0 with at most four decimals. */
export const IsAmount = () =>
  applyDecorators(
    Type(() => Number),
    IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 4 }),
    Min(0),
    Max(1e12),
  );
