import { describe, expect, it } from '@jest/globals';
import { HeapCeiling } from './heap-ceiling';

const heapMb = () => process.memoryUsage().heapUsed / 1024 / 1024;
/** ~80 MB of strings nobody keeps. */
const garbage = () => {
  for (let i = 0; i < 200; i++) void Array.from({ length: 20_000 }, (_, j) => `行 ${i} ${j}`).join(',').length;
};

describe('HeapCeiling', () => {
  it('collects when the heap is over the ceiling, bringing it back to what is alive, and does nothing under it', () => {
    garbage();
    const before = heapMb();
    expect(new HeapCeiling(before + 1_000).check()).toBe(false);
    expect(new HeapCeiling(1).check()).toBe(true);
    expect(heapMb()).toBeLessThan(before);
  });

  it('does not collect again until the heap has grown by half of what the last collection left alive', () => {
    const ceiling = new HeapCeiling(1);
    expect(ceiling.check()).toBe(true);
    const alive = heapMb();
    // right after a collection the heap is what is alive: over the 1 MB ceiling, yet nothing to collect
    expect(ceiling.check()).toBe(false);
    const kept: string[] = [];
    while (heapMb() < alive * 1.6) kept.push(Array.from({ length: 20_000 }, (_, j) => `行 ${kept.length} ${j}`).join(','));
    expect(ceiling.check()).toBe(true);
    expect(kept.length).toBeGreaterThan(0);
  });
});
