import { forbiddenControlCharacterAt } from '../../common/validation/plain-text';
import { isValidCreditCode, normalizeCreditCode } from '../leads/credit-code';
import { normalizeHeader, splitHeader } from '../spreadsheets/lead-sheet.columns';
import { SheetCell } from '../spreadsheets/sheet-reader';
import { Read, readChoice, readNumber, readText } from '../spreadsheets/sheet-values';
import { ExportCell, SheetColumn } from '../spreadsheets/sheet-writer';
import { ChainSegment, SEGMENT_LABELS, TARGET_STATUS_LABELS, TargetStatus } from './chain.model';

/**
 * A chain's workbook (GET /chains/:industryCode/export, POST /chains/:industryCode/import), declared once:
 * three sheets, each a list of columns that says its header, how the export writes a value and how the
 * import reads it back. Headers, the export's cells, header matching and row parsing all derive from
 * these lists, so an exported file imports as it is and changes nothing.
 */

/** A node row: 环节 sheet. */
export interface ChainNodeRecord {
  code: string;
  name: string;
  segment: ChainSegment;
  sortOrder: number;
  description: string | null;
}

/** A local enterprise row: 本地企业 sheet; `nodeCodes` are the codes of its nodes on this chain. */
export interface ChainEnterpriseRecord {
  name: string;
  creditCode: string | null;
  nodeCodes: string[];
  chainLeader: boolean;
  output: number | null;
  employees: number | null;
}

/** A target company row: 目标企业 sheet. */
export interface ChainTargetRecord {
  nodeCode: string;
  name: string;
  city: string | null;
  creditCode: string | null;
  reason: string | null;
  tipSource: string | null;
  status: TargetStatus;
}

/** A column of a chain sheet: the record's field it holds, how its value is written and read, and whether a row must fill it. */
export interface ChainSheetColumn<R> extends SheetColumn {
  key: keyof R & string;
  /** Every row fills it (a new record needs it; `forNew`: only a row that creates a record). */
  required?: 'always' | 'forNew';
  write: (value: never) => ExportCell;
  /** Reads a cell; `unit` is the unit the header names in brackets, if any. */
  read: (cell: SheetCell, unit?: string) => Read<unknown>;
}

export interface ChainSheet<R> {
  /** The worksheet's name, which the import looks for. */
  name: string;
  columns: ReadonlyArray<ChainSheetColumn<R>>;
}

const same = (value: unknown) => value as ExportCell;

/** Plain text of at most `max` characters (line breaks only where `multiline`). */
const text = (max: number, multiline = false) => ({
  write: same,
  read: (cell: SheetCell): Read<string | null> => {
    const value = readText(cell);
    if (value === null) return { value: null };
    if (value.length > max) return { problem: `超过 ${max} 个字` };
    if (forbiddenControlCharacterAt(value, multiline) >= 0) return { problem: multiline ? '含有控制字符' : '含有换行或控制字符' };
    return { value };
  },
});

const choice = <K extends string>(labels: Record<K, string>) => ({
  write: (value: K) => labels[value],
  read: (cell: SheetCell) => readChoice(cell, labels),
});

const YES = '是';
const NO = '否';
const yesNo = {
  write: (value: boolean) => (value ? YES : NO),
  read: (cell: SheetCell): Read<boolean | null> => {
    if (typeof cell === 'boolean') return { value: cell };
    const value = readText(cell);
    if (value === null) return { value: null };
    if ([YES, '是的', 'true', 'y', 'yes', '1'].includes(value.toLowerCase())) return { value: true };
    if ([NO, 'false', 'n', 'no', '0'].includes(value.toLowerCase())) return { value: false };
    return { problem: `「${value}」应为 是 或 否` };
  },
};

/** 统一社会信用代码, spaces dropped and upper-cased as people type them, checked with the GB 32100-2015 check character. */
const creditCode = {
  write: same,
  read: (cell: SheetCell): Read<string | null> => {
    const value = readText(cell);
    if (value === null) return { value: null };
    const code = normalizeCreditCode(value);
    return isValidCreditCode(code) ? { value: code } : { problem: `「${value}」不是有效的统一社会信用代码 (18 位, 校验位须相符)` };
  },
};

/** A node's code: the other sheets name nodes by it, several in one cell, so it holds no separator. */
const NODE_CODE_SEPARATORS = /[、,，;；\s]+/;
const nodeCode = {
  write: same,
  read: (cell: SheetCell): Read<string | null> => {
    const read = text(64).read(cell);
    return 'value' in read && read.value !== null && NODE_CODE_SEPARATORS.test(read.value)
      ? { problem: '不能含有空格或分隔符 (、,;)' }
      : read;
  },
};

/** Node codes: separated by 、 , ; or spaces (full-width too); written with 、. */
const NODE_CODES_SEPARATOR = '、';
const nodeCodes = {
  write: (value: string[]) => value.join(NODE_CODES_SEPARATOR),
  read: (cell: SheetCell): Read<string[] | null> => {
    const value = readText(cell);
    if (value === null) return { value: null };
    const codes = [...new Set(value.split(NODE_CODE_SEPARATORS).filter(Boolean))];
    if (codes.length > 50) return { problem: '最多 50 个环节' };
    return codes.some((c) => c.length > 64) ? { problem: '环节编码超过 64 个字' } : { value: codes };
  },
};

const integer = (max: number, unit?: string) => ({
  write: same,
  read: (cell: SheetCell) => readNumber(cell, { decimals: 0, max, ...(unit ? { unit } : {}) }),
});

export const NODE_SHEET: ChainSheet<ChainNodeRecord> = {
  name: '环节',
  columns: [
    { key: 'code', header: '环节编码', kind: 'text', width: 14, required: 'always', ...nodeCode },
    { key: 'name', header: '环节名称', kind: 'text', width: 20, required: 'forNew', ...text(100) },
    { key: 'segment', header: '上中下游', kind: 'text', width: 10, required: 'forNew', ...choice(SEGMENT_LABELS) },
    { key: 'sortOrder', header: '排序', kind: 'integer', width: 8, ...integer(999) },
    { key: 'description', header: '说明', kind: 'text', width: 40, ...text(500, true) },
  ],
};

export const ENTERPRISE_SHEET: ChainSheet<ChainEnterpriseRecord> = {
  name: '本地企业',
  columns: [
    { key: 'name', header: '企业名称', kind: 'text', width: 30, required: 'always', ...text(200) },
    { key: 'creditCode', header: '统一社会信用代码', kind: 'text', width: 22, ...creditCode },
    { key: 'nodeCodes', header: '环节编码', kind: 'text', width: 20, required: 'always', ...nodeCodes },
    { key: 'chainLeader', header: '链主', kind: 'text', width: 8, ...yesNo },
    {
      key: 'output',
      header: '年产值（万元）',
      kind: 'money',
      width: 14,
      write: same,
      read: (cell, unit) => readNumber(cell, { decimals: 2, max: 999_999_999_999, quantity: 'money', ...(unit ? { unit } : {}) }),
    },
    { key: 'employees', header: '从业人数', kind: 'integer', width: 10, ...integer(10_000_000, '人') },
  ],
};

export const TARGET_SHEET: ChainSheet<ChainTargetRecord> = {
  name: '目标企业',
  columns: [
    { key: 'nodeCode', header: '环节编码', kind: 'text', width: 14, required: 'always', ...nodeCode },
    { key: 'name', header: '企业名称', kind: 'text', width: 30, required: 'always', ...text(200) },
    { key: 'city', header: '所在城市', kind: 'text', width: 10, ...text(50) },
    { key: 'creditCode', header: '统一社会信用代码', kind: 'text', width: 22, ...creditCode },
    { key: 'reason', header: '推荐理由', kind: 'text', width: 40, ...text(1000, true) },
    { key: 'tipSource', header: '线索来源', kind: 'text', width: 16, ...text(200) },
    { key: 'status', header: '状态', kind: 'text', width: 10, ...choice(TARGET_STATUS_LABELS) },
  ],
};

export const CHAIN_SHEETS = [NODE_SHEET, ENTERPRISE_SHEET, TARGET_SHEET] as const;

/** The export's cells of a record, column by column. */
export function chainSheetCells<R>(sheet: ChainSheet<R>, record: R): ExportCell[] {
  return sheet.columns.map((c) => {
    const value = record[c.key];
    return value === null || value === undefined ? null : (c.write as (value: unknown) => ExportCell)(value);
  });
}

/** A problem of one cell (or of a row, or of the header: row 1), as the import reports it. */
export interface ChainSheetProblem {
  sheet: string;
  row: number;
  column: string | null;
  message: string;
}

/** Where each column is in the file (by header, with or without its unit; the key matches too) and the unit its header names. */
export interface ChainSheetLayout {
  index: Map<string, number>;
  units: Map<string, string>;
}

/** The layout of a header row, or the problems of a header that lacks a column every row must fill. */
export function chainSheetLayout<R>(sheet: ChainSheet<R>, header: readonly SheetCell[]): ChainSheetLayout | ChainSheetProblem[] {
  const byName = new Map<string, string>();
  for (const c of sheet.columns) {
    byName.set(normalizeHeader(c.header), c.key);
    byName.set(normalizeHeader(c.key), c.key);
  }
  const layout: ChainSheetLayout = { index: new Map(), units: new Map() };
  header.forEach((cell, i) => {
    if (typeof cell !== 'string') return;
    const { name, unit } = splitHeader(cell);
    const key = byName.get(name);
    if (!key || layout.index.has(key)) return;
    layout.index.set(key, i);
    if (unit) layout.units.set(key, unit);
  });
  const missing = sheet.columns.filter((c) => c.required && !layout.index.has(c.key));
  return missing.length ? missing.map((c) => ({ sheet: sheet.name, row: 1, column: c.header, message: '表头缺少此列' })) : layout;
}

/** How well a header row fits a sheet: the number of its columns it holds, 0 when it lacks a required one. */
export function headerScore<R>(sheet: ChainSheet<R>, header: readonly SheetCell[]): number {
  const layout = chainSheetLayout(sheet, header);
  return Array.isArray(layout) ? 0 : layout.index.size;
}

/** Each chain sheet's name with how well a header row fits it. */
export const CHAIN_SHEET_FITS: ReadonlyArray<{ name: string; fit: (header: readonly SheetCell[]) => number }> = [
  { name: NODE_SHEET.name, fit: (header) => headerScore(NODE_SHEET, header) },
  { name: ENTERPRISE_SHEET.name, fit: (header) => headerScore(ENTERPRISE_SHEET, header) },
  { name: TARGET_SHEET.name, fit: (header) => headerScore(TARGET_SHEET, header) },
];

/**
 * A row's values (an empty cell is left out: an existing record keeps its value), with the problems of its
 * cells; a column every row must fill (`always`) is a problem when empty.
 */
export function parseChainRow<R>(
  sheet: ChainSheet<R>,
  layout: ChainSheetLayout,
  row: { number: number; cells: readonly SheetCell[] },
): { values: Partial<R>; problems: ChainSheetProblem[] } {
  const values: Partial<R> = {};
  const problems: ChainSheetProblem[] = [];
  for (const c of sheet.columns) {
    const index = layout.index.get(c.key);
    if (index === undefined) continue;
    const read = c.read(row.cells[index] ?? null, layout.units.get(c.key));
    if ('problem' in read) problems.push({ sheet: sheet.name, row: row.number, column: c.header, message: read.problem });
    else if (read.value !== null) values[c.key] = read.value as R[keyof R & string];
    else if (c.required === 'always') problems.push({ sheet: sheet.name, row: row.number, column: c.header, message: '必填' });
  }
  return { values, problems };
}

/** The problem of a row missing a column a new record needs. */
export function missingForNew<R>(sheet: ChainSheet<R>, values: Partial<R>, row: number): ChainSheetProblem[] {
  return sheet.columns
    .filter((c) => c.required === 'forNew' && values[c.key] === undefined)
    .map((c) => ({ sheet: sheet.name, row, column: c.header, message: '新增时必填' }));
}
