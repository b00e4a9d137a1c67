/**
 * Online template mining for prompts whose variable part (a pasted problem, a function stub,
 * a political question) is often longer than the fixed text around it, in English or Chinese.
 *
 * A template is described by its *anchors*: the longest token prefix and the longest token
 * suffix that all its distinct members share. A new prompt joins the template with which it
 * shares the heaviest anchors, provided they are heavy enough to be a skeleton rather than a
 * coincidence and the template's skeleton does not collapse by joining it. Anchors are
 * independent of arrival order (a common prefix of a set is a property of the set), which is
 * what makes template ids stable across runs and files.
 *
 * Classic Drain compares whitespace tokens position by position within one length bucket:
 * a 40-word template around a 300-word payload, or a Chinese prompt with no spaces, never
 * lands in one bucket. Anchoring on both ends avoids both problems.
 */
import { createHash } from 'node:crypto';
import { NUMBER, tokenize, tokenNorms, tokenWeight, type Token } from './tokenize';

export interface MinerOptions {
  /** Longest anchor kept per side, in tokens. */
  anchorTokens?: number;
  /** Characters read from each end of a long prompt. */
  edgeChars?: number;
  /** Minimum anchor weight (≈ characters, CJK counted double) for two prompts to share a template. */
  minAnchorWeight?: number;
  /** Once a template has two distinct members, joining must keep this share of its anchor weight. */
  stability?: number;
  /** Tokens in an index key. */
  keyTokens?: number;
  /** Single-member templates kept matchable at once (memory bound); older ones are released. */
  maxLiveSingletons?: number;
  /** Single-member templates compared per index key. */
  maxSingletonsPerKey?: number;
}

const DEFAULTS: Required<MinerOptions> = {
  anchorTokens: 40,
  edgeChars: 480,
  minAnchorWeight: 28,
  stability: 0.7,
  keyTokens: 4,
  maxLiveSingletons: 30_000,
  maxSingletonsPerKey: 48,
};

const MAX_EXAMPLES = 5;
const MAX_EXACT_KEYS = 200_000;
const MAX_POOLED_TOKENS = 200_000;

interface Edges {
  head: string[];
  tail: string[];
  /** Token count of the whole text when it was tokenized in full, else Infinity. */
  length: number;
  text: string;
}

interface MinedTemplate {
  key: number;
  prefix: string[];
  suffix: string[];
  weight: number;
  /** Shortest member's token count (Infinity for long prompts): bounds how far the anchors may overlap. */
  minLength: number;
  size: number;
  distinct: number;
  accounts: Set<string>;
  firstSeen?: number;
  lastSeen?: number;
  examples: string[];
  /** First member's text (its edges when long), for rendering the pattern. */
  exampleHead: string;
  exampleTail: string;
  exampleFull: boolean;
  /** Released single-member templates are never matched again. */
  released: boolean;
  /** The index keys it was filed under when it was created. */
  prefixKey: string | null;
  suffixKey: string | null;
  /** For one-sided templates: how many members ended (or began) each way on the unanchored side. */
  otherEnds?: Map<string, number>;
}

export interface MinedTemplateView {
  key: number;
  id: string;
  pattern: string;
  size: number;
  accounts: number;
  firstSeen?: number;
  lastSeen?: number;
  examples: string[];
  /** The fixed text (anchors) as plain words, for similarity between templates. */
  skeleton: string;
}

export interface PromptContext {
  account?: string;
  time?: number;
  /** `file:line` of the record. */
  where: string;
}

export class TemplateMiner {
  private readonly options: Required<MinerOptions>;
  private readonly templates: MinedTemplate[] = [];
  private readonly byPrefix = new Map<string, Bucket>();
  private readonly bySuffix = new Map<string, Bucket>();
  private exact = new Map<string, number>();
  private liveSingletons: number[] = [];
  private liveSingletonsHead = 0;
  /**
   * One string per account name: every record brings its own copy of the name, and an account is
   * in the account set of every template it used. With the token pool below, the miner's heap at
   * the end of reading 1M records fell from 99 to 73 MB.
   */
  private readonly accountNames = new Map<string, string>();
  private readonly tokenPool = new Map<string, string>();
  /** After `freeze`: each template's size and distinct accounts, all that is kept. */
  private frozen: { sizes: Int32Array; accounts: Int32Array } | null = null;

  constructor(options: MinerOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** Assigns the prompt to a template (possibly a new single-member one) and returns the template's key. */
  add(text: string, context: PromptContext): number {
    this.assertNotFrozen();
    const exactKey = text.length <= 64 ? text : textKey(text);
    const known = this.exact.get(exactKey);
    if (known !== undefined) {
      if (this.templates[known].size === 1) this.keepExample(this.templates[known], text);
      this.count(this.templates[known], context);
      return known;
    }
    const edges = this.edgesOf(text);
    let best: MinedTemplate | undefined;
    let bestMatch: AnchorMatch | undefined;
    for (const candidate of this.candidates(edges)) {
      const match = this.match(candidate, edges);
      if (!match) continue;
      if (!bestMatch || match.weight > bestMatch.weight || (match.weight === bestMatch.weight && candidate.size > best!.size)) {
        best = candidate;
        bestMatch = match;
      }
    }
    let template: MinedTemplate;
    if (best && bestMatch && !this.divertsFrom(best, bestMatch, edges)) {
      // The first member's edges are the template's own anchors until they are cut by this join.
      const first = best.distinct === 1 ? { head: best.prefix, tail: best.suffix, length: best.minLength, text: '' } : null;
      template = this.join(best, bestMatch, edges);
      this.noteOtherEnd(template, bestMatch, edges, first);
    } else template = this.create(edges);
    if (template.size === 1) this.keepExample(template, text);
    this.count(template, context);
    this.rememberExact(exactKey, template.key);
    return template.key;
  }

  /**
   * Folds another miner (another shard of the same traffic) into this one and returns, for each
   * of its template keys, the key it now has here. Its templates are matched like prompts whose
   * edges are their anchors, so a template split across shards comes back together.
   */
  merge(other: TemplateMiner): Int32Array {
    this.assertNotFrozen();
    const keyMap = new Int32Array(other.templates.length);
    // A prompt seen in both shards is one template whatever its anchors say (as in one run).
    const sameText = new Map<number, number>();
    for (const [text, key] of other.exact) {
      const ours = this.exact.get(text);
      if (ours !== undefined && other.templates[key].distinct === 1) sameText.set(key, ours);
    }
    // Strongest skeletons first, so a shard's weak generic template cannot claim a strong one's members.
    const order = [...other.templates].sort((a, b) => Number(b.distinct >= 2) - Number(a.distinct >= 2) || b.weight - a.weight || a.key - b.key);
    for (const theirs of order) {
      if (theirs.released) {
        keyMap[theirs.key] = this.adoptReleased(theirs).key;
        continue;
      }
      const known = sameText.get(theirs.key);
      if (known !== undefined) {
        absorbCounts(this.templates[known], theirs);
        keyMap[theirs.key] = known;
        continue;
      }
      const edges: Edges = { head: theirs.prefix, tail: theirs.suffix, length: theirs.minLength, text: '' };
      let best: MinedTemplate | undefined;
      let bestMatch: AnchorMatch | undefined;
      for (const candidate of this.candidates(edges)) {
        const match = this.match(candidate, edges);
        if (match && (!bestMatch || match.weight > bestMatch.weight || (match.weight === bestMatch.weight && candidate.size > best!.size))) {
          best = candidate;
          bestMatch = match;
        }
      }
      const ours = best && bestMatch ? this.join(best, bestMatch, edges, theirs.distinct) : this.adopt(theirs);
      if (ours !== theirs) absorbCounts(ours, theirs);
      keyMap[theirs.key] = ours.key;
    }
    for (const [text, key] of other.exact) if (!this.exact.has(text)) this.rememberExact(text, keyMap[key]);
    return keyMap;
  }

  /** Plain-data state for shard summaries; `fromJSON(toJSON())` behaves like the original. */
  toJSON(): MinerState {
    this.assertNotFrozen();
    return {
      version: 1,
      options: this.options,
      templates: this.templates.map((t) =>
        t.released
          ? { size: t.size, released: true, accounts: [...t.accounts], firstSeen: t.firstSeen, lastSeen: t.lastSeen, examples: t.examples }
          : {
              prefix: t.prefix,
              suffix: t.suffix,
              minLength: t.minLength === Infinity ? null : t.minLength,
              size: t.size,
              distinct: t.distinct,
              accounts: [...t.accounts],
              firstSeen: t.firstSeen,
              lastSeen: t.lastSeen,
              examples: t.examples,
              exampleHead: t.exampleHead,
              exampleTail: t.exampleTail,
              exampleFull: t.exampleFull,
              otherEnds: t.otherEnds ? [...t.otherEnds] : undefined,
            },
      ),
      exact: [...this.exact],
    };
  }

  static fromJSON(state: MinerState): TemplateMiner {
    if (state?.version !== 1) throw new Error(`unsupported template miner state version ${String(state?.version)}`);
    const miner = new TemplateMiner(state.options);
    for (const saved of state.templates) {
      const t: MinedTemplate = {
        key: miner.templates.length,
        prefix: saved.prefix ?? [],
        suffix: saved.suffix ?? [],
        weight: 0,
        minLength: saved.minLength ?? Infinity,
        size: saved.size,
        distinct: saved.distinct ?? 1,
        accounts: new Set(saved.accounts),
        firstSeen: saved.firstSeen,
        lastSeen: saved.lastSeen,
        examples: saved.examples,
        exampleHead: saved.exampleHead ?? '',
        exampleTail: saved.exampleTail ?? '',
        exampleFull: saved.exampleFull ?? false,
        released: saved.released ?? false,
        prefixKey: null,
        suffixKey: null,
        otherEnds: saved.otherEnds ? new Map(saved.otherEnds) : undefined,
      };
      t.weight = sumWeights(t.prefix) + sumWeights(t.suffix);
      miner.templates.push(t);
      if (t.released) continue;
      t.prefixKey = miner.prefixKey(t.prefix);
      t.suffixKey = miner.suffixKey(t.suffix);
      miner.index(t, t.distinct >= 2 ? 'multi' : 'single');
      if (t.distinct === 1) miner.liveSingletons.push(t.key);
    }
    for (const [text, key] of state.exact) miner.exact.set(text, key);
    return miner;
  }

  get templateCount(): number {
    return this.frozen ? this.frozen.sizes.length : this.templates.length;
  }

  /** Size of the template a key points at (1 for prompts that matched nothing). */
  sizeOf(key: number): number {
    return this.frozen ? this.frozen.sizes[key] : this.templates[key].size;
  }

  accountsOf(key: number): number {
    return this.frozen ? this.frozen.accounts[key] : this.templates[key].accounts.size;
  }

  /**
   * Ends mining once the results were taken: keeps each template's size and account count and
   * drops the rest (indexes, exact texts, anchors, account sets), so that their memory serves
   * the linking that follows (at 1M records, tens of MB). Afterwards only `templateCount`,
   * `sizeOf` and `accountsOf` answer.
   */
  freeze(): void {
    if (this.frozen) return;
    const sizes = new Int32Array(this.templates.length);
    const accounts = new Int32Array(this.templates.length);
    this.templates.forEach((t, key) => {
      sizes[key] = t.size;
      accounts[key] = t.accounts.size;
    });
    this.frozen = { sizes, accounts };
    this.templates.length = 0;
    this.byPrefix.clear();
    this.bySuffix.clear();
    this.exact = new Map();
    this.liveSingletons = [];
    this.liveSingletonsHead = 0;
    this.accountNames.clear();
    this.tokenPool.clear();
  }

  private assertNotFrozen(): void {
    if (this.frozen) throw new Error('the template miner was frozen: it keeps only sizes and account counts');
  }

  /** Templates with at least `minSize` records, largest first. Ids and patterns are computed here. */
  results(minSize = 2): MinedTemplateView[] {
    this.assertNotFrozen();
    return this.templates
      .filter((t) => t.size >= minSize)
      .map((t) => this.view(t))
      .sort((a, b) => b.size - a.size || a.id.localeCompare(b.id));
  }

  view(t: MinedTemplate | number): MinedTemplateView {
    this.assertNotFrozen();
    const template = typeof t === 'number' ? this.templates[t] : t;
    return {
      key: template.key,
      id: stableTemplateId(template),
      pattern: renderPattern(template),
      size: template.size,
      accounts: template.accounts.size,
      firstSeen: template.firstSeen,
      lastSeen: template.lastSeen,
      examples: template.examples,
      skeleton: skeletonText(template),
    };
  }

  private edgesOf(text: string): Edges {
    const { edgeChars, anchorTokens } = this.options;
    if (text.length <= edgeChars * 2) {
      const tokens = tokenNorms(text, 0, text.length);
      return { head: tokens.slice(0, anchorTokens), tail: tokens.slice(-anchorTokens), length: tokens.length, text };
    }
    const head = tokenNorms(text, 0, edgeChars, anchorTokens);
    const tail = tokenNorms(text, text.length - edgeChars, text.length).slice(-anchorTokens);
    return { head, tail, length: Infinity, text };
  }

  /** Templates filed under the prompt's first or last tokens, most recent first. */
  private candidates(edges: Edges): MinedTemplate[] {
    const found: MinedTemplate[] = [];
    const prefixBucket = this.bucketOf(this.byPrefix, this.prefixKey(edges.head));
    const suffixBucket = this.bucketOf(this.bySuffix, this.suffixKey(edges.tail));
    for (const bucket of [prefixBucket, suffixBucket]) {
      if (!bucket) continue;
      for (const list of [bucket.multi, bucket.single]) {
        for (let i = list.length - 1; i >= 0; i--) {
          const t = this.templates[list[i]];
          // A template filed under both keys would otherwise be compared twice.
          if (!t.released && (bucket === prefixBucket || !found.includes(t))) found.push(t);
        }
      }
    }
    return found;
  }

  private bucketOf(index: Map<string, Bucket>, key: string | null): Bucket | undefined {
    return key === null ? undefined : index.get(key);
  }

  private match(t: MinedTemplate, edges: Edges): AnchorMatch | null {
    const { minAnchorWeight, stability } = this.options;
    let prefix = 0;
    let prefixWeight = 0;
    while (prefix < t.prefix.length && prefix < edges.head.length && t.prefix[prefix] === edges.head[prefix]) {
      prefixWeight += tokenWeight(t.prefix[prefix]);
      prefix++;
    }
    // The suffix may not reuse tokens the prefix already matched, in this prompt or in the template's shortest member.
    const room = Math.min(edges.length, t.minLength) - prefix;
    let suffix = 0;
    let suffixWeight = 0;
    const tp = t.suffix.length - 1;
    const ep = edges.tail.length - 1;
    while (suffix < room && suffix <= tp && suffix <= ep && t.suffix[tp - suffix] === edges.tail[ep - suffix]) {
      suffixWeight += tokenWeight(t.suffix[tp - suffix]);
      suffix++;
    }
    const weight = prefixWeight + suffixWeight;
    if (weight < minAnchorWeight) return null;
    if (t.distinct >= 2 && weight < stability * t.weight) return null;
    // Only a template with a slot has an unanchored end (a no-slot match covers the whole prompt).
    const hasSlot = prefix + suffix < Math.min(edges.length, t.minLength);
    const weakSide = !hasSlot ? null : suffixWeight < WEAK_SIDE ? 'suffix' : prefixWeight < WEAK_SIDE ? 'prefix' : null;
    return { prefix, suffix, weight, weakSide };
  }

  /**
   * A template anchored on one side only ("intro <*>") can be two paraphrase variants that share
   * their intro. Its members' other ends are counted: once two members ended the same way, a third
   * one starts its own template, which its siblings then prefer (both ends match), instead of
   * piling every variant into the first one-sided template that happened to form.
   */
  private divertsFrom(t: MinedTemplate, m: AnchorMatch, edges: Edges): boolean {
    if (m.weakSide === null || t.distinct < 2) return false;
    const seen = t.otherEnds?.get(otherEndKey(edges, m.weakSide)) ?? 0;
    return seen >= 2;
  }

  private noteOtherEnd(t: MinedTemplate, m: AnchorMatch, edges: Edges, previous: Edges | null): void {
    if (m.weakSide === null) return;
    t.otherEnds ??= new Map();
    for (const e of previous ? [previous, edges] : [edges]) {
      const key = otherEndKey(e, m.weakSide);
      if (t.otherEnds.size < MAX_OTHER_ENDS || t.otherEnds.has(key)) t.otherEnds.set(key, (t.otherEnds.get(key) ?? 0) + 1);
    }
  }

  private create(edges: Edges): MinedTemplate {
    const prefix = this.tokenStrings(edges.head);
    // A short prompt's head and tail are both all of its tokens: one array serves both.
    const suffix = edges.length <= this.options.anchorTokens ? prefix : this.tokenStrings(edges.tail);
    const template: MinedTemplate = {
      key: this.templates.length,
      prefix,
      suffix,
      weight: sumWeights(prefix) + sumWeights(suffix),
      minLength: edges.length,
      size: 0,
      distinct: 1,
      accounts: new Set(),
      examples: [],
      // Set when a second record arrives: a single-member template keeps no text (memory).
      exampleHead: '',
      exampleTail: '',
      exampleFull: false,
      released: false,
      prefixKey: this.prefixKey(prefix),
      suffixKey: this.suffixKey(suffix),
    };
    this.templates.push(template);
    this.index(template, 'single');
    this.liveSingletons.push(template.key);
    this.releaseOldSingletons();
    return template;
  }

  private join(t: MinedTemplate, m: AnchorMatch, edges: Edges, distinct = 1): MinedTemplate {
    const wasSingle = t.distinct === 1;
    t.prefix = t.prefix.slice(0, m.prefix);
    t.suffix = t.suffix.slice(t.suffix.length - m.suffix);
    t.weight = m.weight;
    t.minLength = Math.min(t.minLength, edges.length);
    t.distinct += distinct;
    if (wasSingle) this.promote(t);
    return t;
  }

  /** Any member's text renders the pattern: they all share the anchors. */
  private keepExample(t: MinedTemplate, text: string): void {
    if (t.exampleHead) return;
    const { edgeChars } = this.options;
    t.exampleFull = text.length <= edgeChars * 2;
    t.exampleHead = t.exampleFull ? text : text.slice(0, edgeChars);
    t.exampleTail = t.exampleFull ? '' : text.slice(-edgeChars);
  }

  /** A copy of another miner's template, matchable here. */
  private adopt(theirs: MinedTemplate): MinedTemplate {
    const t: MinedTemplate = {
      ...theirs,
      key: this.templates.length,
      accounts: new Set(),
      examples: [],
      size: 0,
      firstSeen: undefined,
      lastSeen: undefined,
      prefixKey: this.prefixKey(theirs.prefix),
      suffixKey: this.suffixKey(theirs.suffix),
    };
    this.templates.push(t);
    this.index(t, t.distinct >= 2 ? 'multi' : 'single');
    if (t.distinct === 1) {
      this.liveSingletons.push(t.key);
      this.releaseOldSingletons();
    }
    return t;
  }

  /** A released single-member template keeps only its counts. */
  private adoptReleased(theirs: MinedTemplate): MinedTemplate {
    const t: MinedTemplate = { ...theirs, key: this.templates.length, prefix: [], suffix: [], prefixKey: null, suffixKey: null };
    t.accounts = new Set(theirs.accounts);
    t.examples = [...theirs.examples];
    this.templates.push(t);
    return t;
  }

  private count(t: MinedTemplate, context: PromptContext): void {
    t.size++;
    if (context.account !== undefined) t.accounts.add(this.accountName(context.account));
    if (context.time !== undefined) {
      if (t.firstSeen === undefined || context.time < t.firstSeen) t.firstSeen = context.time;
      if (t.lastSeen === undefined || context.time > t.lastSeen) t.lastSeen = context.time;
    }
    if (t.examples.length < MAX_EXAMPLES) t.examples.push(context.where);
  }

  /**
   * The tokens with one string per distinct token: a template keeps up to twice `anchorTokens`
   * of them, each prompt tokenizes into fresh copies, and the vocabulary is small by comparison.
   */
  private tokenStrings(tokens: string[]): string[] {
    const pool = this.tokenPool;
    if (pool.size > MAX_POOLED_TOKENS) pool.clear();
    const out = new Array<string>(tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      const known = pool.get(token);
      if (known !== undefined) out[i] = known;
      else pool.set(token, (out[i] = token));
    }
    return out;
  }

  private accountName(name: string): string {
    const known = this.accountNames.get(name);
    if (known !== undefined) return known;
    this.accountNames.set(name, name);
    return name;
  }

  private prefixKey(tokens: string[]): string | null {
    return tokens.length >= this.options.keyTokens ? tokens.slice(0, this.options.keyTokens).join('\u0001') : null;
  }

  private suffixKey(tokens: string[]): string | null {
    return tokens.length >= this.options.keyTokens ? tokens.slice(-this.options.keyTokens).join('\u0001') : null;
  }

  private index(t: MinedTemplate, list: 'single' | 'multi'): void {
    for (const [map, key] of [
      [this.byPrefix, t.prefixKey],
      [this.bySuffix, t.suffixKey],
    ] as const) {
      if (key === null) continue;
      let bucket = map.get(key);
      if (!bucket) map.set(key, (bucket = { multi: [], single: [] }));
      bucket[list].push(t.key);
      if (list === 'single' && bucket.single.length > this.options.maxSingletonsPerKey) bucket.single.shift();
    }
  }

  /** A template with a second distinct member is kept matchable for good. */
  private promote(t: MinedTemplate): void {
    for (const [map, key] of [
      [this.byPrefix, t.prefixKey],
      [this.bySuffix, t.suffixKey],
    ] as const) {
      const bucket = key === null ? undefined : map.get(key);
      const i = bucket ? bucket.single.indexOf(t.key) : -1;
      if (i >= 0) bucket!.single.splice(i, 1);
    }
    this.index(t, 'multi');
  }

  private releaseOldSingletons(): void {
    const live = this.liveSingletons.length - this.liveSingletonsHead;
    if (live <= this.options.maxLiveSingletons) return;
    const t = this.templates[this.liveSingletons[this.liveSingletonsHead++]];
    if (t.distinct === 1) {
      t.released = true;
      t.prefix = [];
      t.suffix = [];
      t.exampleHead = '';
      t.exampleTail = '';
    }
    if (this.liveSingletonsHead > 1 << 16) {
      this.liveSingletons = this.liveSingletons.slice(this.liveSingletonsHead);
      this.liveSingletonsHead = 0;
    }
  }

  private rememberExact(key: string, templateKey: number): void {
    if (this.exact.size >= MAX_EXACT_KEYS) this.exact = new Map();
    this.exact.set(key, templateKey);
  }
}

function absorbCounts(ours: MinedTemplate, theirs: MinedTemplate): void {
  if (theirs.otherEnds) {
    ours.otherEnds ??= new Map();
    for (const [key, n] of theirs.otherEnds) if (ours.otherEnds.size < MAX_OTHER_ENDS || ours.otherEnds.has(key)) ours.otherEnds.set(key, (ours.otherEnds.get(key) ?? 0) + n);
  }
  if (!ours.exampleHead && theirs.exampleHead) {
    ours.exampleHead = theirs.exampleHead;
    ours.exampleTail = theirs.exampleTail;
    ours.exampleFull = theirs.exampleFull;
  }
  ours.size += theirs.size;
  for (const a of theirs.accounts) ours.accounts.add(a);
  if (theirs.firstSeen !== undefined && (ours.firstSeen === undefined || theirs.firstSeen < ours.firstSeen)) ours.firstSeen = theirs.firstSeen;
  if (theirs.lastSeen !== undefined && (ours.lastSeen === undefined || theirs.lastSeen > ours.lastSeen)) ours.lastSeen = theirs.lastSeen;
  for (const e of theirs.examples) if (ours.examples.length < MAX_EXAMPLES) ours.examples.push(e);
}

export interface MinerState {
  version: 1;
  options: Required<MinerOptions>;
  templates: Array<{
    prefix?: string[];
    suffix?: string[];
    minLength?: number | null;
    size: number;
    distinct?: number;
    released?: boolean;
    accounts: string[];
    firstSeen?: number;
    lastSeen?: number;
    examples: string[];
    exampleHead?: string;
    exampleTail?: string;
    exampleFull?: boolean;
    otherEnds?: Array<[string, number]>;
  }>;
  exact: Array<[string, number]>;
}

interface Bucket {
  multi: number[];
  single: number[];
}

interface AnchorMatch {
  prefix: number;
  suffix: number;
  weight: number;
  /** The side whose shared text is too thin to count ("." or nothing), if any. */
  weakSide: 'prefix' | 'suffix' | null;
}

/** A side sharing less than this weight (about three characters) does not anchor a template. */
const WEAK_SIDE = 4;
/** Long enough that a payload's common opening ("from typing import …") does not look like a variant's fixed text. */
const OTHER_END_TOKENS = 12;
const MAX_OTHER_ENDS = 64;

/** The unanchored end of a prompt: its last tokens when the suffix is weak, its first when the prefix is. */
function otherEndKey(edges: Edges, weakSide: 'prefix' | 'suffix'): string {
  return (weakSide === 'suffix' ? edges.tail.slice(-OTHER_END_TOKENS) : edges.head.slice(0, OTHER_END_TOKENS)).join('\u0001');
}

/**
 * A 64-bit fingerprint of a long prompt (two independent 32-bit multiplicative hashes and the
 * length) for the duplicate-text map: far cheaper than a cryptographic digest, and a collision
 * (about 2^-64 per pair) would only count one prompt as a repeat of another.
 */
export function textKey(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return `${(a >>> 0).toString(36)}.${(b >>> 0).toString(36)}.${text.length.toString(36)}`;
}

function sumWeights(tokens: string[]): number {
  let w = 0;
  for (const t of tokens) w += tokenWeight(t);
  return w;
}

export function templateId(prefix: string[], suffix: string[]): string {
  const digest = createHash('sha256').update(prefix.join('\u0001')).update('\u0002').update(suffix.join('\u0001')).digest('hex');
  return `t-${digest.slice(0, 10)}`;
}

/**
 * The id hashes the anchors minus punctuation next to the slot: a sample in which every payload
 * happens to end in "?" has a suffix one token longer than the full set, and must keep its id.
 */
function stableTemplateId(t: MinedTemplate): string {
  // No slot: the prefix alone is the whole text (the suffix repeats it, or was cut to nothing).
  if (t.prefix.length >= t.minLength) return templateId(t.prefix, []);
  const hasSlot = t.prefix.length + t.suffix.length < t.minLength;
  if (!hasSlot) return templateId(t.prefix, t.suffix);
  let end = t.prefix.length;
  while (end > 0 && isPunctuation(t.prefix[end - 1])) end--;
  let start = 0;
  while (start < t.suffix.length && isPunctuation(t.suffix[start])) start++;
  return templateId(t.prefix.slice(0, end), t.suffix.slice(start));
}

function isPunctuation(token: string): boolean {
  return token.length === 1 && /[^\p{L}\p{N}]/u.test(token);
}

/** The example's text with the anchors kept, numbers shown as `<*>`, and the slot between them as `<*>`. */
function renderPattern(t: MinedTemplate): string {
  if (!t.exampleHead) return renderFromTokens(t);
  const text = t.exampleFull ? t.exampleHead : t.exampleHead + t.exampleTail;
  const headTokens = tokenize(t.exampleFull ? text : t.exampleHead);
  const tailOffset = t.exampleFull ? 0 : t.exampleHead.length;
  const tailTokens = t.exampleFull ? headTokens : tokenize(t.exampleTail).map((k) => ({ ...k, start: k.start + tailOffset, end: k.end + tailOffset }));
  const prefixEnd = t.prefix.length ? headTokens[t.prefix.length - 1].end : 0;
  const suffixStart = t.suffix.length ? tailTokens[tailTokens.length - t.suffix.length].start : text.length;
  const masked = (from: number, to: number, tokens: Token[]): string => {
    let out = '';
    let at = from;
    for (const k of tokens) {
      if (k.start < from || k.end > to) continue;
      if (k.norm === NUMBER) {
        out += text.slice(at, k.start) + '<*>';
        at = k.end;
      }
    }
    return out + text.slice(at, to);
  };
  if (t.exampleFull && prefixEnd >= suffixStart) return masked(0, text.length, headTokens);
  return collapseSlots(masked(0, prefixEnd, headTokens) + ' <*> ' + masked(suffixStart, text.length, tailTokens));
}

/** Without an example text (templates joined from shards' single records): the normalized tokens. */
function renderFromTokens(t: MinedTemplate): string {
  const words = (tokens: string[]) => tokens.map((k) => (k === NUMBER ? '<*>' : k)).join(' ');
  if (t.prefix.length >= t.minLength) return words(t.prefix);
  return collapseSlots(`${words(t.prefix)} <*> ${words(t.suffix)}`);
}

function collapseSlots(pattern: string): string {
  return pattern.replace(/(<\*>\s*){2,}/g, '<*> ').replace(/\s+<\*>\s+/g, ' <*> ').trim();
}

function skeletonText(t: MinedTemplate): string {
  const words = (tokens: string[]) => tokens.filter((k) => k !== NUMBER).join(' ');
  return `${words(t.prefix)} ${words(t.suffix)}`.trim();
}
