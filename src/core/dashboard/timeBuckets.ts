/**
 * Time axis of the dashboard: record times → fixed-size buckets whose size is picked from a ladder of
 * readable steps, so a five-minute log and a month-long one both give at most `maxBuckets` bars.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Readable bucket sizes, smallest first. */
export const BUCKET_STEPS: readonly number[] = [
  MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE,
  HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR,
  DAY, 7 * DAY, 30 * DAY,
];

export interface BucketAxis {
  /** Epoch ms of the first bucket's start (aligned to the bucket size). */
  start: number;
  /** Bucket size in ms. */
  size: number;
  count: number;
}

/** Epoch ms of a report time (ISO string or epoch ms), or undefined when absent or unreadable. */
export function timeOf(value: string | number | null | undefined): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * The smallest ladder step that covers `[min, max]` in at most `maxBuckets` buckets (hourly when the
 * log allows it is the default the ladder lands on for one- to ten-day logs).
 */
export function bucketAxis(min: number, max: number, maxBuckets: number): BucketAxis {
  const limit = Math.max(1, Math.floor(maxBuckets));
  for (const size of BUCKET_STEPS) {
    const start = Math.floor(min / size) * size;
    const count = Math.floor((max - start) / size) + 1;
    if (count <= limit) return { start, size, count };
  }
  // Longer than the ladder: stretch the largest step.
  const size = Math.ceil((max - min + 1) / limit / DAY) * DAY;
  const start = Math.floor(min / size) * size;
  return { start, size, count: Math.floor((max - start) / size) + 1 };
}

export function bucketIndex(axis: BucketAxis, ms: number): number {
  const i = Math.floor((ms - axis.start) / axis.size);
  return i < 0 ? 0 : i >= axis.count ? axis.count - 1 : i;
}

/** "1 min", "15 min", "1 h", "6 h", "1 day", "7 days". */
export function bucketLabel(size: number): string {
  if (size < HOUR) return `${Math.round(size / MINUTE)} min`;
  if (size < DAY) return `${Math.round(size / HOUR)} h`;
  const days = Math.round(size / DAY);
  return days === 1 ? '1 day' : `${days} days`;
}

/**
 * Buckets far above the series' usual level: above the median of its non-empty buckets by more than
 * three robust standard deviations (MAD) and at least twice that median. Relative to the series itself,
 * so it holds for any traffic volume.
 */
export function burstBuckets(counts: readonly number[]): number[] {
  const nonEmpty = counts.filter((n) => n > 0).sort((a, b) => a - b);
  if (nonEmpty.length < 4) return [];
  const median = quantile(nonEmpty, 0.5);
  const deviations = nonEmpty.map((n) => Math.abs(n - median)).sort((a, b) => a - b);
  const mad = Math.max(1, quantile(deviations, 0.5)) * 1.4826;
  const floor = Math.max(2 * median, median + 3 * mad);
  const out: number[] = [];
  counts.forEach((n, i) => {
    if (n > floor) out.push(i);
  });
  return out;
}

function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Sums runs of adjacent buckets so that the series has at most `max` buckets; `factor` is the run length. */
export function mergeBuckets(counts: readonly number[], max: number): { factor: number; counts: number[] } {
  const factor = Math.max(1, Math.ceil(counts.length / Math.max(1, max)));
  const out = new Array<number>(Math.ceil(counts.length / factor)).fill(0);
  counts.forEach((n, i) => (out[Math.floor(i / factor)] += n));
  return { factor, counts: out };
}
