import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { LeadFilterQuery } from '../../leads/dto/list-leads.query';

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** GET /leads/export: the list's filters plus the file format. */
export class ExportLeadsQuery extends LeadFilterQuery {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'xlsx', description: 'the file format' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS, { message: 'format must be xlsx or csv' })
  format?: ExportFormat;
}
