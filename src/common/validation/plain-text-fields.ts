import 'reflect-metadata';
import { FieldError } from '../errors/app-error';
import { controlCharacterMessage, forbiddenControlCharacterAt } from './plain-text';

const MULTILINE = Symbol('multilineText');

/**
 * Marks a long-text DTO property (summaries, notes, descriptions) where tab and line breaks are legitimate.
 * Every other string the API receives is one line. Mapped types (PartialType …) do not carry the mark:
 * there the property is checked as one line, the stricter reading.
 */
export function MultilineText(): PropertyDecorator {
  return (target, key) => Reflect.defineMetadata(MULTILINE, true, target, key);
}

function isMultiline(owner: object, key: string): boolean {
  return Reflect.getMetadata(MULTILINE, owner, key) === true;
}

/** Plain objects and DTO instances; not dates, buffers or other built-ins. */
function isRecord(value: unknown): value is Record<string, unknown> {
  return Object.prototype.toString.call(value) === '[object Object]';
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/**
 * The first string (or key) of a request argument — a body, a query, a path parameter — that holds a
 * forbidden control character, as the field error naming it; null when every string is plain text.
 * Iterative, so a deeply nested body cannot overflow the stack here.
 */
export function findControlCharacter(value: unknown, root: string): FieldError | null {
  const stack: Array<{ value: unknown; path: string; multiline: boolean }> = [{ value, path: root, multiline: false }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { value: current, path, multiline } = item;
    if (typeof current === 'string') {
      if (forbiddenControlCharacterAt(current, multiline) >= 0) return { field: path, errors: [controlCharacterMessage(path, multiline)] };
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i] as unknown, path: join(path, String(i)), multiline });
    } else if (isRecord(current)) {
      const keys = Object.keys(current);
      for (const key of keys) {
        if (forbiddenControlCharacterAt(key, false) >= 0)
          return { field: join(path, JSON.stringify(key)), errors: ['property names must not contain control characters'] };
      }
      for (let i = keys.length - 1; i >= 0; i--)
        stack.push({ value: current[keys[i]], path: join(path, keys[i]), multiline: isMultiline(current, keys[i]) });
    }
  }
  return null;
}
