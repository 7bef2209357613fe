/**
 * The JSON schema of GET /leads' answer, so Fastify serialises the page with fast-json-stringify
 * instead of JSON.stringify (a fifth of the API's CPU time on a 50-lead page). It must name every
 * field LeadResponseDto.from() sets: fields it does not name are dropped, which test/leads.e2e-spec.ts
 * guards against (every field of the lead page in list items too).
 */
const text = { type: 'string' } as const;
const nullableText = { type: ['string', 'null'] } as const;
const nullableNumber = { type: ['number', 'null'] } as const;
const instant = { type: 'string', format: 'date-time' } as const;
const nullableInstant = { type: ['string', 'null'], format: 'date-time' } as const;

export const LEAD_ITEM_PROPERTIES = {
  id: text,
  code: text,
  name: text,
  codeName: nullableText,
  companyName: text,
  creditCode: nullableText,
  industryCode: text,
  industryName: text,
  source: text,
  sourceLabel: text,
  sourceCity: nullableText,
  plannedInvestment: nullableNumber,
  contractInvestment: nullableNumber,
  actualInvestment: nullableNumber,
  signedAt: nullableText,
  agreedStartDate: nullableText,
  agreedOperatingDate: nullableText,
  constructionStartedAt: nullableText,
  operatingAt: nullableText,
  expectedAnnualOutput: nullableNumber,
  expectedAnnualTax: nullableNumber,
  expectedJobs: nullableNumber,
  landAreaMu: nullableNumber,
  investmentIntensity: nullableNumber,
  zoneCode: nullableText,
  zoneName: text,
  keyProjectLevel: text,
  keyProjectLabel: text,
  contacts: {
    type: 'array',
    items: { type: 'object', properties: { name: text, title: nullableText, phone: nullableText, email: nullableText }, additionalProperties: true },
  },
  teamId: nullableText,
  ownerId: text,
  commissionerId: nullableText,
  stage: text,
  stageLabel: text,
  status: text,
  statusLabel: text,
  lostReason: nullableText,
  lostTo: nullableText,
  statusNote: nullableText,
  stageEnteredAt: instant,
  nextFollowUpAt: nullableInstant,
  lastFollowUpAt: nullableInstant,
  version: { type: 'integer' },
  createdAt: instant,
  updatedAt: instant,
} as const;

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
