/** A population emits records slice by slice; the scheduler asks each for `count` records per slice. */
import type { CampaignTruth, GenRecord, HardNegativeKind } from './model';

export interface Population {
  name: string;
  /** Total records this population emits over the whole log (a multiple of `granularity`). */
  records: number;
  /** Slices get multiples of this many records (a lockstep crew sends whole rounds). */
  granularity?: number;
  hardNegative: HardNegativeKind | null;
  /** Relative intensity during the slice starting at `sliceStart` (0 = silent). */
  weight(sliceStart: number): number;
  emit(sliceStart: number, sliceEnd: number, count: number): GenRecord[];
  accounts(): string[];
  /** Campaign truth, for campaign populations (records counted by the scheduler). */
  campaign?(): Omit<CampaignTruth, 'records'>;
}

/** Per-slice record counts in whole units of `granularity`, following the weights and adding up to `total`. */
export function allocateIn(total: number, weights: readonly number[], granularity = 1): number[] {
  return allocate(Math.floor(total / granularity), weights).map((units) => units * granularity);
}

/** Per-slice record counts that follow the weights and add up exactly to `total`. */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = new Array<number>(weights.length).fill(0);
  if (sum <= 0 || total <= 0) return counts;
  let cumulative = 0;
  let previous = 0;
  for (let i = 0; i < weights.length; i++) {
    cumulative += weights[i];
    const upTo = Math.round((total * cumulative) / sum);
    counts[i] = upTo - previous;
    previous = upTo;
  }
  return counts;
}
