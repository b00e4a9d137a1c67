/**
 * Compiles validated packs into a RuleSet and evaluates it on one text.
 *
 * A rule fires when every one of its cues matches inside one stretch of at most `window`
 * characters (the smallest such stretch is the hit) and no veto matches near it. Cost control:
 * each cue gets the literals every one of its matches contains (derived from the pattern, see
 * literals.ts); one Aho-Corasick pass over the text for all of them (keywordGate.ts) tells which
 * cues *could* match, and a rule is evaluated only when all of its gated cues could. A rule then
 * stops at its first missing cue. Cues too loose to yield literals are simply not gated.
 */
import type { Severity } from '../types';
import { expandVocab, RulePackError, type PackSpec, type RuleSpec, type Scope } from './ruleSchema';
import { nativeMatcher, re2Matcher, type Matcher, type MatchRange } from './matcher';
import { gateSets, necessaryLiterals } from './literals';
import { KeywordGate } from './keywordGate';

/** Matches collected per cue; enough for the proximity search on any realistic prompt. */
const MAX_MATCHES_PER_CUE = 64;

export interface CompiledRule {
  id: string;
  family: string;
  severity: Severity;
  description: string;
  scope: Scope;
  window: number;
  cues: Matcher[];
  veto: Matcher | null;
  /** Per gated cue, lower-cased literals one of which each of its matches contains ([] = ungated rule). */
  keywords: string[][];
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
  /** Candidates on a text where no literal occurs: the rules without gated cues. */
  ungated: Candidate[];
}

function buildGate(rules: CompiledRule[]): RuleGate {
  const setIndex = new Map<string, number>();
  const sets: string[][] = [];
  const needs = rules.map((r) =>
    r.keywords.map((set) => {
      const key = [...set].sort().join('\u0000');
      let i = setIndex.get(key);
      if (i === undefined) {
        setIndex.set(key, (i = sets.length));
        sets.push(set);
      }
      return i;
    }),
  );
  const ungated = rules.filter((_r, i) => needs[i].length === 0).map((rule) => ({ rule, regions: null }));
  return { scanner: new KeywordGate(sets), needs, ungated };
}

function compileRule(rule: RuleSpec, vocab: Record<string, string[]>, trusted: boolean, file: string, matchers: Map<string, Matcher>): CompiledRule {
  const fail = (problem: string): never => {
    throw new RulePackError(`${file}: rule "${rule.id}": ${problem}`);
  };
  const build = (patterns: string[], what: string): Matcher => {
    const source = patterns.map((p) => `(?:${expandDeep(p, vocab, fail)})`).join('|');
    const key = `${trusted ? 'native' : 're2'}:${source}`;
    const known = matchers.get(key);
    if (known) return known;
    try {
      const m = trusted ? nativeMatcher(source) : re2Matcher(source);
      matchers.set(key, m);
      if (m.test('')) fail(`${what} matches the empty string`);
      return m;
    } catch (e) {
      if (e instanceof RulePackError) throw e;
      // Name the offending alternative, not the whole alternation.
      for (const p of patterns) {
        try {
          (trusted ? nativeMatcher : re2Matcher)(expandDeep(p, vocab, fail));
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
    origin: file,
    trusted,
  };
  compiled.keywords = gateSets(compiled.cues.map((cue) => necessaryLiterals(cue.source)));
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
}

/** The rules worth evaluating on `text` (in rule order): those all of whose gated cues could match. */
export function candidateRules(set: RuleSet, text: string): Candidate[] {
  const { scanner, needs, ungated } = set.gate;
  const { bits, ends } = scanner.scan(text);
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
    if (rarest === null) {
      out.push({ rule, regions: null });
      continue;
    }
    // A hit spans at most `window` characters and contains one of these literal occurrences.
    const reach = rule.window + scanner.longest[rarestSet];
    out.push({ rule, regions: nearRegions(rarest.map((end) => [end, end] as MatchRange), reach, text.length) });
  }
  return out;
}

/** Cue matches already computed on the current text, shared by rules with the same cue and regions. */
export type CueMemo = Map<Matcher, Map<string, MatchRange[]>>;

/**
 * The first hit of `rule` in `text`, or null. `regions` (from candidateRules) limits where cues
 * are looked for; pass one `memo` per text when evaluating several rules.
 */
export function evaluateRule(rule: CompiledRule, text: string, memo?: CueMemo, regions: MatchRange[] | null = null): RawHit | null {
  const whole: MatchRange[] = [[0, text.length]];
  const firstRegions = regions ?? whole;
  const key = firstRegions.map((r) => r.join(',')).join(';');
  let first = memo?.get(rule.cues[0])?.get(key);
  if (!first) {
    first = findInRegions(rule.cues[0], text, firstRegions);
    if (memo) {
      const byRegion = memo.get(rule.cues[0]) ?? new Map<string, MatchRange[]>();
      byRegion.set(key, first);
      memo.set(rule.cues[0], byRegion);
    }
  }
  if (first.length === 0) return null;
  // Other cues only matter within `window` of a first-cue match: scan just those regions.
  const near = nearRegions(first, rule.window, text.length);
  const perCue: MatchRange[][] = [first];
  for (let c = 1; c < rule.cues.length; c++) {
    const found = findInRegions(rule.cues[c], text, near);
    if (found.length === 0) return null;
    perCue.push(found);
  }
  for (const [start, end] of smallestCovers(perCue, rule.window, rule.veto === null)) {
    if (rule.veto) {
      const from = Math.max(0, start - rule.window);
      const region = text.slice(from, Math.min(text.length, end + rule.window));
      if (rule.veto.test(region)) continue;
    }
    return { rule, start, end };
  }
  return null;
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
function findInRegions(cue: Matcher, text: string, regions: MatchRange[]): MatchRange[] {
  if (regions.length === 1 && regions[0][0] === 0 && regions[0][1] === text.length) return cue.findAll(text, MAX_MATCHES_PER_CUE);
  const out: MatchRange[] = [];
  for (const [from, to] of regions) {
    const sliceFrom = Math.max(0, from - 1);
    const sliceTo = Math.min(text.length, to + 1);
    for (const [s, e] of cue.findAll(text.slice(sliceFrom, sliceTo), MAX_MATCHES_PER_CUE)) {
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
