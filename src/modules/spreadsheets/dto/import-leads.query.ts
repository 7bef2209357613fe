import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

/** An import's query (POST /actuals/import): `dryRun` and `sheet` may come here or as form fields (the form field wins). */
export class ImportSheetQuery {
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
}

/** POST /leads/import query: also what a row matching a live lead does. */
export class ImportLeadsQuery extends ImportSheetQuery {
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
