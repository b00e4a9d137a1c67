/**
 * The rule-pack format (documented in docs/rules.md) and its validation. Every error names the
 * file, the rule id (or index) and what is wrong, so a user can fix a pack without reading code.
 */
import type { Severity } from '../types';

export const FAMILIES = ['reasoning-extraction', 'rubric-grading', 'censorship-rewrite', 'agentic-harvest'] as const;
export const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low'];
export const SCOPES = ['prompt', 'user', 'system', 'any'] as const;
export type Scope = (typeof SCOPES)[number];

/** A rule as written in a pack, after validation (vocabulary not yet expanded). */
export interface RuleSpec {
  id: string;
  family: string;
  severity: Severity;
  description: string;
  scope: Scope;
  /** Characters; `Infinity` for `"window": "turn"` (anywhere in the turn, see TURN_SCAN_CHARS). */
  window: number;
  /** Cues that must all match within `window` characters; each cue is a list of alternative patterns. */
  all: string[][];
  /** Patterns that veto a hit when they match within `window` of it. */
  none: string[];
  disabled: boolean;
}

export interface PackSpec {
  file: string;
  vocab: Record<string, string[]>;
  rules: RuleSpec[];
  /** Ids the pack turns off (`{"id": …, "disabled": true}`). */
  disabledIds: string[];
}

const DEFAULT_WINDOW = 200;
const MIN_WINDOW = 10;
const MAX_WINDOW = 5000;
const MAX_CUES = 8;
const RULE_FIELDS = new Set(['id', 'family', 'severity', 'description', 'scope', 'window', 'all', 'none', 'disabled', 'comment']);
const PACK_FIELDS = new Set(['pack', 'description', 'vocab', 'rules', 'comment']);
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$/;
const VOCAB_NAME = /^[A-Z][A-Z0-9_]*$/;
const CUSTOM_FAMILY = /^x-[a-z0-9][a-z0-9-]{0,63}$/;

export class RulePackError extends Error {}

/** Validates a parsed pack object; `file` is only used in messages. */
export function validatePack(data: unknown, file: string): PackSpec {
  const fail = (where: string, problem: string): never => {
    throw new RulePackError(`${file}: ${where}: ${problem}`);
  };
  if (!isObject(data)) return fail('pack', 'must be an object with a "rules" array');
  for (const key of Object.keys(data)) {
    if (!PACK_FIELDS.has(key)) fail('pack', `unknown field "${key}" (allowed: ${[...PACK_FIELDS].join(', ')})`);
  }
  const vocab: Record<string, string[]> = {};
  if (data.vocab !== undefined) {
    if (!isObject(data.vocab)) fail('vocab', 'must be an object of NAME: [patterns]');
    for (const [name, value] of Object.entries(data.vocab as Record<string, unknown>)) {
      if (!VOCAB_NAME.test(name)) fail(`vocab ${name}`, 'names are UPPER_SNAKE_CASE');
      vocab[name] = stringList(value, (p) => fail(`vocab ${name}`, p));
    }
  }
  if (!Array.isArray(data.rules)) return fail('pack', 'missing "rules" array');
  const rules: RuleSpec[] = [];
  const disabledIds: string[] = [];
  const seen = new Set<string>();
  data.rules.forEach((raw: unknown, index: number) => {
    const where0 = `rule #${index + 1}`;
    if (!isObject(raw)) return fail(where0, 'must be an object');
    const id = raw.id;
    if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
      return fail(where0, `"id" must be a string of letters, digits and . _ / - (got ${JSON.stringify(id)})`);
    }
    const where = `rule "${id}"`;
    if (seen.has(id)) fail(where, 'duplicate id in this pack');
    seen.add(id);
    for (const key of Object.keys(raw)) {
      if (!RULE_FIELDS.has(key)) fail(where, `unknown field "${key}" (allowed: ${[...RULE_FIELDS].join(', ')})`);
    }
    if (raw.disabled !== undefined && typeof raw.disabled !== 'boolean') fail(where, '"disabled" must be true or false');
    if (raw.disabled === true && raw.all === undefined) {
      disabledIds.push(id);
      return;
    }
    const family = raw.family;
    if (typeof family !== 'string' || !((FAMILIES as readonly string[]).includes(family) || CUSTOM_FAMILY.test(family))) {
      fail(where, `bad family ${JSON.stringify(family)} (use one of ${FAMILIES.join(', ')}, or x-<name> for your own)`);
    }
    const severity = raw.severity;
    if (typeof severity !== 'string' || !(SEVERITIES as readonly string[]).includes(severity)) {
      fail(where, `bad severity ${JSON.stringify(severity)} (use high, medium or low)`);
    }
    if (typeof raw.description !== 'string' || raw.description.trim() === '') fail(where, '"description" must be a non-empty string');
    const scope = raw.scope ?? 'any';
    if (typeof scope !== 'string' || !(SCOPES as readonly string[]).includes(scope)) {
      fail(where, `bad scope ${JSON.stringify(scope)} (use ${SCOPES.join(', ')})`);
    }
    const window = raw.window === 'turn' ? Infinity : raw.window ?? DEFAULT_WINDOW;
    if (window !== Infinity && (typeof window !== 'number' || !Number.isInteger(window) || window < MIN_WINDOW || window > MAX_WINDOW)) {
      fail(where, `"window" must be an integer from ${MIN_WINDOW} to ${MAX_WINDOW} (characters) or "turn"`);
    }
    if (!Array.isArray(raw.all) || raw.all.length === 0 || raw.all.length > MAX_CUES) {
      fail(where, `"all" must be a list of 1 to ${MAX_CUES} cues (each a pattern or a list of patterns)`);
    }
    const all = (raw.all as unknown[]).map((cue, i) =>
      typeof cue === 'string' ? [cue] : stringList(cue, (p) => fail(where, `cue ${i + 1}: ${p}`)),
    );
    const none = raw.none === undefined ? [] : stringList(raw.none, (p) => fail(where, `"none": ${p}`));
    rules.push({
      id,
      family: family as string,
      severity: severity as Severity,
      description: (raw.description as string).trim(),
      scope: scope as Scope,
      window: window as number,
      all,
      none,
      disabled: raw.disabled === true,
    });
  });
  return { file, vocab, rules, disabledIds };
}

/** Replaces `{{NAME}}` with `(?:p1|p2|…)` from the vocabulary; unknown names are an error. */
export function expandVocab(pattern: string, vocab: Record<string, string[]>, onError: (problem: string) => never): string {
  return pattern.replace(/\{\{([A-Za-z0-9_]+)\}\}/g, (_m, name: string) => {
    const list = vocab[name];
    if (!list) return onError(`unknown vocabulary name {{${name}}}`);
    return `(?:${list.join('|')})`;
  });
}

function stringList(value: unknown, fail: (problem: string) => never): string[] {
  if (!Array.isArray(value) || value.length === 0) return fail('must be a non-empty list of regex strings');
  for (const item of value) {
    if (typeof item !== 'string' || item === '') fail(`expected regex strings, got ${JSON.stringify(item)}`);
  }
  return value as string[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
