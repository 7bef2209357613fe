import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { AppError } from '../../common/errors/app-error';
import { SHEET_LIMITS } from './sheet-limits';
import { EntryScan, mergedRanges, XlsxGuard } from './xlsx-guard';

const cells = (n: number, row: number) => Array.from({ length: n }, (_, i) => `<c r="A${row}" s="1"><v>${i}</v></c>`).join('');
const sheet = (cellsInRow2: number) =>
  `<worksheet><sheetData><row r="1">${cells(3, 1)}</row><row r="2" spans="1:9">${cells(cellsInRow2, 2)}</row><rowBreaks/></sheetData><cols><col min="1"/></cols></worksheet>`;

/** Feeds `xml` in two chunks split at `at`, answering the limit it passed, if any. */
function limitPassed(path: string, xml: string, at: number): string | undefined {
  const scan = new EntryScan(path);
  const bytes = Buffer.from(xml);
  try {
    scan.feed(bytes.subarray(0, at));
    scan.feed(bytes.subarray(at));
    return undefined;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return (error.details as { limit: string }).limit;
  }
}

describe('EntryScan', () => {
  it('counts the cells of a worksheet row wherever a chunk boundary falls, and not <cols>, <col> or <rowBreaks>', () => {
    const over = sheet(SHEET_LIMITS.cellsPerRow + 1);
    const at = sheet(SHEET_LIMITS.cellsPerRow);
    for (let split = 0; split <= Buffer.byteLength(at); split += 7)
      expect(limitPassed('xl/worksheets/sheet1.xml', at, split)).toBeUndefined();
    for (let split = 0; split <= Buffer.byteLength(over); split += 7)
      expect(limitPassed('xl/worksheets/sheet1.xml', over, split)).toBe('cellsPerRow');
  });

  it('counts shared strings, and the rich-text runs of each (not their <rPr> or <rFont>)', () => {
    const table = (n: number) => `<sst>${'<si><r><rPr><rFont val="宋体"/></rPr><t>甲</t></r><r><t>乙</t></r></si>'.repeat(n)}</sst>`;
    expect(limitPassed('xl/sharedStrings.xml', table(SHEET_LIMITS.sharedStrings), 1000)).toBeUndefined();
    expect(limitPassed('xl/sharedStrings.xml', table(SHEET_LIMITS.sharedStrings + 1), 1000)).toBe('sharedStrings');
    const runs = (n: number) => `<sst><si>${'<r><t>甲</t></r>'.repeat(n)}</si></sst>`;
    expect(limitPassed('xl/sharedStrings.xml', runs(SHEET_LIMITS.cellChars), 1000)).toBeUndefined();
    expect(limitPassed('xl/sharedStrings.xml', runs(SHEET_LIMITS.cellChars + 1), 1000)).toBe('cellChars');
  });

  it('refuses a text run longer than a cell may hold, split or not, and a held part over its size', () => {
    const padded = (bytes: number) => `<sheetData>${' '.repeat(bytes)}</sheetData>`;
    expect(limitPassed('xl/worksheets/sheet1.xml', padded(SHEET_LIMITS.cellChars * 8 + 1), 5000)).toBe('cellChars');
    expect(limitPassed('xl/worksheets/sheet1.xml', padded(SHEET_LIMITS.cellChars * 8 - 100), 5000)).toBeUndefined(); // the run counts from a tag's `<`
    expect(limitPassed('xl/styles.xml', `<styleSheet>${'<xf/>'.repeat(SHEET_LIMITS.partBytes / 5)}</styleSheet>`, 10)).toBe('partBytes');
    // a part exceljs does not read is only counted, never scanned
    expect(limitPassed('xl/media/image1.png', ' '.repeat(SHEET_LIMITS.cellChars * 8 + 1), 10)).toBeUndefined();
  });
  it('counts the rows that hold a value (a cached value or an inline string), not rows kept for their style or a formula without a result', () => {
    const xml =
      '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" s="3"/><c r="B2" s="3"/></row>' +
      '<row r="3"><c r="A3" t="inlineStr"><is><t>甲</t></is></c></row><row r="4"><c r="A4"><f>SUM(B1:B3)</f></c></row>' +
      '<row r="5"><c r="A5"><f>1+1</f><v>2</v></c><c r="B5"><v>7</v></c></row><row r="6"/></sheetData>' +
      '<mergeCells count="1"><mergeCell ref="A1:A3"/></mergeCells></worksheet>';
    for (let split = 0; split <= xml.length; split += 5) {
      const scan = new EntryScan('xl/worksheets/sheet1.xml');
      const bytes = Buffer.from(xml);
      scan.feed(bytes.subarray(0, split));
      scan.feed(bytes.subarray(split));
      expect(scan.filledRows()).toBe(3);
    }
  });
});

describe('XlsxGuard time limit', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('refuses with 413 once the reader has waited its IMPORT_READ_TIMEOUT in all, and destroys the input', async () => {
    // fake timers: the sum of the waits is what is checked, not the machine's timing
    jest.useFakeTimers();
    const input = Readable.from([]);
    const guard = new XlsxGuard(input, 100);
    const first = guard.race(new Promise((resolve) => setTimeout(resolve, 60)));
    await jest.advanceTimersByTimeAsync(60);
    await first;
    let refusal: unknown;
    guard.race(new Promise(() => undefined)).catch((error: unknown) => (refusal = error));
    // the 60 ms already waited count against the limit: 39 ms more are allowed, the 40th is refused
    await jest.advanceTimersByTimeAsync(39);
    expect(refusal).toBeUndefined();
    expect(input.destroyed).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(refusal).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { limit: 'readSeconds', file: 'readTimeout' } });
    expect(input.destroyed).toBe(true);
  });
});

describe('mergedRanges', () => {
  it('reads the merged ranges after a worksheet’s rows', () => {
    expect(mergedRanges('</sheetData><mergeCells count="2"><mergeCell ref="G3:G5"/><mergeCell ref=\'A1:AA1\'/></mergeCells>')).toEqual([
      { top: 3, left: 7, bottom: 5, right: 7 },
      { top: 1, left: 1, bottom: 1, right: 27 },
    ]);
  });
});
