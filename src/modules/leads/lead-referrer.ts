import { AppError, ErrorCode, FieldError } from '../../common/errors/app-error';
import { ReferrerKind } from './lead.enums';
import { LEAD_FIELDS } from './lead.model';

/** The referrer's (首引人) writable fields, from the model: locked by the move to 签约 (referrerConfirmedAt). */
export const REFERRER_FIELDS = LEAD_FIELDS.filter((field) => field.key.startsWith('referrer') && field.patch);
export const REFERRER_KEYS = REFERRER_FIELDS.map((field) => field.key);

export interface ReferrerValues {
  referrerKind: ReferrerKind | null;
  referrerUserId: string | null;
  referrerName: string | null;
  referrerContact: string | null;
}

/** Looks up a user: their display name when active, else null. */
export type ActiveUserName = (id: string) => Promise<string | null>;

/**
 * The referrer as stored, from the values a write leaves (sent over stored): a user referrer names an active user
 * and takes their display name; an outside one (person, organisation) has a name and no user; none has no other field.
 */
export async function resolveReferrer(values: ReferrerValues, activeUserName: ActiveUserName): Promise<ReferrerValues> {
  const errors: FieldError[] = [];
  const { referrerKind: kind } = values;
  if (kind === null) {
    if (values.referrerUserId !== null || values.referrerName !== null || values.referrerContact !== null)
      errors.push({ field: 'referrerKind', errors: ['请填写首引人类别 (say what kind of referrer this is: user, person, organisation)'] });
  } else if (kind === ReferrerKind.User) {
    const name = values.referrerUserId === null ? null : await activeUserName(values.referrerUserId);
    if (name === null)
      errors.push({ field: 'referrerUserId', errors: ['本局人员首引人须为在职用户 (a user referrer names an active user)'] });
    else return { ...values, referrerName: name };
  } else {
    if (values.referrerUserId !== null)
      errors.push({ field: 'referrerUserId', errors: ['只有本局人员首引人填写用户 (only a user referrer names a user)'] });
    if (!values.referrerName)
      errors.push({ field: 'referrerName', errors: ['外部首引人须填写姓名或名称 (an outside referrer needs a name)'] });
  }
  if (errors.length) throw AppError.validation(`Invalid referrer: ${errors.map((e) => e.field).join(', ')}`, errors);
  return values;
}

/** The referrer's values after a write: what was sent, else what is stored. */
export function referrerAfter(stored: object, sent: Readonly<Record<string, unknown>>): ReferrerValues {
  const current = stored as Record<string, unknown>;
  const pick = (key: string) => (sent[key] !== undefined ? sent[key] : (current[key] ?? null));
  return {
    referrerKind: pick('referrerKind') as ReferrerKind | null,
    referrerUserId: pick('referrerUserId') as string | null,
    referrerName: pick('referrerName') as string | null,
    referrerContact: pick('referrerContact') as string | null,
  };
}

/** A PATCH may not change the referrer once the signing confirmed it; leaders correct it with a reason instead. */
export function referrerLocked(fields: readonly string[]): AppError {
  return new AppError(ErrorCode.UnprocessableEntity, '首引人已在签约时确认, 只能由领导说明理由后更正 (PUT /leads/:id/referrer)', {
    fields: fields.map((field) => ({ field, errors: ['confirmed at signing'] })),
  });
}
