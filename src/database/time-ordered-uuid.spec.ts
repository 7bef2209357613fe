import { describe, expect, it } from '@jest/globals';
import { timeOrderedUuid } from './time-ordered-uuid';

describe('timeOrderedUuid', () => {
  it('is a version 7 UUID of the RFC 9562 variant carrying the time in milliseconds', () => {
    const id = timeOrderedUuid(Date.UTC(2026, 11, 7, 10, 0, 0));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(Date.UTC(2026, 11, 7, 10, 0, 0));
  });

  it('sorts ids made later after ids made earlier, and differs within one millisecond', () => {
    const earlier = timeOrderedUuid(1_000_000);
    const later = timeOrderedUuid(1_000_001);
    expect(earlier < later).toBe(true);
    expect(new Set(Array.from({ length: 1000 }, () => timeOrderedUuid(5))).size).toBe(1000);
  });
});
