import { EntityManager } from 'typeorm';
import { ImportRowReport } from './import.entity';
import { isBlankRow, isSummaryOrNoteRow, SheetRow } from './sheet-reader';

/** The shared shape of every import target's run: options, counts, batches, skipped lines and refused rows. */

export const IMPORT_BATCH_SIZE = 500;
/** A batch is also cut when its rows hold this much text, so the rows in memory stay small whatever the cells hold. */
const BATCH_MAX_CHARS = 4_000_000;

/** A row refused (status error), kept to give it back in the rejected-rows file: its cells as read, and why. */
export interface RejectedRow {
  row: number;
  cells: SheetRow['cells'];
  reason: string;
}

export interface ImportOptions {
  dryRun: boolean;
  /** Leads: what a row that matches a live lead does. */
  onDuplicate?: 'skip' | 'update';
  batchSize?: number;
  /** Data rows to pass over: those an earlier run of the same import has committed. */
  skip?: number;
  /** Receives each batch's reports and its refused rows; in a real import it runs inside the batch's transaction. */
  onBatch: (reports: ImportRowReport[], manager: EntityManager | null, rejected: RejectedRow[]) => Promise<void>;
}

export interface ImportCounts {
  processed: number;
  created: number;
  updated: number;
  valid: number;
  duplicates: number;
  errors: number;
  skipped: number;
}

export const noCounts = (): ImportCounts => ({ processed: 0, created: 0, updated: 0, valid: 0, duplicates: 0, errors: 0, skipped: 0 });

/**
 * Hands the data rows (blank lines left out) to `handle` in batches of `batchSize` rows or fewer when their text is
 * large; the first `skip` rows (an earlier run committed them) go to `passed` instead. One batch is handled at a time,
 * in order; the next one is read meanwhile (the file's parsing overlaps the batch's database writes), and `prepare`d
 * (its own checks, which need nothing of the batch being written) before the batch before it is done, so memory holds
 * three batches at most. Two preparations never run at once.
 */
export async function inBatches<T = SheetRow[]>(
  rows: AsyncIterable<SheetRow> | Iterable<SheetRow>,
  options: Pick<ImportOptions, 'batchSize' | 'skip'> & { passed?: (row: SheetRow) => void; prepare?: (batch: SheetRow[]) => Promise<T> },
  handle: (batch: T) => Promise<void>,
): Promise<void> {
  const size = options.batchSize ?? IMPORT_BATCH_SIZE;
  const skip = options.skip ?? 0;
  // without a preparation the batch is handed over as it was read
  const prepare = options.prepare ?? ((batch: SheetRow[]) => Promise.resolve(batch as unknown as T));
  let index = 0;
  let batch: SheetRow[] = [];
  let batchChars = 0;
  // the batch being handled: awaited before the next one starts and at the end
  const current: { handling: Promise<void> } = { handling: Promise.resolve() };
  const next = async (full: SheetRow[]) => {
    const prepared = prepare(full);
    // until they are awaited, failures must not count as unhandled rejections
    prepared.catch(() => undefined);
    await current.handling;
    current.handling = handle(await prepared);
    current.handling.catch(() => undefined);
  };
  for await (const row of rows) {
    if (isBlankRow(row)) continue;
    index += 1;
    if (index <= skip) {
      options.passed?.(row);
      continue;
    }
    batch.push(row);
    batchChars += textLength(row);
    if (batch.length >= size || batchChars >= BATCH_MAX_CHARS) {
      await next(batch);
      batch = [];
      batchChars = 0;
    }
  }
  if (batch.length) await next(batch);
  await current.handling;
}

/** A batch's 合计 lines and notes below the table, by row number with why: reported as skipped, not checked as data. */
export function summaryLines(rows: readonly SheetRow[]): Map<number, string> {
  return new Map(
    rows.flatMap((row) => {
      const reason = isSummaryOrNoteRow(row);
      return reason ? [[row.number, reason] as const] : [];
    }),
  );
}

/** Adds a batch's reports to the run's counts. */
export function countReports(counts: ImportCounts, reports: readonly ImportRowReport[]): void {
  for (const report of reports) {
    counts.processed += 1;
    if (report.status === 'created') counts.created += 1;
    else if (report.status === 'updated') counts.updated += 1;
    else if (report.status === 'valid') counts.valid += 1;
    else if (report.status === 'duplicate') counts.duplicates += 1;
    else if (report.status === 'skipped') counts.skipped += 1;
    else counts.errors += 1;
  }
}

/** The refused rows of a batch's reports, with their cells, for the rejected-rows file. */
export function rejectedRows(reports: readonly ImportRowReport[], cells: ReadonlyMap<number, SheetRow['cells']>): RejectedRow[] {
  return reports
    .filter((r) => r.status === 'error')
    .map((r) => ({ row: r.row, cells: (cells.get(r.row) ?? []).map(storable), reason: (r.errors ?? []).join('；') }));
}

/** A cell as jsonb can keep it: PostgreSQL's jsonb refuses U+0000, so the rejected-rows file gives the text back without it. */
function storable(cell: SheetRow['cells'][number]): SheetRow['cells'][number] {
  return typeof cell === 'string' && cell.includes('\u0000') ? cell.replaceAll('\u0000', '') : cell;
}

function textLength(row: SheetRow): number {
  let chars = 0;
  for (const cell of row.cells) if (typeof cell === 'string') chars += cell.length;
  return chars;
}
