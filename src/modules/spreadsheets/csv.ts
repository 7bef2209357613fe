/** CSV as RFC 4180 has it: comma-separated, CRLF line ends, fields with separators, quotes or line breaks quoted, quotes doubled. */

/** A text cell that a spreadsheet would run as a formula gets a leading apostrophe (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One field, quoted when needed. */
export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One record with its CRLF. */
export function csvRecord(values: string[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/**
 * Text of digits (an all-digit credit code, a phone number) as a formula that yields the text: Excel, WPS
 * and LibreOffice all keep `="…"` as text, where a bare number becomes 1.23703008353374E+17 or loses its
 * leading 0. Only digits are written this way, so nothing the user typed ever runs as a formula.
 */
export function csvTextField(value: string): string {
  return /^[0-9]+$/.test(value) ? `"=""${value}"""` : csvField(value);
}

/** Undoes the apostrophe that csvField puts before a formula-like text, and the `="…"` of csvTextField. */
export function stripFormulaGuard(value: string): string {
  const text = /^="([0-9]+)"$/.exec(value);
  if (text) return text[1];
  return value.length > 1 && value[0] === "'" && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}

/** The separator a header line uses: comma, semicolon or tab, whichever appears most outside quotes. */
export function sniffDelimiter(firstLine: string): string {
  const counts = new Map([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [ch, n] of counts) if (n > counts.get(best)!) best = ch;
  return best;
}

/**
 * An incremental RFC 4180 parser: feed it text in chunks, take the records it completes. Lenient where
 * spreadsheets are: LF or CRLF line ends, a quote inside an unquoted field kept as it is.
 */
export class CsvParser {
  private field = '';
  private record: string[] = [];
  private quoted = false;
  private afterQuote = false;
  private atFieldStart = true;
  private pendingCr = false;

  constructor(private readonly delimiter = ',') {}

  push(chunk: string): string[][] {
    const out: string[][] = [];
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i];
      if (this.pendingCr) {
        this.pendingCr = false;
        if (ch === '\n') continue;
      }
      if (this.quoted) {
        if (ch === '"') {
          this.quoted = false;
          this.afterQuote = true;
        } else {
          this.field += ch;
        }
        continue;
      }
      if (ch === '"') {
        if (this.atFieldStart) {
          this.quoted = true;
          this.atFieldStart = false;
          continue;
        }
        if (this.afterQuote) {
          // "" inside a quoted field
          this.field += '"';
          this.quoted = true;
          this.afterQuote = false;
          continue;
        }
        this.field += ch;
        continue;
      }
      if (ch === this.delimiter) {
        this.endField();
        continue;
      }
      if (ch === '\r' || ch === '\n') {
        this.endField();
        out.push(this.record);
        this.record = [];
        this.pendingCr = ch === '\r';
        continue;
      }
      this.afterQuote = false;
      this.atFieldStart = false;
      this.field += ch;
    }
    return out;
  }

  /** The last record when the text does not end with a line break. */
  end(): string[][] {
    if (this.atFieldStart && this.record.length === 0 && !this.quoted) return [];
    this.endField();
    const last = this.record;
    this.record = [];
    return [last];
  }

  private endField(): void {
    this.record.push(this.field);
    this.field = '';
    this.atFieldStart = true;
    this.afterQuote = false;
  }
}
