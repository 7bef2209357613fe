import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { csvField, csvRecord, csvTextField } from './csv';
import { LeadSheetColumn } from './lead-sheet.columns';
import { formatWallClock, wallClockAsUtcDate } from './sheet-time';

/** What a writer needs of a column (the lead sheet's columns, the carrier sheet's …): its key, header, width and how its cells are formatted. */
export type SheetColumn = Pick<LeadSheetColumn, 'key' | 'header' | 'kind' | 'width'>;

/** A cell as the export hands it over: text, a number, a `YYYY-MM-DD` day, or an instant for date-time columns. */
export type ExportCell = string | number | Date | null;

/** Writes rows of lead cells in one of the export formats; `addRows` resolves when the output can take more. */
export interface SheetWriter {
  readonly contentType: string;
  readonly extension: string;
  addRows(rows: ExportCell[][]): Promise<void>;
  finish(): Promise<void>;
}

/** Waits until a stream wants more, or is gone (a client that hung up must not leave the export waiting). */
export function untilWritable(stream: Writable): Promise<void> {
  if (!stream.writableNeedDrain || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      stream.off('error', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
    stream.on('error', done);
  });
}

const MONEY_FORMAT = '#,##0.00';
const DECIMAL_FORMAT = '#,##0.##';
const DATE_FORMAT = 'yyyy-mm-dd';
const DATETIME_FORMAT = 'yyyy-mm-dd hh:mm';

const dayAsUtcDate = (day: string) => new Date(`${day}T00:00:00Z`);

const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FROZEN_HEADER = { state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' } as const;

/**
 * An xlsx workbook through exceljs's streaming writer, one sheet after another (a workbook of several
 * sheets, such as a chain's 环节 / 本地企业 / 目标企业): a sheet's rows go to the zip as they come, and a
 * sheet is done when the next is added or the workbook finishes.
 */
export class XlsxWorkbookWriter {
  readonly contentType = XLSX_CONTENT_TYPE;
  readonly extension = 'xlsx';
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private current?: XlsxWorksheetWriter;

  constructor(
    private readonly out: Writable,
    private readonly timeZone: string,
  ) {
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    this.workbook.creator = '招商 CRM';
    this.workbook.created = new Date();
  }

  /** A new sheet with a bold, frozen header row and a filter, the one its rows go to from now on. */
  addSheet(name: string, columns: readonly SheetColumn[]): XlsxWorksheetWriter {
    this.current?.commit();
    this.current = new XlsxWorksheetWriter(this.workbook.addWorksheet(name, { views: [FROZEN_HEADER] }), this.out, columns, this.timeZone);
    return this.current;
  }

  async finish(): Promise<void> {
    this.current?.commit();
    await this.workbook.commit();
  }
}

/** One sheet of an XlsxWorkbookWriter: its header written, its rows added as they come. */
export class XlsxWorksheetWriter {
  constructor(
    private readonly sheet: ExcelJS.Worksheet,
    private readonly out: Writable,
    private readonly columns: readonly SheetColumn[],
    private readonly timeZone: string,
  ) {
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
    sheet.columns = columns.map((c) => ({ key: c.key, width: c.width, style: XlsxWorksheetWriter.style(c) }));
    const header = sheet.addRow(columns.map((c) => c.header));
    header.eachCell((cell) => {
      cell.style = {
        font: { bold: true },
        alignment: { vertical: 'middle', horizontal: 'center', wrapText: true },
        fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } },
      };
    });
    header.commit();
  }

  private static style(c: SheetColumn): Partial<ExcelJS.Style> {
    switch (c.kind) {
      case 'money':
        return { numFmt: MONEY_FORMAT };
      case 'decimal':
        return { numFmt: DECIMAL_FORMAT };
      case 'date':
        return { numFmt: DATE_FORMAT };
      case 'datetime':
        return { numFmt: DATETIME_FORMAT };
      default:
        return {};
    }
  }

  async addRows(rows: ExportCell[][]): Promise<void> {
    for (const cells of rows) {
      const values = cells.map((value, i) => {
        if (value === null || value === '') return null;
        const kind = this.columns[i].kind;
        if (kind === 'date' && typeof value === 'string') return dayAsUtcDate(value);
        if (kind === 'datetime' && value instanceof Date) return wallClockAsUtcDate(value, this.timeZone);
        return value;
      });
      this.sheet.addRow(values).commit();
    }
    await untilWritable(this.out);
  }

  commit(): void {
    this.sheet.commit();
  }
}

/** xlsx of one sheet (the lead export, the carrier ledger): bold, frozen header row with a filter. */
export class XlsxSheetWriter implements SheetWriter {
  readonly contentType = XLSX_CONTENT_TYPE;
  readonly extension = 'xlsx';
  private readonly workbook: XlsxWorkbookWriter;
  private readonly sheet: XlsxWorksheetWriter;

  constructor(out: Writable, columns: readonly SheetColumn[], timeZone: string, sheetName = '招商项目') {
    this.workbook = new XlsxWorkbookWriter(out, timeZone);
    this.sheet = this.workbook.addSheet(sheetName, columns);
  }

  addRows(rows: ExportCell[][]): Promise<void> {
    return this.sheet.addRows(rows);
  }

  finish(): Promise<void> {
    return this.workbook.finish();
  }
}

/** CSV in UTF-8 with a BOM (so Excel reads the Chinese), RFC 4180 quoting, CRLF line ends. */
export class CsvSheetWriter implements SheetWriter {
  readonly contentType = 'text/csv; charset=utf-8';
  readonly extension = 'csv';

  constructor(
    private readonly out: Writable,
    private readonly columns: readonly SheetColumn[],
    private readonly timeZone: string,
  ) {
    out.write(`\uFEFF${csvRecord(columns.map((c) => c.header))}`);
  }

  async addRows(rows: ExportCell[][]): Promise<void> {
    let text = '';
    for (const cells of rows) {
      const fields = cells.map((value, i) => {
        if (value === null) return '';
        if (value instanceof Date)
          return csvField(this.columns[i].kind === 'datetime' ? formatWallClock(value, this.timeZone) : value.toISOString());
        // text of digits (a credit code, a phone in 备注, a 代号 like 0101) as ="…": a spreadsheet would make it a number,
        // dropping a leading 0 and showing 12 digits or more as 1.38E+11; numbers of amount columns stay numbers
        return typeof value === 'string' && this.columns[i].kind === 'text' ? csvTextField(value) : csvField(String(value));
      });
      text += `${fields.join(',')}\r\n`;
    }
    this.out.write(text);
    await untilWritable(this.out);
  }

  finish(): Promise<void> {
    return new Promise((resolve) => this.out.end(resolve));
  }
}
