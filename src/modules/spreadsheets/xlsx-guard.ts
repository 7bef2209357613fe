import { unlink } from 'node:fs/promises';
import { Readable } from 'node:stream';
import tmp from 'tmp';
import { AppError } from '../../common/errors/app-error';
import { FILE_PROBLEMS, readTimedOut } from './sheet-errors';
import { LINES_BESIDES_DATA, overLimit, rowSubject, SHEET_LIMITS } from './sheet-limits';

const LT = 0x3c; // '<'
/** Bytes one character of a cell may take in the XML: UTF-8 or an entity such as `&#x4E00;`. */
const MAX_BYTES_PER_CHAR = 8;
const MAX_TEXT_RUN_BYTES = SHEET_LIMITS.cellChars * MAX_BYTES_PER_CHAR;
const MAX_LINES = SHEET_LIMITS.rows + LINES_BESIDES_DATA;
/** Bytes a scan looks at from a `<` (`<row` and the byte after it, with room): a `<` nearer the chunk's end waits for the next chunk. */
const TAG_LOOKAHEAD = 6;

const WORKSHEET = /^xl\/worksheets\/sheet\d+\.xml$/;
const SHARED_STRINGS = 'xl/sharedStrings.xml';
/** Parts exceljs parses whole into memory. */
const HELD_PART = /^xl\/(workbook\.xml|styles\.xml|_rels\/workbook\.xml\.rels)$/;

const isNameEnd = (byte: number | undefined) =>
  byte === 0x20 || byte === 0x3e || byte === 0x2f || byte === 0x09 || byte === 0x0a || byte === 0x0d;

function tagIs(data: Buffer, at: number, name: string): boolean {
  for (let k = 0; k < name.length; k++) if (data[at + 1 + k] !== name.charCodeAt(k)) return false;
  return isNameEnd(data[at + 1 + name.length]);
}

/**
 * unzipper 0.10's Parse emits 'end' as soon as its input has all been written ('finish'), while entries still
 * wait in its buffer: exceljs then stops at that 'end' with the last parts unread — xl/workbook.xml (the sheets'
 * names), xl/sharedStrings.xml (every text of an Excel file) — depending on timing (1 read in 8 of one file).
 * Without that listener the readable side ends by itself when the parser reaches the end of the central directory.
 */
function endOnlyAfterTheLastEntry(parser: Readable): void {
  const early = parser.listeners('finish').filter((listener) => /\.emit\(\s*['"]end['"]/.test(String(listener)));
  if (early.length !== 1) throw new Error('unzipper Parse: its early end on finish has moved (see xlsx-guard.ts)');
  parser.removeListener('finish', early[0] as () => void);
}

type Kind = 'sheet' | 'strings' | 'held' | 'other';

/**
 * exceljs parks a worksheet in a temporary file from `tmp.file(callback)` and writes it through a stream
 * of its own: the descriptor tmp opens is never used, and is closed only by the cleanup exceljs calls
 * after reading the sheet, which a stopped read never reaches. Asked for without it, nothing leaks.
 */
const tmpFile = tmp.file.bind(tmp);
tmp.file = (options, callback) =>
  typeof options === 'function' ? tmpFile({ discardDescriptor: true }, options) : tmpFile(options, callback);

/** A merged range of a worksheet, 1-based and inclusive (`<mergeCell ref="B3:B5"/>`). */
export interface MergedRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** What follows `</sheetData>` is kept for its merged ranges up to this size (a sheet's mergeCells is a few KB). */
const MAX_TAIL_CHARS = 4 * 1024 * 1024;

const columnNumber = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);

/** The merged ranges in a worksheet's XML after its rows. */
export function mergedRanges(xml: string): MergedRange[] {
  const ranges: MergedRange[] = [];
  for (const match of xml.matchAll(/<mergeCell\b[^>]*\bref=["']([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)["']/g)) {
    const [left, top, right, bottom] = [columnNumber(match[1]), Number(match[2]), columnNumber(match[3]), Number(match[4])];
    ranges.push({ top: Math.min(top, bottom), left: Math.min(left, right), bottom: Math.max(top, bottom), right: Math.max(left, right) });
  }
  return ranges;
}

const kindOf = (path: string): Kind =>
  WORKSHEET.test(path) ? 'sheet' : path === SHARED_STRINGS ? 'strings' : HELD_PART.test(path) ? 'held' : 'other';

/**
 * Follows one zip entry's inflated bytes without parsing them: its size, the longest text between two
 * tags (a cell's text, or a padding bomb that an XML parser would buffer whole), and, by tag names,
 * rows and cells of a worksheet, strings of the shared strings table and the rich-text runs of each. These
 * are what make exceljs allocate, so counting them here stops a file before the memory is spent.
 */
export class EntryScan {
  private bytes = 0;
  private sinceTag = 0;
  private carry: Buffer | null = null;
  private rows = 0;
  /** Rows holding a value (`<v>`, or an inline string `<is>`): what the import will read as lines, counted without parsing. */
  private filled = 0;
  private rowFilled = false;
  private cells = 0;
  private strings = 0;
  /** Rich-text runs of the current shared string: exceljs holds them until the string ends. */
  private runs = 0;
  /** A worksheet's XML after its rows (null until `</sheetData>`): where its merged ranges are. */
  private tail: string | null = null;

  private readonly kind: Kind;

  constructor(private readonly path: string) {
    this.kind = kindOf(path);
  }

  /** Throws the limit's AppError when this chunk passes one. */
  feed(chunk: Buffer): void {
    this.bytes += chunk.length;
    if (this.kind === 'held' && this.bytes > SHEET_LIMITS.partBytes) throw overLimit('partBytes', this.path);
    if (this.bytes > SHEET_LIMITS.entryBytes) throw overLimit('entryBytes', this.path);
    if (this.kind === 'other') return; // drained unread (theme, media…): its size is all that costs
    if (this.tail !== null) {
      if (this.tail.length < MAX_TAIL_CHARS) this.tail += chunk.toString('utf8');
      return;
    }
    const data = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = null;
    let from = 0;
    for (let at = data.indexOf(LT); at !== -1; at = data.indexOf(LT, from)) {
      this.text(at - from);
      if (data.length - at < TAG_LOOKAHEAD) {
        this.carry = data.subarray(at);
        return;
      }
      this.tag(data, at);
      if (this.kind === 'sheet' && tagIs(data, at, '/sheetData')) {
        this.tail = data.subarray(at).toString('utf8');
        return;
      }
      from = at + 1;
    }
    this.text(data.length - from);
  }

  /** The merged ranges of the worksheet, once its bytes have all been fed. */
  merges(): MergedRange[] {
    return this.tail === null ? [] : mergedRanges(this.tail);
  }

  /** The worksheet's rows that hold a value, once its bytes have all been fed. */
  filledRows(): number {
    return this.filled;
  }

  private text(bytes: number): void {
    this.sinceTag += bytes;
    if (this.sinceTag > MAX_TEXT_RUN_BYTES) throw overLimit('cellChars');
  }

  private tag(data: Buffer, at: number): void {
    this.sinceTag = 0;
    if (this.kind === 'sheet') {
      if (tagIs(data, at, 'row')) {
        if (++this.rows > MAX_LINES) throw overLimit('rows');
        this.cells = 0;
        this.rowFilled = false;
      } else if ((tagIs(data, at, 'v') || tagIs(data, at, 'is')) && !this.rowFilled) {
        this.rowFilled = true;
        this.filled += 1;
      } else if (tagIs(data, at, 'c') && ++this.cells > SHEET_LIMITS.cellsPerRow) {
        throw overLimit('cellsPerRow', rowSubject(this.rows));
      }
    } else if (this.kind === 'strings') {
      if (tagIs(data, at, 'si')) {
        if (++this.strings > SHEET_LIMITS.sharedStrings) throw overLimit('sharedStrings');
        this.runs = 0;
      } else if (tagIs(data, at, 'r') && ++this.runs > SHEET_LIMITS.cellChars) {
        // each run holds a character at least
        throw overLimit('cellChars');
      }
    }
  }
}

interface ZipEntry extends Readable {
  path: string;
  _transform(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null, data?: Buffer) => void): void;
}

const isZipEntry = (value: unknown): value is ZipEntry =>
  value instanceof Readable &&
  typeof (value as Partial<ZipEntry>).path === 'string' &&
  typeof (value as Partial<ZipEntry>)._transform === 'function';

/**
 * The limits of one xlsx file while exceljs reads it. A passed limit destroys the input (inflating
 * stops) and fails the reader's pending wait at once, because exceljs, its input gone, would wait for ever.
 */
export class XlsxGuard {
  private total = 0;
  private error: AppError | undefined;
  /** The reader's pending waits (Promise.race against one long-lived promise would keep every step's value). */
  private readonly waiting = new Set<(error: AppError) => void>();
  /** Entries still inflating: destroyed on a passed limit, so their inflater stops (the whole upload may already sit in unzipper's buffer). */
  private readonly entries = new Set<ZipEntry>();
  /** Temporary files exceljs parks worksheets in: it deletes them only when it reads on, which it never does after a passed limit. */
  private readonly parked: Array<{ path: string; stream: { destroy(): void } }> = [];
  /** What the scan found in each worksheet part (xl/worksheets/sheet2.xml), known once the part has inflated. */
  readonly scanned = new Map<string, { merges: MergedRange[]; filledRows: number }>();
  /** Time spent waiting on exceljs so far, against `timeoutMs`. */
  private waitedMs = 0;

  /** `timeoutMs`: the longest the reader may wait on exceljs in all (IMPORT_READ_TIMEOUT); a consumer's own time is not counted. */
  constructor(
    private readonly input: Readable,
    private readonly timeoutMs = 0,
  ) {}

  get tripped(): AppError | undefined {
    return this.error;
  }

  /** `step`, unless a limit is passed first. */
  race<T>(step: Promise<T>): Promise<T> {
    if (this.error) return Promise.reject(this.error);
    const started = Date.now();
    const timer =
      this.timeoutMs > 0 ? setTimeout(() => this.trip(readTimedOut(this.timeoutMs / 1000)), this.timeoutMs - this.waitedMs) : undefined;
    const settle = () => {
      if (timer) clearTimeout(timer);
      this.waitedMs += Date.now() - started;
    };
    return new Promise<T>((resolve, reject) => {
      this.waiting.add(reject);
      step.then(
        (value) => {
          settle();
          this.waiting.delete(reject);
          resolve(value);
        },
        (error: Error) => {
          settle();
          this.waiting.delete(reject);
          reject(error);
        },
      );
    });
  }

  trip(error: AppError): void {
    if (this.error) return;
    this.error = error;
    for (const reject of this.waiting) reject(error);
    this.waiting.clear();
    this.close();
  }

  /** Stops inflating and deletes the parked worksheets: for a read given up on (or refused), whose rest is never parsed. */
  close(): void {
    this.input.destroy();
    for (const entry of this.entries) entry.destroy();
    this.entries.clear();
    for (const { path, stream } of this.parked.splice(0)) {
      stream.destroy();
      void unlink(path).catch(() => undefined);
    }
  }

  /**
   * Wraps each zip entry as unzipper creates it (WorkbookReader pipes its input into unzipper's Parse,
   * which pushes every entry, a PassThrough, before inflating into it): its bytes are counted as they
   * inflate, and it is decoded as utf8 text so a character is never split across two chunks (see
   * sheet-reader.ts). Leans on exceljs 4 / unzipper 0.10 internals; sheet-reader.spec.ts fails if they move.
   */
  watch(input: Readable): Readable {
    const pipe = input.pipe.bind(input);
    input.pipe = <T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T => {
      const parser = destination as unknown as Readable;
      endOnlyAfterTheLastEntry(parser);
      // the zip ended inside an entry (a cut-off file) or is not a zip: unzipper says so here, while exceljs goes on
      // waiting for the rest of the entry for ever
      parser.once('error', (error: Error) =>
        this.trip(error.message === 'FILE_ENDED' ? FILE_PROBLEMS.truncated() : FILE_PROBLEMS.corrupt(error.message)),
      );
      const push = parser.push.bind(parser);
      parser.push = (chunk: unknown, encoding?: BufferEncoding) => {
        if (isZipEntry(chunk)) this.watchEntry(chunk);
        return push(chunk, encoding);
      };
      return pipe(destination, options);
    };
    return input;
  }

  private watchEntry(entry: ZipEntry): void {
    entry.setEncoding('utf8');
    this.entries.add(entry);
    const scan = new EntryScan(entry.path);
    entry
      .once('end', () => {
        this.entries.delete(entry);
        if (WORKSHEET.test(entry.path)) this.scanned.set(entry.path, { merges: scan.merges(), filledRows: scan.filledRows() });
      })
      .once('close', () => this.entries.delete(entry));
    if (WORKSHEET.test(entry.path)) {
      const pipe = entry.pipe.bind(entry);
      entry.pipe = <T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T => {
        const file = destination as unknown as { path?: unknown; destroy?: unknown };
        if (typeof file.path === 'string' && typeof file.destroy === 'function')
          this.parked.push({ path: file.path, stream: file as { destroy(): void } });
        return pipe(destination, options);
      };
    }
    const transform = entry._transform.bind(entry);
    entry._transform = (chunk, encoding, callback) => {
      if (this.error) return callback(); // drop what is still inflating
      try {
        this.total += chunk.length;
        if (this.total > SHEET_LIMITS.totalBytes) throw overLimit('totalBytes');
        scan.feed(chunk);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        this.trip(error);
        return callback();
      }
      transform(chunk, encoding, callback);
    };
  }
}
