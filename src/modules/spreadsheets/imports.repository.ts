import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Import, ImportRejectedRow, ImportRequestOptions, ImportRowReport, StoredCell } from './import.entity';
import type { ImportCounts, RejectedRow } from './import-batches';
import type { ColumnMapping } from './lead-sheet.mapping';
import type { SheetCell } from './sheet-reader';

const PROGRESS_COLUMNS = `id, user_id AS "userId", status, dry_run AS "dryRun", file_name AS "fileName", format, file_size AS "fileSize", total, processed, created,
  updated, duplicates, errors, skipped, error, options, columns, created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt"`;

/** Rejected rows kept per import for the rejected-rows file (the report itself lists every row). */
export const REJECTED_ROWS_KEPT = 10_000;

const storeCell = (cell: SheetCell): StoredCell => (cell instanceof Date ? { date: cell.toISOString() } : cell);
/** A stored cell as the sheet had it. */
export const restoreCell = (cell: StoredCell): SheetCell =>
  cell !== null && typeof cell === 'object' && 'date' in cell ? new Date(cell.date) : cell;

/** Reading the stored upload back in pieces of this size keeps the worker's memory flat whatever the file's size. */
const FILE_CHUNK_BYTES = 1024 * 1024;

export type ImportProgress = Omit<Import, 'file'>;

export interface BatchTotals {
  processed: number;
  created: number;
  updated: number;
  duplicates: number;
  errors: number;
  skipped: number;
}

/** The `imports` table (background imports, their stored upload and progress) and their reports (`import_report_batches`). */
@Injectable()
export class ImportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(fields: {
    userId: string;
    dryRun: boolean;
    fileName: string;
    format: string;
    file: Buffer;
    options?: ImportRequestOptions;
    /** The data rows the upload's read counted (null: the worker counts them). */
    total?: number | null;
  }): Promise<string> {
    const rows = await this.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO imports (user_id, dry_run, file_name, format, file_size, file, options, total) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        fields.userId,
        fields.dryRun,
        fields.fileName,
        fields.format,
        fields.file.length,
        fields.file,
        JSON.stringify(fields.options ?? {}),
        fields.total ?? null,
      ],
    );
    return rows[0].id;
  }

  /** An import done within its request, recorded done with its counts and its rejected rows (the report was the answer). */
  async recordDone(
    fields: {
      userId: string;
      fileName: string;
      format: string;
      fileSize: number;
      options: ImportRequestOptions;
      columns: ColumnMapping[];
      counts: ImportCounts;
    },
    rejected: RejectedRow[],
  ): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const { counts } = fields;
      const rows = await manager.query<Array<{ id: string }>>(
        `INSERT INTO imports (user_id, status, dry_run, file_name, format, file_size, total, processed, created, updated, duplicates, errors,
                              skipped, options, columns, started_at, finished_at)
         VALUES ($1, 'done', false, $2, $3, $4, $5, $5, $6, $7, $8, $9, $10, $11, $12, now(), now()) RETURNING id`,
        [
          fields.userId,
          fields.fileName,
          fields.format,
          fields.fileSize,
          counts.processed,
          counts.created,
          counts.updated,
          counts.duplicates,
          counts.errors,
          counts.skipped,
          JSON.stringify(fields.options),
          JSON.stringify(fields.columns),
        ],
      );
      await this.insertRejected(manager, rows[0].id, rejected);
      return rows[0].id;
    });
  }

  async setColumns(id: string, columns: ColumnMapping[]): Promise<void> {
    await this.dataSource.query(`UPDATE imports SET columns = $2 WHERE id = $1`, [id, JSON.stringify(columns)]);
  }

  /** The kept rejected rows of an import, in row order. */
  async findRejected(id: string): Promise<Array<Pick<ImportRejectedRow, 'row' | 'reason'> & { cells: SheetCell[] }>> {
    const rows = await this.dataSource.query<Array<Pick<ImportRejectedRow, 'row' | 'cells' | 'reason'>>>(
      `SELECT "row", cells, reason FROM import_rejected_rows WHERE import_id = $1 ORDER BY "row"`,
      [id],
    );
    return rows.map((r) => ({ ...r, cells: r.cells.map(restoreCell) }));
  }

  /** Stores refused rows up to REJECTED_ROWS_KEPT per import (a re-run of a batch replaces its rows). */
  private async insertRejected(manager: EntityManager, id: string, rejected: RejectedRow[]): Promise<void> {
    if (rejected.length === 0) return;
    await manager.query(
      `INSERT INTO import_rejected_rows (import_id, "row", cells, reason)
       SELECT $1, r.n, r.cells, r.reason FROM unnest($2::int[], $3::jsonb[], $4::text[]) AS r(n, cells, reason)
        WHERE (SELECT count(*) FROM import_rejected_rows WHERE import_id = $1) < $5
       ON CONFLICT (import_id, "row") DO UPDATE SET cells = EXCLUDED.cells, reason = EXCLUDED.reason`,
      [
        id,
        rejected.map((r) => r.row),
        rejected.map((r) => JSON.stringify(r.cells.map(storeCell))),
        rejected.map((r) => r.reason),
        REJECTED_ROWS_KEPT,
      ],
    );
  }

  async findProgress(id: string): Promise<ImportProgress | null> {
    const rows = await this.dataSource.query<ImportProgress[]>(`SELECT ${PROGRESS_COLUMNS} FROM imports WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** The whole report, batch after batch. */
  async findReport(id: string): Promise<ImportRowReport[]> {
    const batches = await this.dataSource.query<Array<{ rows: ImportRowReport[] }>>(
      `SELECT rows FROM import_report_batches WHERE import_id = $1 ORDER BY rows_before`,
      [id],
    );
    return batches.flatMap((batch) => batch.rows);
  }

  /** Marks a queued (or interrupted) import running; null when it is finished or unknown, so a repeated job does nothing. */
  async claim(id: string): Promise<ImportProgress | null> {
    const rows = await this.dataSource.query<[ImportProgress[], number]>(
      `UPDATE imports SET status = 'running', started_at = coalesce(started_at, now()) WHERE id = $1 AND status IN ('queued', 'running') RETURNING ${PROGRESS_COLUMNS}`,
      [id],
    );
    return rows[0][0] ?? null;
  }

  async setTotal(id: string, total: number): Promise<void> {
    await this.dataSource.query(`UPDATE imports SET total = $2 WHERE id = $1`, [id, total]);
  }

  /**
   * Adds a batch's counts to the totals and its rows to the report, in the batch's own transaction in a
   * real import (in one of its own in a dry run). Only when `processed` is still what the runner started
   * the batch from: otherwise another run of the same import got there first, and null tells this one to
   * stop (its batch rolls back).
   */
  async recordBatch(
    id: string,
    reports: ImportRowReport[],
    expectedProcessed: number,
    manager?: EntityManager | null,
    rejected: RejectedRow[] = [],
  ): Promise<BatchTotals | null> {
    if (!manager) return this.dataSource.transaction((own) => this.recordBatch(id, reports, expectedProcessed, own, rejected));
    const count = (status: string) => reports.filter((r) => r.status === status).length;
    const rows = await manager.query<[BatchTotals[], number]>(
      `UPDATE imports SET processed = processed + $2, created = created + $3, duplicates = duplicates + $4, errors = errors + $5, updated = updated + $7,
                          skipped = skipped + $8
       WHERE id = $1 AND processed = $6 AND status = 'running' RETURNING processed, created, updated, duplicates, errors, skipped`,
      [id, reports.length, count('created'), count('duplicate'), count('error'), expectedProcessed, count('updated'), count('skipped')],
    );
    const totals = rows[0][0];
    if (!totals) return null;
    await manager.query(`INSERT INTO import_report_batches (import_id, rows_before, rows) VALUES ($1, $2, $3::jsonb)`, [
      id,
      expectedProcessed,
      JSON.stringify(reports),
    ]);
    await this.insertRejected(manager, id, rejected);
    return totals;
  }

  /** Done: the upload is no longer needed and is dropped. */
  async finish(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE imports SET status = 'done', finished_at = now(), file = NULL WHERE id = $1 AND status = 'running'`,
      [id],
    );
  }

  async fail(id: string, message: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE imports SET status = 'failed', finished_at = now(), error = $2 WHERE id = $1 AND status IN ('queued', 'running')`,
      [id, message],
    );
  }

  /** Imports that a worker has still to run or to finish (after a restart, or when the queue was unreachable at upload). */
  async unfinished(): Promise<string[]> {
    const rows = await this.dataSource.query<Array<{ id: string }>>(
      `SELECT id FROM imports WHERE status IN ('queued', 'running') ORDER BY created_at`,
    );
    return rows.map((r) => r.id);
  }

  /** The stored upload as a stream, read from the database a megabyte at a time. */
  fileStream(id: string): Readable {
    const dataSource = this.dataSource;
    async function* chunks(): AsyncGenerator<Buffer> {
      for (let offset = 1; ; offset += FILE_CHUNK_BYTES) {
        const rows = await dataSource.query<Array<{ chunk: Buffer | null }>>(
          `SELECT substring(file FROM $2 FOR $3) AS chunk FROM imports WHERE id = $1`,
          [id, offset, FILE_CHUNK_BYTES],
        );
        const chunk = rows[0]?.chunk;
        if (!chunk || chunk.length === 0) return;
        yield chunk;
        if (chunk.length < FILE_CHUNK_BYTES) return;
      }
    }
    return Readable.from(chunks(), { objectMode: false });
  }
}
