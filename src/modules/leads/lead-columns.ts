import { Lead } from './lead.entity';
import { LEAD_FIELDS } from './lead.model';

type ColumnKind = 'plain' | 'number';

/** Every column a lead answers with, as [property, column, kind], from the model: the raw-SQL reads and the mapper share it. */
const COLUMNS: Array<[keyof Lead, string, ColumnKind]> = LEAD_FIELDS.map((f) => [
  f.key as keyof Lead,
  f.column,
  f.kind === 'money' || f.kind === 'decimal' ? 'number' : 'plain',
]);

export const LEAD_COLUMN_BY_PROPERTY = new Map(COLUMNS.map(([property, column]) => [property, column]));

/** `l.id, l.code, l.code_name AS "codeName", …` for a query that aliases leads as `alias`. */
export function leadSelectList(alias = 'l'): string {
  return COLUMNS.map(([property, column]) => (property === column ? `${alias}.${column}` : `${alias}.${column} AS "${property}"`)).join(
    ', ',
  );
}

const NUMERIC = COLUMNS.filter(([, , kind]) => kind === 'number').map(([property]) => property);

/** Turns a raw row selected with leadSelectList into a Lead (numeric strings to numbers). */
export function mapLeadRow(row: Record<string, unknown>): Lead {
  for (const property of NUMERIC) {
    const value = row[property];
    if (typeof value === 'string') row[property] = Number(value);
  }
  return row as unknown as Lead;
}
