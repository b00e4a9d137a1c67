/** Coercions from whatever a log wrote to the normalized record's plain values. */

/** 2000-01-01 and 2100-01-01 in epoch ms: anything outside is a duration or a counter, not a time. */
const EARLIEST = 946_684_800_000;
const LATEST = 4_102_444_800_000;

/** Epoch seconds, ms, µs or ns, decided by magnitude. */
function epochToMs(n: number): number {
  if (n < 1e11) return n * 1000;
  if (n < 1e14) return n;
  if (n < 1e17) return n / 1e3;
  return n / 1e6;
}

function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if ((c < 0x30 || c > 0x39) && c !== 0x2e) return false;
  }
  return true;
}

/**
 * A digit string of more than 15 digits (epoch ns, `startTimeUnixNano`) from its first 15 digits:
 * exact to the millisecond, without the slow path Number() takes past double precision.
 */
function longIntegerValue(s: string): number {
  let n = 0;
  for (let k = 0; k < 15; k++) n = n * 10 + (s.charCodeAt(k) - 0x30);
  return n * 10 ** (s.length - 15);
}

/** A date-time without an offset is read as UTC: logs are written by servers, not wall clocks. */
function hasNoOffset(s: string): boolean {
  const last = s.charCodeAt(s.length - 1);
  if (last === 0x5a || last === 0x7a) return false; // Z z
  for (let k = 11; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === 0x2b || c === 0x2d) return false; // + -
  }
  return true;
}

function digitsAt(s: string, from: number, count: number): number {
  let n = 0;
  for (let k = from; k < from + count; k++) {
    const d = s.charCodeAt(k) - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Two digits at `from`, or -1 (the hot case of digitsAt, unrolled). */
function twoDigits(s: string, from: number): number {
  const a = s.charCodeAt(from) - 0x30;
  const b = s.charCodeAt(from + 1) - 0x30;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Days since the epoch of the last date parsed: records of one log share a few dates. */
let lastDateKey = -1;
let lastDateDays = 0;

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/**
 * The common `YYYY-MM-DD[T ]HH:MM:SS[.fff…][Z|±HH:MM]` without Date.parse (hot path: one
 * call per record); NaN for anything else.
 */
function parseIsoFast(s: string): number {
  if (s.length < 19 || s.charCodeAt(4) !== 0x2d || s.charCodeAt(7) !== 0x2d || s.charCodeAt(13) !== 0x3a || s.charCodeAt(16) !== 0x3a) return NaN;
  const sep = s.charCodeAt(10);
  if (sep !== 0x54 && sep !== 0x20) return NaN;
  const year = digitsAt(s, 0, 4);
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  const hour = twoDigits(s, 11);
  const minute = twoDigits(s, 14);
  const second = twoDigits(s, 17);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return NaN;
  let k = 19;
  let ms = 0;
  if (s.charCodeAt(k) === 0x2e) {
    // Milliseconds: further digits are truncated, as Date.parse does.
    let scale = 100;
    for (k++; k < s.length; k++) {
      const d = s.charCodeAt(k) - 0x30;
      if (d < 0 || d > 9) break;
      ms += d * scale;
      scale = scale === 1 ? 0 : scale / 10;
    }
  }
  let offsetMinutes = 0;
  if (k < s.length) {
    const zone = s.charCodeAt(k);
    if ((zone === 0x5a || zone === 0x7a) && k === s.length - 1) offsetMinutes = 0;
    else if ((zone === 0x2b || zone === 0x2d) && s.length - k === 6 && s.charCodeAt(k + 3) === 0x3a) {
      const h = digitsAt(s, k + 1, 2);
      const m = digitsAt(s, k + 4, 2);
      if (h < 0 || m < 0) return NaN;
      offsetMinutes = (zone === 0x2d ? -1 : 1) * (h * 60 + m);
    } else return NaN;
  }
  const dateKey = (year * 100 + month) * 100 + day;
  if (dateKey !== lastDateKey) {
    lastDateKey = dateKey;
    lastDateDays = daysFromCivil(year, month, day);
  }
  return (lastDateDays * 86_400 + hour * 3600 + minute * 60 + second) * 1000 + ms - offsetMinutes * 60_000;
}

/** ISO 8601 (with `T` or a space), or epoch seconds/ms/µs/ns as number or digit string → epoch ms. */
export function toEpochMs(v: unknown): number | undefined {
  let ms: number;
  if (typeof v === 'number') ms = epochToMs(v);
  else if (typeof v === 'string') {
    if (isDigits(v)) ms = epochToMs(v.length > 15 && !v.includes('.') ? longIntegerValue(v) : Number(v));
    else if (!Number.isNaN((ms = parseIsoFast(v)))) {
      // parsed
    } else {
      let s = v;
      if (s.length >= 16 && s.charCodeAt(4) === 0x2d && s.charCodeAt(7) === 0x2d) {
        if (s.charCodeAt(10) === 0x20) s = s.slice(0, 10) + 'T' + s.slice(11);
        if (s.charCodeAt(10) === 0x54 && hasNoOffset(s)) s += 'Z';
      }
      ms = Date.parse(s);
    }
  } else return undefined;
  return ms >= EARLIEST && ms < LATEST ? Math.round(ms) : undefined;
}

/** A string or number as a non-empty string, else undefined. */
export function toText(v: unknown): string | undefined {
  if (typeof v === 'string') return v.length > 0 ? v : undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** `x_forwarded_for` holds `client, proxy1, proxy2`: the client is the first hop. */
export function firstHop(v: unknown): string | undefined {
  if (Array.isArray(v)) return firstHop(v[0]);
  const s = toText(v);
  if (s === undefined) return undefined;
  const comma = s.indexOf(',');
  const hop = (comma === -1 ? s : s.slice(0, comma)).trim();
  return hop.length > 0 ? hop : undefined;
}

export function toCount(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && isDigits(v)) return Number(v);
  return undefined;
}

/** Stringify tool arguments the way a log reader expects: strings as they are, objects as JSON. */
export function argumentsText(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** The last strings decoded, so a wrapper read by several accessors of one record is parsed once. */
const recentText: Array<string | undefined> = [undefined, undefined];
const recentValue: unknown[] = [undefined, undefined];
let recentNext = 0;

/**
 * `s` decoded when it is JSON text of an array or object (exporters and gateways often store JSON
 * as a string), else undefined. Callers must not modify the result: it is shared with the next
 * caller that decodes the same string.
 */
export function decodeJson(s: string): unknown {
  let k = 0;
  while (k < s.length && s.charCodeAt(k) <= 0x20) k++;
  const c = s.charCodeAt(k);
  if (c !== 0x5b && c !== 0x7b) return undefined;
  if (s === recentText[0]) return recentValue[0];
  if (s === recentText[1]) return recentValue[1];
  let value: unknown;
  try {
    value = JSON.parse(s);
  } catch {
    value = undefined;
  }
  recentText[recentNext] = s;
  recentValue[recentNext] = value;
  recentNext ^= 1;
  return value;
}
