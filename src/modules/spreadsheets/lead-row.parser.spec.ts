import { ZONE_ALIASES } from '../catalog/data/zones.data';
import { describe, expect, it } from '@jest/globals';
import { creditCodeCheckChar } from '../leads/credit-code';
import { formatContacts, matchHeader, parseContacts, parseLeadRow, RowContext, SheetLayout } from './lead-row.parser';
import { LEAD_SHEET_COLUMNS } from './lead-sheet.columns';
import { combineHeaderRows, mapColumns } from './lead-sheet.mapping';
import { SheetRow } from './sheet-reader';

const context: RowContext = {
  timeZone: 'Asia/Shanghai',
  industries: new Map([['IT01', '晶体管与滤波器']]),
  zoneAliases: ZONE_ALIASES,
  zones: new Map([['A1', '北区']]),
};
const headers = LEAD_SHEET_COLUMNS.map((c) => c.header);
const header: SheetLayout = matchHeader({ number: 1, cells: headers });
const body = '91370303MA0000001';
const creditCode = body + creditCodeCheckChar(body);

function row(values: Record<string, string | number | Date | null>): SheetRow {
  const base: Record<string, string | number | Date | null> = {
    项目名称: '项目',
    企业名称: '公司',
    统一社会信用代码: creditCode,
    产业类别代码: 'IT01',
    招商方式: '平台招商',
  };
  const all = { ...base, ...values };
  return { number: 2, cells: headers.map((h) => all[h] ?? null) };
}
const signing = {
  签约日期: '2026-03-01',
  '合同投资额(万元)': 100,
  约定开工日期: '2026-04-01',
  约定投产日期: '2027-04-01',
  护商专员账号: 'hs01',
};

describe('matchHeader', () => {
  it('matches Chinese headers with or without their unit, aliases, English field names, and reports unknown columns as unused', () => {
    const found = matchHeader({ number: 1, cells: ['项目名称', 'companyName', '计划投资额', ' 合同投资额（万元） ', '备注', '联系电话'] });
    expect([...found.header.entries()]).toEqual([
      ['name', 0],
      ['companyName', 1],
      ['plannedInvestment', 2],
      ['contractInvestment', 3],
      ['remarks', 4],
    ]);
    expect(found.columns[5]).toEqual({ index: 5, header: '联系电话', field: null, reason: expect.stringContaining('未识别') });
  });

  it('understands units in headers and refuses a unit it cannot convert', () => {
    const found = matchHeader({
      number: 1,
      cells: ['计划投资（亿元）', '预计年税收(元)', '用地面积（公顷）', '合同投资额（美元）', '是否重点项目'],
    });
    expect(found.columns.map((c) => [c.field, c.factor])).toEqual([
      ['plannedInvestment', 10000],
      ['expectedAnnualTax', 0.0001],
      ['landAreaMu', 15],
      [null, undefined],
      ['keyProjectLevel', undefined],
    ]);
    expect(found.columns[3].reason).toContain('美元');
    expect(found.columns[4].reason).toContain('区级');
  });

  it('combines a two-row header (投资额 merged over 计划 / 合同 / 到位) and applies a mapping override', () => {
    const cells = combineHeaderRows(['项目名称', '投资额（万元）', null, null, '备注'], [null, '计划', '合同', '到位', null]);
    expect(cells?.map((c) => c.match)).toEqual(['项目名称', '计划投资额(万元)', '合同投资额(万元)', '到位(万元)', '备注']);
    const layout = mapColumns(cells!, [1, 2], { 备注: 'ignore' });
    expect([...layout.header.keys()]).toEqual(['name', 'plannedInvestment', 'contractInvestment', 'actualInvestment']);
    expect(combineHeaderRows(['项目名称', '企业名称'], ['某项目', '某公司'])).toBeNull();
  });
});

describe('parseLeadRow', () => {
  it('refuses NUL and other control characters in any column it stores, naming it; tab and line breaks only in the long texts', () => {
    const parsed = parseLeadRow(
      row({
        项目名称: '项目\u0000',
        企业名称: '公司\t甲',
        状态: '暂缓',
        状态说明: '第一行\n第二行\t备注',
        联系人: '张三 / 经理\n李四 / 13800000000',
      }),
      header,
      context,
    );
    expect(parsed.errors).toEqual([
      '项目名称 must not contain control characters or line breaks',
      '企业名称 must not contain control characters or line breaks',
    ]);
    expect(parseLeadRow(row({ 状态: '暂缓', 状态说明: '说明\u0007' }), header, context).errors).toEqual([
      '状态说明 must not contain control characters (tab and line breaks are allowed)',
    ]);
  });

  it('reads a plain lead row with defaults: 线索, 推进中, not a key project', () => {
    const parsed = parseLeadRow(row({}), header, context);
    expect(parsed.errors).toEqual([]);
    expect(parsed.lead).toMatchObject({ stage: 'lead', status: 'active', keyProjectLevel: 'none', source: 'platform', creditCode });
  });

  it('needs the gate data of every stage up to the row’s, naming the columns', () => {
    expect(parseLeadRow(row({ 阶段: '签约', ...signing }), header, context).errors).toEqual([]);
    const building = parseLeadRow(row({ 阶段: '开工建设', ...signing, 护商专员账号: null }), header, context);
    expect(building.errors).toEqual([expect.stringMatching(/^护商专员账号: /), expect.stringMatching(/^实际开工日期: /)]);
    const operating = parseLeadRow(
      row({ 阶段: '运营投产', ...signing, 实际开工日期: '2026-05-01', 实际投产日期: '2027-05-01' }),
      header,
      context,
    );
    expect(operating.errors).toEqual([expect.stringMatching(/^实际到位投资\(万元\): /)]);
  });

  it('refuses dates only a later stage sets, and dates out of order', () => {
    expect(parseLeadRow(row({ 阶段: '洽谈', 实际开工日期: '2026-05-01' }), header, context).errors).toEqual([
      expect.stringMatching(/^实际开工日期: /),
    ]);
    expect(parseLeadRow(row({ 约定开工日期: '2027-01-01', 约定投产日期: '2026-01-01' }), header, context).errors).toEqual([
      expect.stringMatching(/^约定投产日期: 不能早于约定开工日期/),
    ]);
  });

  it('accepts a key project past 签约 with a warning that its assessment is not imported', () => {
    const parsed = parseLeadRow(row({ 阶段: '签约', ...signing, 重点项目级别: '省级重点' }), header, context);
    expect(parsed.errors).toEqual([]);
    expect(parsed.warnings).toEqual([expect.stringContaining('事前评估')]);
  });

  it('needs the reason of 暂缓 and 终止, and where a lost project went when it chose another place', () => {
    expect(parseLeadRow(row({ 状态: '暂缓' }), header, context).errors).toEqual([expect.stringMatching(/^状态说明: /)]);
    const lost = parseLeadRow(
      row({ 状态: '终止', 终止原因: 'chose_other_location', 状态说明: '去了济南', 下次跟进: '2026-05-01 09:00' }),
      header,
      context,
    );
    expect(lost.errors).toEqual([expect.stringMatching(/^流失去向: /)]);
    expect(lost.lead.nextFollowUpAt).toBeNull();
    expect(parseLeadRow(row({ 终止原因: '资金问题' }), header, context).errors).toEqual([expect.stringMatching(/^终止原因: 只有/)]);
  });

  it('finds the industry and zone by name when the code column is empty', () => {
    const parsed = parseLeadRow(row({ 产业类别代码: null, 产业类别: '晶体管与滤波器', 落地区域: '北区' }), header, context);
    expect(parsed.errors).toEqual([]);
    expect(parsed.lead).toMatchObject({ industryCode: 'IT01', zoneCode: 'A1' });
  });
});

describe('contacts', () => {
  it('round-trips the export’s form, telling title, phone and e-mail apart by their shape', () => {
    const contacts = [
      { name: '王总', title: '董事长', phone: '13800000001', email: 'w@example.com' },
      { name: '李工', phone: '0533-1234567' },
    ];
    const text = formatContacts(contacts);
    expect(text).toBe('王总 / 董事长 / 13800000001 / w@example.com；李工 / 0533-1234567');
    expect(parseContacts(text)).toEqual({ value: contacts });
    expect(parseContacts('王总 / 13800000001\n赵总')).toEqual({ value: [{ name: '王总', phone: '13800000001' }, { name: '赵总' }] });
    expect(parseContacts('王总 / bad@')).toHaveProperty('problem');
  });

  it('splits contacts as a clerk types them: name and phone by a space or comma, or glued together', () => {
    expect(parseContacts('张三 13800000000')).toEqual({ value: [{ name: '张三', phone: '13800000000' }] });
    expect(parseContacts('张三/经理/13800000000')).toEqual({ value: [{ name: '张三', title: '经理', phone: '13800000000' }] });
    expect(parseContacts('张三 13800000000；李四，总经理，13900000000')).toEqual({
      value: [
        { name: '张三', phone: '13800000000' },
        { name: '李四', title: '总经理', phone: '13900000000' },
      ],
    });
    expect(parseContacts('张三13800000000')).toEqual({ value: [{ name: '张三', phone: '13800000000' }] });
  });
});

describe('credit codes a spreadsheet changed', () => {
  it('says a code turned into scientific notation or a number cannot be restored', () => {
    for (const code of ['1.23703008353374E+17', 123703008353374000]) {
      const parsed = parseLeadRow(row({ 统一社会信用代码: code }), header, context);
      expect(parsed.errors).toEqual([expect.stringContaining('信用代码被表格软件改成了科学计数法')]);
    }
  });
});
