import type { ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** A JSON value of the OpenAPI document, read as loosely as the document is written. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

const ROOT_ID = 'openapi-document';
const COMPONENT_REF = /^#\/components\/schemas\/(.+)$/;

/** Keywords whose value is one schema, a list of schemas, or a map of schemas (OpenAPI 3.0 and 3.1 alike). */
const ONE_SCHEMA = ['additionalProperties', 'unevaluatedProperties', 'items', 'not', 'contains', 'propertyNames', 'if', 'then', 'else'];
const SCHEMA_LIST = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SCHEMA_MAP = ['properties', 'patternProperties', '$defs', 'dependentSchemas'];

export const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isObjectSchema = (schema: JsonObject): boolean =>
  schema.type === 'object' || (Array.isArray(schema.type) && schema.type.includes('object')) || isObject(schema.properties);

/**
 * One schema of the document made strict JSON Schema 2020-12 for ajv:
 * - closed: an object schema that does not say `additionalProperties` gets `additionalProperties: false`, so a field the
 *   document does not declare fails. A schema whose fields are spread over parts (`allOf` of several, or `properties`
 *   beside `oneOf`/`anyOf`) gets `unevaluatedProperties: false` instead, its parts left open (a closed part would
 *   refuse the other parts' fields);
 * - OpenAPI 3.0 `nullable: true` becomes a `'null'` type (or `anyOf [schema, null]` beside `$ref`/`allOf`); an `enum` is
 *   kept as written, so a nullable enum that does not list `null` refuses null, as OpenAPI 3.0.3 says;
 * - 3.0's boolean `exclusiveMinimum`/`exclusiveMaximum` become 3.1's numbers; 3.1 type arrays pass through;
 * - `#/components/schemas/X` points at the closed copy of X, or (as a part of a multi-part `allOf`) the open copy.
 */
export function strictSchema(schema: Json, open = false): Json {
  if (!isObject(schema)) return schema;
  const out: JsonObject = {};
  // fields spread over several parts: the whole is closed with unevaluatedProperties, its parts are left open
  const mixed = isObject(schema.properties) && (Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf));
  const composed = mixed || (Array.isArray(schema.allOf) && schema.allOf.length > 1);
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string') out.$ref = componentRef(value, false);
    else if (ONE_SCHEMA.includes(key) && isObject(value)) out[key] = strictSchema(value);
    else if (SCHEMA_LIST.includes(key) && Array.isArray(value))
      out[key] = value.map((part) => (composed && key !== 'prefixItems' ? openPart(part) : strictSchema(part)));
    else if (SCHEMA_MAP.includes(key) && isObject(value))
      out[key] = Object.fromEntries(Object.entries(value).map(([name, part]) => [name, strictSchema(part)]));
    else if ((key === 'exclusiveMinimum' || key === 'exclusiveMaximum') && typeof value === 'boolean') continue;
    else if (key !== 'nullable') out[key] = value;
  }
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (schema[flag] === true && typeof schema[bound] === 'number') {
      out[flag] = schema[bound];
      delete out[bound];
    }
  }
  if (!open && !('additionalProperties' in out) && !('unevaluatedProperties' in out)) {
    if (composed) out.unevaluatedProperties = false;
    else if (isObjectSchema(schema)) out.additionalProperties = false;
  }
  return schema.nullable === true ? nullable(out) : out;
}

/** A part of a composed schema: its fields are checked by the whole's `unevaluatedProperties`. */
function openPart(part: Json): Json {
  if (isObject(part) && typeof part.$ref === 'string' && Object.keys(part).length === 1) return { $ref: componentRef(part.$ref, true) };
  return strictSchema(part, true);
}

function nullable(schema: JsonObject): JsonObject {
  if (typeof schema.type === 'string') return { ...schema, type: [schema.type, 'null'] };
  if (Array.isArray(schema.type)) return schema.type.includes('null') ? schema : { ...schema, type: [...schema.type, 'null'] };
  return { anyOf: [schema, { type: 'null' }] };
}

function componentRef(ref: string, open: boolean): string {
  const name = COMPONENT_REF.exec(ref)?.[1];
  if (name === undefined) throw new Error(`unsupported $ref ${ref}: only #/components/schemas/… is resolved`);
  return `${ROOT_ID}#/$defs/${open ? 'open' : 'closed'}.${name}`;
}

/**
 * The document's schemas compiled with ajv, closed (see strictSchema), each response schema once: building one is a few
 * milliseconds per schema, so the check keeps one per document text and compiles a schema the first time a response needs it.
 */
export class ClosedSchemas {
  private readonly ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(components: JsonObject) {
    addFormats(this.ajv);
    const $defs: JsonObject = {};
    for (const [name, schema] of Object.entries(components)) {
      $defs[`closed.${name}`] = strictSchema(schema);
      $defs[`open.${name}`] = strictSchema(schema, true);
    }
    this.ajv.addSchema({ $id: ROOT_ID, $defs });
  }

  /** The validator of a response schema, `key` naming where it stands in the document (compiled once per key). */
  validator(key: string, schema: Json): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(strictSchema(schema) as object);
      this.compiled.set(key, validate);
    }
    return validate;
  }
}
