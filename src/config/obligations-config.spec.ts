import { describe, expect, it } from '@jest/globals';
import { loadAppConfig } from './app.config';

describe('obligations configuration', () => {
  it('defaults to a 90-day yellow warning, 10 MB evidence and shares A ≤ 20 %, B ≤ 30 %, D ≥ 5 %', () => {
    expect(loadAppConfig({}).obligations).toEqual({
      idleLandYellowBeforeMs: 90 * 86_400_000,
      evidenceMaxBytes: 10 * 1024 * 1024,
      grading: { mode: 'shares', shares: { a: 0.2, b: 0.3, d: 0.05 }, thresholds: { a: 30, b: 15, c: 5 } },
    });
  });

  it('reads ISO-8601 and the grading rules from the environment', () => {
    const config = loadAppConfig({ IDLE_LAND_YELLOW_BEFORE: 'P30D', MU_GRADE_MODE: 'absolute', MU_GRADE_A_TAX_PER_MU: '40' });
    expect(config.obligations.idleLandYellowBeforeMs).toBe(30 * 86_400_000);
    expect(config.obligations.grading).toMatchObject({ mode: 'absolute', thresholds: { a: 40, b: 15, c: 5 } });
  });

  it('refuses a bad value at boot, naming the variable', () => {
    expect(() => loadAppConfig({ IDLE_LAND_YELLOW_BEFORE: 'P400D' })).toThrow(/IDLE_LAND_YELLOW_BEFORE/);
    expect(() => loadAppConfig({ IDLE_LAND_YELLOW_BEFORE: 'soon' })).toThrow(/IDLE_LAND_YELLOW_BEFORE/);
    expect(() => loadAppConfig({ MU_GRADE_MODE: 'curve' })).toThrow(/MU_GRADE_MODE/);
    expect(() => loadAppConfig({ MU_GRADE_A_SHARE: '0.7', MU_GRADE_B_SHARE: '0.4' })).toThrow(/exceed 1/);
    expect(() => loadAppConfig({ MU_GRADE_A_TAX_PER_MU: '3' })).toThrow(/A ≥ B ≥ C/);
  });
});
