import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { AuthUser, seesEverything } from '../../common/auth/auth-user';
import { AppError } from '../../common/errors/app-error';
import { UsersRepository } from '../users/users.repository';
import { ImportAcceptedDto, ImportProgressDto, ImportReportDto } from './dto/import-report.dto';
import { ImportLeadsQuery } from './dto/import-leads.query';
import { ImportKind } from './import-target';
import { ImportTargets } from './import-targets';
import { ImportRequestOptions, ImportRowReport } from './import.entity';
import { ImportMappingsService } from './import-mappings.service';
import { ImportQueue } from './import-queue';
import { ImportsRepository, REJECTED_ROWS_KEPT } from './imports.repository';
import { RejectedRow } from './import-batches';
import { mappingTargets, mappingWarnings } from './lead-sheet.mapping';
import { bufferSource, chooseLedgerSheet, openLeadSheet } from './lead-sheet.source';
import { detectFormat, SheetFormat } from './sheet-reader';
import { SpreadsheetUpload } from './spreadsheet-upload';

/** Files with more data rows than this run as a background job (202) instead of holding the request. */
export const SYNC_IMPORT_MAX_ROWS = 2000;

const memoryMb = () => {
  const usage = process.memoryUsage();
  return { rssMb: Math.round(usage.rss / 1048576), heapUsedMb: Math.round(usage.heapUsed / 1048576) };
};

/** Thrown inside a batch when another run of the same import has moved on: the batch rolls back and this run stops. */
class ImportSuperseded extends Error {}

export type ImportSubmission = { status: 200; body: ImportReportDto } | { status: 202; body: ImportAcceptedDto };

/** POST /leads/import, POST /actuals/import and GET /imports/:id: small files are imported at once, large ones queued and run by the worker. */
@Injectable()
export class ImportsService {
  private readonly logger = new Logger(ImportsService.name);

  constructor(
    private readonly repository: ImportsRepository,
    private readonly targets: ImportTargets,
    private readonly queue: ImportQueue,
    private readonly users: UsersRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mappings: ImportMappingsService,
  ) {}

  /** Imports (or queues) the upload into the target: `leads` (the ledger) or `actuals` (履约填报). */
  async submit(user: AuthUser, upload: SpreadsheetUpload, query: ImportLeadsQuery, kind: ImportKind = 'leads'): Promise<ImportSubmission> {
    const target = this.targets.get(kind);
    const dryRun = upload.dryRun ?? query.dryRun ?? false;
    const options: ImportRequestOptions = {
      ...(kind === 'leads' ? {} : { target: kind }),
      ...((upload.sheet ?? query.sheet) === undefined ? {} : { sheet: upload.sheet ?? query.sheet }),
      mapping: await this.mappings.resolve(user, upload.mappingId, upload.mapping, target.columns),
      onDuplicate: upload.onDuplicate ?? query.onDuplicate ?? 'skip',
    };
    const format = detectFormat(upload.data);
    const source = bufferSource(upload.data);
    const timeoutMs = this.config.importReadTimeoutMs;
    // read once for the sheets (names, rows, merged ranges), then again for the import: the rows are never all held at once;
    // a file that will be queued is read only up to its chosen sheet's first rows, the worker parses it once
    const book = await chooseLedgerSheet(source, format, target, { sheet: options.sheet, timeoutMs, largeAbove: SYNC_IMPORT_MAX_ROWS });
    if (book.chosen.dataRows > SYNC_IMPORT_MAX_ROWS)
      return {
        status: 202,
        body: await this.enqueue(
          user,
          upload,
          format,
          dryRun,
          { ...options, sheet: book.chosen.name, merges: book.chosen.merges },
          book.chosen.dataRows,
        ),
      };
    const { layout, rows } = await openLeadSheet(source, format, target, {
      sheet: book.chosen.name,
      merges: book.chosen.merges,
      timeoutMs,
      override: options.mapping,
    });
    const reports: ImportRowReport[] = [];
    const rejected: RejectedRow[] = [];
    const counts = await target.importRows(user, layout, rows, {
      dryRun,
      onDuplicate: options.onDuplicate,
      onBatch: (batch, _manager, refused) => {
        reports.push(...batch);
        rejected.push(...refused.slice(0, REJECTED_ROWS_KEPT - rejected.length));
        return Promise.resolve();
      },
    });
    this.logger.log({ msg: 'import done', kind, userId: user.id, fileName: upload.fileName, dryRun, ...counts });
    // a real import is recorded, so that its rejected rows can be downloaded to fix and upload again
    const importId = dryRun
      ? undefined
      : await this.repository.recordDone(
          { userId: user.id, fileName: upload.fileName, format, fileSize: upload.data.length, options, columns: layout.columns, counts },
          rejected,
        );
    return {
      status: 200,
      body: {
        ...(importId ? { importId } : {}),
        created: counts.created,
        updated: counts.updated,
        valid: counts.valid,
        duplicates: counts.duplicates,
        errors: counts.errors,
        skipped: counts.skipped,
        sheets: book.sheets,
        sheet: book.chosen.name,
        columns: layout.columns,
        warnings: mappingWarnings(layout),
        targets: mappingTargets(target.columns),
        rows: reports,
      },
    };
  }

  async progress(user: AuthUser, id: string): Promise<ImportProgressDto> {
    const found = await this.repository.findProgress(id);
    if (!found || (found.userId !== user.id && !seesEverything(user))) throw AppError.notFound('Import', id);
    const kind = found.options?.target ?? 'leads';
    const finished = found.status === 'done' || found.status === 'failed';
    return {
      id: found.id,
      status: found.status,
      dryRun: found.dryRun,
      fileName: found.fileName,
      total: found.total,
      processed: found.processed,
      created: found.created,
      valid: found.dryRun ? found.processed - found.duplicates - found.errors - found.updated - found.skipped : 0,
      updated: found.updated,
      duplicates: found.duplicates,
      errors: found.errors,
      skipped: found.skipped,
      error: found.error,
      createdAt: found.createdAt,
      startedAt: found.startedAt,
      finishedAt: found.finishedAt,
      columns: found.columns ?? [],
      kind,
      targets: mappingTargets(this.targets.get(kind).columns),
      ...(finished ? { rows: await this.repository.findReport(id) } : {}),
    };
  }

  /**
   * The worker's job: runs a stored import from where it stopped (rows are committed together with the
   * progress, so a re-run skips exactly those). Answers what it did; a file that cannot be read is a
   * permanent failure, anything else is retried by the queue.
   */
  async run(importId: string): Promise<'done' | 'skipped' | 'failed'> {
    const job = await this.repository.claim(importId);
    if (!job) return 'skipped';
    const importer = await this.importer(job.userId);
    if (!importer) {
      await this.repository.fail(importId, 'the importing user no longer exists or is inactive');
      return 'failed';
    }
    const source = () => this.repository.fileStream(importId);
    const format = job.format as SheetFormat;
    try {
      const timeoutMs = this.config.importReadTimeoutMs;
      const options = job.options ?? {};
      const target = this.targets.get(options.target);
      // the sheet, its merged ranges and its rows as the upload's read found them; an import queued without them reads the file for them first
      const known = job.total !== null && options.sheet !== undefined && options.merges !== undefined;
      const chosen = known
        ? { name: options.sheet, merges: options.merges }
        : (await chooseLedgerSheet(source, format, target, { sheet: options.sheet, timeoutMs })).chosen;
      let total = job.total;
      if (total === null && 'dataRows' in chosen) {
        total = chosen.dataRows;
        await this.repository.setTotal(importId, total);
      }
      this.logger.log({ msg: 'import running', importId, fileName: job.fileName, dryRun: job.dryRun, total, resumeAfter: job.processed });
      const { layout, rows } = await openLeadSheet(source, format, target, {
        sheet: chosen.name,
        merges: chosen.merges,
        timeoutMs,
        override: options.mapping,
      });
      if (job.columns === null) await this.repository.setColumns(importId, layout.columns);
      const started = Date.now();
      let processed = job.processed;
      await target.importRows(importer, layout, rows, {
        dryRun: job.dryRun,
        onDuplicate: options.onDuplicate,
        skip: job.processed,
        onBatch: async (reports, manager, rejected) => {
          const totals = await this.repository.recordBatch(importId, reports, processed, manager, job.dryRun ? [] : rejected);
          if (!totals) throw new ImportSuperseded();
          processed = totals.processed;
          this.logger.log({
            msg: 'import progress',
            importId,
            ...totals,
            total,
            seconds: Math.round((Date.now() - started) / 1000),
            ...memoryMb(),
          });
        },
      });
      await this.repository.finish(importId);
      this.logger.log({ msg: 'import done', importId, seconds: Math.round((Date.now() - started) / 1000) });
      return 'done';
    } catch (error) {
      if (error instanceof ImportSuperseded) {
        this.logger.warn({ msg: 'import run stopped: another run of it has moved on', importId });
        return 'skipped';
      }
      if (error instanceof AppError) {
        await this.repository.fail(importId, error.message);
        return 'failed';
      }
      throw error;
    }
  }

  markFailed(importId: string, message: string): Promise<void> {
    return this.repository.fail(importId, message);
  }

  unfinished(): Promise<string[]> {
    return this.repository.unfinished();
  }

  private async enqueue(
    user: AuthUser,
    upload: SpreadsheetUpload,
    format: SheetFormat,
    dryRun: boolean,
    options: ImportRequestOptions,
    total: number,
  ): Promise<ImportAcceptedDto> {
    const importId = await this.repository.create({
      userId: user.id,
      dryRun,
      fileName: upload.fileName,
      format,
      file: upload.data,
      options,
      total,
    });
    this.logger.log({ msg: 'import queued', importId, userId: user.id, fileName: upload.fileName, bytes: upload.data.length, dryRun });
    await this.queue.enqueue(importId);
    return { importId, status: 'queued' };
  }

  private async importer(userId: string): Promise<AuthUser | null> {
    const user = await this.users.findById(userId);
    if (!user || !user.active) return null;
    return { id: user.id, username: user.username, displayName: user.displayName, roles: user.roles, teamId: user.teamId };
  }
}
