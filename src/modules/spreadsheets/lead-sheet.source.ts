import { Readable } from 'node:stream';
import { AppError, ErrorCode } from '../../common/errors/app-error';
import type { ImportTarget } from './import-target';
import type { SheetColumns } from './lead-sheet.columns';
import { combineHeaderRows, headerCells, mapColumns, MappingOverride, SheetLayout } from './lead-sheet.mapping';
import { notASpreadsheet } from './sheet-errors';
import { inspectSheets, isBlankRow, readSheetRows, SheetFormat, SheetRow, SheetSource, SheetSummary } from './sheet-reader';
import { MergedRange } from './xlsx-guard';

/** Lines a ledger may have above its header (a title such as 「2026年招商项目台账」). */
const MAX_LINES_BEFORE_HEADER = 5;
const CHUNK_BYTES = 64 * 1024;

/** An uploaded file held in memory, handed to the parsers in 64 KB pieces. */
export function bufferSource(data: Buffer): SheetSource {
  return () =>
    Readable.from(
      (function* () {
        for (let offset = 0; offset < data.length; offset += CHUNK_BYTES) yield data.subarray(offset, offset + CHUNK_BYTES);
      })(),
      { objectMode: false },
    );
}

/** A line that can be the header: it names two or more of the target's columns. */
const headerLine =
  (columns: SheetColumns) =>
  (row: SheetRow): boolean =>
    mapColumns(headerCells(row.cells), [row.number], {}, columns).header.size >= 2;

/** The sheets of a ledger as the import answer lists them, and the one read. */
export interface LedgerSheets {
  sheets: Array<{ name: string; rows: number }>;
  chosen: { name: string; merges: MergedRange[]; dataRows: number };
}

export interface OpenOptions {
  /** The sheet the caller chose; default: the first visible sheet with a header line. */
  sheet?: string;
  timeoutMs?: number;
  /**
   * Data rows above which only the chosen sheet matters (the upload is queued, its answer lists no sheets): the read
   * stops at that sheet, its rows counted by the upload guard's scan (inspectSheets' stopAt) rather than parsed.
   */
  largeAbove?: number;
}

/**
 * Reads the workbook once for its sheets (names, rows, merged ranges) and chooses the one to import:
 * the one named, or the first visible sheet whose first lines hold a header (a 说明 sheet before the
 * ledger is passed over), else the first sheet (whose missing header is then the error).
 */
export async function chooseLedgerSheet(
  source: SheetSource,
  format: SheetFormat,
  target: Pick<ImportTarget, 'columns'>,
  options: OpenOptions = {},
): Promise<LedgerSheets> {
  // the sheet named, else the first visible one with a header line
  const isChosen = (s: { name: string; hidden: boolean; look: number }) =>
    options.sheet === undefined ? !s.hidden && s.look >= 0 : s.name === options.sheet;
  const { largeAbove } = options;
  const found = await inspectSheets(source, format, (rows) => rows.findIndex(headerLine(target.columns)), {
    firstRows: MAX_LINES_BEFORE_HEADER,
    timeoutMs: options.timeoutMs,
    stopAt: largeAbove === undefined ? undefined : (s) => isChosen(s) && dataRows(s) > largeAbove,
  });
  const sheets = found.map((s) => ({ name: s.name, rows: s.rows }));
  let chosen: (SheetSummary & { look: number }) | undefined;
  if (options.sheet !== undefined) {
    chosen = found.find(isChosen);
    if (!chosen)
      throw new AppError(
        ErrorCode.BadRequest,
        `无法导入此文件: 没有名为「${options.sheet}」的工作表 (有: ${sheets.map((s) => s.name).join('、')})`,
        { file: 'noSheet', sheet: options.sheet, sheets },
      );
  } else {
    chosen = found.find(isChosen) ?? found.find((s) => !s.hidden) ?? found[0];
  }
  if (!chosen) throw notASpreadsheet('文件中没有工作表', 'noSheet');
  return { sheets, chosen: { name: chosen.name, merges: chosen.merges, dataRows: dataRows(chosen) } };
}

/** The rows under the header line (a sheet without one: every row). */
const dataRows = (sheet: { rows: number; look: number }): number => Math.max(0, sheet.rows - sheet.look - 1);

/**
 * Finds the header line of the sheet (the first line, after at most a few title lines) and answers its
 * mapping with the rows that follow; 400 when there is none. A second header line under it (a two-row
 * header) is combined with it and not read as data. `merges`: the sheet's merged ranges (from chooseLedgerSheet).
 */
export async function openLeadSheet(
  source: SheetSource,
  format: SheetFormat,
  target: Pick<ImportTarget, 'columns' | 'checkHeader' | 'headerHint'>,
  options: { sheet?: string; merges?: MergedRange[]; timeoutMs?: number; override?: MappingOverride } = {},
): Promise<{ layout: SheetLayout; rows: AsyncGenerator<SheetRow> }> {
  const override = options.override ?? {};
  const rows = readSheetRows(source, format, options);
  try {
    for (let seen = 0; seen < MAX_LINES_BEFORE_HEADER;) {
      const next = await rows.next();
      if (next.done) break;
      if (isBlankRow(next.value)) continue;
      seen += 1;
      const top = next.value;
      const single = mapColumns(headerCells(top.cells), [top.number], override, target.columns);
      if (single.header.size < 2) continue;
      const following = await rows.next();
      const sub = following.done ? null : following.value;
      const combined = sub && !isBlankRow(sub) ? combineHeaderRows(top.cells, sub.cells, target.columns) : null;
      const layout = combined && sub ? mapColumns(combined, [top.number, sub.number], override, target.columns) : single;
      target.checkHeader(layout.header);
      return { layout, rows: combined || !sub ? rows : prepend(sub, rows) };
    }
  } catch (error) {
    await rows.return(undefined);
    throw error;
  }
  await rows.return(undefined);
  throw notASpreadsheet(
    `${options.sheet && format === 'xlsx' ? `工作表「${options.sheet}」` : '文件'}的前 ${MAX_LINES_BEFORE_HEADER} 行中没有表头行 (应含 ${target.headerHint} 等列)`,
    'noHeader',
  );
}

/** The rows again with one read ahead put back in front. */
async function* prepend(first: SheetRow, rest: AsyncGenerator<SheetRow>): AsyncGenerator<SheetRow> {
  try {
    yield first;
    yield* rest;
  } finally {
    await rest.return(undefined);
  }
}
