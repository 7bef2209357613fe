import { describe, expect, it } from '@jest/globals';
import { Lead } from '../lead.entity';
import { LEAD_FIELDS } from '../lead.model';
import { LEAD_ITEM_PROPERTIES } from './lead-page.schema';
import { LeadResponseDto } from './lead-response.dto';

describe('the page serialiser’s schema', () => {
  it('names every field the response mapper sets (fast-json-stringify drops the others)', () => {
    const lead = Object.fromEntries(LEAD_FIELDS.map((f) => [f.key, null])) as unknown as Lead;
    const answer = LeadResponseDto.from(lead, { industry: '集成电路', zone: '高新区' });
    expect(Object.keys(answer).filter((key) => !(key in LEAD_ITEM_PROPERTIES))).toEqual([]);
    expect(Object.keys(LEAD_ITEM_PROPERTIES).filter((key) => !(key in answer))).toEqual([]);
  });
});
