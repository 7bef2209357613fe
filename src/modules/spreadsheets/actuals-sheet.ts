import { controlCharacterMessage, forbiddenControlCharacterAt } from '../../common/validation/plain-text';
import { ACTUAL_FIGURES, ActualFigure } from '../obligations/obligation.model';
import { periodKeyOf } from '../obligations/period';
import { LeadSheetColumn, sheetColumns } from './lead-sheet.columns';
import { SheetHeader, SheetLayout } from './lead-sheet.mapping';
import { notASpreadsheet, SheetRow } from './sheet-reader';
import { quantityOf } from './sheet-units';
import { readDay, readNumber, readText } from './sheet-values';

/** Figures as the table stores them: 2 decimals (numeric(16,2)), at most 1e12 like the form; 就业人数 whole, at most 10 million. */
const FIGURE_LIMITS = { decimals: 2, max: 1e12 };
const JOBS_LIMITS = { decimals: 0, max: 10_000_000 };

const column = (key: string, header: string, aliases: string[] = [], width = 16): LeadSheetColumn => ({
  key,
  header,
  kind: 'text',
  width,
  imported: true,
  aliases,
});

/**
 * The 履约填报 sheet, column by column: the project (项目编号, or 项目名称 + 企业名称 as the ledger writes them),
 * the period (填报期, or 年度 with 季度), every reported figure of ACTUAL_FIGURES with its unit, 截至日期 and 备注.
 */
export const ACTUALS_SHEET_COLUMNS: readonly LeadSheetColumn[] = [
  column('leadCode', '项目编号', ['项目ID', '项目代码', '项目id'], 16),
  column('name', '项目名称', ['项目全称'], 30),
  column('companyName', '企业名称', ['企业', '公司名称', '单位名称', '企业全称'], 30),
  column('period', '填报期', ['报告期', '统计期', '填报期间', '年度/季度'], 14),
  column('year', '年度', ['年份'], 8),
  column('quarter', '季度', [], 8),
  ...ACTUAL_FIGURES.map((f): LeadSheetColumn => ({
    key: f.key,
    header: `${f.label}（${f.unit}）`,
    kind: f.key === 'jobs' ? 'integer' : quantityOf(f) ? 'money' : 'decimal',
    width: 16,
    imported: true,
    aliases: [],
    unit: f.unit,
  })),
  { ...column('asOf', '截至日期', ['截止日期', '数据截至日期'], 12), kind: 'date' },
  column('note', '备注', ['说明'], 30),
];

export const ACTUALS_SHEET = sheetColumns(ACTUALS_SHEET_COLUMNS);
const header = (key: string): string => ACTUALS_SHEET.byKey[key].header;

/** Columns that name the project when there is no 项目编号. */
export const PROJECT_COLUMNS = `${header('name')} + ${header('companyName')}`;

/** A header the actuals import can work with names the project, the period and at least one figure; otherwise 400. */
export function checkActualsHeader(found: SheetHeader): void {
  const missing: string[] = [];
  if (!found.has('leadCode') && !(found.has('name') && found.has('companyName')))
    missing.push(`${header('leadCode')} (或 ${PROJECT_COLUMNS})`);
  if (!found.has('period') && !found.has('year')) missing.push(`${header('period')} (或 ${header('year')})`);
  if (!ACTUAL_FIGURES.some((f) => found.has(f.key))) missing.push(`至少一项填报数据 (${ACTUAL_FIGURES.map((f) => f.label).join('、')})`);
  if (missing.length) throw notASpreadsheet(`表头缺少必需的列: ${missing.join('、')}`, 'noHeader');
}

/** One row of the sheet as read: the project it names, the period, the figures it fills (an empty cell: not given). */
export interface ParsedActualRow {
  row: number;
  /** 项目编号 (ZS-2026-0001) or the lead's id. */
  leadRef: string | null;
  name: string | null;
  companyName: string | null;
  /** The period key (2026, 2026-Q3); null when the row's period cannot be read (an error says why). */
  period: string | null;
  /** The header the period came from, for the messages about it. */
  periodHeader: string;
  figures: Partial<Record<ActualFigure, number>>;
  asOf?: string;
  note?: string;
  errors: string[];
  warnings: string[];
}

const text = (row: SheetRow, layout: SheetLayout, key: string): string | null => {
  const index = layout.header.get(key);
  return index === undefined ? null : readText(row.cells[index] ?? null);
};

/** Reads one row: every problem names its column; nothing is looked up here (projects are found by the caller). */
export function parseActualRow(row: SheetRow, layout: SheetLayout): ParsedActualRow {
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const [key, index] of layout.header) {
    const cell = readText(row.cells[index] ?? null);
    const multiline = key === 'note';
    if (cell !== null && forbiddenControlCharacterAt(cell, multiline) !== -1) errors.push(controlCharacterMessage(header(key), multiline));
  }
  const cell = (key: string) => {
    const index = layout.header.get(key);
    return index === undefined ? null : (row.cells[index] ?? null);
  };

  const parsed: ParsedActualRow = {
    row: row.number,
    leadRef: text(row, layout, 'leadCode'),
    name: text(row, layout, 'name'),
    companyName: text(row, layout, 'companyName'),
    period: null,
    periodHeader: header(layout.header.has('period') ? 'period' : 'year'),
    figures: {},
    errors,
    warnings,
  };
  if (!parsed.leadRef && !(parsed.name && parsed.companyName))
    errors.push(`${header('leadCode')}: 未填写; 请填写项目编号, 或填写${PROJECT_COLUMNS}`);

  const periodText = text(row, layout, 'period');
  const yearText = text(row, layout, 'year');
  const quarterText = text(row, layout, 'quarter');
  if (periodText !== null) {
    parsed.periodHeader = header('period');
    parsed.period = periodKeyOf(periodText);
    if (!parsed.period) errors.push(`${header('period')}: 「${periodText}」不是填报期 (应写 2025、2025Q3 或 2025年第3季度)`);
  } else if (yearText !== null) {
    parsed.periodHeader = header(quarterText ? 'quarter' : 'year');
    parsed.period = periodKeyOf(yearText, quarterText);
    if (!parsed.period)
      errors.push(
        quarterText
          ? `${header('year')} / ${header('quarter')}: 「${yearText}」「${quarterText}」不是填报期 (年度如 2025, 季度如 3、Q3、第3季度)`
          : `${header('year')}: 「${yearText}」不是年度 (如 2025)`,
      );
  } else {
    errors.push(`${parsed.periodHeader}: 未填写`);
  }

  for (const figure of ACTUAL_FIGURES) {
    const value = cell(figure.key);
    if (value === null) continue;
    const money = quantityOf(figure);
    const read = readNumber(value, {
      ...(figure.key === 'jobs' ? JOBS_LIMITS : FIGURE_LIMITS),
      ...(money ? { quantity: money, unit: layout.units.get(figure.key) } : { unit: figure.unit }),
    });
    if ('problem' in read) errors.push(`${header(figure.key)}: ${read.problem}`);
    else if (read.value !== null) {
      parsed.figures[figure.key] = read.value;
      if (read.note) warnings.push(`${header(figure.key)}: ${read.note}`);
    }
  }
  if (!errors.length && Object.keys(parsed.figures).length === 0) errors.push('没有填写任何填报数据 (产值、税收等各列均为空)');

  const asOf = cell('asOf');
  if (asOf !== null) {
    const read = readDay(asOf);
    if ('problem' in read) errors.push(`${header('asOf')}: ${read.problem}`);
    else if (read.value) parsed.asOf = read.value;
  }
  const note = text(row, layout, 'note');
  if (note !== null) {
    if (note.length > 2000) errors.push(`${header('note')}: 不能超过 2000 个字符`);
    else parsed.note = note;
  }
  return parsed;
}
