/**
 * Record-level detectors: the rule packs in src/core/rules (built-in) plus user packs, evaluated
 * on the prompt turn (with the user turns sent with it) and system prompt of each normalized record.
 * See docs/rules.md.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { NormalizedRecord, Severity } from '../types';
import { candidateRules, compilePacks, evaluateRule, joinGateScans, scanGate, type Candidate, type CompiledRule, type CueMemo, type RawHit, type RuleSet } from './engine';
import type { GateScan } from './keywordGate';
import { RulePackError, validatePack, type PackSpec } from './ruleSchema';
import vocabPack from '../rules/vocab.json';
import reasoningPack from '../rules/reasoning-extraction.json';
import rubricPack from '../rules/rubric-grading.json';
import censorshipPack from '../rules/censorship-rewrite.json';
import agenticPack from '../rules/agentic-harvest.json';

export type { RuleSet } from './engine';
export { RulePackError, FAMILIES } from './ruleSchema';
export { toFindings, severityInContext } from './findings';
import { quote } from './findings';
import { foldTraditional } from './hant';

export interface TextHit {
  rule: string;
  family: string;
  severity: Severity;
  /** Index into `record.turns`, or 'system' for `record.system` when no system turn carries it. */
  turnIndex: number | 'system';
  /** `[start, end)` offsets in the decoded turn text. */
  start: number;
  end: number;
  explanation: string;
}

const BUILTIN_PACKS: ReadonlyArray<[string, unknown]> = [
  ['built-in reasoning-extraction', reasoningPack],
  ['built-in rubric-grading', rubricPack],
  ['built-in censorship-rewrite', censorshipPack],
  ['built-in agentic-harvest', agenticPack],
];

let builtinSpecs: PackSpec[] | undefined;
let builtinVocab: Record<string, string[]> | undefined;
let builtinSet: RuleSet | undefined;

function builtins(): { specs: PackSpec[]; vocab: Record<string, string[]> } {
  if (!builtinSpecs || !builtinVocab) {
    builtinVocab = validatePack(vocabPack, 'built-in vocab').vocab;
    builtinSpecs = BUILTIN_PACKS.map(([name, data]) => validatePack(data, name));
  }
  return { specs: builtinSpecs, vocab: builtinVocab };
}

export function builtinRuleSet(): RuleSet {
  if (!builtinSet) {
    const { specs, vocab } = builtins();
    builtinSet = compilePacks(specs.map((spec) => ({ spec, trusted: true })), vocab);
  }
  return builtinSet;
}

/** Load + validate user packs (throws Error naming file, rule id, problem), merged over the built-ins. */
export function loadRuleSet(userPackFiles: string[]): RuleSet {
  if (userPackFiles.length === 0) return builtinRuleSet();
  const { specs, vocab } = builtins();
  const user = userPackFiles.map((file) => ({ spec: validatePack(readPackFile(file), file), trusted: false }));
  return compilePacks([...specs.map((spec) => ({ spec, trusted: true })), ...user], vocab);
}

function readPackFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new RulePackError(`${file}: cannot read rule pack: ${(e as Error).message}`);
  }
  const ext = path.extname(file).toLowerCase();
  try {
    if (ext === '.yaml' || ext === '.yml') return parseYaml(text);
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new RulePackError(`${file}: not valid ${ext === '.yaml' || ext === '.yml' ? 'YAML' : 'JSON'}: ${(e as Error).message}`);
  }
}

interface Target {
  turnIndex: number | 'system';
  /** The text as the rules read it (see `textForRules`). */
  text: string;
  /** The text as sent, for quoting a hit. */
  original: string;
  isPrompt: boolean;
  isSystem: boolean;
}

/** What the rules read of a record: its turns (roles and texts) and system prompt. */
export type DetectionInput = Pick<NormalizedRecord, 'turns' | 'promptIndex' | 'system'>;

const SEVERITY_RANK: Record<Severity, number> = { high: 3, medium: 2, low: 1 };

/**
 * What the rules make of one text: its gate scan, candidate rules and, filled in lazily, each
 * candidate's first hit (null: none). The same for any record the text appears in.
 */
interface TextEvaluation {
  scan: GateScan;
  candidates: Candidate[];
  hits: Array<RawHit | null | undefined>;
  memo: CueMemo;
}

function evaluationOf(rules: RuleSet, text: string, scan: GateScan = scanGate(rules, text)): TextEvaluation {
  const candidates = candidateRules(rules, text, scan);
  return { scan, candidates, hits: new Array<RawHit | null | undefined>(candidates.length), memo: new Map() };
}

/**
 * Remembers evaluations of system prompts across records: a deployment sends the same (often
 * long) system prompt with every request, so it is scanned and matched once. Prompts are not
 * kept: they rarely repeat exactly, and holding them cost more in garbage collection than it
 * saved (measured). Bounded by the characters of the texts it holds; the oldest go first.
 */
export class DetectionCache {
  private readonly entries = new Map<string, TextEvaluation>();
  private heldChars = 0;

  constructor(
    readonly rules: RuleSet,
    private readonly maxChars = 4_000_000,
    private readonly maxTextChars = 16_384,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  evaluation(text: string): TextEvaluation {
    if (text.length > this.maxTextChars) return evaluationOf(this.rules, text);
    const known = this.entries.get(text);
    if (known) return known;
    const fresh = evaluationOf(this.rules, text);
    this.entries.set(text, fresh);
    this.heldChars += text.length;
    if (this.heldChars > this.maxChars) this.evictOldest();
    return fresh;
  }

  clear(): void {
    this.entries.clear();
    this.heldChars = 0;
  }

  private evictOldest(): void {
    for (const text of this.entries.keys()) {
      if (this.heldChars <= this.maxChars * 0.75) break;
      this.entries.delete(text);
      this.heldChars -= text.length;
    }
  }
}

/**
 * Evaluate all rules on a record's prompt turn, the user turns sent with it and its system prompt (see
 * `targets`); at most one hit per family (the strongest, prompt turn first). Pass a `cache` (one per
 * analysis) to evaluate each system prompt once.
 */
export function detectRecord(record: DetectionInput, rules: RuleSet, cache?: DetectionCache): TextHit[] {
  const shared = cache && cache.rules === rules ? cache : undefined;
  const best = new Map<string, TextHit>();
  // The prompt turn and the first system part, with their evaluations (none when empty).
  let prompt: Target | undefined;
  let system: Target | undefined;
  let promptEvaluation: TextEvaluation | undefined;
  let systemEvaluation: TextEvaluation | undefined;
  for (const target of targets(record)) {
    const evaluation = target.text.length === 0 ? undefined : target.isSystem && shared ? shared.evaluation(target.text) : evaluationOf(rules, target.text);
    if (target.isPrompt && !prompt) [prompt, promptEvaluation] = [target, evaluation];
    if (target.isSystem && !system) [system, systemEvaluation] = [target, evaluation];
    if (evaluation) applyEvaluation(target, evaluation, best, () => true);
  }
  // An instruction in the system prompt and its payload in the prompt turn: turn-wide rules
  // also see the two together (a hit is reported on the part holding most of it).
  if (prompt && system && promptEvaluation && systemEvaluation) {
    const joined: Target = { turnIndex: prompt.turnIndex, text: `${system.text}${JOINER}${prompt.text}`, original: `${system.original}${JOINER}${prompt.original}`, isPrompt: true, isSystem: false };
    const scan = joinGateScans(rules, system.text, systemEvaluation.scan, JOINER, prompt.text, promptEvaluation.scan);
    applyEvaluation(joined, evaluationOf(rules, joined.text, scan), best, (rule) => rule.window === Infinity && rule.scope === 'any', { system, prompt });
  }
  return [...best.values()];
}

const JOINER = '\n\n';

function applyEvaluation(
  target: Target,
  evaluation: TextEvaluation,
  best: Map<string, TextHit>,
  wanted: (rule: CompiledRule) => boolean,
  parts?: { system: Target; prompt: Target },
): void {
  const { candidates, hits, memo, scan } = evaluation;
  for (let i = 0; i < candidates.length; i++) {
    const { rule, regions, cueRegions } = candidates[i];
    if (!wanted(rule) || !inScope(rule, target)) continue;
    const current = best.get(rule.family);
    if (current && SEVERITY_RANK[current.severity] >= SEVERITY_RANK[rule.severity]) continue;
    let hit = hits[i];
    if (hit === undefined) hit = hits[i] = evaluateRule(rule, target.text, memo, regions, cueRegions, scan.bits);
    if (!hit) continue;
    const [where, start, end] = parts ? splitJoinedHit(parts, hit.start, hit.end) : [target, hit.start, hit.end];
    best.set(rule.family, {
      rule: rule.id,
      family: rule.family,
      severity: rule.severity,
      turnIndex: where.turnIndex,
      start,
      end,
      explanation: explainHitText(rule, where.original, start, end),
    });
  }
}

/** Maps a hit on `system + JOINER + prompt` back to the part holding most of it, clamped to that part. */
function splitJoinedHit(parts: { system: Target; prompt: Target }, start: number, end: number): [Target, number, number] {
  const offset = parts.system.text.length + JOINER.length;
  const inSystem = Math.max(0, Math.min(end, parts.system.text.length) - start);
  const inPrompt = Math.max(0, end - Math.max(start, offset));
  if (inSystem >= inPrompt) return [parts.system, start, Math.min(end, parts.system.text.length)];
  return [parts.prompt, Math.max(0, start - offset), end - offset];
}

function explainHitText(rule: CompiledRule, text: string, start: number, end: number): string {
  return `${rule.description} ("${quote(text.slice(start, end))}")`;
}

/**
 * What the rules read of a text: typographic apostrophes and single quotes (’ ‘ ʼ) as ASCII ' so that
 * "China’s" or "don’t" meets the rules' "China's" / "don't", and traditional Chinese characters as
 * simplified (see hant.ts). One UTF-16 unit for one, so offsets and spans still hold.
 */
const CURLY_QUOTE = /[\u2018\u2019\u02BC]/;
const CURLY_QUOTES = /[\u2018\u2019\u02BC]/g;
function textForRules(text: string): string {
  return foldTraditional(CURLY_QUOTE.test(text) ? text.replace(CURLY_QUOTES, "'") : text);
}

/**
 * The prompt turn first, then the user turns sent with it, then the system prompt. "Sent with it" =
 * the user turns right before the prompt turn (an instruction and its payload as two messages).
 * Earlier user turns, already answered by the assistant, are history: what they asked was flagged
 * on the record that sent them, and a benign follow-up ("Why is that?") asks for nothing.
 */
function targets(record: DetectionInput): Target[] {
  const out: Target[] = [];
  const { turns, promptIndex } = record;
  if (promptIndex >= 0 && promptIndex < turns.length) {
    const text = turns[promptIndex].text;
    out.push({ turnIndex: promptIndex, text: textForRules(text), original: text, isPrompt: true, isSystem: false });
  }
  const first = firstOfPrompt(record);
  let systemTurnText: string | undefined;
  turns.forEach((turn, i) => {
    if (i === promptIndex || !readsTurn(record, first, i)) return;
    const isSystem = turn.role === 'system';
    out.push({ turnIndex: i, text: textForRules(turn.text), original: turn.text, isPrompt: false, isSystem });
    if (isSystem) systemTurnText = turn.text;
  });
  if (record.system && record.system !== systemTurnText) {
    out.push({ turnIndex: 'system', text: textForRules(record.system), original: record.system, isPrompt: false, isSystem: true });
  }
  return out;
}

/** The first of the user turns sent together with the prompt turn (see `targets`). */
function firstOfPrompt({ turns, promptIndex }: DetectionInput): number {
  let first = promptIndex;
  while (first > 0 && turns[first - 1].role === 'user') first--;
  return first;
}

/** Whether detection reads turn `i`: the prompt turn, the user turns sent with it, system turns. */
function readsTurn({ turns, promptIndex }: DetectionInput, firstOfPromptTurn: number, i: number): boolean {
  const { role } = turns[i];
  return i === promptIndex || role === 'system' || (role === 'user' && i >= firstOfPromptTurn && i < promptIndex);
}

/**
 * The record with only what detection reads (other turns' texts emptied, indices kept): the same
 * hits, for a fraction of the text when it is sent to a worker thread.
 */
export function detectionInputOf(record: DetectionInput): DetectionInput {
  const first = firstOfPrompt(record);
  return {
    turns: record.turns.map((turn, i) => ({ role: turn.role, text: readsTurn(record, first, i) ? turn.text : '' })),
    promptIndex: record.promptIndex,
    system: record.system,
  };
}

function inScope(rule: CompiledRule, target: Target): boolean {
  switch (rule.scope) {
    case 'prompt':
      return target.isPrompt;
    case 'user':
      return !target.isSystem;
    case 'system':
      return target.isSystem;
    default:
      return true;
  }
}
