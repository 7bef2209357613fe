import { LEAD_SHEET, LeadSheetKey, SheetColumns, splitHeader } from './lead-sheet.columns';
import { normalizeUnitText } from './sheet-units';
import { SheetCell } from './sheet-reader';
import { quantityOf, unitFactor } from './sheet-units';
import { readText } from './sheet-values';

/** Where each known column sits in the file (0-based cell index). */
export type SheetHeader = Map<LeadSheetKey, number>;

/** A mapping a request or a saved mapping gives: a header as the file writes it → a column key, or `ignore`. */
export type MappingOverride = Readonly<Record<string, string>>;
export const IGNORE = 'ignore';

/** The column the rejected-rows file adds (why each row was refused): read back as nothing, without a warning. */
export const REASON_HEADER = '原因';

/** What became of one column of the file: the field it fills, or why it is not used. */
export interface ColumnMapping {
  /** 0-based. */
  index: number;
  /** The header as the file writes it (a two-row header as `parent / child`). */
  header: string;
  /** The column key (lead.model's field key, or a companion such as industryName, ownerName); null: not used. */
  field: LeadSheetKey | null;
  /** The field's Chinese header, for the reader of the report. */
  label?: string;
  /** The unit the header names, when it has one. */
  unit?: string;
  /** Stored units per one of the header's unit (亿元 → 10000 万元), when it is not the stored unit. */
  factor?: number;
  /** Why the column is not used, or how its values are read. */
  reason?: string;
}

/** The header's result: where each field is, the factor of each column with a unit, and the whole mapping for the report. */
export interface SheetLayout {
  header: SheetHeader;
  /** The unit a column's header names where it is not the stored one (亿元, 公顷): its cells are read in it. */
  units: ReadonlyMap<LeadSheetKey, string>;
  columns: ColumnMapping[];
  /** The file's lines the header took (one, or two for a two-row header). */
  headerRows: number[];
}

/** One header cell: what the report shows and what is matched (a two-row header combines parent and child). */
export interface HeaderCell {
  index: number;
  text: string;
  match: string;
}

/** A count's spellings in a header (预计就业（人）): no conversion. */
const COUNT_UNITS = new Set(['人', '名', '个']);

/** Stored units per one of the header's unit (亿元 → 10000 for a 万元 field), from the one unit declaration (sheet-units.ts). */
function headerFactor(unit: string, text: string): number | undefined {
  if (normalizeUnitText(text) === normalizeUnitText(unit)) return 1;
  const quantity = quantityOf({ unit });
  if (quantity) return unitFactor(quantity, text);
  return COUNT_UNITS.has(text) ? 1 : undefined;
}

/** What a mapping may send a column to: every column the import reads, with its header (the console's choice per column). */
export function mappingTargets(columns: SheetColumns): Array<{ key: LeadSheetKey; header: string }> {
  return columns.list.filter((c) => c.imported).map((c) => ({ key: c.key, header: c.header }));
}

/** The leads import's mapping targets. */
export const MAPPING_TARGETS: ReadonlyArray<{ key: LeadSheetKey; header: string }> = mappingTargets(LEAD_SHEET);

/** What is wrong with a mapping (a target that is not a column the import reads), each naming its header; empty when it is fine. */
export function mappingProblems(mapping: MappingOverride, columns: SheetColumns = LEAD_SHEET): string[] {
  const mappable = mappingTargets(columns).map((t) => t.key);
  return Object.entries(mapping).flatMap(([header, key]) =>
    key === IGNORE || mappable.includes(key) ? [] : [`「${header}」: ${key} 不是可导入的字段 (可选: ${mappable.join(', ')}, ${IGNORE})`],
  );
}

/** A header line's cells as texts. */
export function headerCells(cells: readonly SheetCell[]): HeaderCell[] {
  return cells.flatMap((cell, index) => {
    const text = readText(cell);
    return text === null ? [] : [{ index, text, match: text }];
  });
}

/**
 * A second header line under the first (`投资额（万元）` merged over 计划 / 合同 / 到位): each child combined with
 * the parent above it or to its left (计划 + 投资额 → 计划投资额, the parent's unit kept). Answers the combined
 * cells when at least two children make known columns, else null (the line is data).
 */
export function combineHeaderRows(
  top: readonly SheetCell[],
  sub: readonly SheetCell[],
  columns: SheetColumns = LEAD_SHEET,
): HeaderCell[] | null {
  const cells: HeaderCell[] = [];
  let parent: string | null = null;
  let combined = 0;
  const width = Math.max(top.length, sub.length);
  for (let index = 0; index < width; index++) {
    const upper = readText(top[index] ?? null);
    const lower = readText(sub[index] ?? null);
    // a header cell merged down, or filled down by the reader: one column
    if (lower === null || lower === upper) {
      parent = null;
      if (upper !== null) cells.push({ index, text: upper, match: upper });
      continue;
    }
    // a merged parent is written in its first column only (or repeated when the reader fills merges)
    if (upper !== null) parent = upper;
    if (parent === null) {
      cells.push({ index, text: lower, match: lower });
      continue;
    }
    const { name, unit } = splitHeader(parent);
    const child = splitHeader(lower);
    const unitText = child.unit ?? unit;
    const found = [`${child.name}${name}`, `${name}${child.name}`, child.name].find((candidate) => columns.forName(candidate));
    if (found) combined += 1;
    const match = `${found ?? `${name}${child.name}`}${unitText ? `(${unitText})` : ''}`;
    cells.push({ index, text: `${parent} / ${lower}`, match });
  }
  return combined >= 2 ? cells : null;
}

/** A header as an override names it, compared without spaces, full-width forms or case. */
function comparable(text: string): string {
  const { name, unit } = splitHeader(text);
  return unit === undefined ? name : `${name}(${unit})`;
}

/**
 * Maps header cells to the lead's columns: by the override when it names the header, else by the
 * column's header, an alias or the field name, the unit in brackets stripped and understood. A column
 * that is not used says why (unknown, a repeated field, a unit that cannot be converted, ignored).
 */
export function mapColumns(
  cells: readonly HeaderCell[],
  headerRows: number[],
  override: MappingOverride = {},
  columnSet: SheetColumns = LEAD_SHEET,
): SheetLayout {
  const header: SheetHeader = new Map();
  const units = new Map<LeadSheetKey, string>();
  const columns: ColumnMapping[] = [];
  const overrides = new Map(Object.entries(override).map(([text, key]) => [comparable(text), key]));
  for (const cell of cells) {
    const split = splitHeader(cell.match);
    const entry: ColumnMapping = { index: cell.index, header: cell.text, field: null };
    columns.push(entry);
    const wanted = override[cell.text] ?? overrides.get(comparable(cell.text));
    let key: LeadSheetKey | undefined;
    let note: string | undefined;
    if (wanted === IGNORE) {
      entry.reason = '按映射忽略';
      continue;
    } else if (wanted !== undefined) {
      key = wanted;
      note = '按映射';
    } else if (split.name === REASON_HEADER) {
      entry.reason = '拒绝原因列 (上次导入时附加), 不导入';
      continue;
    } else {
      const found = columnSet.forName(split.name);
      key = found?.key;
      note = found?.note;
    }
    const column = key === undefined ? undefined : columnSet.byKey[key];
    if (!column) {
      entry.reason = '未识别的列名, 未导入 (可在映射中为它选择字段)';
      continue;
    }
    entry.label = column.header;
    if (!column.imported) {
      entry.reason = '导出专用列, 导入时不读 (项目编号由系统重新分配)';
      continue;
    }
    if (header.has(key!)) {
      const first = columns.find((c) => c.field === key)!;
      entry.reason = `与第 ${first.index + 1} 列「${first.header}」同为「${column.header}」, 只读第一列`;
      continue;
    }
    const unit = column.field?.unit ?? column.unit;
    if (split.unit !== undefined && unit) {
      const factor = headerFactor(unit, split.unit);
      if (factor === undefined) {
        entry.unit = split.unit;
        entry.reason = `单位「${split.unit}」无法换算为${unit}, 此列未导入`;
        continue;
      }
      entry.unit = split.unit;
      if (factor !== 1) {
        entry.factor = factor;
        units.set(key!, split.unit);
        note = [note, `按 1 ${split.unit} = ${factor} ${unit} 换算为${unit}`].filter(Boolean).join('; ');
      }
    }
    entry.field = key!;
    if (note) entry.reason = note;
    header.set(key!, cell.index);
  }
  return { header, units, columns, headerRows };
}

/** The file-level warnings of a mapping: every column that is not used for a reason the clerk may want to fix. */
export function mappingWarnings(layout: SheetLayout): string[] {
  return layout.columns
    .filter(
      (c) =>
        c.field === null &&
        c.reason &&
        !c.reason.startsWith('按映射') &&
        !c.reason.startsWith('导出专用') &&
        !c.reason.startsWith('拒绝原因'),
    )
    .map((c) => `第 ${c.index + 1} 列「${c.header}」${c.reason}`);
}
