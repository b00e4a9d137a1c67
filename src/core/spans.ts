/**
 * Escape-aware mapping between decoded JSON string values and their position in the raw line,
 * so the editor can highlight text inside a JSON string (`\n`, `\"`, `\uXXXX` included), also
 * when that text sits inside JSON text held by a string (`Turn.innerPath`: two levels of escapes).
 *
 * The scanner walks the raw text directly: it never parses the line again and only allocates
 * when it meets an object key written with escapes (rare), or to decode the one string holding
 * a turn's JSON text (once per string, and only when spans are asked for).
 */
import type { JsonPath, NormalizedRecord, Span } from './types';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const BOM = 0xfeff;

function skipWhitespace(raw: string, i: number): number {
  for (;;) {
    const c = raw.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else return i;
  }
}

/** `raw[i]` is an opening quote; returns the index of the matching closing quote, or -1. */
function closingQuote(raw: string, i: number): number {
  let q = raw.indexOf('"', i + 1);
  while (q !== -1) {
    let backslashes = 0;
    for (let k = q - 1; raw.charCodeAt(k) === BACKSLASH; k--) backslashes++;
    if ((backslashes & 1) === 0) return q;
    q = raw.indexOf('"', q + 1);
  }
  return -1;
}

/** Index just past the JSON value starting at `i` (which must not be whitespace), or -1. */
function skipValue(raw: string, i: number): number {
  const c = raw.charCodeAt(i);
  if (c === QUOTE) {
    const q = closingQuote(raw, i);
    return q === -1 ? -1 : q + 1;
  }
  if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
    let depth = 0;
    for (let k = i; k < raw.length; k++) {
      const d = raw.charCodeAt(k);
      if (d === QUOTE) {
        k = closingQuote(raw, k);
        if (k === -1) return -1;
      } else if (d === OPEN_OBJECT || d === OPEN_ARRAY) depth++;
      else if (d === CLOSE_OBJECT || d === CLOSE_ARRAY) {
        if (--depth === 0) return k + 1;
      }
    }
    return -1;
  }
  // number, true, false, null: runs until a delimiter
  let k = i;
  for (; k < raw.length; k++) {
    const d = raw.charCodeAt(k);
    if (d === COMMA || d === CLOSE_OBJECT || d === CLOSE_ARRAY || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) break;
  }
  return k === i ? -1 : k;
}

function hexValue(raw: string, i: number): number {
  let n = 0;
  for (let k = i; k < i + 4; k++) {
    const c = raw.charCodeAt(k);
    const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
    if (d < 0) return -1;
    n = n * 16 + d;
  }
  return n;
}

/** Index of the next backslash in `[i, end)`, or `end`; short ranges (keys) never look past `end`. */
function nextBackslash(raw: string, i: number, end: number): number {
  if (end - i > 64) {
    const k = raw.indexOf('\\', i);
    return k === -1 || k > end ? end : k;
  }
  for (let k = i; k < end; k++) if (raw.charCodeAt(k) === BACKSLASH) return k;
  return end;
}

const SIMPLE_ESCAPES: Record<number, number> = { 0x22: 0x22, 0x5c: 0x5c, 0x2f: 0x2f, 0x62: 0x08, 0x66: 0x0c, 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09 };

/**
 * Does the raw string contents `[start, end)` decode to `text`? Compared unit by unit while
 * decoding escapes, without allocating; never reads past `end` (runs for every key the scanner meets).
 */
function rawEquals(raw: string, start: number, end: number, text: string): boolean {
  // Every escape is longer than the character it stands for: raw is never shorter than the text.
  if (end - start < text.length) return false;
  // Equal lengths: no escapes, so a native comparison (unless the text itself holds a backslash).
  if (end - start === text.length && !text.includes('\\')) return raw.startsWith(text, start);
  const first = raw.charCodeAt(start);
  if (first !== BACKSLASH && first !== text.charCodeAt(0)) return false;
  let i = start;
  let j = 0;
  while (i < end) {
    // The plain run up to the next escape, compared natively.
    const runEnd = nextBackslash(raw, i, end);
    const run = runEnd - i;
    if (run > 0) {
      if (j + run > text.length || !raw.startsWith(text.slice(j, j + run), i)) return false;
      i = runEnd;
      j += run;
      if (i >= end) break;
    }
    const e = raw.charCodeAt(i + 1);
    let c: number;
    if (e === 0x75) {
      c = hexValue(raw, i + 2);
      i += 6;
    } else {
      c = SIMPLE_ESCAPES[e] ?? -1;
      i += 2;
    }
    if (j >= text.length || c !== text.charCodeAt(j)) return false;
    j++;
  }
  return j === text.length;
}

/**
 * Start of the value of `key` in the object starting at `i`, or -1. Duplicate keys resolve to the
 * last one, as JSON.parse does, so the span always matches the parsed record; `firstMatch` stops
 * at the first one instead (callers that can check the result against the parsed text).
 */
function memberValue(raw: string, i: number, key: string, firstMatch: boolean): number {
  if (raw.charCodeAt(i) !== OPEN_OBJECT) return -1;
  let found = -1;
  i = skipWhitespace(raw, i + 1);
  if (raw.charCodeAt(i) === CLOSE_OBJECT) return -1;
  for (;;) {
    if (raw.charCodeAt(i) !== QUOTE) return -1;
    const keyEnd = closingQuote(raw, i);
    if (keyEnd === -1) return -1;
    const matches = rawEquals(raw, i + 1, keyEnd, key);
    i = skipWhitespace(raw, keyEnd + 1);
    if (raw.charCodeAt(i) !== COLON) return -1;
    i = skipWhitespace(raw, i + 1);
    if (matches) {
      if (firstMatch) return i;
      found = i;
    }
    i = skipValue(raw, i);
    if (i === -1) return found;
    i = skipWhitespace(raw, i);
    const c = raw.charCodeAt(i);
    if (c === CLOSE_OBJECT) return found;
    if (c !== COMMA) return found;
    i = skipWhitespace(raw, i + 1);
  }
}

/** Starts of the elements of the array starting at `i`, or null when it is not an array. */
function elementStarts(raw: string, i: number, stopAt: number): number[] | null {
  if (raw.charCodeAt(i) !== OPEN_ARRAY) return null;
  const starts: number[] = [];
  i = skipWhitespace(raw, i + 1);
  if (raw.charCodeAt(i) === CLOSE_ARRAY) return starts;
  for (;;) {
    starts.push(i);
    if (starts.length > stopAt) return starts;
    i = skipValue(raw, i);
    if (i === -1) return starts;
    i = skipWhitespace(raw, i);
    if (raw.charCodeAt(i) !== COMMA) return starts;
    i = skipWhitespace(raw, i + 1);
  }
}

/** Start of the `index`-th element (negative counts from the end) of the array at `i`, or -1. */
function elementValue(raw: string, i: number, index: number): number {
  const starts = elementStarts(raw, i, index >= 0 ? index : Number.POSITIVE_INFINITY);
  if (starts === null) return -1;
  const k = index >= 0 ? index : starts.length + index;
  return k >= 0 && k < starts.length ? starts[k] : -1;
}

/** Start of the value at `path` below the value starting at `i`, or -1. */
function valueAt(raw: string, i: number, path: JsonPath, from = 0, firstMatch = false): number {
  for (let p = from; p < path.length && i !== -1; p++) {
    const segment = path[p];
    i = typeof segment === 'number' ? elementValue(raw, i, segment) : memberValue(raw, i, segment, firstMatch);
  }
  return i;
}

function rootStart(raw: string): number {
  return skipWhitespace(raw, raw.charCodeAt(0) === BOM ? 1 : 0);
}

function stringContents(raw: string, i: number): Span | null {
  if (i === -1 || raw.charCodeAt(i) !== QUOTE) return null;
  const q = closingQuote(raw, i);
  return q === -1 ? null : [i + 1, q];
}

/** Span [start,end) of the *contents* (inside the quotes) of the JSON string value at `path` in the raw JSON text, 0-based UTF-16 columns, or null. */
export function locateStringValue(raw: string, path: JsonPath): Span | null {
  return stringContents(raw, valueAt(raw, rootStart(raw), path));
}

/** Raw length of the escape sequence starting at `i` (a backslash). */
function escapeLength(raw: string, i: number): number {
  return raw.charCodeAt(i + 1) === 0x75 /* u */ ? 6 : 2;
}

/** Given the raw span of a JSON string's contents and an index into the *decoded* string (0..decoded.length), return the raw column. Escape-aware: \n, \", \\, \/, \uXXXX, surrogate pairs written as two \u escapes, raw CJK and astral chars. */
export function rawColumnAt(raw: string, valueSpan: Span, decodedIndex: number): number {
  const [start, end] = valueSpan;
  const target = Math.max(decodedIndex, 0);
  let i = start;
  let decoded = 0;
  while (decoded < target && i < end) {
    // Plain code units (CJK, raw surrogates included) decode to themselves: jump over the run.
    const escape = raw.indexOf('\\', i);
    const runEnd = escape === -1 || escape > end ? end : escape;
    const take = Math.min(runEnd - i, target - decoded);
    i += take;
    decoded += take;
    if (decoded < target && i < end) {
      i += escapeLength(raw, i);
      decoded++;
    }
  }
  return Math.min(i, end);
}

/** Length of the decoded string whose raw contents are `[start, end)`, from its escapes alone. */
function decodedLength(raw: string, start: number, end: number): number {
  let length = end - start;
  for (let i = nextBackslash(raw, start, end); i < end; i = nextBackslash(raw, i, end)) {
    const wide = raw.charCodeAt(i + 1) === 0x75;
    length -= wide ? 5 : 1;
    i += wide ? 6 : 2;
  }
  return length;
}

/** The located string a turn's JSON text sits in: its raw span and its decoded contents. */
interface OuterString {
  path: JsonPath;
  span: Span;
  decoded: string;
}

/** The string at `path` (last-key-wins, exact), decoded; null when there is none. */
function outerString(raw: string, path: JsonPath): OuterString | null {
  const span = locateStringValue(raw, path);
  if (!span) return null;
  let decoded: unknown;
  try {
    decoded = JSON.parse(`"${raw.slice(span[0], span[1])}"`);
  } catch {
    return null;
  }
  return typeof decoded === 'string' ? { path, span, decoded } : null;
}

/**
 * Raw span of `text` at `innerPath` inside the JSON text held by the string `outer`: the inner
 * string's contents, written with two levels of escapes. Null unless it decodes to `text`.
 */
function innerSpan(raw: string, outer: OuterString, innerPath: JsonPath, text: string): Span | null {
  const inner = locateStringValue(outer.decoded, innerPath);
  if (!inner || !rawEquals(outer.decoded, inner[0], inner[1], text)) return null;
  return [rawColumnAt(raw, outer.span, inner[0]), rawColumnAt(raw, outer.span, inner[1])];
}

function samePath(a: JsonPath, b: JsonPath): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/**
 * Fill `turn.span` for every turn that has a `path` and whose value is a string in `raw`; for a
 * turn with an `innerPath`, the span of its text inside the JSON text held by that string.
 * Scans stop at the first matching key (JSON.parse keeps the last of duplicate keys): a found
 * string whose decoded length is not the turn's is re-located with the exact last-key-wins scan
 * and dropped unless it decodes to the turn's text.
 */
export function attachSpans(raw: string, record: NormalizedRecord): void {
  const root = rootStart(raw);
  // Turns of one conversation share their path up to the message list: find the list's elements once.
  let listPath: JsonPath | undefined;
  let elements: number[] | null = null;
  // Turns inside one JSON text share the string holding it: decode it once.
  let outer: OuterString | null = null;
  for (const turn of record.turns) {
    const path = turn.path;
    if (!path) continue;
    if (turn.innerPath) {
      if (!outer || !samePath(outer.path, path)) outer = outerString(raw, path);
      const span = outer && innerSpan(raw, outer, turn.innerPath, turn.text);
      if (span) turn.span = span;
      continue;
    }
    const listLength = prefixBeforeFirstIndex(path);
    let start: number;
    if (listLength === 0) start = valueAt(raw, root, path, 0, true);
    else {
      if (!listPath || !samePrefix(listPath, path, listLength)) {
        listPath = path;
        const list = valueAt(raw, root, path.slice(0, listLength), 0, true);
        elements = list === -1 ? null : elementStarts(raw, list, Number.POSITIVE_INFINITY);
      }
      const index = path[listLength] as number;
      const element = elements ? elements[index < 0 ? elements.length + index : index] : undefined;
      start = element === undefined ? -1 : valueAt(raw, element, path, listLength + 1, true);
    }
    let span = stringContents(raw, start);
    if (!span || decodedLength(raw, span[0], span[1]) !== turn.text.length) span = exactSpan(raw, path, turn.text);
    if (span) turn.span = span;
  }
}

/** The string at `path` (last-key-wins), when it decodes to `text`. */
function exactSpan(raw: string, path: JsonPath, text: string): Span | null {
  const span = locateStringValue(raw, path);
  return span && rawEquals(raw, span[0], span[1], text) ? span : null;
}

/** The raw span of a text at `path` (and `innerPath`), when it holds exactly `text`. */
function locateText(raw: string, path: JsonPath, innerPath: JsonPath | undefined, text: string): Span | null {
  if (!innerPath) return exactSpan(raw, path, text);
  const outer = outerString(raw, path);
  return outer && innerSpan(raw, outer, innerPath, text);
}

/** The character one level of JSON string escaping at `raw[i]` stands for, and how many raw units it takes. */
function escapedUnit(raw: string, i: number): { unit: number; length: number } {
  if (raw.charCodeAt(i) !== BACKSLASH) return { unit: raw.charCodeAt(i), length: 1 };
  const e = raw.charCodeAt(i + 1);
  if (e === 0x75) return { unit: hexValue(raw, i + 2), length: 6 };
  return { unit: SIMPLE_ESCAPES[e] ?? -1, length: 2 };
}

/**
 * `rawColumnAt` for a string written inside a JSON string (two levels of escapes): `span` holds
 * the inner string's contents as they appear in the raw line.
 */
function rawColumnAtTwice(raw: string, span: Span, decodedIndex: number): number {
  const [start, end] = span;
  let i = start;
  for (let decoded = 0; decoded < decodedIndex && i < end; decoded++) {
    // One inner character: a plain outer character, or an inner escape written in outer characters.
    const first = escapedUnit(raw, i);
    i += first.length;
    if (first.unit !== BACKSLASH || i >= end) continue;
    const second = escapedUnit(raw, i);
    i += second.length;
    if (second.unit === 0x75) for (let k = 0; k < 4 && i < end; k++) i += escapedUnit(raw, i).length;
  }
  return Math.min(i, end);
}

/**
 * Raw-line columns `[start, end)` of the decoded range `[start, end)` of a turn's text (`where` =
 * index into `record.turns`) or of the system prompt (`'system'`), exact through one or two levels
 * of JSON string encoding; null when the text has no single place in the line (assembled from
 * several values, or not where its path says). The range is clamped to the text.
 */
export function rawRangeOfText(raw: string, record: NormalizedRecord, where: number | 'system', start: number, end: number): Span | null {
  let text: string | undefined;
  let path: JsonPath | undefined;
  let innerPath: JsonPath | undefined;
  let span: Span | null | undefined;
  if (where === 'system') {
    text = record.system;
    path = record.systemPath;
    innerPath = record.systemInnerPath;
  } else {
    const turn = record.turns[where];
    if (!turn) return null;
    text = turn.text;
    path = turn.path;
    innerPath = turn.innerPath;
    span = turn.span;
  }
  if (text === undefined || !path) return null;
  span ??= locateText(raw, path, innerPath, text);
  if (!span) return null;
  const from = Math.min(Math.max(start, 0), text.length);
  const to = Math.min(Math.max(end, from), text.length);
  const column = innerPath ? rawColumnAtTwice : rawColumnAt;
  return [column(raw, span, from), column(raw, span, to)];
}

/** Length of the path prefix before its first numeric segment (the message list); 0 when none. */
function prefixBeforeFirstIndex(path: JsonPath): number {
  for (let k = 0; k < path.length; k++) if (typeof path[k] === 'number') return k;
  return 0;
}

function samePrefix(a: JsonPath, b: JsonPath, length: number): boolean {
  if (a.length < length || prefixBeforeFirstIndex(a) !== length) return false;
  for (let k = 0; k < length; k++) if (a[k] !== b[k]) return false;
  return true;
}
