import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { MultilineText } from '../../../common/validation/plain-text-fields';
import { PERIOD_PATTERN } from '../period';
import { IsAmount, IsCalendarDate, IsNonBlankText } from './obligation-fields';

/** POST /leads/:id/actuals: one period's figures; re-posting a reported period updates it and needs its version. */
export class ReportActualsDto {
  @ApiProperty({
    description: '填报期: a year or a quarter; not one that has not begun',
    example: '2026-Q3',
    pattern: PERIOD_PATTERN.source,
  })
  @Matches(PERIOD_PATTERN, { message: 'period must be a year (2026) or a quarter (2026-Q3)' })
  period: string;

  @ApiPropertyOptional({ format: 'date', description: '截至日期; default the period’s last day, or today while it runs' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;

  @ApiPropertyOptional({ description: 'the version last read, required when the period was reported already (409 otherwise)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @ApiPropertyOptional({ type: Number, nullable: true, description: '累计到位投资 (万元)' })
  @IsOptional()
  @IsAmount()
  investmentArrived?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: '产值 (万元, in the period)' })
  @IsOptional()
  @IsAmount()
  output?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: '税收 (万元, in the period)' })
  @IsOptional()
  @IsAmount()
  tax?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: '就业人数' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  jobs?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: '综合能耗 (吨标煤, in the period)' })
  @IsOptional()
  @IsAmount()
  energy?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: '研发投入 (万元, in the period)' })
  @IsOptional()
  @IsAmount()
  rdExpense?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: '累计建成面积 (m²)' })
  @IsOptional()
  @IsAmount()
  builtFloorArea?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsNonBlankText(2000)
  @MultilineText()
  note?: string | null;
}
