import { CallHandler, createParamDecorator, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { AppError, ErrorCode } from '../../common/errors/app-error';
import { controlCharacterMessage, forbiddenControlCharacterAt } from '../../common/validation/plain-text';

/** Uploads up to this size are read; a larger file is refused with 413. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/** The spreadsheet of a multipart request: the `file` part, and the `dryRun`, `mapping`, `mappingId` and `onDuplicate` fields when the form carries them. */
export interface SpreadsheetUpload {
  fileName: string;
  data: Buffer;
  dryRun?: boolean;
  /** Header → column key or `ignore` (JSON), over the saved mapping when both are given. */
  mapping?: Record<string, string>;
  mappingId?: string;
  onDuplicate?: 'skip' | 'update';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function readMapping(value: unknown): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(value));
  } catch {
    throw badForm('mapping must be a JSON object {"<header>": "<field>|ignore"}', 'mapping');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string'))
    throw badForm('mapping must be a JSON object {"<header>": "<field>|ignore"}', 'mapping');
  if (Object.keys(parsed).length > 256) throw badForm('mapping names at most 256 headers', 'mapping');
  return parsed as Record<string, string>;
}

type UploadRequest = FastifyRequest & { spreadsheetUpload?: SpreadsheetUpload };

function badForm(message: string, field: string): AppError {
  return AppError.validation(message, [{ field, errors: [message] }]);
}

function readBoolean(value: unknown, field: string): boolean {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw badForm(`${field} must be true or false`, field);
}

/** Reads the multipart body: exactly one `file` part (kept in memory, at most MAX_UPLOAD_BYTES) and an optional `dryRun` field. */
export async function readSpreadsheetUpload(request: FastifyRequest): Promise<SpreadsheetUpload> {
  if (typeof request.isMultipart !== 'function' || !request.isMultipart()) {
    throw new AppError(
      ErrorCode.BadRequest,
      'Send the spreadsheet as multipart/form-data with a "file" part (and optionally a "dryRun" field)',
    );
  }
  let upload: SpreadsheetUpload | undefined;
  let dryRun: boolean | undefined;
  const options: Pick<SpreadsheetUpload, 'mapping' | 'mappingId' | 'onDuplicate'> = {};
  for await (const part of request.parts({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10 } })) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file') {
        part.file.resume();
        throw badForm(`unexpected file part "${part.fieldname}"; the spreadsheet goes in "file"`, part.fieldname);
      }
      // the name is stored with a queued import: plain text like every stored string
      if (part.filename && forbiddenControlCharacterAt(part.filename, false) >= 0) {
        part.file.resume();
        throw badForm(controlCharacterMessage('file name', false), 'file');
      }
      upload = { fileName: part.filename || 'upload', data: await part.toBuffer() };
    } else if (part.fieldname === 'dryRun') {
      dryRun = readBoolean(part.value, 'dryRun');
    } else if (part.fieldname === 'mapping') {
      options.mapping = readMapping(part.value);
    } else if (part.fieldname === 'mappingId') {
      if (!UUID.test(String(part.value))) throw badForm('mappingId must be a UUID', 'mappingId');
      options.mappingId = String(part.value);
    } else if (part.fieldname === 'onDuplicate') {
      if (part.value !== 'skip' && part.value !== 'update') throw badForm('onDuplicate must be skip or update', 'onDuplicate');
      options.onDuplicate = part.value;
    } else {
      throw badForm(`property ${part.fieldname} should not exist`, part.fieldname);
    }
  }
  if (!upload) throw badForm('a "file" part with the spreadsheet is required', 'file');
  return { ...upload, ...options, ...(dryRun === undefined ? {} : { dryRun }) };
}

/** Reads the upload before the handler runs (after the guards, so an unauthorised caller's body is never read). */
@Injectable()
export class SpreadsheetUploadInterceptor implements NestInterceptor {
  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<UploadRequest>();
    request.spreadsheetUpload = await readSpreadsheetUpload(request);
    return next.handle();
  }
}

/** The upload SpreadsheetUploadInterceptor read. */
export const UploadedSpreadsheet = createParamDecorator((_data: unknown, ctx: ExecutionContext): SpreadsheetUpload => {
  const upload = ctx.switchToHttp().getRequest<UploadRequest>().spreadsheetUpload;
  if (!upload) throw new Error('UploadedSpreadsheet needs SpreadsheetUploadInterceptor');
  return upload;
});
