import { AppError, ErrorCode } from '../../common/errors/app-error';
import { LeadStatus, STAGE_LABELS } from '../leads/lead.enums';
import { Lead } from '../leads/lead.entity';
import { SIGNED_STAGES } from './obligation.model';

/** Why nothing may be recorded after the signature for this lead (not signed, or lost), or null when it has signed. */
export function unsignedReason(lead: Pick<Lead, 'stage' | 'status'>): string | null {
  const lost = lead.status === LeadStatus.Lost;
  if ((SIGNED_STAGES as readonly string[]).includes(lead.stage) && !lost) return null;
  return `项目处于「${STAGE_LABELS[lead.stage]}」阶段${lost ? '（已终止）' : ''}，签约后才能登记协议、条款和履约数据`;
}

/** 422 unless the lead has signed (签约, 开工建设 or 运营投产) and is not lost: agreements, clauses and actuals follow a signature. */
export function assertSignedLead(lead: Pick<Lead, 'stage' | 'status'>): void {
  const reason = unsignedReason(lead);
  if (reason === null) return;
  throw new AppError(ErrorCode.UnprocessableEntity, reason, { stage: lead.stage, status: lead.status, requiredStages: SIGNED_STAGES });
}

/** 400 naming one field. */
export function fieldError(field: string, message: string): AppError {
  return AppError.validation(message, [{ field, errors: [message] }]);
}

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** The sent fields that differ from the record, as changes to write and as the timeline's diff. */
export function changedFields<T extends object, K extends keyof T & string>(
  record: T,
  sent: Partial<Record<K, unknown>>,
  fields: readonly K[],
): { changes: Partial<T>; diff: FieldChange[] } {
  const changes: Partial<T> = {};
  const diff: FieldChange[] = [];
  for (const field of fields) {
    const value = sent[field];
    if (value === undefined || value === record[field]) continue;
    (changes as Record<string, unknown>)[field] = value;
    diff.push({ field, from: record[field] ?? null, to: value });
  }
  return { changes, diff };
}
