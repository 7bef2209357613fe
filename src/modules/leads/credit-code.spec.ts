import { describe, expect, it } from '@jest/globals';
import { creditCodeCheckChar, isValidCreditCode, normalizeCreditCode } from './credit-code';

describe('credit code (GB 32100-2015)', () => {
  // Published codes of real organisations, checked by their issuers.
  it('accepts codes whose check character matches', () => {
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    expect(isValidCreditCode('91110000600037341L')).toBe(true);
  });

  it('refuses a code whose check character is wrong', () => {
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
  });

  it('refuses codes of the wrong length or with letters outside the set (I, O, S, V, Z)', () => {
    expect(isValidCreditCode('91350100M000100Y4')).toBe(false);
    expect(isValidCreditCode('91350100M000100Y433')).toBe(false);
    expect(isValidCreditCode('91350100M00010OY43')).toBe(false);
    expect(isValidCreditCode('9135010OM000100Y43')).toBe(false);
  });

  it('computes the check character the standard gives, including 0 for a multiple of 31', () => {
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    for (let n = 0; n < 200; n++) {
      const body = `91370303MA3C${String(n).padStart(3, '0')}QX`;
      const full = body + creditCodeCheckChar(body);
      expect(isValidCreditCode(full)).toBe(true);
    }
  });

  it('normalises spaces and lower case', () => {
    expect(normalizeCreditCode(' 91350100m000100y43 ')).toBe('91350100M000100Y43');
  });
});
