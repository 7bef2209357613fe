import { SheetCell } from '../spreadsheets/sheet-reader';
import { Read, readChoice, readDay, readNumber, readText } from '../spreadsheets/sheet-values';
import { ExportCell, SheetColumn } from '../spreadsheets/sheet-writer';
import { Carrier } from './carrier.entity';
import {
  CARRIER_ATTRIBUTES,
  CARRIER_FIELD_LABELS,
  CARRIER_KIND_LABELS,
  CARRIER_STATUS_LABELS,
  CarrierAttribute,
  LAND_USE_LABELS,
} from './carrier.model';
import type { CarrierValues } from './carriers.service';
import { outlineProblems } from './geojson.validator';

/**
 * The carrier spreadsheet, derived from carrier.model.ts: the identity columns, then each attribute with its
 * unit in the header (`用地面积（亩）`), then the outline as GeoJSON text. The export writes it and the import
 * reads it back (by header, with or without the unit), so an exported file imports as it is.
 */
export interface CarrierSheetColumn extends SheetColumn {
  /** Reads the cell into the write's value; undefined: written only (园区名称). */
  read?: (cell: SheetCell) => Read<unknown>;
  /** The cell of a carrier, given the parks' names. */
  cell: (carrier: Carrier, parks: Map<string, string>) => ExportCell;
}

const YES = '是';
const NO = '否';

function readYesNo(cell: SheetCell): Read<boolean | null> {
  if (typeof cell === 'boolean') return { value: cell };
  const text = readText(cell);
  if (text === null) return { value: null };
  if (['是', '有', 'true', 'y', 'yes', '1'].includes(text.toLowerCase())) return { value: true };
  if (['否', '无', 'false', 'n', 'no', '0'].includes(text.toLowerCase())) return { value: false };
  return { problem: `「${text}」应为 是 或 否` };
}

function readOutline(cell: SheetCell): Read<unknown> {
  const text = readText(cell);
  if (text === null) return { value: null };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { problem: '不是 GeoJSON (JSON) 文本' };
  }
  const problems = outlineProblems(parsed);
  return problems.length ? { problem: `不是有效的轮廓: ${problems.slice(0, 2).join('; ')}` } : { value: parsed };
}

function attributeColumn(a: CarrierAttribute): CarrierSheetColumn {
  const header = a.unit ? `${a.label}（${a.unit}）` : a.label;
  const value = (carrier: Carrier) => carrier[a.key as keyof Carrier] as unknown;
  switch (a.type) {
    case 'decimal':
      return {
        key: a.key,
        header,
        kind: 'decimal',
        width: 12,
        read: (cell) => readNumber(cell, { decimals: 2, max: a.max ?? Number.MAX_SAFE_INTEGER, ...(a.unit ? { unit: a.unit } : {}) }),
        cell: (c) => value(c) as number | null,
      };
    case 'boolean':
      return { key: a.key, header, kind: 'text', width: 8, read: readYesNo, cell: (c) => (value(c) === null ? null : value(c) ? YES : NO) };
    case 'date':
      return { key: a.key, header, kind: 'date', width: 12, read: readDay, cell: (c) => value(c) as string | null };
    case 'landUse':
      return {
        key: a.key,
        header,
        kind: 'text',
        width: 14,
        read: (cell) => readChoice(cell, LAND_USE_LABELS),
        cell: (c) => (c.landUse ? LAND_USE_LABELS[c.landUse] : null),
      };
    default:
      return {
        key: a.key,
        header,
        kind: 'text',
        width: a.key === 'note' ? 30 : 12,
        read: (cell) => {
          const text = readText(cell);
          return text !== null && text.length > (a.max ?? 200) ? { problem: `超过 ${a.max} 个字` } : { value: text };
        },
        cell: (c) => value(c) as string | null,
      };
  }
}

const text = (max: number) => (cell: SheetCell) => {
  const value = readText(cell);
  return value !== null && value.length > max ? { problem: `超过 ${max} 个字` } : { value };
};

export const CARRIER_SHEET_COLUMNS: readonly CarrierSheetColumn[] = [
  { key: 'code', header: CARRIER_FIELD_LABELS.code, kind: 'text', width: 18, read: text(64), cell: (c) => c.code },
  { key: 'name', header: CARRIER_FIELD_LABELS.name, kind: 'text', width: 28, read: text(200), cell: (c) => c.name },
  {
    key: 'kind',
    header: CARRIER_FIELD_LABELS.kind,
    kind: 'text',
    width: 10,
    read: (cell) => readChoice(cell, CARRIER_KIND_LABELS),
    cell: (c) => CARRIER_KIND_LABELS[c.kind],
  },
  { key: 'parkCode', header: '园区编码', kind: 'text', width: 12, read: text(32), cell: (c) => c.parkCode },
  { key: 'parkName', header: '园区名称', kind: 'text', width: 20, cell: (c, parks) => parks.get(c.parkCode) ?? null },
  {
    key: 'status',
    header: CARRIER_FIELD_LABELS.status,
    kind: 'text',
    width: 8,
    read: (cell) => readChoice(cell, CARRIER_STATUS_LABELS),
    cell: (c) => CARRIER_STATUS_LABELS[c.status],
  },
  ...CARRIER_ATTRIBUTES.map(attributeColumn),
  {
    key: 'outline',
    header: `${CARRIER_FIELD_LABELS.outline}（GeoJSON）`,
    kind: 'text',
    width: 40,
    read: readOutline,
    cell: (c) => (c.outline ? JSON.stringify(c.outline) : null),
  },
];

/** `用地面积（亩）`, `用地面积(亩)`, `用地面积`: one spelling for matching. */
const normalize = (header: string) => header.replace(/[（(][^）)]*[）)]/g, '').replace(/\s/g, '');

/** The columns of a header row: column key → index; the header's text is matched with or without its unit. */
export function carrierSheetLayout(header: readonly SheetCell[]): Map<string, number> {
  const byHeader = new Map(CARRIER_SHEET_COLUMNS.filter((c) => c.read).map((c) => [normalize(c.header), c.key]));
  const layout = new Map<string, number>();
  header.forEach((cell, index) => {
    const key = typeof cell === 'string' ? byHeader.get(normalize(cell)) : undefined;
    if (key && !layout.has(key)) layout.set(key, index);
  });
  return layout;
}

/** The columns an import needs in its header. */
export const REQUIRED_CARRIER_COLUMNS = ['code', 'name', 'kind', 'parkCode'] as const;

/** A row's values for a write (empty cells left out), or the problems of its cells in words naming the column. */
export function parseCarrierRow(cells: readonly SheetCell[], layout: Map<string, number>): { values: CarrierValues; errors: string[] } {
  const values: Record<string, unknown> = {};
  const errors: string[] = [];
  for (const column of CARRIER_SHEET_COLUMNS) {
    const index = layout.get(column.key);
    if (index === undefined || !column.read) continue;
    const read = column.read(cells[index] ?? null);
    if ('problem' in read) errors.push(`${column.header}: ${read.problem}`);
    else if (read.value !== null) values[column.key] = read.value;
  }
  for (const key of REQUIRED_CARRIER_COLUMNS)
    if (values[key] === undefined && !errors.some((e) => e.startsWith(CARRIER_SHEET_COLUMNS.find((c) => c.key === key)!.header)))
      errors.push(`${CARRIER_SHEET_COLUMNS.find((c) => c.key === key)!.header}: 必填`);
  return { values: values, errors };
}
