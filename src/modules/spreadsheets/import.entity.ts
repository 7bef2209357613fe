import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { ImportKind } from './import-target';
import type { ColumnMapping } from './lead-sheet.mapping';
import type { SheetCell } from './sheet-reader';
import type { MergedRange } from './xlsx-guard';

export type ImportStatus = 'queued' | 'running' | 'done' | 'failed';
export type ImportRowStatus = 'created' | 'valid' | 'updated' | 'duplicate' | 'error' | 'skipped';

/** One row of an import's report: what became of the spreadsheet row with that number. */
export interface ImportRowReport {
  row: number;
  status: ImportRowStatus;
  leadId?: string;
  errors?: string[];
  warnings?: string[];
  /** Why a `skipped` line is not a data row (a 合计 line, a note below the table). */
  reason?: string;
  duplicateOf?: { leadId: string; code: string } | { row: number };
  /** An update of an existing lead (onDuplicate=update) or reported period: the fields it changes. */
  changes?: string[];
  /** Actuals: the period the row reports (2026, 2026-Q3). */
  period?: string;
}

/** What a request asked of its import besides the file: kept with a queued import for the worker. */
export interface ImportRequestOptions {
  /** What the import writes; absent: leads (imports recorded before there were other kinds). */
  target?: ImportKind;
  /** The worksheet chosen by name; a queued import reads the same one. */
  sheet?: string;
  /** The chosen worksheet's merged ranges, found when the upload was read: the worker reads the file once, not twice. */
  merges?: MergedRange[];
  mapping?: Record<string, string>;
  onDuplicate?: 'skip' | 'update';
}

/**
 * A spreadsheet import: one that runs in the background (the upload and its progress; its report is in
 * ImportReportBatch), or one done within its request (recorded when done, for its rejected rows).
 */
@Entity('imports')
@Check('chk_imports_status', `status IN ('queued', 'running', 'done', 'failed')`)
@Index('idx_imports_user_created', ['userId', 'createdAt'])
export class Import {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'text', default: 'queued' })
  status: ImportStatus;

  @Column({ type: 'boolean', default: false })
  dryRun: boolean;

  @Column({ type: 'text' })
  fileName: string;

  @Column({ type: 'text' })
  format: string;

  @Column({ type: 'int' })
  fileSize: number;

  /** The uploaded bytes, kept until the import is done (read back in chunks, never selected by default). */
  @Column({ type: 'bytea', nullable: true, select: false })
  file: Buffer | null;

  /** Data rows in the file (blank rows not counted); known once the worker has read the file through. */
  @Column({ type: 'int', nullable: true })
  total: number | null;

  /** Data rows handled so far; rows are committed together with this count, so a re-run resumes after them. */
  @Column({ type: 'int', default: 0 })
  processed: number;

  @Column({ type: 'int', default: 0 })
  created: number;

  @Column({ type: 'int', default: 0 })
  updated: number;

  @Column({ type: 'int', default: 0 })
  duplicates: number;

  @Column({ type: 'int', default: 0 })
  errors: number;

  /** Lines that are not data rows (合计 lines, notes below the table): counted in `processed`, never as valid. */
  @Column({ type: 'int', default: 0 })
  skipped: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'jsonb', nullable: true })
  options: ImportRequestOptions | null;

  /** The file's columns and what each was read as (the rejected-rows file writes its header from it). */
  @Column({ type: 'jsonb', nullable: true })
  columns: ColumnMapping[] | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}

/**
 * One batch's rows of an import's report, written in the batch's transaction. Appending a row per batch
 * keeps a 100k-row report linear to write (rewriting one growing jsonb value per batch is quadratic).
 */
@Entity('import_report_batches')
export class ImportReportBatch {
  @PrimaryColumn({ type: 'uuid' })
  importId: string;

  /** How many data rows came before this batch (the import's `processed` when it started). */
  @PrimaryColumn({ type: 'int' })
  rowsBefore: number;

  @Column({ type: 'jsonb' })
  rows: ImportRowReport[];
}

/** A cell as stored in jsonb: a date keeps its type. */
export type StoredCell = Exclude<SheetCell, Date> | { date: string };

/** A row an import refused, kept (bounded per import) to give it back in the rejected-rows file with its reason. */
@Entity('import_rejected_rows')
export class ImportRejectedRow {
  @PrimaryColumn({ type: 'uuid' })
  importId: string;

  @PrimaryColumn({ type: 'int' })
  row: number;

  @Column({ type: 'jsonb' })
  cells: StoredCell[];

  @Column({ type: 'text' })
  reason: string;
}
