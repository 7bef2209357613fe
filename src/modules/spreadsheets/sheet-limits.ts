import { AppError, ErrorCode } from '../../common/errors/app-error';

const MiB = 1024 * 1024;

/**
 * What an uploaded spreadsheet may hold. Reading is streamed, so memory follows these and not the
 * file: a file over any of them is refused whole (413, the limit named) as soon as the reader meets it.
 */
export const SHEET_LIMITS = {
  /** Data rows: the 100,000-row ledger the product promises. */
  rows: 100_000,
  cellsPerRow: 256,
  /** Above Excel's 32,767 a cell and far above any field the import keeps (2,000); a CSV field may be longer than Excel's. */
  cellChars: 100_000,
  sharedStrings: 1_000_000,
  sharedStringChars: 16_000_000,
  /** Inflated size of one worksheet or the shared strings (a 100,000-row ledger's sheet is ~75 MB). */
  entryBytes: 256 * MiB,
  /** Inflated size of the workbook, styles and relations parts, which exceljs holds whole. */
  partBytes: 16 * MiB,
  totalBytes: 512 * MiB,
} as const;

export type SheetLimit = keyof typeof SHEET_LIMITS;

/** Lines a sheet may have besides its data rows (title, header, blank lines) before the row limit counts them as rows. */
export const LINES_BESIDES_DATA = 100;

const count = (n: number) => n.toLocaleString('en-US');
const mib = (n: number) => `${n / MiB} MiB`;

const DESCRIBE: Record<SheetLimit, (subject: string) => string> = {
  rows: () => `the sheet has more than ${count(SHEET_LIMITS.rows)} rows`,
  cellsPerRow: (row) => `${row || 'a row'} has more than ${count(SHEET_LIMITS.cellsPerRow)} cells (or a cell past that column)`,
  cellChars: () => `a cell has more than ${count(SHEET_LIMITS.cellChars)} characters`,
  sharedStrings: () => `the shared strings table has more than ${count(SHEET_LIMITS.sharedStrings)} strings`,
  sharedStringChars: () => `the shared strings table has more than ${count(SHEET_LIMITS.sharedStringChars)} characters`,
  entryBytes: (part) => `${part} inflates to more than ${mib(SHEET_LIMITS.entryBytes)}`,
  partBytes: (part) => `${part} inflates to more than ${mib(SHEET_LIMITS.partBytes)}`,
  totalBytes: () => `the file inflates to more than ${mib(SHEET_LIMITS.totalBytes)}`,
};

/** 413 naming the limit the file passed, e.g. "the sheet has more than 100,000 rows". */
export function overLimit(limit: SheetLimit, subject = ''): AppError {
  const what = DESCRIBE[limit](subject);
  const error = new AppError(ErrorCode.PayloadTooLarge, `The spreadsheet is too large to import: ${what}`, {
    limit,
    max: SHEET_LIMITS[limit],
    reason: what,
  });
  // V8 keeps the frames' receivers (the reader's tables) until the stack is formatted, and the stalled reader keeps the error
  void error.stack;
  return error;
}
