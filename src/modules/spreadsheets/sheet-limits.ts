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
const mib = (n: number) => `${n / MiB} MB`;

const DESCRIBE: Record<SheetLimit, (subject: string) => string> = {
  rows: () => `工作表超过 ${count(SHEET_LIMITS.rows)} 行`,
  cellsPerRow: (row) =>
    `${row || '某一行'}超过 ${count(SHEET_LIMITS.cellsPerRow)} 个单元格 (或有单元格在第 ${count(SHEET_LIMITS.cellsPerRow)} 列之后)`,
  cellChars: () => `有单元格超过 ${count(SHEET_LIMITS.cellChars)} 个字符`,
  sharedStrings: () => `共享字符串表超过 ${count(SHEET_LIMITS.sharedStrings)} 个字符串`,
  sharedStringChars: () => `共享字符串表超过 ${count(SHEET_LIMITS.sharedStringChars)} 个字符`,
  entryBytes: (part) => `${part} 解压后超过 ${mib(SHEET_LIMITS.entryBytes)}`,
  partBytes: (part) => `${part} 解压后超过 ${mib(SHEET_LIMITS.partBytes)}`,
  totalBytes: () => `文件解压后超过 ${mib(SHEET_LIMITS.totalBytes)}`,
};

/** The row a limit names, as the clerk counts it. */
export const rowSubject = (row: number) => `第 ${row} 行`;

/** 413 naming the limit the file passed, e.g. "工作表超过 100,000 行". */
export function overLimit(limit: SheetLimit, subject = ''): AppError {
  const what = DESCRIBE[limit](subject);
  const error = new AppError(ErrorCode.PayloadTooLarge, `表格太大, 无法导入: ${what}, 请拆分成几个文件分批导入`, {
    limit,
    max: SHEET_LIMITS[limit],
    reason: what,
  });
  // V8 keeps the frames' receivers (the reader's tables) until the stack is formatted, and the stalled reader keeps the error
  void error.stack;
  return error;
}
