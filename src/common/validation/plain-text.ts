/**
 * Stored text must be plain text: PostgreSQL refuses NUL in `text`, and other C0 controls (and DEL)
 * are never typed by a person. Long texts (summaries, notes) may keep tab and line breaks.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_ONE_LINE = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex -- as above
const CONTROL_MULTILINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** The index of the first forbidden control character, or -1 when the text is acceptable. */
export function forbiddenControlCharacterAt(value: string, multiline: boolean): number {
  const match = (multiline ? CONTROL_MULTILINE : CONTROL_ONE_LINE).exec(value);
  return match ? match.index : -1;
}

/** The message a refused text gets, in the one error shape's `details.fields[].errors`. */
export function controlCharacterMessage(field: string, multiline: boolean): string {
  return multiline
    ? `${field} must not contain control characters (tab and line breaks are allowed)`
    : `${field} must not contain control characters or line breaks`;
}
