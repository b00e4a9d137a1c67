/**
 * Tokens of the regex subset the rule packs use (RE2 syntax), shared by the analyses that walk a
 * pattern: required literals (literals.ts) and longest match (matchLength.ts).
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
