import { describe, expect, it } from '@jest/globals';
import { LeadStage } from '../leads/lead.enums';
import { nextFollowUpTime } from './cadence';

describe('follow-up cadence', () => {
  const at = new Date('2026-03-01T02:00:00Z');

  it('counts the stage’s cadence from the follow-up when no next time is given', () => {
    expect(nextFollowUpTime(LeadStage.Lead, at).toISOString()).toBe('2026-03-15T02:00:00.000Z');
    expect(nextFollowUpTime(LeadStage.Negotiating, at).toISOString()).toBe('2026-03-08T02:00:00.000Z');
    expect(nextFollowUpTime(LeadStage.Signed, at).toISOString()).toBe('2026-03-15T02:00:00.000Z');
    expect(nextFollowUpTime(LeadStage.Building, at).toISOString()).toBe('2026-03-31T02:00:00.000Z');
    expect(nextFollowUpTime(LeadStage.Operating, at).toISOString()).toBe('2026-05-30T02:00:00.000Z');
  });

  it('uses the given time when there is one', () => {
    const given = new Date('2026-03-02T08:00:00Z');
    expect(nextFollowUpTime(LeadStage.Lead, at, given)).toBe(given);
  });
});
