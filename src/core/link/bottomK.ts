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

/**
 * What a sample keeps per key: one number (a count), or a fixed-length tuple of numbers, each
 * slot with its own way of combining. Tuples are stored inline, beside their key: an array per
 * kept key cost ~80 bytes (200k records: the linker's heap fell from 39.1 to 32.9 MB without them).
 */
export interface ValueShape {
  readonly slots: ReadonlyArray<Combine<number>>;
  readonly tuple: boolean;
}

/** Counts: the value is a number, summed. */
export const COUNTS: ValueShape = { slots: [sum], tuple: false };

/**
 * A tuple value whose slots combine as given (`tupleShape(sum, sum)`: a pair of counts). A stored
 * tuple shorter than the shape (written by an older version) reads its missing slots as 0.
 */
export function tupleShape(...slots: Array<Combine<number>>): ValueShape {
  return { slots, tuple: true };
}

const HASH_SPACE = 0x100000000;
const OFFSET = 0x80000000;
const NO_HASHES: readonly number[] = Object.freeze([]);

export class BottomK<K extends string | number, V extends number | readonly number[] = number> {
  /**
   * The kept keys, each followed by its value's numbers, `[key0, v0…, key1, v1…, …]`, in insertion
   * order; null until the first key. Searched linearly: k is a few dozen at most, and a Map per
   * sample cost ~300 bytes even when nearly empty (measured: 290 MB of a 463 MB heap at 1M
   * records, twelve samples per account).
   */
  private items: Array<K | number> | null = null;
  /**
   * The kept keys' hashes in insertion order, computed the first time they are needed (a sample
   * that never fills never hashes while adding), then kept up to date: eviction and sorting never
   * hash again, and ties between equal hashes break by insertion order.
   */
  private hashes: number[] | null = null;
  /**
   * Once more than k keys were seen: the largest kept hash (every seen key at or below it is
   * kept), stored minus 2^31 so it stays a small integer — V8 boxes a double field in every
   * object of the class. Meaningful once `saturated`.
   */
  private threshold = 0;
  private isSaturated = false;
  /** The kept hashes ascending, while the kept keys do not change (a plain array: a typed array costs ~200 bytes more each). */
  private sorted: number[] | null = null;

  constructor(
    readonly k: number,
    private readonly shape: ValueShape = COUNTS,
  ) {}

  /** Array slots per kept key: the key and its value's numbers. */
  private get stride(): number {
    return 1 + this.shape.slots.length;
  }

  get size(): number {
    return this.items === null ? 0 : this.items.length / this.stride;
  }

  /** True once more than k distinct keys were seen (then the sample is a sample). */
  get saturated(): boolean {
    return this.isSaturated;
  }

  /** Every key seen with hash <= cutoff is in the sample (Infinity while unsaturated). */
  get cutoff(): number {
    return this.saturated ? this.threshold + OFFSET : Infinity;
  }

  has(key: K): boolean {
    return this.indexOf(key) >= 0;
  }

  get(key: K): V | undefined {
    const at = this.indexOf(key);
    return at < 0 ? undefined : this.valueAt(at);
  }

  /** The value of the key at `at` in `items` (a fresh tuple for tuple values). */
  private valueAt(at: number): V {
    const items = this.items!;
    if (!this.shape.tuple) return items[at + 1] as V;
    const n = this.shape.slots.length;
    const value = new Array<number>(n);
    for (let s = 0; s < n; s++) value[s] = items[at + 1 + s] as number;
    return value as unknown as V;
  }

  *keys(): IterableIterator<K> {
    const items = this.items ?? [];
    const stride = this.stride;
    for (let i = 0; i < items.length; i += stride) yield items[i] as K;
  }

  *[Symbol.iterator](): IterableIterator<[K, V]> {
    const items = this.items ?? [];
    const stride = this.stride;
    for (let i = 0; i < items.length; i += stride) yield [items[i] as K, this.valueAt(i)];
  }

  forEach(visit: (value: V, key: K) => void): void {
    const items = this.items ?? [];
    const stride = this.stride;
    for (let i = 0; i < items.length; i += stride) visit(this.valueAt(i), items[i] as K);
  }

  /** The kept keys' hashes, ascending (cached until the kept keys change). */
  sortedHashes(): readonly number[] {
    if (this.items === null) return NO_HASHES;
    this.sorted ??= this.keyHashes().slice().sort((a, b) => a - b);
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
    const at = this.indexOf(key);
    if (at >= 0) {
      const items = this.items!;
      const { slots, tuple } = this.shape;
      if (!tuple) items[at + 1] = slots[0](items[at + 1] as number, value as number);
      else for (let s = 0; s < slots.length; s++) items[at + 1 + s] = slots[s](items[at + 1 + s] as number, (value as readonly number[])[s] ?? 0);
      return;
    }
    this.insert(key, value);
  }

  /** For a key known not to be kept yet. */
  private insert(key: K, value: V): void {
    if (this.size < this.k) {
      this.append(key, value);
      this.hashes?.push(hashKey(key));
      this.sorted = null;
      return;
    }
    const h = hashKey(key);
    if (this.saturated && h > this.threshold + OFFSET) return;
    this.sorted = null;
    const hashes = this.keyHashes();
    this.append(key, value);
    hashes.push(h);
    if (hashes.length > this.k) this.evictLargest(hashes);
  }

  /** Grows `items` by exactly one key and value: `push` would reserve ~17 spare slots per sample. */
  private append(key: K, value: V): void {
    const old = this.items;
    const n = old === null ? 0 : old.length;
    const { slots, tuple } = this.shape;
    const items = new Array<K | number>(n + 1 + slots.length);
    for (let i = 0; i < n; i++) items[i] = old![i];
    items[n] = key;
    if (!tuple) items[n + 1] = value as number;
    else for (let s = 0; s < slots.length; s++) items[n + 1 + s] = (value as readonly number[])[s] ?? 0;
    this.items = items;
  }

  /** Bottom-k samples compose: the k smallest of the union are among the k smallest of each side. */
  merge(other: BottomK<K, V>): void {
    for (const [key, value] of other) this.add(key, value);
  }

  /** Estimated number of distinct keys ever added (exact while unsaturated; KMV estimate after). */
  distinct(): number {
    if (!this.saturated) return this.size;
    const sorted = this.sortedHashes();
    if (sorted.length < this.k) return sorted.length;
    return kmv(sorted[this.k - 1], this.k);
  }

  toJSON(): [K, V][] | { saturated: true; e: [K, V][] } {
    const e = [...this].sort((a, b) => compareKeys(a[0], b[0]));
    return this.saturated ? { saturated: true, e } : e;
  }

  static fromJSON<K extends string | number, V extends number | readonly number[] = number>(json: unknown, k: number, shape: ValueShape = COUNTS): BottomK<K, V> {
    const sample = new BottomK<K, V>(k, shape);
    const saturated = !Array.isArray(json);
    const entries = (saturated ? (json as { e: [K, V][] }).e : json) as [K, V][];
    for (const [key, value] of entries) sample.append(key, value);
    if (saturated) sample.setThreshold(sample.keyHashes().reduce((max, h) => Math.max(max, h), 0));
    return sample;
  }

  private indexOf(key: K): number {
    const items = this.items;
    if (items === null) return -1;
    const stride = this.stride;
    for (let i = 0; i < items.length; i += stride) if (items[i] === key) return i;
    return -1;
  }

  private keyHashes(): number[] {
    if (!this.hashes) {
      const hashes: number[] = [];
      for (const key of this.keys()) hashes.push(hashKey(key));
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
    this.items!.splice(this.stride * worstAt, this.stride);
    hashes.splice(worstAt, 1);
    this.setThreshold(second);
  }

  private setThreshold(hash: number): void {
    this.threshold = (hash - OFFSET) | 0;
    this.isSaturated = true;
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
