/**
 * Necessary literals of a regex: a set of plain strings such that every match of the pattern
 * contains at least one of them (case-folded). The rule engine gates rules on these, so a text
 * without any of them is never scanned by the rule's real patterns. Derived, not declared, so a
 * pack author cannot get it wrong: when a pattern is too loose to yield any, the rule is ungated.
 */
import { isZeroWidthEscape, skipClass, skipEscape, skipGroupHeader } from './regexSyntax';

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
    const parsed = new Parser(pattern).parse();
    return best([parsed.required, parsed.exact]);
  } catch {
    return null;
  }
}

/**
 * The literal sets a rule is gated on, one per cue that yields a set whose literals are all at
 * least three Latin letters or one CJK character long (shorter ones let almost every text through).
 */
export function gateSets(cueSets: Array<string[] | null>): string[][] {
  return cueSets.filter(isGateSet);
}

export function isGateSet(set: string[] | null): set is string[] {
  return set !== null && set.every((s) => s.length >= 3 || /[\u2e80-\uffff]/.test(s));
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

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): Info {
    const info = this.alternation();
    if (this.i !== this.src.length) throw new Error('unbalanced');
    return info;
  }

  private alternation(): Info {
    const branches: Info[] = [this.sequence()];
    while (this.src[this.i] === '|') {
      this.i++;
      branches.push(this.sequence());
    }
    if (branches.length === 1) return branches[0];
    const exact = branches.every((b) => b.exact) ? dedupe(branches.flatMap((b) => b.exact ?? [])) : null;
    const requiredSets = branches.map((b) => best([b.required, b.exact]));
    const required = requiredSets.every((r) => r) ? dedupe(requiredSets.flatMap((r) => r ?? [])) : null;
    return { exact: exact && exact.length <= MAX_SET ? exact : null, required: required && required.length <= MAX_REQUIRED ? required : null };
  }

  private sequence(): Info {
    const candidates: Array<string[] | null> = [];
    let run: string[] | null = [''];
    const flush = () => {
      if (run) candidates.push(run);
      run = null;
    };
    let allExact = true;
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const item = this.quantified();
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
    return { exact: allExact ? run ?? candidates[candidates.length - 1] ?? [''] : null, required: best(candidates) };
  }

  private quantified(): Info {
    const atom = this.atom();
    const c = this.src[this.i];
    if (c === '?' || c === '*') {
      this.i++;
      if (this.src[this.i] === '?') this.i++;
      return OPAQUE;
    }
    if (c === '+') {
      this.i++;
      if (this.src[this.i] === '?') this.i++;
      return { exact: null, required: best([atom.required, atom.exact]) };
    }
    if (c === '{') {
      const m = /^\{(\d*)(?:,(\d*))?\}\??/.exec(this.src.slice(this.i));
      if (m) {
        this.i += m[0].length;
        const min = Number(m[1] || '0');
        return min === 0 ? OPAQUE : { exact: null, required: best([atom.required, atom.exact]) };
      }
    }
    return atom;
  }

  private atom(): Info {
    const c = this.src[this.i];
    if (c === '(') {
      this.i++;
      if (this.src[this.i] === '?') {
        const header = skipGroupHeader(this.src, this.i);
        this.i = header.next;
        if (header.closed) return EMPTY;
      }
      const inner = this.alternation();
      if (this.src[this.i] !== ')') throw new Error('unbalanced');
      this.i++;
      return inner;
    }
    if (c === '[') {
      this.i = skipClass(this.src, this.i);
      return OPAQUE;
    }
    if (c === '\\') {
      const escape = skipEscape(this.src, this.i);
      this.i = escape.next;
      if (isZeroWidthEscape(escape.letter)) return EMPTY;
      return /[A-Za-z0-9]/.test(escape.letter) ? OPAQUE : { exact: [escape.letter.toLowerCase()], required: null };
    }
    if (c === '^' || c === '$') {
      this.i++;
      return EMPTY;
    }
    this.i++;
    if (c === '.') return OPAQUE;
    return { exact: [c.toLowerCase()], required: null };
  }
}

function dedupe(list: string[]): string[] {
  return [...new Set(list)];
}
