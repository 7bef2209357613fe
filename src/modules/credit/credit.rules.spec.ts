import { describe, expect, it } from '@jest/globals';
import { amountBand, CreditLeadFacts, creditLines, DEFAULT_CREDIT_RULES, totalOf } from './credit.rules';

const lead = (overrides: Partial<CreditLeadFacts> = {}): CreditLeadFacts => ({
  contractInvestment: 10_000,
  signedAt: '2026-03-01',
  agreedStartDate: '2026-09-01',
  constructionStartedAt: null,
  operatingAt: null,
  confirmedStages: [],
  lost: false,
  voided: [],
  ...overrides,
});

describe('creditLines', () => {
  const rules = DEFAULT_CREDIT_RULES;

  it('weighs a confirmed signing by its contract amount band', () => {
    const lines = creditLines(rules, lead({ confirmedStages: ['signed'] }), 2026, '2026-06-01');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ kind: 'signed', points: 15, awaitingPoints: 0, factor: 1.5, confirmed: true });
  });

  it('counts an unconfirmed event as awaiting points, not points', () => {
    expect(totalOf(creditLines(rules, lead(), 2026, '2026-06-01'))).toEqual({ points: 0, awaitingPoints: 15 });
  });

  it('scores only events dated in the year', () => {
    const facts = lead({ signedAt: '2025-11-01', constructionStartedAt: '2026-02-01', confirmedStages: ['signed', 'building'] });
    expect(creditLines(rules, facts, 2026, '2026-06-01').map((l) => l.kind)).toEqual(['started']);
  });

  it('deducts a missed agreed start date once it has passed without a start', () => {
    const lines = creditLines(rules, lead({ confirmedStages: ['signed'] }), 2026, '2026-10-01');
    expect(lines.map((l) => [l.kind, l.points])).toEqual([
      ['signed', 15],
      ['missed_start', -5],
    ]);
  });

  it('deducts a late start but not one on time', () => {
    const late = lead({ agreedStartDate: '2026-04-01', constructionStartedAt: '2026-05-01', confirmedStages: ['signed', 'building'] });
    expect(creditLines(rules, late, 2026, '2026-06-01').map((l) => l.kind)).toEqual(['signed', 'started', 'missed_start']);
    const onTime = { ...late, constructionStartedAt: '2026-04-01' };
    expect(creditLines(rules, onTime, 2026, '2026-06-01').map((l) => l.kind)).toEqual(['signed', 'started']);
  });

  it('does not deduct before the agreed date has come', () => {
    expect(creditLines(rules, lead(), 2026, '2026-08-31').map((l) => l.kind)).toEqual(['signed']);
  });

  it('deducts each confirmation voided in the year', () => {
    const facts = lead({
      voided: [
        { stage: 'building', voidedOn: '2026-05-02' },
        { stage: 'signed', voidedOn: '2025-12-31' },
      ],
    });
    expect(creditLines(rules, facts, 2026, '2026-06-01').filter((l) => l.kind === 'voided')).toEqual([
      expect.objectContaining({ points: -10, date: '2026-05-02' }),
    ]);
  });

  it('keeps only the deductions of a lost lead', () => {
    const facts = lead({ lost: true, confirmedStages: ['signed'], voided: [{ stage: 'signed', voidedOn: '2026-04-01' }] });
    expect(creditLines(rules, facts, 2026, '2026-10-01').map((l) => l.kind)).toEqual(['missed_start', 'voided']);
  });

  it('sums points per lead: 10 × 3 + 6 × 3 + 8 × 3 for a confirmed billion-yuan project', () => {
    const facts = lead({
      contractInvestment: 150_000,
      agreedStartDate: '2026-04-01',
      constructionStartedAt: '2026-04-01',
      operatingAt: '2026-11-01',
      confirmedStages: ['signed', 'building', 'operating'],
    });
    expect(totalOf(creditLines(rules, facts, 2026, '2026-12-01'))).toEqual({ points: 72, awaitingPoints: 0 });
  });
});

describe('amountBand', () => {
  it('puts amounts on a band’s upper bound into that band and a missing amount into the lowest', () => {
    expect(amountBand(DEFAULT_CREDIT_RULES, 5_000).factor).toBe(1);
    expect(amountBand(DEFAULT_CREDIT_RULES, 5_000.01).factor).toBe(1.5);
    expect(amountBand(DEFAULT_CREDIT_RULES, 100_000).factor).toBe(2);
    expect(amountBand(DEFAULT_CREDIT_RULES, 100_001).factor).toBe(3);
    expect(amountBand(DEFAULT_CREDIT_RULES, null).factor).toBe(1);
  });
});
