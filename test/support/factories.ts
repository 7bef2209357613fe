import { creditCodeCheckChar } from '../../src/modules/leads/credit-code';

let counter = 0;
const SERIAL_START = Math.floor(Math.random() * 1e7);

/** A valid, unique 统一社会信用代码 (GB 32100-2015 check character computed). */
export function makeCreditCode(): string {
  counter += 1;
  // a random start per test file, then one apart: two codes of one file never repeat (the clock's millisecond did)
  const serial = `${(SERIAL_START + counter) % 1e7}`.padStart(7, '0');
  const body = `91370303MA${serial}`;
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
