import { creditCodeCheckChar } from '../../src/modules/leads/credit-code';

/** The 31 characters a credit code's organisation part may hold (GB 32100-2015). */
const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const ORGANISATION_LENGTH = 9;
/** 31⁹ ≈ 2.6 × 10¹³ organisation codes: random starts of test files and bench ledgers never meet in practice. */
const CREDIT_SPACE = CREDIT_CHARS.length ** ORGANISATION_LENGTH;

/** A random place to start a run of credit codes; the runs of all files sharing a database must not overlap. */
export function randomCreditSerial(): number {
  return Math.floor(Math.random() * CREDIT_SPACE);
}

/** The valid 统一社会信用代码 for a serial: a 淄博 area code, then the serial in base 31, then the check character. */
export function creditCodeFor(serial: number): string {
  let rest = ((serial % CREDIT_SPACE) + CREDIT_SPACE) % CREDIT_SPACE;
  let organisation = '';
  for (let i = 0; i < ORGANISATION_LENGTH; i++) {
    organisation = CREDIT_CHARS[rest % CREDIT_CHARS.length] + organisation;
    rest = Math.floor(rest / CREDIT_CHARS.length);
  }
  const body = `91370303${organisation}`;
  return body + creditCodeCheckChar(body);
}

let nextSerial = randomCreditSerial();

/** A valid credit code unique in this process; files share the test database, hence the wide random start. */
export function makeCreditCode(): string {
  nextSerial += 1;
  return creditCodeFor(nextSerial);
}

export function leadBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: '射频滤波器产业化项目',
    companyName: '淄博晶芯微电子有限公司',
    industryCode: 'IT01',
    source: 'industry_chain',
    sourceCity: '深圳',
    plannedInvestment: 50000,
    landAreaMu: 100,
    ...overrides,
  };
}
