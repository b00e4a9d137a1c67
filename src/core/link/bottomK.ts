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
  /**
   * The kept keys' hashes in the Map's insertion order, computed the first time they are needed (a
   * sample that never fills never hashes while adding), then kept up to date: eviction and sorting
   * never hash again, and ties between equal hashes break by insertion order as they always did.
   */
  private hashes: number[] | null = null;
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

  /** The kept keys' hashes, ascending (cached until the kept keys change). */
  sortedHashes(): Float64Array {
    if (!this.sorted) {
      const hashes = this.keyHashes();
      const sorted = new Float64Array(hashes.length);
      for (let i = 0; i < hashes.length; i++) sorted[i] = hashes[i];
      this.sorted = sorted.sort();
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
    const existing = this.entries.get(key);
    if (existing !== undefined) {
      this.entries.set(key, this.combine(existing, value));
      return;
    }
    this.insert(key, value);
  }

  /** For a key known not to be kept yet (entries.get returned undefined). */
  insert(key: K, value: V): void {
    if (this.entries.size < this.k) {
      this.entries.set(key, value);
      this.hashes?.push(hashKey(key));
      this.sorted = null;
      return;
    }
    const h = hashKey(key);
    if (h > this.threshold) return;
    this.sorted = null;
    const hashes = this.keyHashes();
    this.entries.set(key, value);
    hashes.push(h);
    if (hashes.length > this.k) this.evictLargest(hashes);
  }

  /** Bottom-k samples compose: the k smallest of the union are among the k smallest of each side. */
  merge(other: BottomK<K, V>): void {
    for (const [key, value] of other.entries) this.add(key, value);
  }

  /** Estimated number of distinct keys ever added (exact while unsaturated; KMV estimate after). */
  distinct(): number {
    const sorted = this.sortedHashes();
    if (!this.saturated || sorted.length < this.k) return sorted.length;
    return kmv(sorted[this.k - 1], this.k);
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
    if (saturated) sample.threshold = sample.keyHashes().reduce((max, h) => Math.max(max, h), -1);
    return sample;
  }

  private keyHashes(): number[] {
    if (!this.hashes) {
      const hashes: number[] = [];
      for (const key of this.entries.keys()) hashes.push(hashKey(key));
      this.hashes = hashes;
    }
    return this.hashes;
  }

  /** One pass: drop the (first) largest hash; the runner-up becomes the new threshold. */
  private evictLargest(hashes: number[]): void {
    let worstAt = -1;
    let worst = -1;
    let second = -1;
    for (let i = 0; i < hashes.length; i++) {
      const h = hashes[i];
      if (h > worst) {
        second = worst;
        worst = h;
        worstAt = i;
      } else if (h > second) {
        second = h;
      }
    }
    let i = 0;
    for (const key of this.entries.keys()) {
      if (i++ === worstAt) {
        this.entries.delete(key);
        break;
      }
    }
    hashes.splice(worstAt, 1);
    this.threshold = second;
  }
}

/** KMV estimate from the hashes of a bottom-k union: exact count below k keys. */
export function estimateDistinct(hashes: number[], k: number, saturated: boolean): number {
  if (!saturated || hashes.length < k) return hashes.length;
  const sorted = [...hashes].sort((a, b) => a - b);
  return kmv(sorted[k - 1], k);
}

function kmv(kthHash: number, k: number): number {
  return Math.round(((k - 1) * HASH_SPACE) / (kthHash + 1));
}

export function compareKeys(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}
