/**
 * The regex subset the rule packs use (RE2 syntax), read once into a tree (parseRegex) that the
 * analyses fold: required literals (literals.ts) and longest match (matchLength.ts).
 */

/**
 * At `(?` (position `i` on the `?`): skips a group header — `(?:`, `(?i:`, `(?P<name>`,
 * `(?<name>` — or a whole flag group such as `(?i)`. Returns the position after it and whether
 * the group ended there (a flag group matches nothing).
 */
export function skipGroupHeader(src: string, i: number): { next: number; closed: boolean } {
  const m = /^\?(?:[a-zA-Z]*:|P?<[A-Za-z_][A-Za-z0-9_]*>|[a-zA-Z]+\))/.exec(src.slice(i));
  if (!m) throw new Error('unsupported group');
  return { next: i + m[0].length, closed: m[0].endsWith(')') };
}

/** At `[`: the position after the character class's closing `]`. */
export function skipClass(src: string, i: number): number {
  i++;
  if (src[i] === '^') i++;
  if (src[i] === ']') i++;
  while (i < src.length && src[i] !== ']') i += src[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** At `\`: the escaped letter and the position after the escape (`\x41`, `\u0041`, `\x{…}`, `\p{…}` included). */
export function skipEscape(src: string, i: number): { letter: string; next: number } {
  const letter = src[i + 1];
  let next = i + 2;
  if ((letter === 'x' || letter === 'u' || letter === 'p' || letter === 'P') && src[next] === '{') next = src.indexOf('}', next) + 1;
  else if (letter === 'x') next += 2;
  else if (letter === 'u') next += 4;
  return { letter, next };
}

/** Escapes that match an empty string (word boundaries and anchors). */
export function isZeroWidthEscape(letter: string): boolean {
  return letter === 'b' || letter === 'B' || letter === 'A' || letter === 'z';
}

/**
 * A pattern of that subset as a tree, for the analyses to fold: groups are transparent, a class,
 * `.` or a class escape (`\d`, `\w`, …) is one character of several, anchors and zero-width
 * escapes match the empty string.
 */
export type RegexNode =
  | { kind: 'alt'; branches: RegexNode[] }
  | { kind: 'seq'; items: RegexNode[] }
  | { kind: 'repeat'; node: RegexNode; min: number; max: number }
  | { kind: 'char'; char: string }
  | { kind: 'set' }
  | { kind: 'empty' };

/** Parses `src`; throws on what the subset does not cover (unsupported groups, unbalanced parentheses). */
export function parseRegex(src: string): RegexNode {
  let i = 0;
  const alternation = (): RegexNode => {
    const branches = [sequence()];
    while (src[i] === '|') {
      i++;
      branches.push(sequence());
    }
    return branches.length === 1 ? branches[0] : { kind: 'alt', branches };
  };
  const sequence = (): RegexNode => {
    const items: RegexNode[] = [];
    while (i < src.length && src[i] !== '|' && src[i] !== ')') items.push(quantified());
    return { kind: 'seq', items };
  };
  const quantified = (): RegexNode => {
    const node = atom();
    let min = 1;
    let max = 1;
    const c = src[i];
    if (c === '*' || c === '+' || c === '?') {
      i++;
      [min, max] = c === '*' ? [0, Infinity] : c === '+' ? [1, Infinity] : [0, 1];
    } else if (c === '{') {
      const m = /^\{(\d*)(,(\d*))?\}/.exec(src.slice(i));
      if (!m) return node;
      i += m[0].length;
      min = Number(m[1] || '0');
      max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
    } else return node;
    if (src[i] === '?') i++; // lazy
    return { kind: 'repeat', node, min, max };
  };
  const atom = (): RegexNode => {
    const c = src[i];
    if (c === '(') {
      i++;
      if (src[i] === '?') {
        const header = skipGroupHeader(src, i);
        i = header.next;
        if (header.closed) return { kind: 'empty' };
      }
      const inner = alternation();
      if (src[i] !== ')') throw new Error('unbalanced');
      i++;
      return inner;
    }
    if (c === '[') {
      i = skipClass(src, i);
      return { kind: 'set' };
    }
    if (c === '\\') {
      const escape = skipEscape(src, i);
      i = escape.next;
      if (isZeroWidthEscape(escape.letter)) return { kind: 'empty' };
      return /[A-Za-z0-9]/.test(escape.letter) ? { kind: 'set' } : { kind: 'char', char: escape.letter };
    }
    i++;
    if (c === '^' || c === '$') return { kind: 'empty' };
    return c === '.' ? { kind: 'set' } : { kind: 'char', char: c };
  };
  const tree = alternation();
  if (i !== src.length) throw new Error('unbalanced');
  return tree;
}

/**
 * The alternatives of `src` at its top level, with every non-capturing group that wraps a whole
 * alternative opened up: `(?:a|(?:b|c))|d` → `a`, `b`, `c`, `d`. A match of `src` is a match of
 * one of them; in order, they are the order in which the regex tries them.
 */
export function topLevelAlternatives(src: string): string[] {
  const out: string[] = [];
  for (const part of splitTopLevel(src)) {
    const inner = wholeGroupBody(part);
    if (inner === null) out.push(part);
    else out.push(...topLevelAlternatives(inner));
  }
  return out;
}

/** `src` cut at its depth-0 `|`. */
function splitTopLevel(src: string): string[] {
  const parts: string[] = [];
  let start = 0;
  forEachStructural(src, (c, i, depth) => {
    if (c === '|' && depth === 0) {
      parts.push(src.slice(start, i));
      start = i + 1;
    }
  });
  parts.push(src.slice(start));
  return parts;
}

/** The body of `(?:body)` when that group is all of `part` (unquantified), else null. */
function wholeGroupBody(part: string): string | null {
  if (!part.startsWith('(?:') || !part.endsWith(')')) return null;
  let closesEarly = false;
  forEachStructural(part, (c, i, depth) => {
    if (c === ')' && depth === 0 && i !== part.length - 1) closesEarly = true;
  });
  return closesEarly ? null : part.slice(3, -1);
}

/**
 * Visits the characters of `src` outside escapes and character classes, with the group depth
 * around each (a `)` is visited at the depth it closes to).
 */
function forEachStructural(src: string, visit: (c: string, i: number, depth: number) => void): void {
  let depth = 0;
  for (let i = 0; i < src.length; ) {
    const c = src[i];
    if (c === '\\') i = skipEscape(src, i).next;
    else if (c === '[') i = skipClass(src, i);
    else {
      if (c === '(') depth++;
      else if (c === ')') depth--;
      visit(c, i, depth);
      i++;
    }
  }
}
