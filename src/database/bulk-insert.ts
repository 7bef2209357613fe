import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { ApplyValueTransformers } from 'typeorm/util/ApplyValueTransformers';

/** PostgreSQL's limit of bind parameters in one statement. */
const MAX_PARAMETERS = 65_535;

/**
 * Inserts entities in one multi-row INSERT per ~65k values, as the repository's `insert` would write them (an
 * undefined property is the column's DEFAULT, the columns' transformers apply, json columns are sent as JSON,
 * generated columns are left to the database), without building the statement through TypeORM's query builder,
 * whose parameter handling costs seconds per 100,000 rows. Answers nothing: the caller gives the ids.
 */
export async function bulkInsert<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: ReadonlyArray<Partial<T>>,
): Promise<void> {
  if (rows.length === 0) return;
  const metadata = manager.connection.getMetadata(target);
  const insertable = metadata.columns.filter((c) => c.isInsert && !c.generatedType && !c.isVirtual);
  // only the columns some row gives: the others are the DEFAULT of every row anyway
  const columns = insertable.filter((c) => rows.some((row) => row[c.propertyName as keyof T] !== undefined));
  if (columns.length === 0) throw new Error(`bulkInsert into ${metadata.tableName}: no column given`);
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  const names = columns.map((c) => `"${c.databaseName}"`).join(', ');
  for (let start = 0; start < rows.length; start += perStatement) {
    const params: unknown[] = [];
    const tuples = rows.slice(start, start + perStatement).map((row) => {
      const values = columns.map((column) => {
        const value: unknown = row[column.propertyName as keyof T];
        if (value === undefined) return 'DEFAULT';
        const stored: unknown = column.transformer ? ApplyValueTransformers.transformTo(column.transformer, value) : value;
        params.push(stored !== null && (column.type === 'jsonb' || column.type === 'json') ? JSON.stringify(stored) : stored);
        return `$${params.length}`;
      });
      return `(${values.join(', ')})`;
    });
    await manager.query(`INSERT INTO "${metadata.tableName}" (${names}) VALUES ${tuples.join(', ')}`, params);
  }
}
