import { CallHandler, createParamDecorator, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { AppError, ErrorCode } from '../errors/app-error';
import { controlCharacterMessage, forbiddenControlCharacterAt } from '../validation/plain-text';
import { APP_CONFIG, AppConfig } from '../../config/app.config';

/** The evidence types taken, each known by its first bytes (a client's Content-Type is not believed). */
export const EVIDENCE_TYPES = [
  { type: 'application/pdf', label: 'PDF', matches: (b: Buffer) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  {
    type: 'image/png',
    label: 'PNG',
    matches: (b: Buffer) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  { type: 'image/jpeg', label: 'JPEG', matches: (b: Buffer) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    label: 'xlsx',
    // a zip whose entries name the workbook part (the central directory lists every entry name)
    matches: (b: Buffer) => b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) && b.includes('xl/workbook.xml'),
  },
] as const;

/** The content type the bytes show, or null when they are none of the evidence types. */
export function sniffEvidenceType(bytes: Buffer): string | null {
  return EVIDENCE_TYPES.find((t) => t.matches(bytes))?.type ?? null;
}

export interface EvidenceUpload {
  fileName: string;
  data: Buffer;
  contentType: string;
}

type UploadRequest = FastifyRequest & { evidenceUpload?: EvidenceUpload };

const badForm = (message: string, field: string) => AppError.validation(message, [{ field, errors: [message] }]);

/**
 * Reads the multipart body of an evidence upload: exactly one `file` part, at most EVIDENCE_MAX_BYTES (413),
 * of a type its first bytes show (415). Runs after the guards, so an unauthorised caller's body is never read.
 */
@Injectable()
export class EvidenceUploadInterceptor implements NestInterceptor {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<UploadRequest>();
    request.evidenceUpload = await this.read(request);
    return next.handle();
  }

  private async read(request: FastifyRequest): Promise<EvidenceUpload> {
    if (typeof request.isMultipart !== 'function' || !request.isMultipart())
      throw new AppError(ErrorCode.BadRequest, '请以 multipart/form-data 上传佐证材料: 文件放在 "file" 部分');
    const max = this.config.obligations.evidenceMaxBytes;
    let upload: EvidenceUpload | undefined;
    for await (const part of request.parts({ limits: { fileSize: max, files: 1, fields: 0 } })) {
      if (part.type !== 'file' || part.fieldname !== 'file') {
        if (part.type === 'file') part.file.resume();
        throw badForm(`多余的部分 "${part.fieldname}"; 佐证材料应放在 "file" 部分`, part.fieldname);
      }
      if (part.filename && forbiddenControlCharacterAt(part.filename, false) >= 0) {
        part.file.resume();
        throw badForm(controlCharacterMessage('file name', false), 'file');
      }
      let data: Buffer;
      try {
        data = await part.toBuffer();
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
          throw new AppError(ErrorCode.PayloadTooLarge, `佐证材料不能超过 ${Math.floor(max / 1024 / 1024)} MB`, {
            limit: 'evidenceBytes',
            max,
          });
        throw error;
      }
      const contentType = sniffEvidenceType(data);
      if (!contentType)
        throw new AppError(ErrorCode.UnsupportedMediaType, '佐证材料只能是 PDF、PNG、JPEG 图片或 xlsx 表格', {
          accepted: EVIDENCE_TYPES.map((t) => t.type),
        });
      upload = { fileName: (part.filename || 'evidence').slice(0, 200), data, contentType };
    }
    if (!upload) throw badForm('缺少佐证材料文件 ("file" 部分)', 'file');
    return upload;
  }
}

/** The upload EvidenceUploadInterceptor read. */
export const UploadedEvidence = createParamDecorator((_data: unknown, ctx: ExecutionContext): EvidenceUpload => {
  const upload = ctx.switchToHttp().getRequest<UploadRequest>().evidenceUpload;
  if (!upload) throw new Error('UploadedEvidence needs EvidenceUploadInterceptor');
  return upload;
});
