import Sequencer from '@jest/test-sequencer';

/**
 * `npm test` runs every suite in one process (--runInBand). A suite that measures the process's own memory
 * growth (sheets-hardening: an attack file must be refused before it inflates) reads the allocator and the
 * collector as much as the code late in a run, when the heap is large and collected lazily (670 MiB of RSS
 * growth there, 33 MiB alone). Those suites run first, in a young process; the rest keep Jest's order.
 */
const MEASURES_MEMORY = [/[\\/]test[\\/]sheets-hardening\.e2e-spec\.ts$/];

const measuresMemory = (test) => MEASURES_MEMORY.some((pattern) => pattern.test(test.path));

export default class MemoryFirstSequencer extends Sequencer {
  async sort(tests) {
    const sorted = await super.sort(tests);
    return [...sorted.filter(measuresMemory), ...sorted.filter((test) => !measuresMemory(test))];
  }
}
