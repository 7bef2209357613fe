import { describe, expect, it } from '@jest/globals';
import { leadFieldChanges } from './lead-changes';
import { LEAD_FIELDS } from './lead.model';

const fields = LEAD_FIELDS.filter((f) => ['contacts', 'plannedInvestment', 'name'].includes(f.key));

describe('leadFieldChanges', () => {
  it('finds no change in contacts read back from jsonb in another key order, and the real changes', () => {
    const current = { name: '甲', plannedInvestment: 100, contacts: [{ name: '赵经理', phone: '13800000000', title: '总经理' }] };
    const values = { name: '甲', plannedInvestment: 120, contacts: [{ name: '赵经理', title: '总经理', phone: '13800000000' }] };
    expect(leadFieldChanges(current, values, fields)).toEqual({
      changes: { plannedInvestment: 120 },
      diff: [{ field: 'plannedInvestment', from: 100, to: 120 }],
    });
    expect(
      leadFieldChanges(current, { contacts: [{ name: '赵经理', title: '总经理', phone: '13900000000' }] }, fields).changes,
    ).toHaveProperty('contacts');
  });
});
