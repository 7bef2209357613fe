/**
 * How far behind a read replica is, decided from positions in the primary's WAL (pure; probed by ReadReplicas).
 *
 * Every probe notes the primary's current WAL position with the time it was read. A replica that has replayed up to
 * position X holds every write acknowledged before the newest noted time whose position is ≤ X: its data is current
 * "as of" that time. A read served at `now` from it is at most `now - asOf` old, so it is used only while that stays
 * within REPLICA_MAX_LAG; a replica whose probes stop (stopped, unreachable, paused) ages out without any timer.
 */

/** A WAL position (`16/B374D848`) as a number that compares: the high 32 bits, then the low. */
export function parseLsn(text: string): bigint {
  const match = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text);
  if (!match) throw new Error(`not a WAL position: "${text}"`);
  return (BigInt(`0x${match[1]}`) << 32n) + BigInt(`0x${match[2]}`);
}

export interface PrimarySample {
  at: number;
  lsn: bigint;
}

/** The primary's positions of the last `keepMs`, oldest first: enough to date any replica still within the bound. */
export class PrimaryPositions {
  private readonly samples: PrimarySample[] = [];

  constructor(private readonly keepMs: number) {}

  add(sample: PrimarySample): void {
    this.samples.push(sample);
    // keep one sample older than the window: a replica that far behind still dates to it (and is refused for it)
    while (this.samples.length > 2 && this.samples[1].at < sample.at - this.keepMs) this.samples.shift();
  }

  /** The newest time at which the primary's position was ≤ `replayed`; null when the replica is older than every sample. */
  currentAsOf(replayed: bigint): number | null {
    for (let i = this.samples.length - 1; i >= 0; i -= 1) if (this.samples[i].lsn <= replayed) return this.samples[i].at;
    return null;
  }
}

/** What a probe of a replica found. */
export type ReplicaProbe = { kind: 'ok'; replayed: bigint; paused: boolean } | { kind: 'failed'; reason: string };

/** Why a replica is not used right now, or null when it may serve a read. */
export function skipReason(state: { asOf: number | null; down: string | null }, now: number, maxLagMs: number): string | null {
  if (state.down) return state.down;
  if (state.asOf === null) return 'not yet measured, or behind every position noted';
  const lag = now - state.asOf;
  return lag > maxLagMs ? `${Math.round(lag)} ms behind (bound ${maxLagMs} ms)` : null;
}

/** A probe's outcome as the replica's new state: its `asOf` (null: unknown) and why it is down (null: up). */
export function stateAfterProbe(probe: ReplicaProbe, primary: PrimaryPositions): { asOf: number | null; down: string | null } {
  if (probe.kind === 'failed') return { asOf: null, down: probe.reason };
  if (probe.paused) return { asOf: null, down: 'replay paused' };
  return { asOf: primary.currentAsOf(probe.replayed), down: null };
}
