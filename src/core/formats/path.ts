/**
 * Field paths used in `fields`, `--map` overrides and the signal candidates.
 *
 * Syntax: dotted keys, `[n]` indexes (`[-1]` = last), and `["literal.key"]` for a key taken
 * verbatim. Dotted keys are *loose*: OpenTelemetry attribute names contain dots
 * (`attributes.gen_ai.request.model`), so when a path is resolved against sample records the
 * longest run of dotted parts that exists as a literal key wins (`attributes["gen_ai.request.model"]`),
 * falling back to nesting (`attributes.gen_ai.request.model` as four objects). Attribute lists in
 * OTLP form (`[{key, value: {stringValue}}]`) are looked up by key the same way.
 *
 * Resolution happens once per file (detectAdapter); records are then read through a compiled
 * accessor that follows concrete steps without any string work.
 */
import type { JsonPath } from '../types';
import { decodeJson } from './values';

interface Token {
  key?: string;
  index?: number;
  /** Came from dotted syntax, so it may join its neighbours into one literal key. */
  loose: boolean;
}

export type Step =
  | { kind: 'key'; key: string }
  | { kind: 'index'; index: number }
  /** Look up `key` in an OTLP attribute list and unwrap its AnyValue. */
  | { kind: 'attr'; key: string };

type Obj = Record<string, unknown>;

export function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parse a field path; throws an Error naming the bad part. */
export function parseFieldPath(spec: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`bad field path "${spec}": ${why} at position ${i}`);
  };
  if (spec.trim() === '') fail('empty path');
  while (i < spec.length) {
    const c = spec[i];
    if (c === '[') {
      const close = spec[i + 1] === '"' ? closingBracketAfterString(spec, i + 1) : spec.indexOf(']', i);
      if (close === -1) fail('unclosed "["');
      const inside = spec.slice(i + 1, close);
      if (inside.startsWith('"')) {
        let key: unknown;
        try {
          key = JSON.parse(inside);
        } catch {
          fail(`bad quoted key ${inside}`);
        }
        tokens.push({ key: key as string, loose: false });
      } else {
        const index = Number(inside);
        if (inside.trim() === '' || !Number.isInteger(index)) fail(`bad index [${inside}]`);
        tokens.push({ index, loose: false });
      }
      i = close + 1;
      if (spec[i] === '.') {
        i++;
        if (i >= spec.length || spec[i] === '.' || spec[i] === '[') fail('empty key');
      }
    } else if (c === '.' || c === ']') {
      fail(c === '.' ? 'empty key' : 'unexpected "]"');
    } else {
      let end = i;
      while (end < spec.length && spec[end] !== '.' && spec[end] !== '[' && spec[end] !== ']') end++;
      tokens.push({ key: spec.slice(i, end), loose: true });
      i = end;
      if (spec[i] === '.') {
        i++;
        if (i >= spec.length || spec[i] === '.' || spec[i] === '[') fail('empty key');
      }
    }
  }
  return tokens;
}

function closingBracketAfterString(spec: string, quote: number): number {
  for (let k = quote + 1; k < spec.length; k++) {
    if (spec[k] === '\\') k++;
    else if (spec[k] === '"') return spec[k + 1] === ']' ? k + 1 : -1;
  }
  return -1;
}

/** An OTLP attribute list: `[{key: "...", value: {stringValue: "..."}}, ...]`. */
export function isOtlpList(v: unknown): v is Array<{ key: string; value?: unknown }> {
  if (!Array.isArray(v) || v.length === 0) return false;
  const first: unknown = v[0];
  return isObject(first) && typeof first.key === 'string' && 'value' in first;
}

/** Convert an OTLP AnyValue (`{stringValue}`, `{intValue}`, `{arrayValue:{values}}`…) to plain JSON. */
export function unwrapAnyValue(v: unknown): unknown {
  if (!isObject(v)) return v;
  if ('stringValue' in v) return v.stringValue;
  if ('intValue' in v) return typeof v.intValue === 'string' ? Number(v.intValue) : v.intValue;
  if ('doubleValue' in v) return v.doubleValue;
  if ('boolValue' in v) return v.boolValue;
  if ('arrayValue' in v) {
    const values = isObject(v.arrayValue) && Array.isArray(v.arrayValue.values) ? v.arrayValue.values : [];
    return values.map(unwrapAnyValue);
  }
  if ('kvlistValue' in v) {
    const values = isObject(v.kvlistValue) && Array.isArray(v.kvlistValue.values) ? v.kvlistValue.values : [];
    const out: Obj = {};
    for (const kv of values) if (isObject(kv) && typeof kv.key === 'string') out[kv.key] = unwrapAnyValue(kv.value);
    return out;
  }
  if ('bytesValue' in v) return v.bytesValue;
  return v;
}

export function otlpIndex(list: unknown[], key: string): number {
  for (let k = 0; k < list.length; k++) {
    const e = list[k];
    if (isObject(e) && e.key === key) return k;
  }
  return -1;
}

/**
 * Keys read objects and OTLP attribute lists alike, so one file may mix both layouts, and read
 * through strings holding JSON (wrappers some exporters store as text).
 */
function stepInto(cur: unknown, step: Step): unknown {
  if (typeof cur === 'string') cur = decodeJson(cur);
  if (step.kind === 'index') {
    if (!Array.isArray(cur)) return undefined;
    return cur[step.index < 0 ? cur.length + step.index : step.index];
  }
  if (!Array.isArray(cur)) return isObject(cur) ? cur[step.key] : undefined;
  const k = otlpIndex(cur, step.key);
  return k === -1 ? undefined : unwrapAnyValue((cur[k] as Obj).value);
}

/**
 * Concrete steps for `tokens` in `value`, preferring the longest literal key at each point,
 * or undefined when the path leads nowhere `accept` likes.
 */
function resolveIn(value: unknown, tokens: Token[], from: number, accept: (v: unknown) => boolean): Step[] | undefined {
  if (from === tokens.length) return accept(value) ? [] : undefined;
  const token = tokens[from];
  if (token.index !== undefined) {
    const step: Step = { kind: 'index', index: token.index };
    const next = stepInto(value, step);
    if (next === undefined) return undefined;
    const rest = resolveIn(next, tokens, from + 1, accept);
    return rest && [step, ...rest];
  }
  let last = from;
  if (token.loose) while (last + 1 < tokens.length && tokens[last + 1].loose) last++;
  if (typeof value === 'string') value = decodeJson(value);
  const list = isOtlpList(value);
  if (!list && !isObject(value)) return undefined;
  for (let end = last; end >= from; end--) {
    const key = end === from ? (token.key as string) : tokens.slice(from, end + 1).map((t) => t.key).join('.');
    const step: Step = list ? { kind: 'attr', key } : { kind: 'key', key };
    if (!list && !Object.prototype.hasOwnProperty.call(value, key)) continue;
    const next = stepInto(value, step);
    if (next === undefined) continue;
    const rest = resolveIn(next, tokens, end + 1, accept);
    if (rest) return [step, ...rest];
  }
  return undefined;
}

const present = (v: unknown): boolean => v !== undefined && v !== null;

/** The concrete steps of the first sample in which `tokens` lead to a value `accept` likes. */
export function resolveFieldPath(
  tokens: Token[],
  samples: readonly unknown[],
  accept: (v: unknown) => boolean = present,
): Step[] | undefined {
  for (const sample of samples) {
    const steps = resolveIn(sample, tokens, 0, accept);
    if (steps) return steps;
  }
  return undefined;
}

/** Steps taking every dotted part as its own key: the reading when no sample settles it. */
export function literalSteps(tokens: Token[]): Step[] {
  return tokens.map((t): Step => (t.index !== undefined ? { kind: 'index', index: t.index } : { kind: 'key', key: t.key as string }));
}

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

export function formatPath(steps: readonly Step[]): string {
  let out = '';
  for (const step of steps) {
    if (step.kind === 'index') out += `[${step.index}]`;
    else if (step.kind === 'key' && PLAIN_KEY.test(step.key)) out += out === '' ? step.key : `.${step.key}`;
    else out += `[${JSON.stringify(step.key)}]`;
  }
  return out;
}

/** Does a key step of `steps` meet an (OTLP attribute) list in `value`? Then the path differs per record. */
function keyMeetsList(value: unknown, steps: readonly Step[]): boolean {
  let cur = value;
  for (let k = 0; k < steps.length && cur !== undefined; k++) {
    if ((steps[k].kind !== 'index' && Array.isArray(cur)) || typeof cur === 'string') return true;
    cur = stepInto(cur, steps[k]);
  }
  return false;
}

/** A compiled reader for one resolved path. */
export interface Accessor {
  readonly steps: readonly Step[];
  /** How reports name the field, e.g. `attributes["enduser.id"]`. */
  readonly field: string;
  get(value: unknown): unknown;
  /** The concrete JsonPath of the value in `value` (negative indexes and attribute lists resolved). */
  path(value: unknown): JsonPath | undefined;
}

export function compileAccessor(steps: readonly Step[]): Accessor {
  const n = steps.length;
  // Paths through plain keys and non-negative indexes are the same for every record: build once.
  const fixed = steps.every((s) => s.kind === 'key' || (s.kind === 'index' && s.index >= 0));
  const fixedPath: JsonPath = steps.map((s) => (s.kind === 'index' ? s.index : s.key));
  // Key names per step ('' for an index), so plain objects are read without looking at the step.
  const keys = steps.map((s) => (s.kind === 'index' ? '' : s.key));
  const isIndex = steps.map((s) => s.kind === 'index');
  return {
    steps,
    field: formatPath(steps),
    get(value: unknown): unknown {
      let cur = value;
      for (let k = 0; k < n && cur !== undefined; k++) {
        // The common step, a key of a plain object, inline; the rest (lists, JSON text) in stepInto.
        if (typeof cur === 'object' && cur !== null && !isIndex[k] && !Array.isArray(cur)) cur = (cur as Obj)[keys[k]];
        else cur = stepInto(cur, steps[k]);
      }
      return cur;
    },
    path(value: unknown): JsonPath | undefined {
      if (fixed && !keyMeetsList(value, steps)) return fixedPath;
      const out: Array<string | number> = [];
      let cur = value;
      for (let k = 0; k < n; k++) {
        const step = steps[k];
        // Inside JSON text a path has no place in the raw line.
        if (typeof cur === 'string') return undefined;
        if (step.kind !== 'index' && !Array.isArray(cur)) out.push(step.key);
        else if (step.kind === 'index') {
          if (!Array.isArray(cur)) return undefined;
          out.push(step.index < 0 ? cur.length + step.index : step.index);
        } else {
          if (!Array.isArray(cur)) return undefined;
          const at = otlpIndex(cur, step.key);
          if (at === -1) return undefined;
          const anyValue = (cur[at] as Obj).value;
          // Only a string attribute read whole has a place in the raw line.
          if (k < n - 1 || !isObject(anyValue) || !('stringValue' in anyValue)) return undefined;
          out.push(at, 'value', 'stringValue');
        }
        cur = stepInto(cur, step);
      }
      return out;
    },
  };
}

/** Resolve a user- or candidate-written path against samples and compile it. */
export function accessorFor(spec: string, samples: readonly unknown[], accept?: (v: unknown) => boolean): Accessor | undefined {
  const steps = resolveFieldPath(parseFieldPath(spec), samples, accept);
  return steps && compileAccessor(steps);
}

/** The reading of `spec` with every dotted part as its own key, for when no sample settles it. */
export function literalAccessor(spec: string): Accessor {
  return compileAccessor(literalSteps(parseFieldPath(spec)));
}
