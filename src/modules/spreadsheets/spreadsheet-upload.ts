import {
  applyDecorators,
  CallHandler,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';
import type { ReferenceObject, SchemaObject } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { AppError, ErrorCode } from '../../common/errors/app-error';
import { Idempotent } from '../../common/idempotency/idempotency.interceptor';
import { controlCharacterMessage, forbiddenControlCharacterAt } from '../../common/validation/plain-text';

/** Uploads up to this size are read; a larger file is refused with 413. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/** The spreadsheet of a multipart request: the `file` part, and the `dryRun`, `mapping`, `mappingId` and `onDuplicate` fields when the form carries them. */
export interface SpreadsheetUpload {
  fileName: string;
  data: Buffer;
  dryRun?: boolean;
  /** The worksheet to read, by name. */
  sheet?: string;
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
    throw badForm('mapping 应为 JSON 对象 {"<header>": "<field>|ignore"}', 'mapping');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string'))
    throw badForm('mapping 应为 JSON 对象 {"<header>": "<field>|ignore"}', 'mapping');
  if (Object.keys(parsed).length > 256) throw badForm('mapping 最多列出 256 个表头', 'mapping');
  return parsed as Record<string, string>;
}

type UploadRequest = FastifyRequest & { spreadsheetUpload?: SpreadsheetUpload };

function badForm(message: string, field: string): AppError {
  return AppError.validation(message, [{ field, errors: [message] }]);
}

function readBoolean(value: unknown, field: string): boolean {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw badForm(`${field} 只能是 true 或 false`, field);
}

/** Reads the multipart body: exactly one `file` part (kept in memory, at most MAX_UPLOAD_BYTES) and an optional `dryRun` field. */
export async function readSpreadsheetUpload(request: FastifyRequest): Promise<SpreadsheetUpload> {
  if (typeof request.isMultipart !== 'function' || !request.isMultipart()) {
    throw new AppError(ErrorCode.BadRequest, '请以 multipart/form-data 上传表格: 文件放在 "file" 部分 (可另加 "dryRun"、"sheet" 字段)');
  }
  let upload: SpreadsheetUpload | undefined;
  let dryRun: boolean | undefined;
  const options: Pick<SpreadsheetUpload, 'mapping' | 'mappingId' | 'onDuplicate' | 'sheet'> = {};
  for await (const part of request.parts({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10 } })) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file') {
        part.file.resume();
        throw badForm(`多余的文件部分 "${part.fieldname}"; 表格应放在 "file" 部分`, part.fieldname);
      }
      // the name is stored with a queued import: plain text like every stored string
      if (part.filename && forbiddenControlCharacterAt(part.filename, false) >= 0) {
        part.file.resume();
        throw badForm(controlCharacterMessage('file name', false), 'file');
      }
      upload = { fileName: part.filename || 'upload', data: await fileBytes(part) };
    } else if (part.fieldname === 'dryRun') {
      dryRun = readBoolean(part.value, 'dryRun');
    } else if (part.fieldname === 'sheet' && typeof part.value === 'string' && part.value.length <= 100) {
      options.sheet = part.value;
    } else if (part.fieldname === 'mapping') {
      options.mapping = readMapping(part.value);
    } else if (part.fieldname === 'mappingId') {
      if (!UUID.test(String(part.value))) throw badForm('mappingId 应为 UUID', 'mappingId');
      options.mappingId = String(part.value);
    } else if (part.fieldname === 'onDuplicate') {
      if (part.value !== 'skip' && part.value !== 'update') throw badForm('onDuplicate 只能是 skip 或 update', 'onDuplicate');
      options.onDuplicate = part.value;
    } else {
      throw badForm(`property ${part.fieldname} should not exist`, part.fieldname);
    }
  }
  if (!upload) throw badForm('缺少表格文件 ("file" 部分)', 'file');
  return { ...upload, ...options, ...(dryRun === undefined ? {} : { dryRun }) };
}

/** The file part's bytes; a file over MAX_UPLOAD_BYTES is a Chinese 413. */
async function fileBytes(part: { toBuffer(): Promise<Buffer> }): Promise<Buffer> {
  try {
    return await part.toBuffer();
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
      throw new AppError(
        ErrorCode.PayloadTooLarge,
        `无法导入此文件: 文件超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB, 请拆分成几个文件分批导入`,
        {
          limit: 'uploadBytes',
          max: MAX_UPLOAD_BYTES,
        },
      );
    throw error;
  }
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

/**
 * A spreadsheet import route: idempotent, its multipart body read by SpreadsheetUploadInterceptor, and documented
 * with the `file`, `dryRun` and `sheet` fields every import takes, then the route's own `fields`.
 */
export const SpreadsheetImport = (fields: Record<string, SchemaObject | ReferenceObject> = {}) =>
  // applied in this order, as the decorators stood stacked before: the upload's interceptor runs before the idempotency one, which hashes the upload
  applyDecorators(
    ApiBody({
      schema: {
        type: 'object',
        required: ['file'],
        properties: {
          file: { type: 'string', format: 'binary', description: 'the xlsx or CSV file' },
          dryRun: { type: 'boolean', description: 'check every row and report, writing nothing' },
          sheet: { type: 'string', maxLength: 100, description: 'the worksheet to read (by name)' },
          ...fields,
        },
      },
    }),
    ApiConsumes('multipart/form-data'),
    UseInterceptors(SpreadsheetUploadInterceptor),
    Idempotent(),
  );
