import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { AppError, ErrorCode } from '../../common/errors/app-error';
import { CsvParser, sniffDelimiter, stripFormulaGuard } from './csv';

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

type ExcelValue = ExcelJS.CellValue | undefined;

function cellValue(value: ExcelValue): SheetCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((part) => part.text).join('');
    if ('formula' in value || 'sharedFormula' in value) return cellValue((value as { result?: ExcelValue }).result);
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
 *   characters (shared strings, and sheets read straight from the zip);
 * - a worksheet that exceljs first parks in a temporary file (any sheet stored before the shared
 *   strings, or a file without them, as the export writes) is read back through a streaming decoder.
 * Both lean on exceljs 4 internals (WorkbookReader pipes its input into unzipper's Parse; a
 * WorksheetReader parses `this.iterator`); sheet-reader.spec.ts fails if a new version moves them.
 */
function decodeZipEntriesAsText(input: Readable): Readable {
  const pipe = input.pipe.bind(input);
  input.pipe = <T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T => {
    destination.on('data', (entry: { setEncoding?: (encoding: BufferEncoding) => unknown }) => {
      if (typeof entry?.setEncoding === 'function') entry.setEncoding('utf8');
    });
    return pipe(destination, options);
  };
  return input;
}

async function* decodeUtf8(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) yield typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  const tail = decoder.decode();
  if (tail) yield tail;
}

const toSheetRow = (row: ExcelJS.Row): SheetRow => {
  const values = Array.isArray(row.values) ? row.values : [];
  const cells: SheetCell[] = [];
  for (let i = 1; i < values.length; i++) cells.push(cellValue(values[i]));
  return { number: row.number, cells };
};

/**
 * Reads on to the end of the workbook without keeping anything: exceljs deletes the temporary file of
 * a parked sheet only when its iteration moves past it, so a reader that stops early (the 2,000-row
 * probe, a refused header) or after the first sheet must still let it finish.
 */
async function readToEnd(rows: AsyncIterator<ExcelJS.Row> | undefined, sheets: AsyncIterator<ExcelJS.Worksheet>): Promise<void> {
  try {
    if (rows) while (!(await rows.next()).done);
    for (let next = await sheets.next(); !next.done; next = await sheets.next()) {
      for await (const _row of next.value as unknown as AsyncIterable<ExcelJS.Row>);
    }
  } catch {
    // a broken file: exceljs has stopped, there is nothing more to read
  }
}

async function* readXlsxRows(input: Readable): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(decodeZipEntriesAsText(input), { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'emit' });
  const sheets = reader[Symbol.asyncIterator]() as AsyncIterator<ExcelJS.Worksheet>;
  let rows: AsyncIterator<ExcelJS.Row> | undefined;
  let complete = false;
  try {
    const first = await sheets.next(); // the first worksheet only
    if (!first.done) {
      const parsed = first.value as unknown as { iterator: AsyncIterable<Buffer | string> };
      parsed.iterator = decodeUtf8(parsed.iterator);
      rows = (first.value as unknown as AsyncIterable<ExcelJS.Row>)[Symbol.asyncIterator]();
      for (let next = await rows.next(); !next.done; next = await rows.next()) yield toSheetRow(next.value);
    }
    complete = true;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw notASpreadsheet(`the xlsx file cannot be read (${(error as Error).message})`);
  } finally {
    // after a full read this is quick (the rest of the zip); after an early stop it re-reads the sheet, so it runs in the background
    if (complete) await readToEnd(undefined, sheets);
    else void readToEnd(rows, sheets);
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
  const toRows = (records: string[][]): SheetRow[] => records.map((cells) => ({ number: ++rowNumber, cells: cells.map(stripFormulaGuard) }));
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
