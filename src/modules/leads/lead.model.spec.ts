import { describe, expect, it } from '@jest/globals';
import { ColumnOptions, getMetadataArgsStorage } from 'typeorm';
import { SnakeNamingStrategy } from '../../database/snake-naming.strategy';
import { Lead, leadColumnOptions } from './lead.entity';
import { LEAD_FIELDS } from './lead.model';

/**
 * Stored but never read as a field: the search columns are generated from the fields LEAD_SEARCH_TEXT_SQL names, and
 * stage_confirmed is kept by triggers from the confirmations (审核确认).
 */
const GENERATED = new Set(['searchText', 'searchGrams', 'stageConfirmed']);

describe('lead model and entity', () => {
  const columns = getMetadataArgsStorage().columns.filter((c) => c.target === Lead && !GENERATED.has(c.propertyName));
  const naming = new SnakeNamingStrategy();

  it('declare the same fields, with the same column names', () => {
    expect(columns.map((c) => c.propertyName).sort()).toEqual(LEAD_FIELDS.map((f) => f.key).sort());
    for (const field of LEAD_FIELDS) {
      const column = columns.find((c) => c.propertyName === field.key)!;
      expect([field.key, naming.columnName(field.key, column.options.name, [])]).toEqual([field.key, field.column]);
    }
  });

  it('agree on each column’s type and nullability', () => {
    const typeOf = (options: ColumnOptions, mode: string) =>
      String(options.type ?? (mode === 'createDate' || mode === 'updateDate' ? 'timestamptz' : mode));
    for (const field of LEAD_FIELDS) {
      const column = columns.find((c) => c.propertyName === field.key)!;
      const expected = leadColumnOptions(field);
      const primary = column.options.primary === true || column.mode === 'regular' ? null : column.mode;
      expect({ field: field.key, type: typeOf(column.options, column.mode), nullable: column.options.nullable === true }).toEqual({
        field: field.key,
        type: primary === 'createDate' || primary === 'updateDate' ? 'timestamptz' : String(expected.type),
        nullable: expected.nullable === true,
      });
    }
  });
});
