import { ErrorCode } from '../errors/app-error';

export const ERROR_RESPONSE = 'ErrorResponse';
export const ERROR_CODE = 'ErrorCode';

/** The codes of ErrorCode, as the component ErrorResponse.code refers to (a generated client gets them as one union type). */
export const ERROR_CODE_SCHEMA: Record<string, unknown> = {
  type: 'string',
  enum: Object.values(ErrorCode),
  description: 'what went wrong, in a word a client may branch on; each status’s response says which codes it may carry',
};

const text = { type: 'string' } as const;
const count = { type: 'integer', minimum: 0 } as const;
const texts = { type: 'array', items: text } as const;

/**
 * The one error body every failure answers (AllExceptionsFilter), as a schema: `code` is one of ErrorCode,
 * `details` holds what the AppError factories and the throwing services put there (each key optional; which
 * keys come with which code is said in its description).
 */
export const ERROR_RESPONSE_SCHEMA: Record<string, unknown> = {
  type: 'object',
  description: '错误 / Error: the one shape of every 4xx and 5xx answer',
  required: ['statusCode', 'code', 'message'],
  properties: {
    statusCode: { type: 'integer', minimum: 400, maximum: 599, description: 'the HTTP status, repeated', example: 404 },
    code: { $ref: `#/components/schemas/${ERROR_CODE}` },
    message: { type: 'string', description: 'for a person: English, or Chinese with English in brackets', example: 'Lead not found' },
    details: {
      type: 'object',
      description: 'what the client needs to act on the error; present only for the codes that carry some',
      additionalProperties: false,
      properties: {
        fields: {
          type: 'array',
          description: 'VALIDATION_FAILED (and FORBIDDEN of a lead placement): each refused field with its messages',
          items: {
            type: 'object',
            required: ['field', 'errors'],
            additionalProperties: false,
            properties: { field: { type: 'string', description: 'the field, dotted for nested ones (`contacts.0.email`)' }, errors: texts },
          },
        },
        moreFields: { ...count, description: 'VALIDATION_FAILED: how many more fields were refused than `fields` names' },
        field: { ...text, description: 'CONFLICT, DUPLICATE_*: the field whose value is taken' },
        missing: { ...texts, description: 'STAGE_GATE_UNMET, UNPROCESSABLE_ENTITY: the fields still missing' },
        stage: {
          ...text,
          description: 'STAGE_GATE_UNMET: the stage the lead was to enter; CONFLICT, UNPROCESSABLE_ENTITY of a confirmation: its stage',
        },
        evidenceIds: { ...texts, description: 'UNPROCESSABLE_ENTITY of a confirmation: evidence ids not of the lead or already used' },
        confirmationId: {
          type: 'string',
          format: 'uuid',
          description: 'CONFLICT of a confirmation: the standing confirmation of the stage',
        },
        yourVersion: { type: 'integer', description: 'VERSION_CONFLICT: the version sent' },
        currentVersion: { type: 'integer', description: 'VERSION_CONFLICT: the version stored now; reload and retry' },
        existingLeadId: {
          type: 'string',
          format: 'uuid',
          description: 'DUPLICATE_CREDIT_CODE: the live lead (visible to the caller) using the code',
        },
        existingLeadCode: { ...text, description: 'DUPLICATE_CREDIT_CODE: its code' },
        from: {
          description: 'TRANSITION_NOT_ALLOWED: where the move starts (a lead: its stage and status; an issue: its status)',
          anyOf: [
            text,
            { type: 'object', additionalProperties: false, required: ['stage', 'status'], properties: { stage: text, status: text } },
          ],
        },
        to: { ...text, description: 'TRANSITION_NOT_ALLOWED: the target asked for' },
        allowed: { ...texts, description: 'TRANSITION_NOT_ALLOWED of an issue: the statuses it may move to' },
        status: { ...text, description: 'UNPROCESSABLE_ENTITY: the status that refuses the action' },
        id: { ...text, description: 'NOT_FOUND, LAST_ADMIN: the id asked for' },
        header: { ...text, description: 'CONFLICT, UNPROCESSABLE_ENTITY of Idempotency-Key' },
        retryAfterSeconds: { type: 'integer', minimum: 1, description: 'TOO_MANY_REQUESTS: as the Retry-After header' },
        limit: {
          type: ['string', 'integer'],
          description: 'BAD_REQUEST, PAYLOAD_TOO_LARGE: the limit passed (a name, or a JSON size limit)',
        },
        max: { type: 'number', description: 'PAYLOAD_TOO_LARGE: the limit’s value' },
        reason: { ...text, description: 'BAD_REQUEST, PAYLOAD_TOO_LARGE of an upload: why the file is refused, for the clerk' },
        file: { ...text, description: 'BAD_REQUEST of an upload: the refusal in a word (empty, xls, encrypted, noSheet …)' },
        sheet: { ...text, description: 'BAD_REQUEST of an upload: the sheet asked for' },
        sheets: {
          type: 'array',
          description: 'BAD_REQUEST of an upload: the sheets the file has',
          items: { type: 'object', additionalProperties: false, required: ['name', 'rows'], properties: { name: text, rows: count } },
        },
        requiredStages: { ...texts, description: 'UNPROCESSABLE_ENTITY of 履约监管: the stages a lead must be in (signed and later)' },
        kind: { ...text, description: 'CONFLICT of an agreement: the agreement kind already recorded (main)' },
        accepted: { ...texts, description: 'UNSUPPORTED_MEDIA_TYPE of an evidence upload: the accepted content types' },
        cause: { ...text, description: 'BAD_REQUEST of an upload: the spreadsheet reader’s own words (English), for support' },
        rows: {
          type: 'array',
          description:
            'UNPROCESSABLE_ENTITY of a whole-file import (产业链): each problem with its sheet, row (the header is row 1) and column',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['sheet', 'row', 'column', 'message'],
            properties: { sheet: text, row: { type: 'integer', minimum: 1 }, column: { type: ['string', 'null'] }, message: text },
          },
        },
        moreRows: {
          ...count,
          description: 'UNPROCESSABLE_ENTITY of a whole-file import: how many more problems there are than `rows` lists',
        },
        requestId: { ...text, description: 'INTERNAL_ERROR: the request id the log names' },
      },
    },
  },
};
