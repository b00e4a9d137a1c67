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

/** The accessor for one signal, or undefined when no candidate is present in the samples. */
/**
 * When no usual spelling is present: a key whose *name* says what it holds (`ls_user_id`,
 * `billing.card_fingerprint` as one OTel attribute name, `metadata.client_ip`). Lower-cased
 * key tests, in order of preference.
 */
const NAME_HINTS: Readonly<Record<Signal, ReadonlyArray<(key: string) => boolean>>> = {
  time: [],
  account: [(k) => k.endsWith('user_id') || k.endsWith('userid') || k.endsWith('user.id'), (k) => k.endsWith('account_id') || k.endsWith('account.id')],
  org: [(k) => k.endsWith('org_id') || k.endsWith('organization_id') || k.endsWith('org.id') || k.endsWith('orgid')],
  payment: [(k) => k.includes('fingerprint'), (k) => k.startsWith('billing.') || k.includes('payment_method')],
  ip: [(k) => k.endsWith('_ip') || k.endsWith('.ip') || k.endsWith('ip_address') || k.endsWith('client.address'), (k) => k.includes('forwarded_for')],
  userAgent: [(k) => k.includes('user_agent') || k.includes('useragent') || k.includes('user-agent')],
  model: [(k) => k.endsWith('model_name') || k.endsWith('.model') || k.endsWith('_model')],
};

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
        if (!hint(key.toLowerCase())) continue;
        const accessor = accessorFor(join(base, `[${JSON.stringify(key)}]`), samples, ACCEPT[signal]);
        if (accessor) return accessor;
      }
    }
  }
  return undefined;
}

/**
 * A cheap test on a raw line for "may hold one of these signals": any of their usual key names
 * (a dotted spelling's first and last parts, when specific) or name-hint endings, as a JSON key.
 * Only a filter: a line that passes is resolved properly with `resolveSignal`.
 */
export function signalKeyProbe(signals: readonly Signal[]): RegExp | null {
  const names = new Set<string>();
  for (const signal of signals) {
    for (const candidate of SIGNAL_CANDIDATES[signal]) {
      const parts = candidate.split('.');
      names.add(candidate);
      for (const part of [parts[0], parts[parts.length - 1]]) if (part.length >= 4 && !GENERIC_KEYS.has(part)) names.add(part);
    }
    for (const ending of NAME_ENDINGS[signal]) names.add(ending);
  }
  if (names.size === 0) return null;
  const alternatives = [...names].sort((a, b) => b.length - a.length).map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?:${alternatives.join('|')})\\\\?"\\s*:`, 'i');
}

/** Key parts too common to say anything on their own. */
const GENERIC_KEYS = new Set(['user', 'time', 'model', 'address', 'original', 'name', 'client', 'headers', 'metadata', 'account']);

/** The endings NAME_HINTS look for, as text (the probe cannot run functions). */
const NAME_ENDINGS: Readonly<Record<Signal, readonly string[]>> = {
  time: [],
  account: ['user_id', 'userid', 'account_id'],
  org: ['org_id', 'organization_id', 'orgid'],
  payment: ['fingerprint', 'payment_method', 'billing'],
  ip: ['_ip', 'ip_address', 'forwarded_for'],
  userAgent: ['user_agent', 'useragent', 'user-agent'],
  model: ['model_name', '_model'],
};

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
