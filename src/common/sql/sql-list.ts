/** `'it''s'`: one of our own constants (never input) as an SQL string literal. */
export function sqlLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** `'a', 'b', 'c'` for a CHECK constraint over an enum's values (the values are our own constants, never input). */
export function sqlList(values: readonly string[]): string {
  return values.map(sqlLiteral).join(', ');
}
