import { dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from '../../common/errors/app-error';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 128;

/** zxcvbn-ts's list of common passwords (about 49,000, lower case), as a set built on first use. */
let common: Set<string> | undefined;
function isCommon(password: string): boolean {
  common ??= new Set(dictionary['passwords-common']);
  return common.has(password.trim().toLowerCase());
}

/** Why a password may not be set for this username, or null when it may (the one rule for every place a password is set). */
export function passwordProblem(password: string, username: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `password must be at most ${MAX_PASSWORD_LENGTH} characters`;
  if (password.trim() === '') return 'password must not be only spaces';
  if (username && password.toLowerCase().includes(username.toLowerCase())) return 'password must not contain the username';
  if (isCommon(password)) return 'password is one of the most common passwords';
  return null;
}

/** Throws the 400 in the one error shape, naming the field and the reason, when the password breaks the rule. */
export function assertAcceptablePassword(password: string, username: string): void {
  const problem = passwordProblem(password, username);
  if (problem) throw AppError.validation(problem, [{ field: 'password', errors: [problem] }]);
}
