/**
 * Format detection and adapters: look at a file's first records, pick the export shape most of
 * them have, settle every field path once, and hand back an adapter whose `normalize` only
 * follows precompiled paths.
 *
 * Field paths (in `fields` and in `--map signal=path` overrides): dotted keys, `[n]` indexes
 * (`[-1]` = last), `["literal.key"]` for a key taken verbatim. A dotted path whose parts exist as
 * one literal key in the samples uses it, longest first, so `attributes.gen_ai.request.model`
 * finds the OTel attribute `gen_ai.request.model`; `fields` always shows the resolved spelling,
 * e.g. `attributes["gen_ai.request.model"]`. OTLP attribute lists are read by key, and a wrapper
 * stored as JSON text (a string `request_body`, LangSmith `inputs`, OTel `gen_ai.input.messages`)
 * is read through, parsed once per record; turns inside it get `path` (the string) and `innerPath`.
 */
import type { FieldOverrides } from '../analyze';
import { SIGNALS, type FileSummary, type LateSignal, type NormalizedRecord, type Signal } from '../types';
import { finishConversation, pushTurn, readLooseInput } from './messages';
import { readResponse, readUsage } from './responses';
import { accessorFor, isObject, literalAccessor, parseFieldPath, type Accessor } from './path';
import { classifyRecord, SHAPE_ORDER, SHAPES } from './shapes';
import { resolveSignal, signalKeyProbe } from './signals';
import { firstHop, toEpochMs, toText } from './values';

export type { FieldOverrides };

export interface RecordLocation {
  file: string;
  line: number;
  bytes: [number, number];
  /** The raw line, when the caller has it: lets the adapter notice signals that appear late in a file. */
  text?: string;
}

export interface Adapter {
  /** e.g. "chat-completions", "openai-batch-input", "openai-batch-output", "openai-responses", "anthropic-messages", "anthropic-batch-request", "anthropic-batch-result", "otel-genai", "openinference", "langfuse", "helicone", "langsmith", "gemini", "flat" */
  readonly name: string;
  /** dotted path used per signal, e.g. { account: "metadata.user_id", time: "created", prompt: "body.messages[-1].content" } */
  readonly fields: FileSummary['fields'];
  readonly missingSignals: Signal[];
  /**
   * Signals the detection sample lacked that later records hold (an org id only some accounts
   * send, a field added mid-export): found while normalizing, then read like the others. Grows;
   * `fields` and `missingSignals` follow.
   */
  readonly lateSignals: readonly LateSignal[];
  /** Normalize one parsed record. Return a string (a reason) when the value is not a record of this shape (e.g. "no prompt text found"). */
  normalize(value: unknown, where: RecordLocation): NormalizedRecord | string;
}

/** What detection saw, for reports and for telling a mixed file from a clean one. */
export interface DetectedAdapter extends Adapter {
  /** Object samples looked at. */
  readonly sampled: number;
  /** How many samples had each shape (`unknown` = none). */
  readonly shapeCounts: Readonly<Record<string, number>>;
}

export const ADAPTER_NAMES: readonly string[] = SHAPE_ORDER;

const OVERRIDE_KEYS: ReadonlyArray<keyof FieldOverrides> = [...SIGNALS, 'prompt', 'response'];
const OVERRIDE_ALIASES: Readonly<Record<string, keyof FieldOverrides>> = {
  user_agent: 'userAgent', useragent: 'userAgent', organization: 'org', timestamp: 'time', user: 'account', payment_method: 'payment',
};

/** Parse one `--map signal=path` argument; throw an Error with a clear message naming the bad part (unknown signal: list the valid ones; empty path). */
export function parseFieldMapping(spec: string): [keyof FieldOverrides, string] {
  const eq = spec.indexOf('=');
  if (eq === -1) throw new Error(`bad field mapping "${spec}": expected signal=path, e.g. account=metadata.user_id`);
  const name = spec.slice(0, eq).trim();
  const path = spec.slice(eq + 1).trim();
  const key = (OVERRIDE_KEYS as readonly string[]).includes(name) ? (name as keyof FieldOverrides) : OVERRIDE_ALIASES[name.toLowerCase()];
  if (!key) {
    throw new Error(`bad field mapping "${spec}": unknown signal "${name}"; valid signals: ${OVERRIDE_KEYS.join(', ')}`);
  }
  if (path === '') throw new Error(`bad field mapping "${spec}": empty path for ${key}`);
  parseFieldPath(path); // throws naming the bad part of the path
  return [key, path];
}

function overrideAccessor(spec: string, samples: readonly unknown[]): Accessor {
  return accessorFor(spec, samples) ?? literalAccessor(spec);
}

function pickShape(objects: readonly object[]): { name: string; counts: Record<string, number> } {
  const counts: Record<string, number> = {};
  for (const o of objects) {
    const shape = classifyRecord(o) ?? 'unknown';
    counts[shape] = (counts[shape] ?? 0) + 1;
  }
  let best = 'flat';
  let bestCount = 0;
  for (const name of SHAPE_ORDER) {
    if ((counts[name] ?? 0) > bestCount) {
      best = name;
      bestCount = counts[name];
    }
  }
  return { name: best, counts };
}

const text = (a: Accessor | undefined, v: unknown): string | undefined => (a ? toText(a.get(v)) : undefined);

/**
 * Lines whose keys look like a missing signal but do not resolve to one, per signal, before the
 * adapter stops looking for it (a key name shared with something else must not cost a
 * resolution on every record).
 */
const LATE_SIGNAL_ATTEMPTS = 1000;
/** Every record is checked for late signals up to here, then one in LATE_SIGNAL_STRIDE (the check costs ~2 µs a record). */
const LATE_SIGNAL_DENSE = 4096;
const LATE_SIGNAL_STRIDE = 8;

/** Look at the first parsed records of a file (up to ~50) and pick the adapter that fits most of them; resolve, for every signal, the first candidate field path (log-formats.md order) present in the samples; apply overrides. */
export function detectAdapter(samples: unknown[], overrides: FieldOverrides = {}): DetectedAdapter {
  const objects = samples.filter(isObject);
  const { name, counts } = pickShape(objects);
  const shape = SHAPES[name];
  const fitting = objects.filter((o) => classifyRecord(o) === name);
  const settled = fitting.length > 0 ? fitting : objects;
  const reader = shape.prepare(settled);
  const bases = ['', ...shape.bases];

  const accessors: Partial<Record<Signal, Accessor>> = {};
  const fields: FileSummary['fields'] = {};
  const missingSignals: Signal[] = [];
  for (const signal of SIGNALS) {
    const override = overrides[signal];
    const accessor = override ? overrideAccessor(override, settled) : resolveSignal(signal, settled, bases);
    if (accessor) {
      accessors[signal] = accessor;
      fields[signal] = accessor.field;
    } else missingSignals.push(signal);
  }
  const promptOverride = overrides.prompt ? overrideAccessor(overrides.prompt, settled) : undefined;
  const responseOverride = overrides.response ? overrideAccessor(overrides.response, settled) : undefined;
  const promptField = promptOverride?.field ?? reader.prompt;
  const responseField = responseOverride?.field ?? reader.response;
  if (promptField) fields.prompt = promptField;
  if (responseField) fields.response = responseField;

  const responseOnly = reader.responseOnly === true && !promptOverride;

  const lateSignals: LateSignal[] = [];
  // Per missing signal: its key probe and the lines that passed it without resolving.
  const looking = new Map<Signal, { probe: RegExp; misses: number }>();
  for (const signal of missingSignals) {
    const probe = signalKeyProbe([signal]);
    if (probe) looking.set(signal, { probe, misses: 0 });
  }
  let anyProbe = signalKeyProbe([...looking.keys()]);
  let normalized = 0;
  const lookForLateSignals = (value: object, raw: string, line: number): void => {
    const before = looking.size;
    for (const [signal, state] of looking) {
      if (!state.probe.test(raw)) continue;
      const accessor = resolveSignal(signal, [value], bases);
      if (accessor) {
        accessors[signal] = accessor;
        fields[signal] = accessor.field;
        missingSignals.splice(missingSignals.indexOf(signal), 1);
        lateSignals.push({ signal, field: accessor.field, line });
        looking.delete(signal);
      } else if (++state.misses >= LATE_SIGNAL_ATTEMPTS) looking.delete(signal);
    }
    if (looking.size !== before) anyProbe = signalKeyProbe([...looking.keys()]);
  };

  return {
    name,
    fields,
    missingSignals,
    lateSignals,
    sampled: objects.length,
    shapeCounts: counts,
    normalize(value: unknown, where: RecordLocation): NormalizedRecord | string {
      if (!isObject(value)) return 'not a JSON object';
      const checkLate = normalized++ < LATE_SIGNAL_DENSE || normalized % LATE_SIGNAL_STRIDE === 0;
      if (anyProbe && checkLate && where.text !== undefined && anyProbe.test(where.text)) lookForLateSignals(value, where.text, where.line);
      const { time, account, org, payment, ip, userAgent, model } = accessors;
      const rec: NormalizedRecord = { file: where.file, line: where.line, bytes: where.bytes, turns: [], turnCount: 0, promptIndex: -1 };
      if (time) {
        const ms = toEpochMs(time.get(value));
        if (ms !== undefined) rec.time = ms;
      }
      const accountValue = text(account, value);
      if (accountValue !== undefined) rec.account = accountValue;
      const orgValue = text(org, value);
      if (orgValue !== undefined) rec.org = orgValue;
      const paymentValue = text(payment, value);
      if (paymentValue !== undefined) rec.payment = paymentValue;
      const ipValue = ip ? firstHop(ip.get(value)) : undefined;
      if (ipValue !== undefined) rec.ip = ipValue;
      const agent = text(userAgent, value);
      if (agent !== undefined) rec.userAgent = agent;
      const modelValue = text(model, value);
      if (modelValue !== undefined) rec.model = modelValue;

      if (promptOverride) {
        const prompt = promptOverride.get(value);
        if (typeof prompt === 'string') pushTurn(rec, 'user', prompt, promptOverride.path(value));
        else if (prompt !== undefined && prompt !== null) readLooseInput(prompt, promptOverride.path(value), rec);
        else return `no prompt text at ${promptOverride.field}`;
      } else {
        const reason = reader.conversation(value, rec);
        if (reason !== undefined) return reason;
      }
      if (responseOverride) {
        readResponse(responseOverride.get(value), rec);
        readUsage(value, rec);
      } else reader.result(value, rec);

      finishConversation(rec);
      if (rec.turns.length === 0 && rec.system === undefined && !responseOnly) return 'no prompt text found';
      return rec;
    },
  };
}
