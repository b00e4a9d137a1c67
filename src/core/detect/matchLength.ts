/**
 * The longest match a regex can produce, in UTF-16 code units (Infinity when a quantifier is
 * unbounded or the pattern is not understood). With it, a cue whose necessary literals occur at
 * known places only needs to be scanned within that distance of them (see engine.ts).
 */
import { parseRegex, type RegexNode } from './regexSyntax';

export function maxMatchLength(pattern: string): number {
  try {
    return longest(parseRegex(pattern));
  } catch {
    return Infinity;
  }
}

function longest(node: RegexNode): number {
  switch (node.kind) {
    case 'alt':
      return Math.max(...node.branches.map(longest));
    case 'seq':
      return node.items.reduce((total, item) => total + longest(item), 0);
    case 'repeat': {
      const one = longest(node.node);
      return one === 0 ? 0 : one * node.max;
    }
    case 'empty':
      return 0;
    default:
      // One character, which may be astral (two code units).
      return 2;
  }
}
