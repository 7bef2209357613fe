import { LEAD_FIELDS, LeadFieldKind, LeadFieldSpec, sheetHeader } from '../leads/lead.model';

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
        },
        ...(field.sheet.companions ?? []).map((c): LeadSheetColumn => ({ key: c.key, header: c.header, kind: 'text', width: c.width })),
      ]
    : [],
);

export const LEAD_SHEET_COLUMN: Record<LeadSheetKey, LeadSheetColumn> = Object.fromEntries(LEAD_SHEET_COLUMNS.map((c) => [c.key, c]));

/** A header cell reduced to what is compared: no BOM or spaces, no trailing unit in brackets, lower case. */
export function normalizeHeader(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\s+/g, '')
    .replace(/[（(][^（()）]*[)）]$/, '')
    .toLowerCase();
}

const HEADER_LOOKUP = new Map<string, LeadSheetKey>();
for (const c of LEAD_SHEET_COLUMNS) {
  HEADER_LOOKUP.set(normalizeHeader(c.header), c.key);
  HEADER_LOOKUP.set(normalizeHeader(c.key), c.key);
}

/** The column a header cell names (its Chinese header or its English field name), or undefined. */
export function columnForHeader(text: string): LeadSheetKey | undefined {
  return HEADER_LOOKUP.get(normalizeHeader(text));
}
