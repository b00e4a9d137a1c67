/**
 * Timing from the coordinated minute/hour samples: every account samples buckets by the same hash,
 * so the union's bottom-k buckets are an unbiased sample of time in which each member's activity is
 * exactly known, and co-activity can be counted there.
 */
import { type BottomK, estimateDistinct } from './bottomK';
import { hashNumber } from './hash';
import { MINUTE } from './account';
import { timeSpan, type AccountProfile } from './profile';

/**
 * The union's bottom-k, as hashes ascending: the k smallest hashes over all samples. A bucket there
 * is within the k smallest of every member that has it, so each member's presence is exactly known.
 */
function commonBuckets(samples: BottomK<number, number>[]): Float64Array {
  const k = samples.reduce((min, s) => Math.min(min, s.k), Infinity);
  let total = 0;
  for (const s of samples) total += s.size;
  const all = new Float64Array(total);
  let n = 0;
  for (const s of samples) {
    all.set(s.sortedHashes(), n);
    n += s.size;
  }
  all.sort();
  const out: number[] = [];
  for (let i = 0; i < all.length && out.length < k; i++) if (i === 0 || all[i] !== all[i - 1]) out.push(all[i]);
  return Float64Array.from(out);
}

/** Bucket numbers for the given hashes, read from the members' samples. */
function bucketsOf(hashes: Float64Array, samples: BottomK<number, number>[]): Map<number, number> {
  const wanted = new Set(hashes);
  const out = new Map<number, number>();
  for (const s of samples) {
    for (const key of s.keys()) {
      const h = hashNumber(key);
      if (wanted.has(h)) out.set(h, key);
    }
    if (out.size === wanted.size) break;
  }
  return out;
}

/**
 * 0..1: how much more often two accounts are active in the same minutes than chance would give
 * for their activity rates (two always-on accounts overlap by chance; two bursty ones do not).
 */
export function pairTiming(a: AccountProfile, b: AccountProfile): number {
  const ha = a.agg.minutes.sortedHashes();
  const hb = b.agg.minutes.sortedHashes();
  if (ha.length < 3 || hb.length < 3) return 0;
  // Merge-walk the two ascending hash lists, taking the union's k smallest.
  const k = Math.min(a.agg.minutes.k, b.agg.minutes.k);
  let i = 0;
  let j = 0;
  let union = 0;
  let both = 0;
  while (union < k && (i < ha.length || j < hb.length)) {
    if (j >= hb.length || (i < ha.length && ha[i] < hb[j])) i++;
    else if (i >= ha.length || hb[j] < ha[i]) j++;
    else {
      both++;
      i++;
      j++;
    }
    union++;
  }
  if (union < 4) return 0;
  const jaccard = both / union;
  const pa = a.minuteRate;
  const pb = b.minuteRate;
  const expected = (pa * pb) / Math.max(1e-9, pa + pb - pa * pb);
  if (expected >= 1) return 0;
  return Math.max(0, Math.min(1, (jaccard - expected) / (1 - expected)));
}

export interface Bursts {
  /** Sampled minutes in which at least `minActive` members were active, ascending. */
  minutes: number[];
  /** Minutes in the sample (the union's bottom-k of members' active minutes). */
  sampled: number;
  /** Members active in at least half of those minutes. */
  accounts: string[];
  minActive: number;
}

export function findBursts(members: AccountProfile[]): Bursts {
  const withTime = members.filter((m) => m.agg.minutes.size > 0);
  const minActive = Math.max(2, Math.ceil(members.length * 0.5));
  if (withTime.length < minActive) return { minutes: [], sampled: 0, accounts: [], minActive };
  const samples = withTime.map((m) => m.agg.minutes);
  const buckets = commonBuckets(samples);
  const hits: number[] = [];
  const activeIn = new Map<string, number>();
  for (const h of buckets) {
    const active = withTime.filter((m) => m.agg.minutes.hasHash(h));
    if (active.length < minActive) continue;
    hits.push(h);
    for (const m of active) activeIn.set(m.name, (activeIn.get(m.name) ?? 0) + 1);
  }
  const numbers = bucketsOf(Float64Array.from(hits), samples);
  const minutes = hits.map((h) => numbers.get(h)!).sort((x, y) => x - y);
  const accounts = [...activeIn].filter(([, n]) => n * 2 >= minutes.length).map(([name]) => name).sort();
  return { minutes, sampled: buckets.length, accounts, minActive };
}

export interface Coactivity {
  score: number;
  bucket: 'hour' | 'minute';
  /** Mean members active in an active sampled bucket. */
  together: number;
  /** The same if members were active independently at their own rates over the group's span. */
  expected: number;
  lift: number;
  sampled: number;
  /** Up to three sampled buckets with the most members active: [bucket start (epoch ms), members]. */
  examples: [number, number][];
}

/**
 * Group bursts at hour or minute grain: how many members are active in the same bucket, against
 * what independent accounts with the same activity rates would give. Teams working the same office
 * hours reach a lift of 2–4; accounts driven together by one operator reach far more. The score
 * counts lift above 3 only.
 */
/**
 * For hours and then minutes: the timed members' activity samples, the span of the group in
 * buckets, the buckets the samples share, and how many members were active in each of them.
 * Empty when fewer than three members have times or the sample is too thin to judge.
 */
function activityGrids(members: AccountProfile[]) {
  const timed = members.filter((m) => m.agg.first >= 0);
  if (timed.length < 3) return [];
  const { first, last } = timeSpan(timed);
  const grids = [];
  for (const [bucket, size] of [['hour', 3_600_000], ['minute', MINUTE]] as const) {
    const samples = timed.map((m) => (bucket === 'hour' ? m.agg.hours : m.agg.minutes));
    const spanBuckets = Math.floor(last / size) - Math.floor(first / size) + 1;
    const buckets = commonBuckets(samples);
    if (spanBuckets < 6 || buckets.length < 8) continue;
    const active = Array.from(buckets, (h) => samples.reduce((n, s) => n + (s.hasHash(h) ? 1 : 0), 0));
    grids.push({ bucket, size, samples, spanBuckets, buckets, active });
  }
  return grids;
}

export function findCoactivity(members: AccountProfile[]): Coactivity | null {
  let best: Coactivity | null = null;
  for (const { bucket, size, samples, spanBuckets, buckets, active } of activityGrids(members)) {
    const together = active.reduce((a, b) => a + b, 0) / active.length;
    const duties = samples.map((s) => Math.min(1, s.distinct() / spanBuckets));
    const mean = duties.reduce((a, d) => a + d, 0);
    const anyActive = 1 - duties.reduce((p, d) => p * (1 - d), 1);
    const expected = mean / Math.max(1e-9, anyActive);
    const lift = together / Math.max(1, expected);
    const score = clamp01((lift - 3) / 4);
    if (best && score <= best.score) continue;
    const order = [...active.keys()].sort((a, b) => active[b] - active[a]).slice(0, 3);
    const numbers = bucketsOf(Float64Array.from(order.map((i) => buckets[i])), samples);
    const examples = order.map((i): [number, number] => [numbers.get(buckets[i])! * size, active[i]]);
    best = { score, bucket, together, expected, lift, sampled: buckets.length, examples };
  }
  return best;
}

export interface Rotation {
  score: number;
  /** Share of the group's time span (in buckets) in which some member was active. */
  coverage: number;
  /** Mean share of the group's active buckets in which one member was active. */
  meanDuty: number;
  /** Mean number of members active in an active bucket. */
  onShift: number;
  /** Variance / mean of members active per bucket: ~1 by chance, ~0 when load is balanced. */
  dispersion: number;
  bucket: 'hour' | 'minute';
  spanBuckets: number;
}

/**
 * Round-robin rotation: the group is active steadily while each member is active in a small share
 * of that time, and the number of members active at once is nearly constant (under-dispersed:
 * accounts take turns to stay under per-account limits; independent accounts would vary like a
 * binomial, synchronized ones would pile up). Checked on hours and minutes; the stronger is kept.
 */
export function findRotation(members: AccountProfile[]): Rotation | null {
  let best: Rotation | null = null;
  for (const { bucket, spanBuckets, samples, active } of activityGrids(members)) {
    const onShift = active.reduce((a, b) => a + b, 0) / active.length;
    const dispersion = active.reduce((v, c) => v + (c - onShift) ** 2, 0) / active.length / onShift;
    const union = groupDistinct(samples);
    const coverage = Math.min(1, union / spanBuckets);
    const meanDuty = samples.reduce((t, s) => t + s.distinct(), 0) / samples.length / Math.max(1, union);
    const score = clamp01((coverage - 0.3) / 0.5) * clamp01(1 - dispersion / 0.6) * clamp01((0.6 - meanDuty) / 0.4);
    if (!best || score > best.score) best = { score, coverage, meanDuty, onShift, dispersion, bucket, spanBuckets };
  }
  return best;
}

/** Distinct buckets over the union of members' samples (exact, or KMV over the union's bottom-k). */
function groupDistinct(samples: BottomK<number, number>[]): number {
  const k = samples.reduce((min, s) => Math.min(min, s.k), Infinity);
  const hashes = new Set<number>();
  for (const s of samples) for (const h of s.sortedHashes()) hashes.add(h);
  return estimateDistinct([...hashes], k, samples.some((s) => s.saturated));
}

export function clamp01(x: number): number {
  return Math.max(0, Math.min(1, x));
}
