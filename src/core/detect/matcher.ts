/**
 * Pattern matching behind one small interface, so a rule does not care which engine runs it:
 * - user patterns run on re2js (linear time: a hostile or careless regex cannot hang an analysis);
 * - built-in patterns run on V8's RegExp (several times faster) after `assertBacktrackSafe`
 *   has proved they have no nested quantifier, the shape that makes backtracking blow up.
 * Every pattern, built-in or not, must compile under RE2 so the two engines accept one syntax
 * (user packs are checked on load, the built-ins by a unit test).
 */
import { RE2JS } from 're2js';
import { skipClass, topLevelAlternatives } from './regexSyntax';

/** `[start, end)` of one match in the scanned text. */
export type MatchRange = [number, number];

export interface Matcher {
  readonly source: string;
  /** All non-overlapping matches, at most `limit` of them. */
  findAll(text: string, limit: number): MatchRange[];
  /** Whether the pattern matches anywhere in `text`. */
  test(text: string): boolean;
  /**
   * The pattern's top-level alternatives (see `topLevelAlternatives`) when it has enough of them
   * for `findAllOf` to pay.
   */
  readonly alternatives?: readonly string[];
  /**
   * `findAll` run on only some alternatives (ascending indices): the same matches, as long as the
   * others cannot match in `text` (the caller knows from their required literals). A big
   * alternation costs at every position; the few alternatives whose literals occur cost little.
   */
  findAllOf?(text: string, limit: number, only: readonly number[]): MatchRange[];
}

/** Alternatives below which a pattern is always run whole. */
const MIN_ALTERNATIVES = 4;

/** Throws a plain message (the caller adds the file and rule id) when `source` is not valid RE2. */
export function checkRe2Syntax(source: string): void {
  try {
    RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
  } catch (e) {
    throw new Error(`regex does not compile: ${(e as Error).message}`);
  }
}

export function re2Matcher(source: string): Matcher {
  checkRe2Syntax(source);
  const re = RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
  return {
    source,
    findAll(text, limit) {
      const out: MatchRange[] = [];
      const m = re.matcher(text);
      let from = 0;
      while (out.length < limit && from <= text.length && m.find(from)) {
        const start = m.start();
        const end = m.end();
        out.push([start, end]);
        from = end > start ? end : end + 1;
      }
      return out;
    },
    test(text) {
      return re.matcher(text).find();
    },
  };
}

/**
 * For built-in patterns only (their RE2 compatibility, and that none matches the empty string, are
 * checked by unit tests, not at every start).
 */
export function nativeMatcher(source: string): Matcher {
  assertBacktrackSafe(source);
  // One regex for findAll and test: V8 compiles each RegExp object on first use, and the big cues
  // cost milliseconds each to compile.
  const global = new RegExp(source, 'gi');
  // A repeated alternative (two vocabulary entries sharing a phrase) can never win over its first
  // copy, which matches at the same places: run it once.
  const alternatives = [...new Set(topLevelAlternatives(source))];
  const alternativeRegexes: Array<RegExp | undefined> = [];
  const regexOf = (i: number): RegExp => (alternativeRegexes[i] ??= new RegExp(alternatives[i], 'gi'));
  return {
    source,
    alternatives: alternatives.length >= MIN_ALTERNATIVES ? alternatives : undefined,
    findAllOf(text, limit, only) {
      if (only.length === alternatives.length) return this.findAll(text, limit);
      return leftmostFirst(text, limit, only.map(regexOf));
    },
    findAll(text, limit) {
      const out: MatchRange[] = [];
      global.lastIndex = 0;
      let m: RegExpExecArray | null;
      while (out.length < limit && (m = global.exec(text)) !== null) {
        out.push([m.index, m.index + m[0].length]);
        if (m[0].length === 0) global.lastIndex++;
      }
      return out;
    },
    test(text) {
      global.lastIndex = 0;
      return global.test(text);
    },
  };
}

/**
 * What a global regex `a|b|c…` finds, from regexes of some of its alternatives (in their order):
 * each match starts at the leftmost position any of them matches, where the first of them that
 * matches there wins; the next search starts at its end (one further after an empty match).
 */
function leftmostFirst(text: string, limit: number, regexes: RegExp[]): MatchRange[] {
  const out: MatchRange[] = [];
  // Per alternative, its leftmost match at or after where it was last searched from: start and
  // end, -1 before the first search, -2 once it has no match left.
  const starts = new Int32Array(regexes.length).fill(-1);
  const ends = new Int32Array(regexes.length);
  let from = 0;
  while (out.length < limit && from <= text.length) {
    let best = -1;
    for (let i = 0; i < regexes.length; i++) {
      if (starts[i] === -1 || (starts[i] >= 0 && starts[i] < from)) {
        const re = regexes[i];
        re.lastIndex = from;
        const found = re.exec(text);
        starts[i] = found ? found.index : -2;
        ends[i] = found ? found.index + found[0].length : 0;
      }
      if (starts[i] >= 0 && (best < 0 || starts[i] < starts[best])) best = i;
    }
    if (best < 0) break;
    out.push([starts[best], ends[best]]);
    from = ends[best] > starts[best] ? ends[best] : ends[best] + 1;
  }
  return out;
}

/**
 * Rejects a quantifier applied to a group that itself contains an unbounded or large quantifier
 * (`(a+)+`, `(\w*\s?)*`, `(x{1,9}){2,}`): with those, a failing match can backtrack exponentially.
 * Bounded outer repeats of small groups such as `(?:\s+\w+){0,3}` are allowed: their cost is
 * polynomial with a small fixed degree.
 */
export function assertBacktrackSafe(source: string): void {
  // Stack of "does this open group contain a quantifier?" flags.
  const stack: boolean[] = [];
  let i = 0;
  const quantAt = (j: number): { len: number; unbounded: boolean; max: number } | null => {
    const c = source[j];
    if (c === '*' || c === '+') return { len: source[j + 1] === '?' ? 2 : 1, unbounded: true, max: Infinity };
    if (c === '?') return { len: source[j + 1] === '?' ? 2 : 1, unbounded: false, max: 1 };
    if (c === '{') {
      const m = /^\{(\d*)(,(\d*))?\}\??/.exec(source.slice(j));
      if (!m) return null;
      const max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
      return { len: m[0].length, unbounded: max === Infinity, max };
    }
    return null;
  };
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') {
      i += 2;
      const q = quantAt(i);
      if (q) {
        markQuantified(stack, q.max);
        i += q.len;
      }
      continue;
    }
    if (c === '[') {
      i = skipClass(source, i);
      const q = quantAt(i);
      if (q) {
        markQuantified(stack, q.max);
        i += q.len;
      }
      continue;
    }
    if (c === '(') {
      stack.push(false);
      i++;
      continue;
    }
    if (c === ')') {
      const innerQuantified = stack.pop() ?? false;
      i++;
      const q = quantAt(i);
      if (q) {
        if (innerQuantified && (q.unbounded || q.max > 4)) {
          throw new Error(`nested quantifier near "${source.slice(Math.max(0, i - 20), i + q.len)}" can backtrack exponentially`);
        }
        markQuantified(stack, q.max);
        i += q.len;
      } else if (innerQuantified && stack.length > 0) {
        stack[stack.length - 1] = true;
      }
      continue;
    }
    i++;
    const q = quantAt(i);
    if (q) {
      markQuantified(stack, q.max);
      i += q.len;
    }
  }
}

function markQuantified(stack: boolean[], max: number): void {
  if (stack.length > 0 && max > 1) stack[stack.length - 1] = true;
}
