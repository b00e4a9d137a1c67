/**
 * Which field each forensic signal comes from. Candidates follow log-formats.md ("try, in order,
 * the usual spellings, nested or flat"), then a few spellings the same exports use elsewhere.
 * The candidates are tried at the record root, then under each of the shape's wrappers (`body`,
 * `request_body`, `attributes`, …); the first that holds a usable value in the samples wins.
 */
import type { Signal } from '../types';
import { accessorFor, compileAccessor, isObject, type Accessor } from './path';
import { firstHop, toEpochMs, toText } from './values';

export const SIGNAL_CANDIDATES: Readonly<Record<Signal, readonly string[]>> = {
  time: [
    'created_at', 'created', 'timestamp', 'ts', 'time', 'startTime', 'request_created_at',
    'start_time', 'createdAt', 'startTimeUnixNano', 'start_time_unix_nano', 'timeUnixNano', 'request_time',
  ],
  account: [
    'account.id', 'account_id', 'user', 'user_id', 'userId', 'metadata.user_id', 'safety_identifier',
    'request_user_id', 'enduser.id', 'enduser.pseudo.id', 'user.id', 'api_key_id', 'key_id', 'customer_id',
    'accountId', 'end_user',
  ],
  org: ['org_id', 'organization_id', 'account.org_id', 'metadata.org_id', 'organization.id', 'orgId', 'organizationId', 'organization'],
  payment: ['payment_fingerprint', 'payment_method', 'card_fingerprint', 'billing'],
  ip: [
    'ip', 'ip_address', 'client_ip', 'remote_addr', 'client.ip', 'client.address', 'metadata.ip_address',
    'x_forwarded_for', 'x-forwarded-for', 'headers.x-forwarded-for', 'client_address', 'source_ip', 'requester_ip_address',
  ],
  userAgent: ['user_agent', 'client.user_agent', 'metadata.user_agent', 'http.user_agent', 'user_agent.original', 'userAgent', 'headers.user-agent'],
  model: [
    'model', 'gen_ai.request.model', 'gen_ai.response.model', 'llm.model_name', 'provided_model_name',
    'providedModelName', 'model_name', 'request_model', 'response_model', 'invocation_params.model',
    'invocation_params.model_name', 'ls_model_name', 'modelVersion',
  ],
};

/** Payment data lives at the root or under these (log-formats.md), before the shape's own wrappers. */
const PAYMENT_BASES = ['account', 'metadata'];

const textValue = (v: unknown): boolean => toText(v) !== undefined;

/** A payment object (`billing`, `payment_method`) is summarised by its most identifying member. */
const PAYMENT_MEMBER_HINTS = ['fingerprint', 'payment_method', 'card', 'customer', 'id'];

function paymentMember(v: unknown): string | undefined {
  if (!isObject(v)) return undefined;
  const keys = Object.keys(v).filter((k) => toText(v[k]) !== undefined);
  for (const hint of PAYMENT_MEMBER_HINTS) {
    const key = keys.find((k) => k.toLowerCase().includes(hint));
    if (key) return key;
  }
  return keys[0];
}

const ACCEPT: Record<Signal, (v: unknown) => boolean> = {
  time: (v) => toEpochMs(v) !== undefined,
  account: textValue,
  org: textValue,
  payment: (v) => textValue(v) || paymentMember(v) !== undefined,
  ip: (v) => firstHop(v) !== undefined,
  userAgent: (v) => typeof v === 'string' && v !== '',
  model: (v) => typeof v === 'string' && v !== '',
};

function join(base: string, candidate: string): string {
  if (base === '') return candidate;
  return candidate.startsWith('[') ? `${base}${candidate}` : `${base}.${candidate}`;
}

/**
 * When no usual spelling is present: a key whose *name* says what it holds (`ls_user_id`,
 * `billing.card_fingerprint` as one OTel attribute name, `metadata.client_ip`). Tests on the
 * lower-cased key name, in order of preference; the raw-line probe is built from the same table.
 */
interface NameHint {
  endsWith?: readonly string[];
  includes?: readonly string[];
  startsWith?: readonly string[];
}

const NAME_HINTS: Readonly<Record<Signal, readonly NameHint[]>> = {
  time: [],
  account: [{ endsWith: ['user_id', 'userid', 'user.id'] }, { endsWith: ['account_id', 'account.id'] }],
  org: [{ endsWith: ['org_id', 'organization_id', 'org.id', 'orgid'] }],
  payment: [{ includes: ['fingerprint'] }, { startsWith: ['billing.'], includes: ['payment_method'] }],
  ip: [{ endsWith: ['_ip', '.ip', 'ip_address', 'client.address'] }, { includes: ['forwarded_for'] }],
  userAgent: [{ includes: ['user_agent', 'useragent', 'user-agent'] }],
  model: [{ endsWith: ['model_name', '.model', '_model'] }],
};

function hintMatches(hint: NameHint, key: string): boolean {
  return (
    (hint.endsWith?.some((s) => key.endsWith(s)) ?? false) ||
    (hint.includes?.some((s) => key.includes(s)) ?? false) ||
    (hint.startsWith?.some((s) => key.startsWith(s)) ?? false)
  );
}

/** Whether the name hints take `key` (any case) as a field of `signal`. */
export function nameHintMatches(signal: Signal, key: string): boolean {
  return NAME_HINTS[signal].some((hint) => hintMatches(hint, key.toLowerCase()));
}

function keysOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.flatMap((e: unknown) => (isObject(e) && typeof e.key === 'string' ? [e.key] : []));
  return isObject(v) ? Object.keys(v) : [];
}

function resolveByName(signal: Signal, samples: readonly unknown[], bases: readonly string[]): Accessor | undefined {
  for (const base of bases) {
    const containers = base === '' ? samples : samples.map((s) => accessorFor(base, [s])?.get(s));
    const keys = [...new Set(containers.flatMap(keysOf))];
    for (const hint of NAME_HINTS[signal]) {
      for (const key of keys) {
        if (!hintMatches(hint, key.toLowerCase())) continue;
        const accessor = accessorFor(join(base, `[${JSON.stringify(key)}]`), samples, ACCEPT[signal]);
        if (accessor) return accessor;
      }
    }
  }
  return undefined;
}

/**
 * A cheap test on a raw line for "may hold one of these signals": any of their usual key names
 * (a dotted spelling's first and last parts, when specific), or a key the name hints take, as a
 * JSON key (also inside a JSON string, `\"key\":`). Only a filter: a line that passes is resolved
 * properly with `resolveSignal`.
 */
export function signalKeyProbe(signals: readonly Signal[]): RegExp | null {
  const whole = new Set<string>();
  const ends: string[] = [];
  const contains: string[] = [];
  const starts: string[] = [];
  for (const signal of signals) {
    for (const candidate of SIGNAL_CANDIDATES[signal]) {
      const parts = candidate.split('.');
      whole.add(candidate);
      for (const part of [parts[0], parts[parts.length - 1]]) if (part.length >= 4 && !GENERIC_KEYS.has(part)) whole.add(part);
    }
    for (const hint of NAME_HINTS[signal]) {
      ends.push(...(hint.endsWith ?? []));
      contains.push(...(hint.includes ?? []));
      starts.push(...(hint.startsWith ?? []));
    }
  }
  const alternation = (names: Iterable<string>) => [...new Set(names)].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
  const keyTail = '[^"\\\\]{0,80}';
  const forms = [
    whole.size + ends.length > 0 ? `(?:${alternation([...whole, ...ends])})` : '',
    contains.length > 0 ? `(?:${alternation(contains)})${keyTail}` : '',
    starts.length > 0 ? `"(?:${alternation(starts)})${keyTail}` : '',
  ].filter((f) => f !== '');
  if (forms.length === 0) return null;
  return new RegExp(`(?:${forms.join('|')})\\\\?"\\s*:`, 'i');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Key parts too common to say anything on their own. */
const GENERIC_KEYS = new Set(['user', 'time', 'model', 'address', 'original', 'name', 'client', 'headers', 'metadata', 'account']);

/** `shapeBases` starts with '' (the record root). */
export function resolveSignal(signal: Signal, samples: readonly unknown[], shapeBases: readonly string[]): Accessor | undefined {
  return resolveBySpelling(signal, samples, shapeBases) ?? resolveByName(signal, samples, shapeBases);
}

function resolveBySpelling(signal: Signal, samples: readonly unknown[], shapeBases: readonly string[]): Accessor | undefined {
  const bases = signal === 'payment' ? [shapeBases[0], ...PAYMENT_BASES, ...shapeBases.slice(1)] : shapeBases;
  // The record's own fields first, then each wrapper: a gateway's `timestamp` beats the
  // provider's `response.created`, its `request_user_id` beats the body's `user`.
  for (const base of bases) {
    for (const candidate of SIGNAL_CANDIDATES[signal]) {
      const accessor = accessorFor(join(base, candidate), samples, ACCEPT[signal]);
      if (!accessor) continue;
      if (signal === 'payment') {
        const member = paymentMember(samples.map((s) => accessor.get(s)).find(isObject));
        if (member !== undefined) return compileAccessor([...accessor.steps, { kind: 'key', key: member }]);
      }
      return accessor;
    }
  }
  return undefined;
}
