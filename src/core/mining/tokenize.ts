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

/**
 * Scans `text[from, to)` and calls `emit(start, end, isNumber)` per token until it returns false.
 * The one tokenizer behind both exported functions, so offsets and norms always agree.
 */
function scan(text: string, from: number, end: number, emit: (start: number, end: number, isNumber: boolean) => boolean): void {
  const to = Math.min(end, text.length);
  let i = Math.max(0, from);
  while (i < to) {
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
      if (!emit(start, i, false)) return;
    } else if (cls === CharClass.Digit) {
      while (i < to) {
        const next = text.codePointAt(i)!;
        if (classOf(next) === CharClass.Digit) i += next > 0xffff ? 2 : 1;
        else if (isNumberJoiner(next) && i + 1 < to && classOf(text.codePointAt(i + 1)!) === CharClass.Digit) i += 2;
        else break;
      }
      if (!emit(start, i, true)) return;
    } else if (!emit(start, i, false)) return;
  }
}

export function tokenize(text: string, from = 0, to = text.length): Token[] {
  const tokens: Token[] = [];
  scan(text, from, to, (start, end, isNumber) => {
    tokens.push({ norm: isNumber ? NUMBER : text.slice(start, end).toLowerCase(), start, end });
    return true;
  });
  return tokens;
}

/** Normalized tokens only (no offsets): the hot path of mining. Stops after `max` tokens. */
export function tokenNorms(text: string, from: number, to: number, max = Infinity): string[] {
  const out: string[] = [];
  scan(text, from, to, (start, end, isNumber) => {
    out.push(isNumber ? NUMBER : text.slice(start, end).toLowerCase());
    return out.length < max;
  });
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
