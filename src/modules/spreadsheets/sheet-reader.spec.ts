import { PassThrough } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { bufferSource } from './lead-sheet.source';
import { detectFormat, readSheetRows, SheetRow } from './sheet-reader';

const CHINESE = '淄博文昌湖省级旅游度假区招商引资重点项目台账';

/** Long runs of three-byte characters, so a 16 KB or 64 KB chunk boundary falls inside one many times over. */
const text = (i: number) => `${CHINESE.repeat(1 + (i % 7))}第${i}行`;

async function readAll(data: Buffer): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const row of readSheetRows(bufferSource(data), detectFormat(data))) rows.push(row);
  return rows;
}

describe('readSheetRows', () => {
  it('keeps multibyte characters whole across chunk boundaries in shared strings (as Excel saves)', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('台账');
    for (let i = 0; i < 3000; i++) sheet.addRow([text(i), i]);
    const rows = await readAll(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(rows).toHaveLength(3000);
    rows.forEach((row, i) => expect(row.cells[0]).toBe(text(i)));
  });

  it('keeps multibyte characters whole in inline strings of a sheet parked in a temporary file (as the export writes)', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
    const sheet = workbook.addWorksheet('台账');
    for (let i = 0; i < 3000; i++) sheet.addRow([text(i), i]).commit();
    sheet.commit();
    await workbook.commit();
    const rows = await readAll(Buffer.concat(chunks));
    expect(rows).toHaveLength(3000);
    rows.forEach((row, i) => expect(row.cells).toEqual([text(i), i]));
  });

  it('reads the parts a zip holds after its worksheets on every read: the names in xl/workbook.xml (unzipper ended early at times)', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
    for (const name of ['环节', '本地企业', '目标企业']) {
      const sheet = workbook.addWorksheet(name);
      for (let i = 0; i < 50; i++) sheet.addRow([name, i]).commit();
      sheet.commit();
    }
    await workbook.commit();
    const data = Buffer.concat(chunks);
    // before the fix, 1 read in 8 of this file lost xl/workbook.xml and called the sheets Sheet1…Sheet3
    const counts: number[] = [];
    for (let read = 0; read < 40; read++) {
      let rows = 0;
      for await (const row of readSheetRows(bufferSource(data), 'xlsx', { sheet: '目标企业' })) if (row.cells[0] === '目标企业') rows++;
      counts.push(rows);
    }
    expect(counts).toEqual(Array.from({ length: 40 }, () => 50));
  });

  it('reads CSV with or without a BOM, quoted fields across lines and chunks, and semicolon or tab separators', async () => {
    const body = `名称,说明\r\n"甲,乙","第一行\n第二行 ""引号"""\r\n${'丙'.repeat(40_000)},末尾`;
    for (const data of [Buffer.from(`\uFEFF${body}`), Buffer.from(body)]) {
      const rows = await readAll(data);
      expect(rows.map((r) => r.cells)).toEqual([
        ['名称', '说明'],
        ['甲,乙', '第一行\n第二行 "引号"'],
        ['丙'.repeat(40_000), '末尾'],
      ]);
      expect(rows.map((r) => r.number)).toEqual([1, 2, 3]);
    }
    expect((await readAll(Buffer.from('a;b\n1;2\n'))).map((r) => r.cells)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect((await readAll(Buffer.from('\ufeffa\tb\n1\t2\n', 'utf16le'))).map((r) => r.cells)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('undoes the apostrophe the export puts before formula-like text', async () => {
    expect((await readAll(Buffer.from("a,b\n'=SUM(A1),'-5 %\n"))).map((r) => r.cells)[1]).toEqual(['=SUM(A1)', '-5 %']);
  });
});

describe('detectFormat', () => {
  it('tells xlsx (zip) from CSV, and refuses an empty file and the old binary .xls', () => {
    expect(detectFormat(Buffer.from('PK\u0003\u0004'), false)).toBe('xlsx');
    expect(() => detectFormat(Buffer.from('PK\u0003\u0004'))).toThrow('不完整');
    expect(detectFormat(Buffer.from('项目名称,企业名称'))).toBe('csv');
    expect(() => detectFormat(Buffer.alloc(0))).toThrow('文件是空的');
    expect(() => detectFormat(Buffer.from('d0cf11e0a1b11ae1', 'hex'))).toThrow('.xls');
  });
});
