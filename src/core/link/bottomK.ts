/**
 * A bottom-k sample: of all distinct keys ever added, keep the k with the smallest hash, each with
 * an exact aggregated value. Why this and not "top-k by count": membership depends only on the set
 * of keys seen, never on arrival order, so merging shard samples gives exactly the sample of the
 * concatenated input (a key kept at the end was never evicted, so its value is complete). Because
 * every account hashes keys the same way, the samples of two accounts are coordinated: a shared key
 * with a small hash is kept by both, which makes overlap (Jaccard) and union-size estimates sound.
 */
import { hashKey } from './hash';

export type Combine<V> = (a: V, b: V) => V;
export const sum: Combine<number> = (a, b) => a + b;

const HASH_SPACE = 0x100000000;

export class BottomK<K extends string | number, V> {
  readonly entries = new Map<K, V>();
  /** Once more than k keys were seen: the largest kept hash (every seen key at or below it is kept). */
  private threshold = Infinity;
  private sorted: Float64Array | null = null;

  constructor(
    readonly k: number,
    private readonly combine: Combine<V>,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** True once more than k distinct keys were seen (then the sample is a sample). */
  get saturated(): boolean {
    return this.threshold !== Infinity;
  }

  /** Every key seen with hash <= cutoff is in the sample (Infinity while unsaturated). */
  get cutoff(): number {
    return this.threshold;
  }

  /** The kept keys' hashes, ascending (cached until the next change). */
  sortedHashes(): Float64Array {
    if (!this.sorted) {
      this.sorted = new Float64Array(this.entries.size);
      let i = 0;
      for (const key of this.entries.keys()) this.sorted[i++] = hashKey(key);
      this.sorted.sort();
    }
    return this.sorted;
  }

  hasHash(h: number): boolean {
    const a = this.sortedHashes();
    let lo = 0;
    let hi = a.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid] === h) return true;
      if (a[mid] < h) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  add(key: K, value: V): void {
    this.sorted = null;
    const existing = this.entries.get(key);
    if (existing !== undefined) {
      this.entries.set(key, this.combine(existing, value));
      return;
    }
    if (this.entries.size >= this.k && hashKey(key) > this.threshold) return;
    this.entries.set(key, value);
    if (this.entries.size > this.k) this.evictLargest();
  }

  /** Bottom-k samples compose: the k smallest of the union are among the k smallest of each side. */
  merge(other: BottomK<K, V>): void {
    for (const [key, value] of other.entries) this.add(key, value);
  }

  /** Estimated number of distinct keys ever added (exact while unsaturated; KMV estimate after). */
  distinct(): number {
    return estimateDistinct([...this.entries.keys()].map(hashKey), this.k, this.saturated);
  }

  toJSON(): [K, V][] | { saturated: true; e: [K, V][] } {
    const e = [...this.entries].sort((a, b) => compareKeys(a[0], b[0]));
    return this.saturated ? { saturated: true, e } : e;
  }

  static fromJSON<K extends string | number, V>(json: unknown, k: number, combine: Combine<V>): BottomK<K, V> {
    const sample = new BottomK<K, V>(k, combine);
    const saturated = !Array.isArray(json);
    const entries = (saturated ? (json as { e: [K, V][] }).e : json) as [K, V][];
    for (const [key, value] of entries) sample.entries.set(key, value);
    if (saturated) sample.threshold = sample.largestHash();
    return sample;
  }

  /** One pass: drop the largest hash; the runner-up becomes the new threshold. */
  private evictLargest(): void {
    let worstKey: K | undefined;
    let worst = -1;
    let second = -1;
    for (const key of this.entries.keys()) {
      const h = hashKey(key);
      if (h > worst) {
        second = worst;
        worst = h;
        worstKey = key;
      } else if (h > second) {
        second = h;
      }
    }
    if (worstKey !== undefined) this.entries.delete(worstKey);
    this.threshold = second;
  }

  private largestHash(): number {
    let max = -1;
    for (const key of this.entries.keys()) max = Math.max(max, hashKey(key));
    return max;
  }
}

/** KMV estimate from the hashes of a bottom-k union: exact count below k keys. */
export function estimateDistinct(hashes: number[], k: number, saturated: boolean): number {
  if (!saturated || hashes.length < k) return hashes.length;
  const sorted = [...hashes].sort((a, b) => a - b);
  const kth = sorted[k - 1] + 1;
  return Math.round(((k - 1) * HASH_SPACE) / kth);
}

export function compareKeys(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}
