/**
 * Hashed bag-of-features vectors for short texts: Latin words and word bigrams, CJK character
 * bigrams. Used to compare template skeletons (paraphrase families) and by nothing that needs
 * exact vocabulary, so a fixed-size hashed space is enough.
 */
import { isCjkChar, tokenNorms, NUMBER } from './tokenize';

export const FEATURE_DIMENSIONS = 256;

// Words that carry no paraphrase signal; kept tiny and language-neutral on purpose.
const STOP = new Set(['the', 'a', 'an', 'of', 'to', 'and', 'or', 'in', 'on', 'for', 'is', 'are', 'be', 'this', 'that', 'it', 'with', 'as', 'your', 'you', 'i', 'me', 'my', '的', '了', '是', '在', '和']);

export function featureVector(text: string): number[] {
  const v = new Array<number>(FEATURE_DIMENSIONS).fill(0);
  const tokens = tokenNorms(text, 0, text.length).filter((t) => t !== NUMBER && /[\p{L}]/u.test(t));
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const next = tokens[i + 1];
    if (isCjkChar(t)) {
      if (next !== undefined && isCjkChar(next)) v[hash(t + next) % FEATURE_DIMENSIONS] += 1;
      continue;
    }
    if (STOP.has(t)) continue;
    v[hash(stem(t)) % FEATURE_DIMENSIONS] += 1;
  }
  return normalize(v);
}

/** Crude suffix stripping so "reasoning"/"reason", "steps"/"step" meet. */
function stem(word: string): string {
  return word.replace(/(ing|ed|es|s|ly)$/, '') || word;
}

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function normalize(v: number[]): number[] {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  return norm === 0 ? v : v.map((x) => x / norm);
}

export function cosine(a: number[], b: number[]): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
  return dot;
}
