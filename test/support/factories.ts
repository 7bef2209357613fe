import { creditCodeCheckChar } from '../../src/modules/leads/credit-code';

let counter = 0;

/** A valid, unique 统一社会信用代码 (GB 32100-2015 check character computed). */
export function makeCreditCode(): string {
  counter += 1;
  const serial = `${Date.now() % 1e6}`.padStart(6, '0') + `${counter % 1000}`.padStart(3, '0') + `${Math.floor(Math.random() * 10)}`;
  const body = `913703${'03'}MA${serial.slice(0, 7)}`.slice(0, 17).padEnd(17, '0');
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
