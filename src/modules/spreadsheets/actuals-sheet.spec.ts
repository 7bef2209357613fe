import { describe, expect, it } from '@jest/globals';
import { ACTUALS_SHEET, checkActualsHeader, parseActualRow } from './actuals-sheet';
import { headerCells, mapColumns } from './lead-sheet.mapping';
import { SheetCell } from './sheet-reader';

const layoutOf = (headers: SheetCell[]) => mapColumns(headerCells(headers), [1], {}, ACTUALS_SHEET);
const parse = (headers: SheetCell[], cells: SheetCell[]) => parseActualRow({ number: 2, cells }, layoutOf(headers));

describe('actuals sheet', () => {
  it('matches the figures’ headers with or without their unit, and converts a header’s money unit', () => {
    const layout = layoutOf(['项目编号', '填报期', '产值（亿元）', '税收', '累计建成面积（平方米）', '就业人数（人）', '其他']);
    expect([...layout.header.keys()]).toEqual(['leadCode', 'period', 'output', 'tax', 'builtFloorArea', 'jobs']);
    expect(layout.columns.find((c) => c.field === 'output')).toMatchObject({ unit: '亿元', factor: 10000 });
    expect(layout.columns.find((c) => c.header === '其他')?.field).toBeNull();
  });

  it('refuses a header without the project, the period or any figure', () => {
    expect(() => checkActualsHeader(layoutOf(['项目编号', '填报期', '产值']).header)).not.toThrow();
    expect(() => checkActualsHeader(layoutOf(['项目名称', '企业名称', '年度', '税收']).header)).not.toThrow();
    expect(() => checkActualsHeader(layoutOf(['项目名称', '填报期', '产值']).header)).toThrow(/项目编号/);
    expect(() => checkActualsHeader(layoutOf(['项目编号', '季度', '产值']).header)).toThrow(/填报期/);
    expect(() => checkActualsHeader(layoutOf(['项目编号', '填报期', '备注']).header)).toThrow(/至少一项填报数据/);
  });

  it('reads a row’s project, period and the figures it fills; an empty cell is not given', () => {
    const row = parse(
      ['项目编号', '填报期', '产值（亿元）', '税收（万元）', '就业人数（人）', '备注'],
      ['ZS-2025-0001', '2025年第3季度', 1.5, null, '120人', '季报'],
    );
    expect(row).toMatchObject({
      leadRef: 'ZS-2025-0001',
      period: '2025-Q3',
      figures: { output: 15000, jobs: 120 },
      note: '季报',
      errors: [],
    });
    expect(row.figures).not.toHaveProperty('tax');
    expect(parse(['项目名称', '企业名称', '年度', '季度', '税收'], ['甲', '甲公司', 2025, 'Q2', 3])).toMatchObject({
      name: '甲',
      companyName: '甲公司',
      period: '2025-Q2',
      errors: [],
    });
  });

  it('names the column of each problem', () => {
    const row = parse(['项目编号', '填报期', '产值（万元）', '税收（万元）', '就业人数（人）'], [null, '2025Q5', -1, 'abc', 1.5]);
    expect(row.errors).toEqual([
      '项目编号: 未填写; 请填写项目编号, 或填写项目名称 + 企业名称',
      '填报期: 「2025Q5」不是填报期 (应写 2025、2025Q3 或 2025年第3季度)',
      '产值（万元）: 不能小于 0',
      '税收（万元）: 「abc」不是数字',
      '就业人数（人）: 必须是整数',
    ]);
    expect(parse(['项目编号', '填报期', '产值'], ['ZS-1', '2025', null]).errors).toEqual([expect.stringContaining('没有填写任何填报数据')]);
  });
});
