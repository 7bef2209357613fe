import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { AppError, ErrorCode } from '../../common/errors/app-error';
import { CsvParser, sniffDelimiter, stripFormulaGuard } from './csv';
import { LINES_BESIDES_DATA, overLimit, SHEET_LIMITS } from './sheet-limits';
import { XlsxGuard } from './xlsx-guard';

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

export function notASpreadsheet(reason: string): AppError {
  return new AppError(ErrorCode.BadRequest, `The file is not a spreadsheet this import reads (xlsx or csv): ${reason}`, { file: reason });
}

/** xlsx is a zip (`PK`); an old binary .xls is refused with a hint; anything else is read as CSV text. */
export function detectFormat(head: Buffer): SheetFormat {
  if (head.length === 0) throw notASpreadsheet('the file is empty');
  if (head[0] === 0x50 && head[1] === 0x4b) return 'xlsx';
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) {
    throw notASpreadsheet('the old Excel 97–2003 .xls format is not read; save the file as .xlsx (Excel 工作簿) or CSV UTF-8');
  }
  return 'csv';
}

/** Every row of the first worksheet (xlsx) or every record (csv), blank ones included. */
export function readSheetRows(source: SheetSource, format: SheetFormat): AsyncGenerator<SheetRow> {
  return format === 'xlsx' ? readXlsxRows(source()) : readCsvRows(source());
}

export function isBlankRow(row: SheetRow): boolean {
  return row.cells.every((cell) => cell === null || (typeof cell === 'string' && cell.trim() === ''));
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
  if (values.length > SHEET_LIMITS.cellsPerRow + 1) throw overLimit('cellsPerRow', `row ${row.number}`);
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

async function* readXlsxRows(input: Readable): AsyncGenerator<SheetRow> {
  const guard = new XlsxGuard(input);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(guard.watch(input), {
    sharedStrings: 'emit',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'emit',
  });
  const events = reader.parse() as AsyncIterator<WorkbookEvent>;
  const strings = new SharedStrings();
  let rows: AsyncIterator<ExcelJS.Row> | undefined;
  let outcome: 'complete' | 'stopped' | 'refused' = 'stopped';
  try {
    for (let next = await guard.race(events.next()); !next.done; next = await guard.race(events.next())) {
      const shared = sharedStringOf(next.value);
      const sheet = worksheetOf(next.value);
      if (shared) {
        strings.add(shared.index, shared.text);
      } else if (sheet) {
        // the first worksheet only
        const parsed = sheet as unknown as { iterator: AsyncIterable<Buffer | string> };
        parsed.iterator = decodeUtf8(parsed.iterator);
        rows = rowsOf(sheet);
        for (let row = await guard.race(rows.next()); !row.done; row = await guard.race(rows.next())) yield toSheetRow(row.value, strings);
        break;
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
    throw notASpreadsheet(`the xlsx file cannot be read (${(error as Error).message})`);
  } finally {
    // after a full read this is quick (the rest of the zip); after an early stop it re-reads the sheet, so it runs in the background;
    // a file over a limit is dropped at once (its input is destroyed, exceljs waits on it no more)
    if (outcome === 'complete') await readToEnd(guard, undefined, events);
    else if (outcome === 'stopped') void readToEnd(guard, rows, events);
  }
}

// ---- csv -----------------------------------------------------------------------------------------

/** UTF-8 with or without BOM, UTF-16 with BOM (Excel "Unicode text"), else GB18030 (Excel's CSV on Chinese Windows). */
function chooseDecoder(head: Buffer): { decoder: InstanceType<typeof TextDecoder>; skip: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { decoder: new TextDecoder('utf-8'), skip: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { decoder: new TextDecoder('utf-16le'), skip: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { decoder: new TextDecoder('utf-16be'), skip: 2 };
  if (head.includes(0)) throw notASpreadsheet('binary content (NUL bytes) where CSV text was expected');
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
      if (cells.length > SHEET_LIMITS.cellsPerRow) throw overLimit('cellsPerRow', `row ${rowNumber}`);
      if (cells.some((cell) => cell.length > SHEET_LIMITS.cellChars)) throw overLimit('cellChars');
      return { number: rowNumber, cells: cells.map(stripFormulaGuard) };
    });
  const start = (head: Buffer): SheetRow[] => {
    const chosen = chooseDecoder(head);
    decoder = chosen.decoder;
    const text = decoder.decode(head.subarray(chosen.skip), { stream: true });
    const firstLine = text.split(/\r?\n/, 1)[0];
    if (hasControl(firstLine)) throw notASpreadsheet('control characters in the first line; this is not CSV text');
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
