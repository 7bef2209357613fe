import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { AuthUser, seesEverything } from '../../common/auth/auth-user';
import { AppError } from '../../common/errors/app-error';
import { CatalogService } from '../catalog/catalog.service';
import { ZONE_ALIASES } from '../catalog/data/zones.data';
import { KEY_PROJECT_LABELS, LOST_REASON_LABELS, REFERRER_KIND_LABELS, SOURCE_LABELS, STATUS_LABELS } from '../leads/lead.enums';
import { leadStages } from '../leads/lead.model';
import { PIPELINE } from '../pipeline/pipeline.model';
import { ACTUALS_SHEET_COLUMNS } from './actuals-sheet';
import { ImportKind } from './import-target';
import { ImportTargets } from './import-targets';
import { ImportsRepository } from './imports.repository';
import { LEAD_SHEET_COLUMN, LEAD_SHEET_COLUMNS, LeadSheetColumn, splitHeader } from './lead-sheet.columns';
import { REASON_HEADER } from './lead-sheet.mapping';
import { SheetCell } from './sheet-reader';

export interface SheetFile {
  body: Buffer;
  fileName: string;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The columns a ledger may carry: every column the import reads, in the export's order (项目编号 left out: codes are assigned). */
const TEMPLATE_COLUMNS: readonly LeadSheetColumn[] = LEAD_SHEET_COLUMNS.filter((c) => c.imported);

/** Two rows that import as they are (by a promoter into their team, or a leader): a 线索 and a 洽谈 project, people left to the importer. */
const EXAMPLE_ROWS: ReadonlyArray<Readonly<Record<string, SheetCell>>> = [
  {
    name: '示例：高端装备零部件生产基地项目',
    companyName: '示例精密机械（上海）有限公司',
    industryCode: 'IT01',
    source: SOURCE_LABELS.industry_chain,
    sourceCity: '上海',
    plannedInvestment: 50000,
    expectedAnnualOutput: 80000,
    expectedAnnualTax: 3000,
    expectedJobs: 300,
    landAreaMu: 80,
    zoneCode: 'A1-C3',
    keyProjectLevel: KEY_PROJECT_LABELS.none,
    stage: '线索',
    status: STATUS_LABELS.active,
    contacts: '王经理 / 总经理 / 13800000000',
    remarks: '示例行, 正式导入前请删除',
  },
  {
    name: '示例：新一代信息技术研发中心项目',
    companyName: '示例信息科技（深圳）有限公司',
    industryCode: 'IT01',
    source: SOURCE_LABELS.expo,
    sourceCity: '深圳',
    plannedInvestment: 12000,
    expectedJobs: 120,
    keyProjectLevel: KEY_PROJECT_LABELS.district,
    stage: '洽谈',
    status: STATUS_LABELS.active,
    referrerKind: REFERRER_KIND_LABELS.organisation,
    referrerName: '示例：深圳市淄博商会',
    remarks: '示例行, 正式导入前请删除',
  },
];

/** The import's template and the rejected rows of an import, as xlsx files. */
@Injectable()
export class LeadImportFilesService {
  constructor(
    private readonly catalog: CatalogService,
    private readonly imports: ImportsRepository,
    private readonly targets: ImportTargets,
  ) {}

  /** GET /leads/import/template: the headers (from the model), two example rows, and a 可选值 sheet of what the choice columns accept. */
  async template(): Promise<SheetFile> {
    const [industries, zones] = await Promise.all([this.catalog.industryNames(), this.catalog.zoneNames()]);
    const workbook = newWorkbook();
    const sheet = workbook.addWorksheet('台账', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = TEMPLATE_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
    for (const example of EXAMPLE_ROWS) {
      const row: Record<string, SheetCell> = { ...example };
      if (typeof row.industryCode === 'string') row.industryName = industries.get(row.industryCode) ?? null;
      if (typeof row.zoneCode === 'string') row.zoneName = zones.get(row.zoneCode) ?? null;
      sheet.addRow(row);
    }
    sheet.getRow(1).font = { bold: true };

    const stageAliases = new Map<string, string[]>();
    for (const [alias, stage] of Object.entries(PIPELINE.aliases)) stageAliases.set(stage, [...(stageAliases.get(stage) ?? []), alias]);
    const zoneAliases = new Map<string, string[]>();
    for (const [alias, code] of ZONE_ALIASES) zoneAliases.set(code, [...(zoneAliases.get(code) ?? []), alias]);
    const lists: Array<{ header: string; values: string[] }> = [
      { header: LEAD_SHEET_COLUMN.stage.header, values: leadStages().map((s) => withAliases(s.label, stageAliases.get(s.value))) },
      { header: LEAD_SHEET_COLUMN.status.header, values: Object.values(STATUS_LABELS) },
      { header: LEAD_SHEET_COLUMN.source.header, values: Object.values(SOURCE_LABELS) },
      {
        header: LEAD_SHEET_COLUMN.keyProjectLevel.header,
        values: [...Object.values(KEY_PROJECT_LABELS), '是否重点项目: 是 = 区级重点, 否 = 非重点'],
      },
      { header: LEAD_SHEET_COLUMN.lostReason.header, values: Object.values(LOST_REASON_LABELS) },
      {
        header: LEAD_SHEET_COLUMN.referrerKind.header,
        values: [
          ...Object.values(REFERRER_KIND_LABELS),
          `${REFERRER_KIND_LABELS.user}: 在${LEAD_SHEET_COLUMN.referrerUsername.header}填写其登录账号 (用户名, 须为在职用户), ${LEAD_SHEET_COLUMN.referrerName.header}按账号自动填写`,
          `外部个人/机构: 在${LEAD_SHEET_COLUMN.referrerName.header}填写姓名或名称, ${LEAD_SHEET_COLUMN.referrerUsername.header}留空`,
          '已签约项目的首引人已锁定, 导入不会更改 (由领导在项目页更正)',
        ],
      },
      { header: LEAD_SHEET_COLUMN.industryCode.header, values: [...industries.keys()] },
      { header: LEAD_SHEET_COLUMN.industryName.header, values: [...industries.values()] },
      { header: LEAD_SHEET_COLUMN.zoneCode.header, values: [...zones.keys()] },
      { header: LEAD_SHEET_COLUMN.zoneName.header, values: [...zones].map(([code, name]) => withAliases(name, zoneAliases.get(code))) },
      {
        header: '金额与面积单位',
        values: [
          '金额按万元; 表头写明单位时按单位换算: 计划投资额（亿元）、预计年税收（元）',
          '面积按亩; 用地面积（公顷）、用地面积（平方米）换算为亩',
        ],
      },
    ];
    const choices = workbook.addWorksheet('可选值');
    choices.columns = lists.map((l) => ({ header: l.header, width: Math.max(14, l.header.length * 2 + 4) }));
    const height = Math.max(...lists.map((l) => l.values.length));
    for (let i = 0; i < height; i++) choices.addRow(lists.map((l) => l.values[i] ?? null));
    choices.getRow(1).font = { bold: true };
    return { body: Buffer.from(await workbook.xlsx.writeBuffer()), fileName: '招商项目台账模板.xlsx' };
  }

  /** GET /actuals/import/template: the 履约填报 headers (from ACTUAL_FIGURES), an example row, and a 说明 sheet of the rules. */
  async actualsTemplate(): Promise<SheetFile> {
    const workbook = newWorkbook();
    const sheet = workbook.addWorksheet('履约填报', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = ACTUALS_TEMPLATE_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
    sheet.addRow(ACTUALS_EXAMPLE_ROW);
    sheet.getRow(1).font = { bold: true };
    const notes = workbook.addWorksheet('说明');
    notes.columns = [{ header: '填写说明', width: 100 }];
    for (const line of ACTUALS_NOTES) notes.addRow([line]);
    notes.getRow(1).font = { bold: true };
    return { body: Buffer.from(await workbook.xlsx.writeBuffer()), fileName: '履约填报导入模板.xlsx' };
  }

  /**
   * GET /leads/import/:importId/rejected.xlsx: the rows an import refused, as the file had them, with a
   * 原因 column. Mapped columns get their column's header (with the file's unit), so the file imports
   * again the same way once fixed, without the mapping; other columns keep the file's header.
   */
  async rejected(user: AuthUser, importId: string, kind: ImportKind = 'leads'): Promise<SheetFile> {
    const found = await this.imports.findProgress(importId);
    // an import of another kind is not found here: each kind's rows come back from its own route
    if (!found || (found.userId !== user.id && !seesEverything(user)) || (found.options?.target ?? 'leads') !== kind)
      throw AppError.notFound('Import', importId);
    const byKey = this.targets.get(kind).columns.byKey;
    const columns = found.columns ?? [];
    const rows = await this.imports.findRejected(importId);
    const width = Math.max(0, ...columns.map((c) => c.index + 1), ...rows.map((r) => r.cells.length));
    const headers: Array<string | null> = Array.from({ length: width }, () => null);
    for (const c of columns) {
      if (c.field === REASON_HEADER || splitHeader(c.header).name === REASON_HEADER) continue;
      const column = c.field ? byKey[c.field] : undefined;
      const name = column ? (column.field?.sheet?.header ?? column.header) : c.header;
      const unit = c.unit ?? (column ? (column.field?.unit ?? column.unit) : undefined);
      headers[c.index] = column && unit ? `${name}(${unit})` : column ? column.header : c.header;
    }
    const keep = headers.map((h, i) => h !== null || rows.some((r) => r.cells[i] !== null && r.cells[i] !== undefined));
    const workbook = newWorkbook();
    const sheet = workbook.addWorksheet('未导入的行', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.addRow([...headers.filter((_, i) => keep[i]), REASON_HEADER]);
    sheet.getRow(1).font = { bold: true };
    for (const r of rows) sheet.addRow([...headers.map((_, i) => r.cells[i] ?? null).filter((_, i) => keep[i]), r.reason]);
    if (found.errors > rows.length) {
      const note = workbook.addWorksheet('说明');
      note.addRow([`此次导入共 ${found.errors} 行未导入, 此文件保存了前 ${rows.length} 行`]);
    }
    return { body: Buffer.from(await workbook.xlsx.writeBuffer()), fileName: `未导入的行-${importId.slice(0, 8)}.xlsx` };
  }
}

/** The example names no 项目编号, so that importing the template as it is writes nothing. The actuals template's columns: the project by 项目编号 or by name, 填报期 (年度 and 季度 are the alternative), the figures. */
const ACTUALS_TEMPLATE_COLUMNS = ACTUALS_SHEET_COLUMNS.filter((c) => c.key !== 'year' && c.key !== 'quarter');

const ACTUALS_EXAMPLE_ROW: Readonly<Record<string, SheetCell>> = {
  name: '示例：高端装备零部件生产基地项目',
  companyName: '示例精密机械（上海）有限公司',
  period: '2025Q3',
  investmentArrived: 12000,
  output: 3500,
  tax: 180,
  jobs: 120,
  note: '示例行, 正式导入前请删除',
};

const ACTUALS_NOTES = [
  '项目: 填写项目编号 (如 ZS-2025-0001); 或不填编号, 填写与系统中一致的项目名称和企业名称 (忽略空格、标点、全角半角和括号的差别)',
  '填报期: 年度写 2025 或 2025年; 季度写 2025Q3、2025-Q3 或 2025年第3季度; 也可分成「年度」「季度」两列 (季度写 3、Q3 或 第3季度, 留空为全年)',
  '尚未开始的填报期不能填报; 项目须已签约 (签约、开工建设或运营投产阶段, 未终止)',
  '金额按万元; 表头写明单位时按单位换算, 如 产值（亿元）; 数字不能为负',
  '空白单元格不填报该项: 已填报过的填报期只更新填写了的数据, 数据相同的行不做修改 (重复导入同一文件不会重复写入)',
  '截至日期可不填: 默认为填报期最后一天, 填报期未结束时为当天',
];

/** An in-memory workbook signed by the product (small files: templates, reports). */
export function newWorkbook(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '招商 CRM';
  workbook.created = new Date();
  return workbook;
}

const withAliases = (label: string, aliases: string[] | undefined): string =>
  aliases?.length ? `${label} (也可写: ${aliases.join('、')})` : label;
