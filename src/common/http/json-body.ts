import type { FastifyBodyParser, FastifyInstance } from 'fastify';
import { AppError, ErrorCode } from '../errors/app-error';
import { unknownFieldsError, unknownKeys } from '../validation/field-errors';
import { edgeRouteConfig } from './edge-route';

/**
 * What any JSON body may hold, checked on the raw bytes before JSON.parse: the largest DTO has a few
 * dozen fields and arrays of at most 20, so these only refuse what no client of ours sends. They keep
 * JSON.parse off deep recursion (a 500), class-transformer off its per-object quadratic key
 * de-duplication (22 s for 150,000 keys), and class-validator's error list short (1,000 contacts of
 * 120 unknown fields each took 2 s).
 */
export const JSON_LIMITS = { depth: 32, keysPerObject: 100, itemsPerArray: 100 } as const;

export interface JsonScanLimits {
  depth: number;
  keysPerObject: number;
  itemsPerArray: number;
  /** Unauthenticated routes: no more top-level keys than their DTO has. */
  topLevelKeys?: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;

/** A body over a structural limit: a 400 naming the limit (not a field error: no DTO has seen it). */
function tooLarge(message: string, limit: number): AppError {
  return new AppError(ErrorCode.BadRequest, message, { limit });
}

/**
 * One O(n) pass over JSON bytes (strings skipped, UTF-8 continuation bytes never match ASCII) that
 * refuses nesting, object sizes and array lengths over the limits. Malformed text is left to JSON.parse.
 * Counts are "commas + 1", so an empty container counts as one: an upper bound is all that is needed.
 */
export function scanJson(body: Buffer, limits: JsonScanLimits): void {
  const counts: number[] = [];
  const isObject: boolean[] = [];
  let inString = false;
  for (let i = 0; i < body.length; i += 1) {
    const byte = body[i];
    if (inString) {
      if (byte === BACKSLASH) i += 1;
      else if (byte === QUOTE) inString = false;
      continue;
    }
    if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      if (counts.length >= limits.depth) throw tooLarge(`The request body nests deeper than ${limits.depth} levels`, limits.depth);
      counts.push(1);
      isObject.push(byte === OPEN_OBJECT);
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      counts.pop();
      isObject.pop();
    } else if (byte === COMMA && counts.length > 0) {
      const level = counts.length - 1;
      const count = (counts[level] += 1);
      if (isObject[level]) {
        if (level === 0 && limits.topLevelKeys !== undefined && count > limits.topLevelKeys) {
          throw tooLarge(`The request body has more than the ${limits.topLevelKeys} fields this route accepts`, limits.topLevelKeys);
        }
        if (count > limits.keysPerObject)
          throw tooLarge(`An object in the request body has more than ${limits.keysPerObject} fields`, limits.keysPerObject);
      } else if (count > limits.itemsPerArray) {
        throw tooLarge(`An array in the request body has more than ${limits.itemsPerArray} items`, limits.itemsPerArray);
      }
    }
  }
}

/**
 * The JSON body parser (for `app.useBodyParser`): the scan first (public routes also get their DTO's
 * field list), then Fastify's own parser with its prototype-poisoning protection.
 */
export function jsonBodyParser(fastify: FastifyInstance): FastifyBodyParser<Buffer> {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  return (request, body, done) => {
    const bodyFields = edgeRouteConfig(request).bodyFields;
    try {
      scanJson(body, { ...JSON_LIMITS, topLevelKeys: bodyFields?.length });
    } catch (error) {
      done(error as Error, undefined);
      return;
    }
    void parse(request, body.toString('utf8'), (error, value: unknown) => {
      if (error) return done(error, undefined);
      const unknown =
        bodyFields && typeof value === 'object' && value !== null && !Array.isArray(value) ? unknownKeys(value, bodyFields) : [];
      if (unknown.length > 0) return done(unknownFieldsError(unknown), undefined);
      done(null, value);
    });
  };
}
