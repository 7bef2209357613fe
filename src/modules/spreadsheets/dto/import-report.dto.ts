import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ImportRowReport, ImportRowStatus, ImportStatus } from '../import.entity';
import { IMPORT_KINDS, type ImportKind } from '../import-target';
import type { ColumnMapping } from '../lead-sheet.mapping';

export class ImportRowDto {
  @ApiProperty({ description: 'the row number as the spreadsheet shows it (the header is row 1)' }) row: number;
  @ApiProperty({
    enum: ['created', 'valid', 'updated', 'duplicate', 'error', 'skipped'],
    description:
      'updated: an existing lead whose plain editable fields the row changes (onDuplicate=update), or an actuals period already reported whose figures it changes (in a dry run: would change)',
  })
  status: ImportRowStatus;
  @ApiPropertyOptional({ type: [String], description: 'updated: the fields the row changes' }) changes?: string[];
  @ApiPropertyOptional({ description: 'skipped: why the line is not a data row (合计 line, a note below the table)' }) reason?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the lead created from the row (actuals: the project the row reports for)' })
  leadId?: string;
  @ApiPropertyOptional({ description: 'actuals: the period the row reports (2026, 2026-Q3)' }) period?: string;
  @ApiPropertyOptional({ type: [String], description: 'what is wrong, each naming its column' }) errors?: string[];
  @ApiPropertyOptional({
    type: [String],
    description: 'imported, but worth a look (a key project imported past 签约 without its assessment)',
  })
  warnings?: string[];
  @ApiPropertyOptional({
    anyOf: [
      {
        type: 'object',
        required: ['leadId', 'code'],
        properties: { leadId: { type: 'string', format: 'uuid' }, code: { type: 'string' } },
      },
      { type: 'object', required: ['row'], properties: { row: { type: 'integer' } } },
    ],
    description:
      'the live lead ({leadId, code}) or the earlier row ({row}) with the same credit code, or, for a row without one, of the same team with the same 项目名称 and 企业名称; ' +
      'actuals: the project whose period is reported with the same figures already ({leadId, code}), or the earlier row with the same project and period ({row})',
  })
  duplicateOf?: ImportRowReport['duplicateOf'];
}

export class ImportSheetDto {
  @ApiProperty() name: string;
  @ApiProperty({ description: 'non-blank rows, title and header lines included' }) rows: number;
}

/** A column the import reads, that a mapping may send a file column to. */
export class ImportTargetDto {
  @ApiProperty({ description: 'the column key a mapping names (plannedInvestment, ownerName, industryName …)' }) key: string;
  @ApiProperty({ description: 'its Chinese header, with the stored unit' }) header: string;
}

export class ImportColumnDto {
  @ApiProperty({ description: '0-based column of the file' }) index: number;
  @ApiProperty({ description: 'the header as the file writes it (a two-row header as `parent / child`)' }) header: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'the column key it fills (a lead field or ownerName, industryName …); null: not used',
  })
  field: string | null;
  @ApiPropertyOptional({ description: 'the Chinese header of that column' }) label?: string;
  @ApiPropertyOptional({ description: 'the unit the header names (亿元, 公顷 …)' }) unit?: string;
  @ApiPropertyOptional({ description: 'stored units per one of the header’s unit (亿元 → 10000): every cell is multiplied by it' })
  factor?: number;
  @ApiPropertyOptional({ description: 'why it is not used, or how its values are read' }) reason?: string;
}

/** The answer of an import run in the request. */
export class ImportReportDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'a real import: its record, for GET /leads/import/:importId/rejected.xlsx' })
  importId?: string;
  @ApiProperty() created: number;
  @ApiProperty({ description: 'existing leads updated (onDuplicate=update)' }) updated: number;
  @ApiProperty({ description: 'rows that would be created (dry run)' }) valid: number;
  @ApiProperty() duplicates: number;
  @ApiProperty() errors: number;
  @ApiProperty({ description: 'lines that are not data rows (合计 lines, notes below the table)' }) skipped: number;
  @ApiProperty({
    type: [ImportSheetDto],
    description: 'the sheets of the file (a CSV file is one sheet named CSV), to choose from with `sheet`',
  })
  sheets: ImportSheetDto[];
  @ApiProperty({ description: 'the sheet read: the one asked for, else the first with a header line' }) sheet: string;
  @ApiProperty({ type: [ImportColumnDto], description: 'which file column went to which field, which were not used and why' })
  columns: ColumnMapping[];
  @ApiProperty({ type: [String], description: 'file-level warnings: columns not used' }) warnings: string[];
  @ApiProperty({ type: [ImportTargetDto], description: 'what a mapping may send a column to (the `mapping` form field’s values)' })
  targets: ImportTargetDto[];
  @ApiProperty({ type: [ImportRowDto] }) rows: ImportRowReport[];
}

/** 202: a large file was queued; follow it at GET /imports/:id. */
export class ImportAcceptedDto {
  @ApiProperty({ format: 'uuid' }) importId: string;
  @ApiProperty({ enum: ['queued'] }) status: 'queued';
}

export class ImportProgressDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: IMPORT_KINDS, enumName: 'ImportKind', description: 'what the import writes: leads (台账) or actuals (履约填报)' })
  kind: ImportKind;
  @ApiProperty({ enum: ['queued', 'running', 'done', 'failed'] }) status: ImportStatus;
  @ApiProperty() dryRun: boolean;
  @ApiProperty() fileName: string;
  @ApiProperty({ nullable: true, type: Number, description: 'data rows in the file, once counted' }) total: number | null;
  @ApiProperty() processed: number;
  @ApiProperty() created: number;
  @ApiProperty() updated: number;
  @ApiProperty() valid: number;
  @ApiProperty() duplicates: number;
  @ApiProperty() errors: number;
  @ApiProperty({ description: 'lines that are not data rows (合计 lines, notes below the table), counted in processed' }) skipped: number;
  @ApiProperty({ type: [ImportColumnDto] }) columns: ColumnMapping[];
  @ApiProperty({ type: [ImportTargetDto] }) targets: ImportTargetDto[];
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) startedAt: Date | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) finishedAt: Date | null;
  @ApiPropertyOptional({ type: [ImportRowDto], description: 'the per-row report, once the import is done' }) rows?: ImportRowReport[];
}
