/**
 * The JSON schema of GET /leads' answer, so Fastify serialises the page with fast-json-stringify
 * instead of JSON.stringify (a fifth of the API's CPU time on a 50-lead page). It must name every
 * field LeadResponseDto.from() sets: fields it does not name are dropped, which lead-page.schema.spec.ts
 * and test/leads.e2e-spec.ts guard against. Derived from the model (lead.model.ts).
 */
import { LeadFieldSpec } from '../lead.model';
import { LISTED } from './lead-response.dto';

const text = { type: 'string' } as const;
const nullableText = { type: ['string', 'null'] } as const;
const nullableNumber = { type: ['number', 'null'] } as const;
const instant = { type: 'string', format: 'date-time' } as const;
const nullableInstant = { type: ['string', 'null'], format: 'date-time' } as const;

const contacts = {
  type: 'array',
  items: {
    type: 'object',
    properties: { name: text, title: nullableText, phone: nullableText, email: nullableText },
    additionalProperties: true,
  },
} as const;

/** A model field's JSON schema, by its kind. */
function fieldSchema(field: LeadFieldSpec): object {
  switch (field.kind) {
    case 'money':
    case 'decimal':
      return nullableNumber;
    case 'integer':
      return field.nullable ? nullableNumber : { type: 'integer' };
    case 'instant':
      return field.nullable ? nullableInstant : instant;
    case 'contacts':
      return contacts;
    default:
      return field.nullable ? nullableText : text;
  }
}

/** Every field LeadResponseDto.from() sets: the model's listed fields with their labels, and the derived ones. */
export const LEAD_ITEM_PROPERTIES: Record<string, object> = {
  ...Object.fromEntries(
    LISTED.flatMap((field): Array<[string, object]> => [
      [field.key, fieldSchema(field)],
      ...(field.labelKey ? [[field.labelKey, text] as [string, object]] : []),
    ]),
  ),
  industryName: text,
  zoneName: text,
  investmentIntensity: nullableNumber,
};

export const LEAD_PAGE_SCHEMA = {
  response: {
    200: {
      type: 'object',
      properties: {
        items: { type: 'array', items: { type: 'object', properties: LEAD_ITEM_PROPERTIES } },
        nextCursor: nullableText,
      },
    },
  },
};
