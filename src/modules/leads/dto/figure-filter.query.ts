import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { IsCalendarDate } from './lead-fields';

/**
 * The filters every cockpit figure and the lead list share: leads created in [from, to] (district dates),
 * of an industry or zone branch, of a team. Their SQL is LeadConditions.figureFilter, one definition for both.
 */
export class FigureFilterQuery {
  @ApiPropertyOptional({ format: 'date', description: 'leads created on or after this date (YYYY-MM-DD, district time)' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'leads created on or before this date (YYYY-MM-DD, district time)' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({ maxLength: 32, description: 'industry code; a branch includes its sub-industries' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  industry?: string;

  @ApiPropertyOptional({ maxLength: 32, description: 'zone, cluster or park code; an area includes what lies in it; `none`: no zone' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  zone?: string;

  @ApiPropertyOptional({
    description: 'a team id (UUID); `none`: leads without a team',
    anyOf: [
      { type: 'string', format: 'uuid' },
      { type: 'string', enum: ['none'] },
    ],
  })
  @IsOptional()
  @ValidateIf((query: FigureFilterQuery) => query.teamId !== 'none')
  @IsUUID()
  teamId?: string;
}
