/**
 * Tokens for template mining. Latin-script words, numbers (masked: a number is always a slot)
 * and punctuation as usual; Han, Kana and Hangul one character per token, because Chinese and
 * Japanese prompts have no spaces and a whitespace tokenizer would see one giant token.
 *
 * A hand-written scanner with a lazily filled character-class table: it runs on every prompt of
 * multi-gigabyte logs, and a Unicode-property regex costs several times more.
 */

export interface Token {
  /** Normalized form used for matching (lower-cased; numbers become NUMBER). */
  norm: string;
  /** UTF-16 offsets of the token in the text it came from. */
  start: number;
  end: number;
}

export const NUMBER = '\u0000n';

const enum CharClass {
  Unknown = 0,
  Space = 1,
  Letter = 2,
  Digit = 3,
  Ideograph = 4,
  Other = 5,
}

const bmpClasses = new Uint8Array(0x10000);
const astralClasses = new Map<number, CharClass>();

const IDEOGRAPH = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const LETTER = /[\p{L}\p{M}_]/u;
const DIGIT = /\p{N}/u;
const SPACE = /\s/u;

function classify(codePoint: number): CharClass {
  const ch = String.fromCodePoint(codePoint);
  if (IDEOGRAPH.test(ch)) return CharClass.Ideograph;
  if (DIGIT.test(ch)) return CharClass.Digit;
  if (LETTER.test(ch)) return CharClass.Letter;
  if (SPACE.test(ch)) return CharClass.Space;
  return CharClass.Other;
}

function classOf(codePoint: number): CharClass {
  if (codePoint < 0x10000) {
    let c = bmpClasses[codePoint] as CharClass;
    if (c === CharClass.Unknown) bmpClasses[codePoint] = c = classify(codePoint);
    return c;
  }
  let c = astralClasses.get(codePoint);
  if (c === undefined) astralClasses.set(codePoint, (c = classify(codePoint)));
  return c;
}

function isApostrophe(code: number): boolean {
  return code === 0x27 || code === 0x2019;
}

function isNumberJoiner(code: number): boolean {
  return code === 0x2e || code === 0x2c || code === 0x3a || code === 0x2f; // . , : /
}

/** Token boundaries of the last scan, reused between calls (the hot path allocates no closures). */
let starts = new Int32Array(256);
let ends = new Int32Array(256);
let numbers = new Uint8Array(256);

function record(n: number, start: number, end: number, isNumber: boolean): void {
  if (n === starts.length) {
    const grow = <T extends Int32Array | Uint8Array>(a: T, make: (len: number) => T): T => {
      const b = make(a.length * 2);
      b.set(a);
      return b;
    };
    starts = grow(starts, (l) => new Int32Array(l));
    ends = grow(ends, (l) => new Int32Array(l));
    numbers = grow(numbers, (l) => new Uint8Array(l));
  }
  starts[n] = start;
  ends[n] = end;
  numbers[n] = isNumber ? 1 : 0;
}

/**
 * Scans `text[from, to)` into the shared boundary arrays, at most `max` tokens, and returns the
 * token count. The one tokenizer behind both exported functions, so offsets and norms agree.
 */
function scan(text: string, from: number, end: number, max: number): number {
  const to = Math.min(end, text.length);
  let i = Math.max(0, from);
  let n = 0;
  while (i < to && n < max) {
    let code = text.charCodeAt(i);
    let width = 1;
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < to) {
      code = text.codePointAt(i)!;
      width = code > 0xffff ? 2 : 1;
    }
    const cls = classOf(code);
    const start = i;
    i += width;
    if (cls === CharClass.Space) continue;
    if (cls === CharClass.Letter) {
      while (i < to) {
        const next = text.codePointAt(i)!;
        const nextClass = classOf(next);
        if (nextClass === CharClass.Letter) i += next > 0xffff ? 2 : 1;
        else if (isApostrophe(next) && i + 1 < to && classOf(text.codePointAt(i + 1)!) === CharClass.Letter) i += 2;
        else break;
      }
      record(n++, start, i, false);
    } else if (cls === CharClass.Digit) {
      while (i < to) {
        const next = text.codePointAt(i)!;
        if (classOf(next) === CharClass.Digit) i += next > 0xffff ? 2 : 1;
        else if (isNumberJoiner(next) && i + 1 < to && classOf(text.codePointAt(i + 1)!) === CharClass.Digit) i += 2;
        else break;
      }
      record(n++, start, i, true);
    } else record(n++, start, i, false);
  }
  return n;
}

export function tokenize(text: string, from = 0, to = text.length): Token[] {
  const n = scan(text, from, to, Infinity);
  const tokens: Token[] = new Array(n);
  for (let k = 0; k < n; k++) tokens[k] = { norm: numbers[k] ? NUMBER : text.slice(starts[k], ends[k]).toLowerCase(), start: starts[k], end: ends[k] };
  return tokens;
}

/** Normalized tokens only (no offsets): the hot path of mining. Stops after `max` tokens. */
export function tokenNorms(text: string, from: number, to: number, max = Infinity): string[] {
  const n = scan(text, from, to, max);
  const out: string[] = new Array(n);
  for (let k = 0; k < n; k++) out[k] = numbers[k] ? NUMBER : text.slice(starts[k], ends[k]).toLowerCase();
  return out;
}

/** How much evidence a run of matching tokens carries: characters, with a CJK character worth two Latin letters. */
export function tokenWeight(norm: string): number {
  if (norm === NUMBER) return 1;
  const c = norm.charCodeAt(0);
  if (norm.length === 1 && c >= 0x2e80) return 2;
  return norm.length;
}

export function isCjkChar(norm: string): boolean {
  return norm.length === 1 && norm.charCodeAt(0) >= 0x2e80;
}
