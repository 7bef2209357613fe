import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { AppError, ErrorCode } from '../../common/errors/app-error';
import { CsvParser, sniffDelimiter, stripFormulaGuard } from './csv';
import { FILE_PROBLEMS } from './sheet-errors';
import { LINES_BESIDES_DATA, overLimit, rowSubject, SHEET_LIMITS } from './sheet-limits';
import { MergedRange, XlsxGuard } from './xlsx-guard';

export type SheetFormat = 'xlsx' | 'csv';
export type SheetCell = string | number | boolean | Date | null;

/** One line of a sheet: its 1-based number as the spreadsheet shows it, and its cells from the first column. */
export interface SheetRow {
  number: number;
  cells: SheetCell[];
}

/** Opens the uploaded bytes afresh: the import reads a file more than once (count, then import). */
export type SheetSource = () => Readable;

const SNIFF_BYTES = 64 * 1024;

export { notASpreadsheet } from './sheet-errors';

/** How to read: the sheet (by name; default the first), its merged ranges to fill in, and the time limit on waiting for exceljs. */
export interface ReadOptions {
  sheet?: string;
  merges?: readonly MergedRange[];
  timeoutMs?: number;
}

/** The End Of Central Directory record every whole zip ends with (within its last 65,557 bytes: 22 and a comment). */
const EOCD = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const EOCD_SEARCH = 22 + 0xffff;
/** An encrypted xlsx is an OLE compound file holding this stream. */
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

/**
 * xlsx is a zip (`PK`), whole only when it ends with its central directory (a cut-off file is refused
 * here, before any reading); an old binary .xls or a password-protected xlsx (both OLE files) is
 * refused with a hint; anything else is read as CSV text. Given the whole file, or its first bytes (`whole` false).
 */
export function detectFormat(head: Buffer, whole = true): SheetFormat {
  if (head.length === 0) throw FILE_PROBLEMS.empty();
  if (head[0] === 0x50 && head[1] === 0x4b) {
    if (whole && head.subarray(Math.max(0, head.length - EOCD_SEARCH)).lastIndexOf(EOCD) === -1) throw FILE_PROBLEMS.truncated();
    return 'xlsx';
  }
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) {
    throw head.includes(ENCRYPTED_PACKAGE) ? FILE_PROBLEMS.encrypted() : FILE_PROBLEMS.xls();
  }
  return 'csv';
}

/** Every row of one worksheet (xlsx: `options.sheet`, else the first) or every record (csv), blank ones included; merged ranges filled in. */
export function readSheetRows(source: SheetSource, format: SheetFormat, options: ReadOptions = {}): AsyncGenerator<SheetRow> {
  return format === 'xlsx' ? readXlsxSheetRows(source(), options) : readCsvRows(source());
}

/** A totals line: 合计, 小计, 总计 … in its first filled cell. */
const SUMMARY = /^(合计|小计|总计|累计|共计)/;
/** A note below the table: 注：…, 填报人：…, 制表日期 … */
const NOTE = /^(注|备注|说明|填报人|填表人|制表|审核|审批|负责人签字|联系电话|报送单位|填报单位|填报日期|统计日期)/;

/**
 * Why a line below the header is not a data row: a totals line (合计/小计/总计 in its first filled cell),
 * or a note (注：…, 填报人：…, 制表日期…) that is the line's only text (a merged note fills the line with one text);
 * null for a data row. The import reports such lines as `skipped` with this reason.
 */
export function isSummaryOrNoteRow(row: SheetRow): string | null {
  const texts = row.cells.flatMap((cell) => {
    const text = cell === null ? '' : String(cell).replace(/\s/g, '');
    return text ? [text] : [];
  });
  if (!texts.length) return null;
  if (SUMMARY.test(texts[0])) return `合计行 (${texts[0].slice(0, 10)}), 不导入`;
  if (new Set(texts).size === 1 && NOTE.test(texts[0])) return `表格下方的说明 (${texts[0].slice(0, 10)}…), 不导入`;
  return null;
}

export function isBlankRow(row: SheetRow): boolean {
  return row.cells.every((cell) => cell === null || (typeof cell === 'string' && cell.trim() === ''));
}

/** One worksheet as the workbook lists it: its name, whether it is hidden, and its non-blank rows; merged ranges once read through. */
export interface SheetSummary {
  name: string;
  hidden: boolean;
  rows: number;
  merges: MergedRange[];
}

/**
 * Reads every worksheet once (xlsx; a CSV file is one sheet named `CSV`): names, rows, merged ranges,
 * and for each sheet what `look` makes of its first rows (e.g. whether they hold a header line).
 * `stopAt`: a worksheet it accepts, offered with the rows the guard's scan counted once its first rows are read,
 * ends the read there: the sheets after it are not listed and its rows are not parsed (an upload that will be queued
 * is not parsed twice). Its `rows` then counts every row holding a value, a row of blank text included.
 */
export async function inspectSheets<T>(
  source: SheetSource,
  format: SheetFormat,
  look: (rows: SheetRow[]) => T,
  options: { firstRows: number; timeoutMs?: number; stopAt?: (sheet: SheetSummary & { look: T }) => boolean },
): Promise<Array<SheetSummary & { look: T }>> {
  if (format === 'csv') {
    const { first, count } = await summarize(readCsvRows(source()), options.firstRows);
    return [{ name: CSV_SHEET, hidden: false, rows: count, merges: [], look: look(first) }];
  }
  const found: Array<SheetSummary & { look: T }> = [];
  for await (const sheet of readXlsxSheets(source(), options.timeoutMs ?? 0)) {
    const summary = (rows: number, first: SheetRow[]) => {
      const merges = sheet.merges();
      return { name: sheet.name, hidden: sheet.hidden, rows, merges, look: look(fillMerges(first, merges)) };
    };
    let stopped: (SheetSummary & { look: T }) | undefined;
    const { first, count } = await summarize(sheet.rows, options.firstRows, (head) => {
      const scanned = sheet.filledRows();
      if (!options.stopAt || scanned === undefined) return false;
      const offered = summary(scanned, head);
      if (options.stopAt(offered)) stopped = offered;
      return stopped !== undefined;
    });
    if (stopped) {
      found.push(stopped);
      sheet.abandon();
      return found;
    }
    found.push(summary(count, first));
  }
  return found;
}

/**
 * A sheet's non-blank rows counted and its first `firstRows` kept. `enough`, asked once when a row follows the
 * first rows, may end the count there.
 */
async function summarize(
  rows: AsyncIterable<SheetRow>,
  firstRows: number,
  enough?: (first: SheetRow[]) => boolean,
): Promise<{ first: SheetRow[]; count: number }> {
  const first: SheetRow[] = [];
  let count = 0;
  for await (const row of rows) {
    if (isBlankRow(row)) continue;
    count += 1;
    if (first.length < firstRows) first.push(row);
    else if (count === firstRows + 1 && enough?.(first)) break;
  }
  return { first, count };
}

/** The one sheet of a CSV file, as inspectSheets names it. */
export const CSV_SHEET = 'CSV';

/**
 * Merged cells as a clerk sees them: every cell of a merged range holds the value of its top-left cell
 * (a 所属园区 merged over five rows fills all five). The rows come in order, so the value is taken when
 * the range's first row passes.
 */
export function fillMerges(rows: SheetRow[], merges: readonly MergedRange[]): SheetRow[] {
  const fill = mergeFiller(merges);
  return rows.map(fill);
}

function mergeFiller(merges: readonly MergedRange[]): (row: SheetRow) => SheetRow {
  if (!merges.length) return (row) => row;
  const values = new Map<MergedRange, SheetCell>();
  return (row) => {
    let cells = row.cells;
    for (const range of merges) {
      if (row.number < range.top || row.number > range.bottom) continue;
      if (row.number === range.top) values.set(range, cells[range.left - 1] ?? null);
      const value = values.get(range) ?? null;
      if (value === null) continue;
      if (cells === row.cells) cells = [...row.cells];
      for (let c = range.left; c <= Math.min(range.right, SHEET_LIMITS.cellsPerRow); c++) {
        if (c === range.left && row.number === range.top) continue;
        while (cells.length < c) cells.push(null);
        cells[c - 1] = value;
      }
    }
    return cells === row.cells ? row : { number: row.number, cells };
  };
}

// ---- xlsx ----------------------------------------------------------------------------------------

type ExcelValue = ExcelJS.CellValue | { sharedString: number } | undefined;

/** The shared strings table as exceljs emits it, one string at a time, kept as plain text within the limits. */
class SharedStrings {
  private readonly strings: string[] = [];
  private chars = 0;

  add(index: number, value: ExcelValue | null): void {
    const text = cellValue(value, this);
    const plain = typeof text === 'string' ? text : text === null ? '' : String(text);
    if (index >= SHEET_LIMITS.sharedStrings) throw overLimit('sharedStrings');
    this.chars += plain.length;
    if (this.chars > SHEET_LIMITS.sharedStringChars) throw overLimit('sharedStringChars');
    this.strings[index] = plain;
  }

  get(index: number): string | null {
    return this.strings[index] ?? null;
  }
}

function cellValue(value: ExcelValue | null, strings: SharedStrings): SheetCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('sharedString' in value) return strings.get(value.sharedString);
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((part) => part.text ?? '').join('');
    if ('formula' in value || 'sharedFormula' in value) return cellValue((value as { result?: ExcelValue }).result, strings);
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('error' in value) return null;
  }
  return null;
}

/*
 * exceljs's streaming reader turns each chunk of a zip entry into text on its own, so a Chinese
 * character whose UTF-8 bytes straddle two chunks comes out as U+FFFD (exceljs issues #2063, #2084,
 * #2316; the fixes were never merged). Two hooks put it right without patching the package:
 * - every zip entry is given a utf8 encoding as the unzipper emits it, so its chunks are whole
 *   characters (XlsxGuard.watch, which also counts each entry's bytes against the limits);
 * - a worksheet that exceljs first parks in a temporary file (every sheet, since the shared strings
 *   are emitted to SharedStrings rather than cached by exceljs) is read back through a streaming decoder.
 * Both lean on exceljs 4 internals (WorkbookReader pipes its input into unzipper's Parse; a
 * WorksheetReader parses `this.iterator`); sheet-reader.spec.ts fails if a new version moves them.
 */
async function* decodeUtf8(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) yield typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  const tail = decoder.decode();
  if (tail) yield tail;
}

const toSheetRow = (row: ExcelJS.Row, strings: SharedStrings): SheetRow => {
  const values = Array.isArray(row.values) ? (row.values as ExcelValue[]) : [];
  if (values.length > SHEET_LIMITS.cellsPerRow + 1) throw overLimit('cellsPerRow', rowSubject(row.number));
  const cells: SheetCell[] = [];
  for (let i = 1; i < values.length; i++) cells.push(cellValue(values[i], strings));
  return { number: row.number, cells };
};

/** What WorkbookReader.parse() yields; exceljs 4 yields a shared string bare, without the `eventType` its README shows. */
type SharedStringEvent = { index: number; text: ExcelValue | null };
type WorkbookEvent =
  | SharedStringEvent
  | { eventType: 'shared-strings'; value: SharedStringEvent }
  | { eventType: 'worksheet'; value: ExcelJS.Worksheet }
  | { eventType: 'hyperlinks' };

const sharedStringOf = (event: WorkbookEvent): SharedStringEvent | undefined =>
  'index' in event ? event : 'eventType' in event && event.eventType === 'shared-strings' ? event.value : undefined;
const worksheetOf = (event: WorkbookEvent): ExcelJS.Worksheet | undefined =>
  'eventType' in event && event.eventType === 'worksheet' ? event.value : undefined;

const rowsOf = (sheet: ExcelJS.Worksheet) => (sheet as unknown as AsyncIterable<ExcelJS.Row>)[Symbol.asyncIterator]();

/**
 * Reads on to the end of the workbook without keeping anything: exceljs deletes the temporary file of
 * a parked sheet only when its iteration moves past it, so a reader that stops early (the 2,000-row
 * probe, a refused header) or after the first sheet must still let it finish. The guard still counts.
 */
async function readToEnd(
  guard: XlsxGuard,
  rows: AsyncIterator<ExcelJS.Row> | undefined,
  events: AsyncIterator<WorkbookEvent>,
): Promise<void> {
  try {
    if (rows) while (!(await guard.race(rows.next())).done);
    for (let next = await guard.race(events.next()); !next.done; next = await guard.race(events.next())) {
      const sheet = worksheetOf(next.value);
      if (sheet) for (const sheetRows = rowsOf(sheet); !(await guard.race(sheetRows.next())).done;);
    }
  } catch {
    // a broken file, or one over a limit: exceljs has stopped, there is nothing more to read
  }
}

/** Ends a read without parsing on: the iterators are closed (the sheet's temporary file with them) and the guard deletes the rest. */
async function giveUp(guard: XlsxGuard, rows: AsyncIterator<ExcelJS.Row> | undefined, events: AsyncIterator<WorkbookEvent>): Promise<void> {
  try {
    await rows?.return?.(undefined);
    await events.return?.(undefined);
  } catch {
    // exceljs failing while it stops changes nothing: the guard still deletes what it parked
  }
  guard.close();
}

/** A worksheet as readXlsxSheets hands it over: read its rows (or not: the reader drains them before the next sheet). */
interface XlsxSheet {
  name: string;
  hidden: boolean;
  rows: AsyncGenerator<SheetRow>;
  /** Its merged ranges: known once its rows have been read through. */
  merges: () => MergedRange[];
  /** Its rows holding a value as the guard's scan counted them; known before its first row (a parked sheet has inflated whole). */
  filledRows: () => number | undefined;
  /** Ends the read after this sheet without parsing the rest of the workbook (its parked sheets are deleted). */
  abandon: () => void;
}

/** The worksheets of an xlsx file in the order the zip holds them, each read through exceljs within the guard's limits and time. */
async function* readXlsxSheets(input: Readable, timeoutMs: number): AsyncGenerator<XlsxSheet> {
  const guard = new XlsxGuard(input, timeoutMs);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(guard.watch(input), {
    sharedStrings: 'emit',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'emit',
  });
  // exceljs announces each worksheet's part number just before it hands the worksheet over
  let part = '';
  (reader as unknown as EventEmitter).on('entry', (entry: { type: string; id?: string }) => {
    if (entry.type === 'worksheet') part = `xl/worksheets/sheet${entry.id}.xml`;
  });
  const events = reader.parse() as AsyncIterator<WorkbookEvent>;
  const strings = new SharedStrings();
  let rows: AsyncIterator<ExcelJS.Row> | undefined;
  let outcome: 'complete' | 'stopped' | 'refused' = 'stopped';
  let abandoned = false;
  try {
    for (let next = await guard.race(events.next()); !next.done; next = await guard.race(events.next())) {
      const shared = sharedStringOf(next.value);
      const sheet = worksheetOf(next.value);
      if (shared) {
        strings.add(shared.index, shared.text);
      } else if (sheet) {
        const parsed = sheet as unknown as { iterator: AsyncIterable<Buffer | string>; state?: string };
        parsed.iterator = decodeUtf8(parsed.iterator);
        const sheetRows = rowsOf(sheet);
        rows = sheetRows;
        const partOfSheet = part;
        let done = false;
        const generator = (async function* () {
          try {
            for (let row = await guard.race(sheetRows.next()); !row.done; row = await guard.race(sheetRows.next()))
              yield toSheetRow(row.value, strings);
          } catch (error) {
            // exceljs failing on what the sheet holds (a cell without its address …) is a broken file, not our fault
            throw guard.tripped ?? (error instanceof AppError ? error : FILE_PROBLEMS.corrupt((error as Error).message));
          }
          done = true;
        })();
        yield {
          name: sheetName(reader, partOfSheet) ?? sheet.name,
          hidden: parsed.state === 'hidden' || parsed.state === 'veryHidden',
          rows: generator,
          merges: () => guard.scanned.get(partOfSheet)?.merges ?? [],
          filledRows: () => guard.scanned.get(partOfSheet)?.filledRows,
          abandon: () => (abandoned = true),
        };
        // the caller may not have read it all: the rest is read (and dropped) so that exceljs moves on to the next part
        if (!done) while (!(await guard.race(sheetRows.next())).done);
        rows = undefined;
      }
    }
    outcome = 'complete';
  } catch (error) {
    const refused = guard.tripped ?? (error instanceof AppError && error.code === ErrorCode.PayloadTooLarge ? error : undefined);
    if (refused) {
      outcome = 'refused';
      guard.trip(refused);
      throw refused;
    }
    if (error instanceof AppError) throw error;
    throw FILE_PROBLEMS.corrupt((error as Error).message);
  } finally {
    // a caller that stopped early (the 2,000-row probe, a refused header, the chosen sheet read) leaves the rest to be read
    // in the background, so that exceljs deletes its temporary files; a file over a limit is dropped at once
    if (outcome === 'stopped') void (abandoned ? giveUp(guard, rows, events) : readToEnd(guard, rows, events));
  }
}

/**
 * The name the workbook gives a worksheet part. exceljs finds it only when the relation's target is
 * relative (`worksheets/sheet1.xml`); openpyxl writes it absolute (`/xl/worksheets/sheet1.xml`), and
 * exceljs then calls every sheet `Sheet<n>`.
 */
function sheetName(reader: unknown, part: string): string | undefined {
  const book = reader as {
    workbookRels?: Array<{ Id: string; Target: string }>;
    model?: { sheets?: Array<{ name: string; rId: string }> };
  };
  const target = part.replace(/^xl\//, '');
  const rel = (book.workbookRels ?? []).find((r) => r.Target.replace(/^\/?(xl\/)?/, '') === target);
  return rel && book.model?.sheets?.find((s) => s.rId === rel.Id)?.name;
}

/** The rows of the chosen worksheet (by name, else the first), merged ranges filled in. */
async function* readXlsxSheetRows(input: Readable, options: ReadOptions): AsyncGenerator<SheetRow> {
  const sheets = readXlsxSheets(input, options.timeoutMs ?? 0);
  try {
    for await (const sheet of sheets) {
      if (options.sheet !== undefined && sheet.name !== options.sheet) continue;
      const fill = mergeFiller(options.merges ?? []);
      for await (const row of sheet.rows) yield fill(row);
      return;
    }
    if (options.sheet !== undefined) throw notASheet(options.sheet);
  } finally {
    await sheets.return(undefined);
  }
}

function notASheet(name: string): AppError {
  return new AppError(ErrorCode.BadRequest, `无法导入此文件: 没有名为「${name}」的工作表`, { file: 'noSheet', sheet: name });
}

// ---- csv -----------------------------------------------------------------------------------------

/** UTF-8 with or without BOM, UTF-16 with BOM (Excel "Unicode text"), else GB18030 (Excel's CSV on Chinese Windows). */
function chooseDecoder(head: Buffer): { decoder: InstanceType<typeof TextDecoder>; skip: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { decoder: new TextDecoder('utf-8'), skip: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { decoder: new TextDecoder('utf-16le'), skip: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { decoder: new TextDecoder('utf-16be'), skip: 2 };
  if (head.includes(0)) throw FILE_PROBLEMS.binary('文件含有二进制内容 (NUL 字节)');
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return { decoder: new TextDecoder('utf-8'), skip: 0 };
  } catch {
    return { decoder: new TextDecoder('gb18030'), skip: 0 };
  }
}

/** Control characters other than tab, CR and LF: binary content, not text. */
const isControl = (code: number) => code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d;
const hasControl = (text: string) => Array.from(text).some((ch) => isControl(ch.charCodeAt(0)));

async function* readCsvRows(input: Readable): AsyncGenerator<SheetRow> {
  let decoder: InstanceType<typeof TextDecoder> | undefined;
  let parser: CsvParser | undefined;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let rowNumber = 0;
  const toRows = (records: string[][]): SheetRow[] =>
    records.map((cells) => {
      if (++rowNumber > SHEET_LIMITS.rows + LINES_BESIDES_DATA) throw overLimit('rows');
      if (cells.length > SHEET_LIMITS.cellsPerRow) throw overLimit('cellsPerRow', rowSubject(rowNumber));
      if (cells.some((cell) => cell.length > SHEET_LIMITS.cellChars)) throw overLimit('cellChars');
      return { number: rowNumber, cells: cells.map(stripFormulaGuard) };
    });
  const start = (head: Buffer): SheetRow[] => {
    const chosen = chooseDecoder(head);
    decoder = chosen.decoder;
    const text = decoder.decode(head.subarray(chosen.skip), { stream: true });
    const firstLine = text.split(/\r?\n/, 1)[0];
    if (hasControl(firstLine)) throw FILE_PROBLEMS.binary('第一行含有控制字符');
    parser = new CsvParser(sniffDelimiter(firstLine));
    return toRows(parser.push(text));
  };
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      if (!parser) {
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes < SNIFF_BYTES) continue;
        const head = Buffer.concat(pending);
        pending = [];
        yield* start(head);
        continue;
      }
      yield* toRows(parser.push(decoder!.decode(chunk, { stream: true })));
    }
    if (!parser) yield* start(Buffer.concat(pending));
    yield* toRows(parser!.push(decoder!.decode()));
    yield* toRows(parser!.end());
  } finally {
    input.destroy();
  }
}
