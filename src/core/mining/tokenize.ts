/**
 * Tokens for template mining. Latin-script words, numbers (masked: a number is always a slot)
 * and punctuation as usual; Han, Kana and Hangul one character per token, because Chinese and
 * Japanese prompts have no spaces and a whitespace tokenizer would see one giant token.
 */

export interface Token {
  /** Normalized form used for matching (lower-cased; numbers become NUMBER). */
  norm: string;
  /** UTF-16 offsets of the token in the text it came from. */
  start: number;
  end: number;
}

export const NUMBER = '\u0000n';

// One alternative per token class; the order matters (CJK before generic letters).
const TOKEN_RE =
  /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])|(\p{N}+(?:[.,:/]\p{N}+)*)|([\p{L}\p{M}_]+(?:['’][\p{L}]+)*)|([^\s\p{L}\p{N}\p{M}])/gu;

export function tokenize(text: string, from = 0, to = text.length): Token[] {
  const tokens: Token[] = [];
  const slice = from === 0 && to === text.length ? text : text.slice(from, to);
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(slice); m; m = TOKEN_RE.exec(slice)) {
    const start = from + m.index;
    const end = start + m[0].length;
    const norm = m[2] !== undefined ? NUMBER : m[0].toLowerCase();
    tokens.push({ norm, start, end });
  }
  return tokens;
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

/** Normalized tokens only (no offsets): the hot path of mining. Stops after `max` tokens. */
export function tokenNorms(text: string, from: number, to: number, max = Infinity): string[] {
  const out: string[] = [];
  const slice = from === 0 && to === text.length ? text : text.slice(from, to);
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(slice); m && out.length < max; m = TOKEN_RE.exec(slice)) {
    out.push(m[2] !== undefined ? NUMBER : m[0].toLowerCase());
  }
  return out;
}
