/**
 * Record-level detectors: the rule packs in src/core/rules (built-in) plus user packs, evaluated
 * on the user turns and system prompt of each normalized record. See docs/rules.md.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { NormalizedRecord, Severity } from '../types';
import { candidateRules, compilePacks, evaluateRule, type CompiledRule, type CueMemo, type RuleSet } from './engine';
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
  text: string;
  isPrompt: boolean;
  isSystem: boolean;
}

const SEVERITY_RANK: Record<Severity, number> = { high: 3, medium: 2, low: 1 };

/** Evaluate all rules on a record's user turns and system prompt; at most one hit per family (the strongest, prompt turn first). */
export function detectRecord(record: NormalizedRecord, rules: RuleSet): TextHit[] {
  const best = new Map<string, TextHit>();
  const all = targets(record);
  for (const target of all) evaluateTarget(target, rules, best, () => true);
  // An instruction in the system prompt and its payload in the prompt turn: turn-wide rules
  // also see the two together (a hit is reported on the part holding most of it).
  const prompt = all.find((t) => t.isPrompt);
  const system = all.find((t) => t.isSystem);
  if (prompt && system && prompt.text.length > 0 && system.text.length > 0) {
    const joined: Target = { turnIndex: prompt.turnIndex, text: `${system.text}${JOINER}${prompt.text}`, isPrompt: true, isSystem: false };
    evaluateTarget(joined, rules, best, (rule) => rule.window === Infinity && rule.scope === 'any', { system, prompt });
  }
  return [...best.values()];
}

const JOINER = '\n\n';

function evaluateTarget(
  target: Target,
  rules: RuleSet,
  best: Map<string, TextHit>,
  wanted: (rule: CompiledRule) => boolean,
  parts?: { system: Target; prompt: Target },
): void {
  if (target.text.length === 0) return;
  const candidates = candidateRules(rules, target.text);
  if (candidates.length === 0) return;
  const memo: CueMemo = new Map();
  for (const { rule, regions, cueRegions } of candidates) {
    if (!wanted(rule) || !inScope(rule, target)) continue;
    const current = best.get(rule.family);
    if (current && SEVERITY_RANK[current.severity] >= SEVERITY_RANK[rule.severity]) continue;
    const hit = evaluateRule(rule, target.text, memo, regions, cueRegions);
    if (!hit) continue;
    const [where, start, end] = parts ? splitJoinedHit(parts, hit.start, hit.end) : [target, hit.start, hit.end];
    best.set(rule.family, {
      rule: rule.id,
      family: rule.family,
      severity: rule.severity,
      turnIndex: where.turnIndex,
      start,
      end,
      explanation: explainHitText(rule, where.text, start, end),
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

/** The prompt turn first, then other user turns, then the system prompt. */
function targets(record: NormalizedRecord): Target[] {
  const out: Target[] = [];
  const { turns, promptIndex } = record;
  if (promptIndex >= 0 && promptIndex < turns.length) {
    out.push({ turnIndex: promptIndex, text: turns[promptIndex].text, isPrompt: true, isSystem: false });
  }
  let systemTurnText: string | undefined;
  turns.forEach((turn, i) => {
    if (i === promptIndex) return;
    if (turn.role === 'user') out.push({ turnIndex: i, text: turn.text, isPrompt: false, isSystem: false });
    else if (turn.role === 'system') {
      out.push({ turnIndex: i, text: turn.text, isPrompt: false, isSystem: true });
      systemTurnText = turn.text;
    }
  });
  if (record.system && record.system !== systemTurnText) {
    out.push({ turnIndex: 'system', text: record.system, isPrompt: false, isSystem: true });
  }
  return out;
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
