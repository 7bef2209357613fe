import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** A collection is asked for only once the heap is this many times what the last one left alive. */
const GROWTH = 1.5;

/**
 * V8 lets a process's garbage grow to several times what it holds alive before a full collection (on a machine with
 * memory to spare, an import holding ~90 MB alive reached 200+ MB of heap between collections). A long job that keeps
 * little alive calls `check` between its steps: past `ceilingMb` (and past half as much again as the last collection
 * left alive, so that a process holding much more for other work is not collected over and over), one full
 * collection brings the heap back to what is alive, and the process's resident memory stays near that.
 */
export class HeapCeiling {
  private alive = 0;

  constructor(private readonly ceilingMb: number) {}

  /** Collects when the heap is over the ceiling; answers whether it did. */
  check(): boolean {
    const used = process.memoryUsage().heapUsed;
    if (used < Math.max(this.ceilingMb * 1024 * 1024, this.alive * GROWTH)) return false;
    collect();
    this.alive = process.memoryUsage().heapUsed;
    return true;
  }
}

let collector: (() => void) | undefined;

/** V8's full collection, taken from a fresh context once the flag allows it, so that no global `gc` appears in the app's own. */
function collect(): void {
  if (!collector) {
    setFlagsFromString('--expose-gc');
    collector = runInNewContext('gc') as () => void;
  }
  collector();
}
