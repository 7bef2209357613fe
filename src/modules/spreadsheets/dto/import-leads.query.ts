import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

/** POST /leads/import query: `dryRun` may come here or as a form field (the form field wins). */
export class ImportLeadsQuery {
  @ApiPropertyOptional({ description: 'check every row and report, writing nothing' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  dryRun?: boolean;

  @ApiPropertyOptional({ description: 'the worksheet to read (by name); default: the first with a header line. The form field wins.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  sheet?: string;

  @ApiPropertyOptional({
    enum: ['skip', 'update'],
    enumName: 'ImportOnDuplicate',
    default: 'skip',
    description: 'a row matching a live lead: reported as a duplicate (skip), or updates that lead’s plain editable fields (update)',
  })
  @IsOptional()
  @IsIn(['skip', 'update'])
  onDuplicate?: 'skip' | 'update';
}
