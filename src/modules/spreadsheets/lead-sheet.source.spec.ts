import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { bufferSource, chooseLedgerSheet } from './lead-sheet.source';
import { LEAD_SHEET } from './lead-sheet.columns';

const DATA_ROWS = 2500;
const parkedFiles = () => readdirSync(tmpdir()).filter((name) => name.startsWith('tmp-')).length;

/** A 说明 sheet, the ledger (a title line, the header, DATA_ROWS rows with a merged 所属园区, styled blank lines, a 合计 line), and a sheet after it. */
async function workbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('说明').addRows([['填表说明'], ['金额单位: 万元']]);
  const ledger = book.addWorksheet('台账');
  ledger.addRow(['2026年招商项目台账']);
  ledger.addRow(['项目名称', '企业名称', '产业类别代码', '招商方式', '所属园区']);
  for (let i = 0; i < DATA_ROWS; i++) ledger.addRow([`项目${i}`, `企业${i}`, 'IT01', '产业链招商', i < 5 ? '经开区' : null]);
  ledger.mergeCells(`E3:E7`);
  // lines Excel keeps only for their style: no value, so neither a data row nor counted by the scan
  for (let i = 0; i < 3; i++) ledger.getCell(`A${DATA_ROWS + 4 + i}`).style = { font: { bold: true } };
  ledger.addRow(['合计']);
  book.addWorksheet('附表').addRows([
    ['项目名称', '企业名称', '产业类别代码'],
    ['附表项目', '附表企业', 'IT01'],
  ]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('chooseLedgerSheet', () => {
  it('counts every sheet by parsing it, or, for an upload to be queued, stops at the chosen sheet with the scan’s count and merges', async () => {
    const data = await workbook();
    const whole = await chooseLedgerSheet(bufferSource(data), 'xlsx', { columns: LEAD_SHEET });
    // rows under the header: the data and the 合计 line (reported as skipped later)
    expect(whole.chosen).toEqual({ name: '台账', merges: [{ top: 3, left: 5, bottom: 7, right: 5 }], dataRows: DATA_ROWS + 1 });
    expect(whole.sheets.map((s) => s.name)).toEqual(['说明', '台账', '附表']);

    const before = parkedFiles();
    const large = await chooseLedgerSheet(bufferSource(data), 'xlsx', { columns: LEAD_SHEET }, { largeAbove: 2000 });
    expect(large.chosen).toEqual(whole.chosen);
    // the read ended at the chosen sheet: the one after it was never listed
    expect(large.sheets.map((s) => s.name)).toEqual(['说明', '台账']);
    // and its parked worksheets were deleted, not left for a background read
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(parkedFiles()).toBeLessThanOrEqual(before);

    // not over the limit, or another sheet named: read whole as before
    const small = await chooseLedgerSheet(bufferSource(data), 'xlsx', { columns: LEAD_SHEET }, { largeAbove: DATA_ROWS + 1 });
    expect(small).toEqual(whole);
    const named = await chooseLedgerSheet(bufferSource(data), 'xlsx', { columns: LEAD_SHEET }, { largeAbove: 2000, sheet: '附表' });
    expect(named.chosen).toEqual({ name: '附表', merges: [], dataRows: 1 });
    expect(named.sheets).toHaveLength(3);
  });
});
