/** `'a', 'b', 'c'` for a CHECK constraint over an enum's values (the values are our own constants, never input). */
export function sqlList(values: readonly string[]): string {
  return values.map((value) => `'${value}'`).join(', ');
}
