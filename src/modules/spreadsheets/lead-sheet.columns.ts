import { HeaderAlias, LEAD_FIELDS, LeadFieldKind, LeadFieldSpec, sheetHeader } from '../leads/lead.model';

/** How a column's cells are written and read: text, amounts in 万元, plain decimals, whole numbers, dates, date-times. */
export type SheetValueKind = 'text' | 'money' | 'decimal' | 'integer' | 'date' | 'datetime';

/** The key of a spreadsheet column: a model field's key, or a companion column's (industryName, ownerUsername …). */
export type LeadSheetKey = string;

export interface LeadSheetColumn {
  key: LeadSheetKey;
  /** The Chinese header the export writes and the import matches (with or without the unit in brackets). */
  header: string;
  kind: SheetValueKind;
  /** Column width in characters (xlsx). */
  width: number;
  /** The model field the column holds (not set for companions such as industryName). */
  field?: LeadFieldSpec;
  /** Whether the import reads it (项目编号 is written only: codes are assigned anew). */
  imported: boolean;
  /** Other headers ledgers give it (the model's sheet aliases). */
  aliases: readonly HeaderAlias[];
  /** The stored unit of a column without a model field (产值 in 万元); a field's column takes the field's. */
  unit?: string;
}

const SHEET_KIND: Partial<Record<LeadFieldKind, SheetValueKind>> = {
  money: 'money',
  decimal: 'decimal',
  integer: 'integer',
  date: 'date',
  instant: 'datetime',
};

/** The lead spreadsheet, column by column, in the order the export writes it: the model's fields with a `sheet`, each followed by its companions. */
export const LEAD_SHEET_COLUMNS: readonly LeadSheetColumn[] = LEAD_FIELDS.flatMap((field) =>
  field.sheet
    ? [
        {
          key: field.sheet.key ?? field.key,
          header: sheetHeader(field),
          kind: SHEET_KIND[field.kind] ?? 'text',
          width: field.sheet.width,
          field,
          imported: field.sheet.imported,
          aliases: field.sheet.aliases ?? [],
        },
        ...(field.sheet.companions ?? []).map((c): LeadSheetColumn => ({
          key: c.key,
          header: c.header,
          kind: 'text',
          width: c.width,
          imported: field.sheet?.imported ?? false,
          aliases: c.aliases ?? [],
        })),
      ]
    : [],
);

export const LEAD_SHEET_COLUMN: Record<LeadSheetKey, LeadSheetColumn> = Object.fromEntries(LEAD_SHEET_COLUMNS.map((c) => [c.key, c]));

/** A header cell reduced to what is compared: no BOM or spaces, no trailing unit in brackets, full-width forms folded, lower case. */
export function normalizeHeader(text: string): string {
  return splitHeader(text).name;
}

/**
 * A header cell's name and the unit in its trailing brackets (`计划投资额（亿元）` → 计划投资额, 亿元), compared
 * without BOM, spaces, full-width forms or case. A bracket that is not a unit stays part of the name only
 * when nothing else is left.
 */
export function splitHeader(text: string): { name: string; unit?: string } {
  const folded = text
    .replace(/^\uFEFF/, '')
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .toLowerCase();
  const match = /^(.+?)[(]([^()]*)[)]$/.exec(folded);
  if (!match) return { name: folded };
  return match[2] ? { name: match[1], unit: match[2] } : { name: match[1] };
}

export interface HeaderMatch {
  key: LeadSheetKey;
  /** What the import says about reading the column through this header (a yes/no column read as a level). */
  note?: string;
}

/** The columns one import target reads, by key and by header: what header matching and mappings work from. */
export interface SheetColumns {
  readonly list: readonly LeadSheetColumn[];
  readonly byKey: Readonly<Record<LeadSheetKey, LeadSheetColumn>>;
  /** The column a header's name (units stripped: splitHeader) names: its Chinese header, an alias, or its key. */
  forName(name: string): HeaderMatch | undefined;
}

/** The lookups of a list of columns; an alias that is another column's header is a declaration error. */
export function sheetColumns(list: readonly LeadSheetColumn[]): SheetColumns {
  const lookup = new Map<string, HeaderMatch>();
  for (const c of list) {
    lookup.set(normalizeHeader(c.header), { key: c.key });
    lookup.set(normalizeHeader(c.key), { key: c.key });
  }
  // aliases after every column's own header: an alias never takes another column's header
  for (const c of list) {
    for (const alias of c.aliases) {
      const [text, note] = typeof alias === 'string' ? [alias, undefined] : [alias.header, alias.note];
      const name = normalizeHeader(text);
      const taken = lookup.get(name);
      if (taken && taken.key !== c.key) throw new Error(`header alias ${text} of ${c.key} is already ${taken.key}`);
      lookup.set(name, note ? { key: c.key, note } : { key: c.key });
    }
  }
  return { list, byKey: Object.fromEntries(list.map((c) => [c.key, c])), forName: (name) => lookup.get(name) };
}

/** The lead ledger's columns (the leads import target). */
export const LEAD_SHEET = sheetColumns(LEAD_SHEET_COLUMNS);

/** The column a header's name (units stripped: splitHeader) names: its Chinese header, an alias, or its English field name. */
export function columnForName(name: string): HeaderMatch | undefined {
  return LEAD_SHEET.forName(name);
}

/** The column a header cell names (its Chinese header, an alias, or its English field name), or undefined. */
export function columnForHeader(text: string): LeadSheetKey | undefined {
  return LEAD_SHEET.forName(normalizeHeader(text))?.key;
}
