/**
 * Compiles validated packs into a RuleSet and evaluates it on one text.
 *
 * A rule fires when every one of its cues matches inside one stretch of at most `window`
 * characters (the smallest such stretch is the hit) and no veto matches near it. Cost control:
 * each cue gets the literals every one of its matches contains (derived from the pattern, see
 * literals.ts); one Aho-Corasick pass over the text for all of them (keywordGate.ts) tells which
 * cues *could* match, and a rule is evaluated only when all of its gated cues could. A rule then
 * stops at its first missing cue. Cues too loose to yield literals are simply not gated. A cue
 * that is a long alternation (most are, once vocabularies are expanded) runs only the
 * alternatives whose own literals the same scan found (`Matcher.findAllOf`).
 */
import { expandVocab, RulePackError, type PackSpec, type RuleSpec } from './ruleSchema';
import { nativeMatcher, re2Matcher, type Matcher, type MatchRange } from './matcher';
import { isGateSet, isSelectiveSet, necessaryLiterals } from './literals';
import { maxMatchLength } from './matchLength';
import { KeywordGate, type GateScan } from './keywordGate';
import { foldTraditional } from './hant';

/** Matches collected per cue; enough for the proximity search on any realistic prompt. */
const MAX_MATCHES_PER_CUE = 64;

/** Literal occurrences listed per set before the gate reports "all over the text". */
const MAX_GATE_POSITIONS = 32;

/**
 * A turn-wide rule (`"window": "turn"`) looks at this many characters at each end of a turn:
 * campaign instructions sit before or after their payload, and the cap bounds the work on a
 * huge pasted document.
 */
export const TURN_SCAN_CHARS = 6000;

/** A rule ready to run: its spec's identity and window, with compiled cue matchers. */
export interface CompiledRule extends Pick<RuleSpec, 'id' | 'family' | 'severity' | 'description' | 'scope' | 'window'> {
  cues: Matcher[];
  veto: Matcher | null;
  /** Per gated cue, lower-cased literals one of which each of its matches contains ([] = ungated rule). */
  keywords: string[][];
  /** Per cue, its gate literals (null: not gated) and the longest match it can produce. */
  cueKeywords: Array<string[] | null>;
  cueMaxLength: number[];
  /**
   * Per cue whose matcher splits into alternatives: each alternative's literal set in the gate
   * (-1: not gated, always run), so only the alternatives whose literals occur are run.
   */
  cueAlternativeSets: Array<Int32Array | null>;
  /** Where it came from ("built-in" or a pack file), for messages. */
  origin: string;
  /** Built-in: runs on V8 RegExp; otherwise on re2js. */
  trusted: boolean;
}

export interface RuleSet {
  readonly rules: readonly CompiledRule[];
  /** Keyword gate; rules without gated cues are always candidates. */
  readonly gate: RuleGate;
}

export interface RawHit {
  rule: CompiledRule;
  start: number;
  end: number;
}

/** `trusted` packs (the built-ins) run on V8 RegExp after the backtracking check; others on re2js. */
export function compilePacks(packs: ReadonlyArray<{ spec: PackSpec; trusted: boolean }>, baseVocab: Record<string, string[]> = {}): RuleSet {
  const byId = new Map<string, CompiledRule>();
  const matchers = new Map<string, Matcher>();
  for (const { spec, trusted } of packs) {
    const vocab = { ...baseVocab, ...spec.vocab };
    for (const id of spec.disabledIds) byId.delete(id);
    for (const rule of spec.rules) {
      if (rule.disabled) {
        byId.delete(rule.id);
        continue;
      }
      byId.set(rule.id, compileRule(rule, vocab, trusted, spec.file, matchers));
    }
  }
  const rules = [...byId.values()];
  return { rules, gate: buildGate(rules) };
}

interface RuleGate {
  scanner: KeywordGate;
  /** Per rule, the indices (bits) of the literal sets that must all occur. */
  needs: number[][];
  /** Per rule and cue, the index of the cue's literal set (-1: not gated). */
  cueSets: number[][];
  /** Candidates on a text where no literal occurs: the rules without gated cues. */
  ungated: Candidate[];
}

function buildGate(rules: CompiledRule[]): RuleGate {
  const setIndex = new Map<string, number>();
  const sets: string[][] = [];
  const indexOf = (set: string[]): number => {
    const key = [...set].sort().join('\u0000');
    let i = setIndex.get(key);
    if (i === undefined) {
      setIndex.set(key, (i = sets.length));
      sets.push(set);
    }
    return i;
  };
  const cueSets = rules.map((r) => r.cueKeywords.map((set) => (set ? indexOf(set) : -1)));
  const needs = cueSets.map((perCue) => perCue.filter((k) => k >= 0));
  const ungated = rules.filter((_r, i) => needs[i].length === 0).map((rule) => ({ rule, regions: null, cueRegions: null }));
  // Sets the rules need come first: the scan lists where those occur; for alternatives, only whether.
  const positionSets = sets.length;
  const alternativeSets = new Map<Matcher, Int32Array | null>();
  for (const rule of rules) {
    rule.cueAlternativeSets = rule.cues.map((cue) => {
      if (!alternativeSets.has(cue)) alternativeSets.set(cue, cue.alternatives ? literalSetsOf(cue.alternatives, indexOf) : null);
      return alternativeSets.get(cue)!;
    });
  }
  return { scanner: new KeywordGate(sets, positionSets), needs, cueSets, ungated };
}

/** Each alternative's literal set index (-1: none); null when too few are gated to be worth it. */
function literalSetsOf(alternatives: readonly string[], indexOf: (set: string[]) => number): Int32Array | null {
  const literalSets = alternatives.map((alternative) => {
    const set = necessaryLiterals(alternative);
    return isSelectiveSet(set) ? set : null;
  });
  if (literalSets.filter((set) => set !== null).length < 2) return null;
  return Int32Array.from(literalSets, (set) => (set ? indexOf(set) : -1));
}

/** The alternatives of a cue that can match in a text whose gate found `bits` (null: all of them). */
function possibleAlternatives(sets: Int32Array, bits: Uint32Array | null): number[] | null {
  const only: number[] = [];
  for (let i = 0; i < sets.length; i++) {
    const k = sets[i];
    if (k < 0 || (bits !== null && k >>> 5 < bits.length && (bits[k >>> 5] & (1 << (k & 31))) !== 0)) only.push(i);
  }
  return only.length === sets.length ? null : only;
}

function compileRule(rule: RuleSpec, vocab: Record<string, string[]>, trusted: boolean, file: string, matchers: Map<string, Matcher>): CompiledRule {
  const fail = (problem: string): never => {
    throw new RulePackError(`${file}: rule "${rule.id}": ${problem}`);
  };
  const build = (patterns: string[], what: string): Matcher => {
    const source = patterns.map((p) => `(?:${foldTraditional(expandDeep(p, vocab, fail))})`).join('|');
    const key = `${trusted ? 'native' : 're2'}:${source}`;
    const known = matchers.get(key);
    if (known) return known;
    try {
      const m = trusted ? nativeMatcher(source) : re2Matcher(source);
      matchers.set(key, m);
      // Built-ins are checked by a unit test: testing compiles the regex, ~0.4 s for all of them at every start.
      if (!trusted && m.test('')) fail(`${what} matches the empty string`);
      return m;
    } catch (e) {
      if (e instanceof RulePackError) throw e;
      // Name the offending alternative, not the whole alternation.
      for (const p of patterns) {
        try {
          (trusted ? nativeMatcher : re2Matcher)(foldTraditional(expandDeep(p, vocab, fail)));
        } catch (inner) {
          return fail(`${what}: ${(inner as Error).message} in ${JSON.stringify(p)}`);
        }
      }
      return fail(`${what}: ${(e as Error).message}`);
    }
  };
  const compiled: CompiledRule = {
    id: rule.id,
    family: rule.family,
    severity: rule.severity,
    description: rule.description,
    scope: rule.scope,
    window: rule.window,
    cues: rule.all.map((cue, i) => build(cue, `cue ${i + 1}`)),
    veto: rule.none.length > 0 ? build(rule.none, '"none"') : null,
    keywords: [],
    cueKeywords: [],
    cueMaxLength: [],
    cueAlternativeSets: [],
    origin: file,
    trusted,
  };
  compiled.cueKeywords = compiled.cues.map((cue) => {
    const set = necessaryLiterals(cue.source);
    return isGateSet(set) ? set : null;
  });
  compiled.keywords = compiled.cueKeywords.filter((set): set is string[] => set !== null);
  compiled.cueMaxLength = compiled.cues.map((cue) => maxMatchLength(cue.source));
  return compiled;
}

/** Vocabulary entries may use other entries; three levels is plenty and stops cycles. */
function expandDeep(pattern: string, vocab: Record<string, string[]>, fail: (p: string) => never): string {
  let out = pattern;
  for (let depth = 0; depth < 4 && out.includes('{{'); depth++) out = expandVocab(out, vocab, fail);
  if (/\{\{[A-Za-z0-9_]+\}\}/.test(out)) fail('vocabulary references nest too deeply (or form a cycle)');
  return out;
}

export interface Candidate {
  rule: CompiledRule;
  /** Where a hit can lie (near the occurrences of its rarest gated literal set); null: anywhere. */
  regions: MatchRange[] | null;
  /**
   * Per cue, where its matches can lie (near its literals, when they occur at few known places
   * and the cue's matches have a bounded length); null entries or null: no restriction.
   */
  cueRegions: Array<MatchRange[] | null> | null;
}

/** One keyword-gate pass over `text` (which literal sets occur, and where). */
export function scanGate(set: RuleSet, text: string): GateScan {
  return set.gate.scanner.scan(text, MAX_GATE_POSITIONS);
}

/**
 * The gate scan of `a + joiner + b` from the scans of `a` and `b`: only the few characters
 * around the joiner are scanned again, for literals that span it. Equal to scanning the joined
 * text (tested), at a fraction of the cost.
 */
export function joinGateScans(set: RuleSet, a: string, scanA: GateScan, joiner: string, b: string, scanB: GateScan): GateScan {
  const { scanner } = set.gate;
  const reach = Math.max(0, scanner.longestLiteral - 1);
  const headFrom = Math.max(0, a.length - reach);
  const seam = scanner.scan(`${a.slice(headFrom)}${joiner}${b.slice(0, reach)}`, MAX_GATE_POSITIONS);
  const offset = a.length + joiner.length;
  const words = Math.max(scanA.bits?.length ?? 0, scanB.bits?.length ?? 0, seam.bits?.length ?? 0);
  if (words === 0) return { bits: null, ends: null };
  const bits = new Uint32Array(words);
  // As a scan gives them: none listed (null) while no set the rules need occurs.
  let ends: Array<number[] | null | undefined> | null = null;
  for (let w = 0; w < words; w++) bits[w] = (scanA.bits?.[w] ?? 0) | (scanB.bits?.[w] ?? 0) | (seam.bits?.[w] ?? 0);
  for (let k = 0; k < scanner.positionSets; k++) {
    if ((bits[k >>> 5] & (1 << (k & 31))) === 0) continue;
    ends ??= new Array<number[] | null | undefined>(scanner.positionSets);
    const fromA = scanA.ends?.[k];
    const fromB = scanB.ends?.[k];
    const atSeam = seam.ends?.[k];
    if (fromA === null || fromB === null || atSeam === null) {
      ends[k] = null;
      continue;
    }
    // Seam occurrences that end past `a` and are not wholly inside `b` (those `scanB` has).
    const fromSeam = (atSeam ?? []).map((e) => e + headFrom).filter((e) => e > a.length && !(fromB ?? []).includes(e - offset));
    const all = [...(fromA ?? []), ...fromSeam, ...(fromB ?? []).map((e) => e + offset)];
    if (fromSeam.length > 0) all.sort((x, y) => x - y);
    ends[k] = all.length > MAX_GATE_POSITIONS ? null : all;
  }
  return { bits, ends };
}

/**
 * The rules worth evaluating on `text` (in rule order): those all of whose gated cues could
 * match. `scan` is the gate scan of `text` when the caller already has it.
 */
export function candidateRules(set: RuleSet, text: string, scan: GateScan = scanGate(set, text)): Candidate[] {
  const { scanner, needs, cueSets, ungated } = set.gate;
  const { bits, ends } = scan;
  if (bits === null || ends === null) return ungated;
  const out: Candidate[] = [];
  for (let i = 0; i < set.rules.length; i++) {
    const rule = set.rules[i];
    const need = needs[i];
    let rarest: number[] | null = null;
    let rarestSet = -1;
    let passes = true;
    for (let j = 0; j < need.length && passes; j++) {
      const k = need[j];
      const at = ends[k];
      if ((bits[k >>> 5] & (1 << (k & 31))) === 0 || at === undefined) passes = false;
      else if (at !== null && (rarest === null || at.length < rarest.length)) {
        rarest = at;
        rarestSet = k;
      }
    }
    if (!passes) continue;
    const cueRegions = regionsPerCue(rule, cueSets[i], ends, scanner.longest, text.length);
    if (rarest === null || rule.window === Infinity) {
      out.push({ rule, regions: rule.window === Infinity ? turnRegions(text.length) : null, cueRegions });
      continue;
    }
    // A hit spans at most `window` characters and contains one of these literal occurrences.
    const reach = rule.window + scanner.longest[rarestSet];
    out.push({ rule, regions: nearRegions(rarest.map((end) => [end, end] as MatchRange), reach, text.length), cueRegions });
  }
  return out;
}

/** A match of a cue of bounded length contains one of its literals: it lies within that length of one. */
function regionsPerCue(rule: CompiledRule, sets: number[], ends: Array<number[] | null | undefined>, longest: number[], length: number): Array<MatchRange[] | null> | null {
  let out: Array<MatchRange[] | null> | null = null;
  for (let c = 0; c < sets.length; c++) {
    const k = sets[c];
    const at = k >= 0 ? ends[k] : null;
    const max = rule.cueMaxLength[c];
    if (!at || max === Infinity) continue;
    out ??= new Array<MatchRange[] | null>(sets.length).fill(null);
    out[c] = nearRegions(at.map((end) => [end, end] as MatchRange), max + longest[k], length);
  }
  return out;
}

/** Cue matches already computed on the current text, shared by rules with the same cue and regions. */
export type CueMemo = Map<Matcher, Map<string, MatchRange[]>>;

/**
 * The first hit of `rule` in `text`, or null. `regions` (from candidateRules) limits where cues
 * are looked for; pass one `memo` per text when evaluating several rules, and the text's gate
 * `bits` (from its scan) to run only the alternatives of a cue whose literals occur.
 */
export function evaluateRule(
  rule: CompiledRule,
  text: string,
  memo?: CueMemo,
  regions: MatchRange[] | null = null,
  cueRegions: Array<MatchRange[] | null> | null = null,
  bits?: Uint32Array | null,
): RawHit | null {
  const whole: MatchRange[] = [[0, text.length]];
  const turnWide = rule.window === Infinity;
  const firstRegions = regions ?? (turnWide ? turnRegions(text.length) : null) ?? whole;
  const within = (c: number, where: MatchRange[]): MatchRange[] => {
    const own = cueRegions?.[c];
    return own ? intersectRegions(where, own) : where;
  };
  const onlyFor = (c: number) => (): number[] | null => {
    const sets = rule.cueAlternativeSets[c];
    return sets && bits !== undefined ? possibleAlternatives(sets, bits) : null;
  };
  const first = cueMatches(rule.cues[0], text, within(0, firstRegions), memo, onlyFor(0));
  if (first.length === 0) return null;
  // Other cues only matter within `window` of a first-cue match: scan just those regions.
  const near = turnWide ? firstRegions : nearRegions(first, rule.window, text.length);
  const perCue: MatchRange[][] = [first];
  for (let c = 1; c < rule.cues.length; c++) {
    const found = cueMatches(rule.cues[c], text, within(c, near), memo, onlyFor(c));
    if (found.length === 0) return null;
    perCue.push(found);
  }
  if (turnWide && rule.veto && rule.veto.test(text)) return null;
  for (const [start, end] of smallestCovers(perCue, rule.window, rule.veto === null || turnWide)) {
    if (rule.veto && !turnWide) {
      const from = Math.max(0, start - rule.window);
      const region = text.slice(from, Math.min(text.length, end + rule.window));
      if (rule.veto.test(region)) continue;
    }
    return { rule, start, end };
  }
  return null;
}

/** The stretches covered by both sorted, merged region lists. */
function intersectRegions(a: MatchRange[], b: MatchRange[]): MatchRange[] {
  const out: MatchRange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const from = Math.max(a[i][0], b[j][0]);
    const to = Math.min(a[i][1], b[j][1]);
    if (from < to) out.push([from, to]);
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return out;
}

/**
 * A cue's matches within `regions`, computed once per text and regions when a memo is given (`only`
 * gives the alternatives that can match; it depends on the text alone, and is asked on a miss only).
 */
function cueMatches(cue: Matcher, text: string, regions: MatchRange[], memo: CueMemo | undefined, only: () => number[] | null): MatchRange[] {
  if (!memo) return findInRegions(cue, text, regions, only());
  const key = regions.length === 1 ? `${regions[0][0]},${regions[0][1]}` : regions.map((r) => r.join(',')).join(';');
  let byRegion = memo.get(cue);
  const known = byRegion?.get(key);
  if (known) return known;
  const found = findInRegions(cue, text, regions, only());
  if (!byRegion) memo.set(cue, (byRegion = new Map()));
  byRegion.set(key, found);
  return found;
}

/** The head and tail of a turn a turn-wide rule scans (the whole turn when it is short). */
function turnRegions(length: number): MatchRange[] | null {
  if (length <= 2 * TURN_SCAN_CHARS) return null;
  return [
    [0, TURN_SCAN_CHARS],
    [length - TURN_SCAN_CHARS, length],
  ];
}

/** `[from, to)` stretches within `window` of any match, merged. */
function nearRegions(matches: MatchRange[], window: number, length: number): MatchRange[] {
  const out: MatchRange[] = [];
  for (const [s, e] of matches) {
    const from = Math.max(0, s - window);
    const to = Math.min(length, e + window);
    const last = out[out.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}

/**
 * Matches lying wholly inside the regions. Each region is scanned as a slice that starts one
 * character early, so `\b` and look-behind-like context at its edge see the real text; a match
 * starting on that extra character is dropped.
 */
function findInRegions(cue: Matcher, text: string, regions: MatchRange[], only: number[] | null): MatchRange[] {
  if (only !== null && only.length === 0) return [];
  const findAll = (t: string): MatchRange[] => (only !== null && cue.findAllOf ? cue.findAllOf(t, MAX_MATCHES_PER_CUE, only) : cue.findAll(t, MAX_MATCHES_PER_CUE));
  if (regions.length === 1 && regions[0][0] === 0 && regions[0][1] === text.length) return findAll(text);
  const out: MatchRange[] = [];
  for (const [from, to] of regions) {
    const sliceFrom = Math.max(0, from - 1);
    const sliceTo = Math.min(text.length, to + 1);
    for (const [s, e] of findAll(text.slice(sliceFrom, sliceTo))) {
      const start = s + sliceFrom;
      const end = e + sliceFrom;
      if (start >= from && end <= to) out.push([start, end]);
    }
    if (out.length >= MAX_MATCHES_PER_CUE) break;
  }
  return out;
}

/**
 * Stretches of at most `window` characters holding one match of every cue, each minimal for
 * its left edge, in text order (classic minimum-window cover over the merged, sorted matches);
 * only the first one with `firstOnly`.
 */
export function smallestCovers(perCue: MatchRange[][], window: number, firstOnly = false): MatchRange[] {
  if (perCue.length === 1) return firstOnly ? perCue[0].slice(0, 1) : perCue[0].slice();
  const events: Array<{ s: number; e: number; cue: number }> = [];
  perCue.forEach((ms, cue) => ms.forEach(([s, e]) => events.push({ s, e, cue })));
  events.sort((a, b) => a.s - b.s || a.e - b.e);
  const counts = new Array<number>(perCue.length).fill(0);
  let covered = 0;
  const out: MatchRange[] = [];
  let left = 0;
  for (let right = 0; right < events.length; right++) {
    if (counts[events[right].cue]++ === 0) covered++;
    while (covered === perCue.length) {
      let maxEnd = 0;
      for (let k = left; k <= right; k++) maxEnd = Math.max(maxEnd, events[k].e);
      const start = events[left].s;
      if (maxEnd - start <= window) {
        out.push([start, maxEnd]);
        if (firstOnly) return out;
      }
      if (--counts[events[left].cue] === 0) covered--;
      left++;
    }
  }
  return out;
}
