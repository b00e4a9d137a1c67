/**
 * Evidence per slot for each linked account pair, in flat typed arrays: an open-addressing table
 * (pair → number) and the pairs in creation order. A Map keyed by i * n + j costs a heap number per
 * key once n passes 46k accounts and several times the memory; a hydra's rings make millions of
 * pairs. Pairs are visited in creation order, so sums over them do not depend on hashing. The slots
 * and the pairs' account indices live in fixed-size pages: growing never copies them, nor leaves up
 * to half of them unused (at 1M records, 1.33M pairs held 64 MB of slots in a doubled array, 42 MB in
 * pages).
 */
export class PairSlots {
  /** Pair number + 1 at each table position (0: empty); the capacity is a power of two. */
  private table: Int32Array = new Int32Array(1 << 12);
  /** Each pair's two account indices, `[low, high]` interleaved, in pages of PAGE_PAIRS pairs. */
  private readonly ends: Int32Array[] = [];
  private readonly pages: Float32Array[] = [];
  /** Slots per page: PAGE_PAIRS whole pairs, so a pair's slots never straddle two pages. */
  private readonly pageSlots: number;
  size = 0;

  constructor(readonly width: number) {
    this.pageSlots = PAGE_PAIRS * width;
  }

  /** The value of the slot at `offset` (from `cell`, `find` or `offsetAt`, plus a slot index). */
  get(offset: number): number {
    return this.pages[Math.floor(offset / this.pageSlots)][offset % this.pageSlots];
  }

  set(offset: number, value: number): void {
    this.pages[Math.floor(offset / this.pageSlots)][offset % this.pageSlots] = value;
  }

  /** Offset in `data` of the slots of pair {i, j} (i !== j), creating them (zeroed) on first use. */
  cell(i: number, j: number): number {
    const lo = i < j ? i : j;
    const hi = i < j ? j : i;
    const mask = this.table.length - 1;
    for (let at = pairHash(lo, hi) & mask; ; at = (at + 1) & mask) {
      const p = this.table[at] - 1;
      if (p < 0) {
        this.table[at] = this.append(lo, hi) + 1;
        if (this.size > this.table.length * MAX_LOAD) this.rehash();
        return (this.size - 1) * this.width;
      }
      if (this.lowAt(p) === lo && this.highAt(p) === hi) return p * this.width;
    }
  }

  /** Offset of the slots of pair {i, j}, or -1 when the pair was never created. */
  find(i: number, j: number): number {
    const lo = i < j ? i : j;
    const hi = i < j ? j : i;
    const mask = this.table.length - 1;
    for (let at = pairHash(lo, hi) & mask; ; at = (at + 1) & mask) {
      const p = this.table[at] - 1;
      if (p < 0) return -1;
      if (this.lowAt(p) === lo && this.highAt(p) === hi) return p * this.width;
    }
  }

  /** The smaller account index of pair p (pairs are numbered 0..size-1 in creation order). */
  lowAt(p: number): number {
    return this.ends[p >>> PAGE_BITS][(p & PAGE_MASK) << 1];
  }

  highAt(p: number): number {
    return this.ends[p >>> PAGE_BITS][((p & PAGE_MASK) << 1) + 1];
  }

  offsetAt(p: number): number {
    return p * this.width;
  }

  private append(lo: number, hi: number): number {
    if (this.size === this.pages.length * PAGE_PAIRS) {
      this.pages.push(new Float32Array(this.pageSlots));
      this.ends.push(new Int32Array(2 * PAGE_PAIRS));
    }
    const ends = this.ends[this.size >>> PAGE_BITS];
    const at = (this.size & PAGE_MASK) << 1;
    ends[at] = lo;
    ends[at + 1] = hi;
    return this.size++;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let p = 0; p < this.size; p++) {
      let at = pairHash(this.lowAt(p), this.highAt(p)) & mask;
      while (table[at] !== 0) at = (at + 1) & mask;
      table[at] = p + 1;
    }
    this.table = table;
  }
}

const PAGE_BITS = 14;
const PAGE_PAIRS = 1 << PAGE_BITS;
const PAGE_MASK = PAGE_PAIRS - 1;
/** Table load before it doubles: linear probing stays short at 0.7, and the table is a quarter of the pairs' memory. */
const MAX_LOAD = 0.7;

function pairHash(lo: number, hi: number): number {
  let h = Math.imul(lo, 0x9e3779b1) ^ hi;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}
