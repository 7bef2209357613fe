import { Inject, Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { DashboardDimensions } from '../dashboard/dashboard-dimensions';
import { DashboardFilterQuery } from '../dashboard/dto/dashboard-query.dto';
import { attachmentDisposition, exportStamp } from '../spreadsheets/attachment';
import { newWorkbook } from '../spreadsheets/lead-import-files.service';
import {
  ClockItemDto,
  GovernmentOverdueDto,
  GroupFulfilmentDto,
  ObligationsDashboardDto,
  ProjectFulfilmentDto,
} from './dto/obligations-dashboard.dto';
import { FulfilmentDto } from './dto/obligation-response.dto';
import { IDLE_LAND_LEVEL_LABELS, IDLE_LAND_LEVELS } from './idle-land.calculator';
import { CLAUSE_STATUS_LABELS } from './obligation.model';
import { ObligationsDashboardService } from './obligations-dashboard.service';

type Cell = string | number | null;

/** A column of a sheet: its Chinese header, its width and format, and its cell from a row. */
interface Column<Row> {
  header: string;
  width?: number;
  /** Excel number format (a rate is a share, shown as a percentage). */
  numFmt?: string;
  cell: (row: Row) => Cell;
}

const PERCENT = '0.00%';

/** The 履约率 summary's columns, declared once for the totals, the projects and every group. */
const FULFILMENT_COLUMNS: ReadonlyArray<Column<FulfilmentDto>> = [
  { header: '履约率', numFmt: PERCENT, cell: (f) => f.rate },
  { header: '条款数', cell: (f) => f.clauses },
  { header: '已判定', cell: (f) => f.decided },
  { header: CLAUSE_STATUS_LABELS.met, cell: (f) => f.met },
  { header: CLAUSE_STATUS_LABELS.partly_met, cell: (f) => f.partlyMet },
  { header: CLAUSE_STATUS_LABELS.missed, cell: (f) => f.missed },
  { header: CLAUSE_STATUS_LABELS.pending, cell: (f) => f.pending },
  { header: CLAUSE_STATUS_LABELS.waived, cell: (f) => f.waived },
  { header: '逾期', cell: (f) => f.overdue },
];
const fulfilmentOf = <Row extends { fulfilment: FulfilmentDto }>(): Array<Column<Row>> =>
  FULFILMENT_COLUMNS.map((c) => ({ ...c, cell: (row: Row) => c.cell(row.fulfilment) }));

const projectColumns: ReadonlyArray<Column<ProjectFulfilmentDto>> = [
  { header: '项目编号', width: 16, cell: (p) => p.code },
  { header: '项目名称', width: 32, cell: (p) => p.name },
  ...fulfilmentOf<ProjectFulfilmentDto>(),
  { header: '闲置土地预警', width: 20, cell: (p) => IDLE_LAND_LEVEL_LABELS[p.clockLevel] },
];

const groupColumns = (header: string): ReadonlyArray<Column<GroupFulfilmentDto>> => [
  { header, width: 24, cell: (g) => g.name },
  { header: '项目数', cell: (g) => g.projects },
  { header: '全部履约项目数', width: 14, cell: (g) => g.fullyHonoured },
  ...fulfilmentOf<GroupFulfilmentDto>(),
];

const filterColumns: ReadonlyArray<Column<{ label: string; value: string }>> = [
  { header: '筛选条件', width: 16, cell: (f) => f.label },
  { header: '值', width: 40, cell: (f) => f.value },
];

const clockLevelColumns: ReadonlyArray<Column<{ label: string; count: number }>> = [
  { header: '预警等级', width: 24, cell: (l) => l.label },
  { header: '协议数', cell: (l) => l.count },
];

const clockColumns: ReadonlyArray<Column<ClockItemDto>> = [
  { header: '项目编号', width: 16, cell: (c) => c.code },
  { header: '项目名称', width: 32, cell: (c) => c.name },
  { header: '协议编号', width: 18, cell: (c) => c.agreementNumber },
  { header: '预警等级', width: 22, cell: (c) => c.clock.levelLabel },
  { header: '情形', width: 14, cell: (c) => c.clock.ruleLabel },
  { header: '起算日', width: 12, cell: (c) => c.clock.since },
  { header: '已闲置天数', cell: (c) => c.clock.days },
  { header: '满一年日期', width: 12, cell: (c) => c.clock.redOn },
  { header: '满两年日期', width: 12, cell: (c) => c.clock.criticalOn },
];

const governmentColumns: ReadonlyArray<Column<GovernmentOverdueDto>> = [
  { header: '项目编号', width: 16, cell: (o) => o.code },
  { header: '项目名称', width: 32, cell: (o) => o.name },
  { header: '条款类型', width: 12, cell: (o) => o.kindLabel },
  { header: '条款内容', width: 36, cell: (o) => o.title },
  { header: '责任单位', width: 16, cell: (o) => o.department },
  { header: '责任人', width: 12, cell: (o) => o.responsible?.displayName ?? null },
  { header: '履约期限', width: 12, cell: (o) => o.dueDate },
  { header: '逾期天数', cell: (o) => o.daysOverdue },
  { header: '履约状态', width: 10, cell: (o) => CLAUSE_STATUS_LABELS[o.state] },
];

const summaryColumns: ReadonlyArray<Column<ObligationsDashboardDto>> = [
  { header: '签约项目数', cell: (d) => d.projects },
  { header: '全部履约项目数', width: 14, cell: (d) => d.fullyHonoured },
  ...fulfilmentOf<ObligationsDashboardDto>(),
  { header: '政府逾期承诺', width: 14, cell: (d) => d.governmentOverdueTotal },
];

/** The filters named on the 筛选条件 sheet; a team, industry or zone by its name. */
const FILTERS: ReadonlyArray<{ key: keyof DashboardFilterQuery; label: string; named?: 'team' | 'industry' | 'zone' }> = [
  { key: 'from', label: '创建日期起' },
  { key: 'to', label: '创建日期止' },
  { key: 'industry', label: '产业', named: 'industry' },
  { key: 'zone', label: '区域', named: 'zone' },
  { key: 'teamId', label: '团队', named: 'team' },
];

function addSheet<Row>(workbook: ExcelJS.Workbook, name: string, columns: ReadonlyArray<Column<Row>>, rows: readonly Row[]): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    header: c.header,
    width: c.width ?? Math.max(10, c.header.length * 2 + 2),
    style: c.numFmt ? { numFmt: c.numFmt } : {},
  }));
  for (const row of rows) sheet.addRow(columns.map((c) => c.cell(row)));
  sheet.getRow(1).font = { bold: true };
}

export interface ObligationsWorkbook {
  body: Buffer;
  disposition: string;
}

/**
 * GET /dashboard/obligations/export: the figures GET /dashboard/obligations answers under the same filters,
 * one sheet per part (the lists as long as the JSON's, at most 100 rows; the totals over everything).
 */
@Injectable()
export class ObligationsExportService {
  constructor(
    private readonly dashboard: ObligationsDashboardService,
    private readonly dimensions: DashboardDimensions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async export(query: DashboardFilterQuery): Promise<ObligationsWorkbook> {
    const figures = await this.dashboard.obligations(query);
    const workbook = newWorkbook();
    addSheet(workbook, '汇总', summaryColumns, [figures]);
    addSheet(workbook, '按项目', projectColumns, figures.byProject);
    addSheet(workbook, '按团队', groupColumns('团队'), figures.byTeam);
    addSheet(workbook, '按产业', groupColumns('产业'), figures.byIndustry);
    addSheet(workbook, '按区域', groupColumns('区域'), figures.byZone);
    const levels = IDLE_LAND_LEVELS.map((level) => ({ label: IDLE_LAND_LEVEL_LABELS[level], count: figures.clocks.counts[level] }));
    addSheet(workbook, '闲置土地预警', clockLevelColumns, levels);
    addSheet(workbook, '闲置土地明细', clockColumns, figures.clocks.items);
    addSheet(workbook, '政府逾期承诺', governmentColumns, figures.governmentOverdue);
    const given = await Promise.all(
      FILTERS.map(async ({ key, label, named }) => {
        const value = query[key];
        if (value === undefined) return { label, value: '全部' };
        return { label, value: named ? (await this.dimensions.of(named)).names(value) : value };
      }),
    );
    addSheet(workbook, '筛选条件', filterColumns, given);
    const stamp = exportStamp(new Date(), this.config.timezone);
    return {
      body: Buffer.from(await workbook.xlsx.writeBuffer()),
      disposition: attachmentDisposition(`履约监管-${stamp}.xlsx`, `obligations-${stamp}.xlsx`),
    };
  }
}
