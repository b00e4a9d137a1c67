/**
 * Necessary literals of a regex: a set of plain strings such that every match of the pattern
 * contains at least one of them (case-folded). The rule engine gates rules on these, so a text
 * without any of them is never scanned by the rule's real patterns. Derived, not declared, so a
 * pack author cannot get it wrong: when a pattern is too loose to yield any, the rule is ungated.
 */
import { parseRegex, type RegexNode } from './regexSyntax';

interface Info {
  /** The node matches exactly one of these strings (null: not a small finite set). */
  exact: string[] | null;
  /** Every match contains one of these (null: unknown). */
  required: string[] | null;
}

const MAX_SET = 64;
/** A necessary set is a union over alternatives; the keyword gate scans any number of literals at once. */
const MAX_REQUIRED = 1024;
const OPAQUE: Info = { exact: null, required: null };
const EMPTY: Info = { exact: [''], required: null };

/** The most selective necessary literal set of `pattern`, lower-cased; null when there is none. */
export function necessaryLiterals(pattern: string): string[] | null {
  try {
    const info = infoOf(parseRegex(pattern));
    return best([info.required, info.exact]);
  } catch {
    return null;
  }
}

/**
 * Whether a cue's literal set can gate it: all its literals at least three Latin letters or one
 * CJK character long (shorter ones let almost every text through).
 */
export function isGateSet(set: string[] | null): set is string[] {
  return set !== null && set.every((s) => s.length >= 3 || /[\u2e80-\uffff]/.test(s));
}

/**
 * Whether a literal set is rare enough that checking it pays for the scan's work on its every
 * occurrence: no literal shorter than four Latin letters (or two CJK characters) or very common.
 */
export function isSelectiveSet(set: string[] | null): set is string[] {
  return isGateSet(set) && set.every((s) => weight(s) >= 4);
}

/** Of several necessary sets (each sufficient on its own), the one with the longest shortest member. */
export function best(sets: Array<string[] | null>): string[] | null {
  let chosen: string[] | null = null;
  for (const s of sets) {
    if (!s || s.length === 0 || s.some((x) => x === '')) continue;
    if (!chosen || rank(s) > rank(chosen)) chosen = s;
  }
  return chosen;
}

function rank(set: string[]): number {
  const shortest = Math.min(...set.map(weight));
  return shortest * 1000 - set.length;
}

/** Words so frequent in prompts that gating on them saves nothing: ranked as if two letters long. */
const COMMON = new Set(
  ('the and for with this that from are was were you your how what which who why can will would should could ' +
    'act give write show make use put set get one two all each any not but have has into about over ' +
    'answer answers response responses output outputs result results solution question prompt data model ' +
    'following given above below provided shown reply text first then government official president leader leaders leadership education great sensitive state people world system').split(' '),
);

/** CJK characters carry about as much information as three Latin letters; under three letters, nothing. */
function weight(literal: string): number {
  if (literal.length < 3 && !/[\u2e80-\uffff]/.test(literal)) return 0;
  if (COMMON.has(literal)) return 2;
  let w = 0;
  for (const ch of literal) w += ch.charCodeAt(0) > 0x2e80 ? 3 : 1;
  return w;
}

function infoOf(node: RegexNode): Info {
  switch (node.kind) {
    case 'alt':
      return alternation(node.branches.map(infoOf));
    case 'seq':
      return sequence(node.items.map(infoOf));
    case 'repeat': {
      if (node.min === 0) return OPAQUE;
      const inner = infoOf(node.node);
      return { exact: null, required: best([inner.required, inner.exact]) };
    }
    case 'char':
      return { exact: [node.char.toLowerCase()], required: null };
    case 'set':
      return OPAQUE;
    case 'empty':
      return EMPTY;
  }
}

function alternation(branches: Info[]): Info {
  const exact = branches.every((b) => b.exact) ? dedupe(branches.flatMap((b) => b.exact ?? [])) : null;
  const requiredSets = branches.map((b) => best([b.required, b.exact]));
  const required = requiredSets.every((r) => r) ? dedupe(requiredSets.flatMap((r) => r ?? [])) : null;
  return { exact: exact && exact.length <= MAX_SET ? exact : null, required: required && required.length <= MAX_REQUIRED ? required : null };
}

/** Runs of exact items multiply out into literals (up to MAX_SET); any item's required set also serves. */
function sequence(items: Info[]): Info {
  const candidates: Array<string[] | null> = [];
  let run: string[] | null = [''];
  const flush = () => {
    if (run) candidates.push(run);
    run = null;
  };
  let allExact = true;
  for (const item of items) {
    candidates.push(item.required);
    if (item.exact) {
      const cross: string[] = (run ?? ['']).flatMap((a) => item.exact!.map((b) => a + b));
      run = cross.length <= MAX_SET ? cross : null;
      if (!run) {
        allExact = false;
        run = item.exact.slice();
      }
    } else {
      allExact = false;
      flush();
      run = [''];
    }
  }
  flush();
  return { exact: allExact ? (run ?? candidates[candidates.length - 1] ?? ['']) : null, required: best(candidates) };
}

function dedupe(list: string[]): string[] {
  return [...new Set(list)];
}
