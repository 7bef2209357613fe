import { CREDIT_CODE_CHARSET, creditCodeCheckChar } from '../../src/modules/leads/credit-code';

const ORGANISATION_LENGTH = 9;
/** 31⁹ ≈ 2.6 × 10¹³ organisation codes: the random starts of test files sharing a database never meet in practice. */
const CREDIT_SPACE = CREDIT_CODE_CHARSET.length ** ORGANISATION_LENGTH;

let nextSerial = Math.floor(Math.random() * CREDIT_SPACE);

/** A valid 统一社会信用代码 unique in this process: a 淄博 area code, the next serial in base 31, the check character. */
export function makeCreditCode(): string {
  nextSerial = (nextSerial + 1) % CREDIT_SPACE;
  let rest = nextSerial;
  let organisation = '';
  for (let i = 0; i < ORGANISATION_LENGTH; i++) {
    organisation = CREDIT_CODE_CHARSET[rest % CREDIT_CODE_CHARSET.length] + organisation;
    rest = Math.floor(rest / CREDIT_CODE_CHARSET.length);
  }
  const body = `91370303${organisation}`;
  return body + creditCodeCheckChar(body);
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
