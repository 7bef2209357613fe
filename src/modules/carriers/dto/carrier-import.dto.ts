import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export type CarrierImportRowStatus = 'created' | 'valid' | 'updated' | 'duplicate' | 'error';

export class CarrierImportRowDto {
  @ApiProperty({ type: 'integer', description: 'the row number as the spreadsheet shows it (the header is row 1)' }) row: number;
  @ApiProperty({
    enum: ['created', 'valid', 'updated', 'duplicate', 'error'],
    description:
      'valid: would be created or updated (dry run); duplicate: the code exists (and, with onDuplicate=update, the row changes nothing)',
  })
  status: CarrierImportRowStatus;
  @ApiPropertyOptional({ description: '载体编号 of the row' }) code?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the carrier created or updated, or the existing one of a duplicate' })
  carrierId?: string;
  @ApiPropertyOptional({ type: [String], description: 'what is wrong, each naming its column or field' }) errors?: string[];
}

/** POST /carriers/import: counts and a report per row. */
export class CarrierImportReportDto {
  @ApiProperty({ type: 'integer' }) created: number;
  @ApiProperty({ type: 'integer' }) updated: number;
  @ApiProperty({ type: 'integer' }) duplicates: number;
  @ApiProperty({ type: 'integer' }) errors: number;
  @ApiProperty({ type: [CarrierImportRowDto] }) rows: CarrierImportRowDto[];
}
