/**
 * OpenTelemetry GenAI and OpenInference spans: attributes written as a flat object, as nested
 * objects (Phoenix), or as an OTLP list `[{key, value: {stringValue}}]`; content in attributes
 * (current `gen_ai.input.messages`, older `gen_ai.prompt`, OpenLLMetry `gen_ai.prompt.0.content`,
 * OpenInference `llm.input_messages.0.message.content`) or in span events.
 */
import type { NormalizedRecord, Role } from '../types';
import { isObject, isOtlpList, otlpIndex, unwrapAnyValue } from './path';
import { appendSystem, insideString, pushTurn, readEncodedInput, readMessages, readSystem, type ReadPath } from './messages';
import { readEncodedResponse, readResponse, setUsage } from './responses';
import { decodeJson } from './values';

type Obj = Record<string, unknown>;

/** Read access to one attribute set whatever its layout, with the JsonPath of string values. */
export interface AttrView {
  get(key: string): unknown;
  path(key: string): ReadPath | undefined;
}

const nestedKeys = new Map<string, string[]>();
function splitKey(key: string): string[] {
  let parts = nestedKeys.get(key);
  if (!parts) nestedKeys.set(key, (parts = key.split('.')));
  return parts;
}

class ObjectAttrs implements AttrView {
  constructor(private readonly attrs: Obj, private readonly base: ReadPath | undefined, private readonly nested: boolean) {}
  get(key: string): unknown {
    const v = this.attrs[key];
    if (v !== undefined || !this.nested) return v;
    // Phoenix writes `attributes.llm.input_messages` as nested objects.
    let cur: unknown = this.attrs;
    for (const part of splitKey(key)) {
      if (!isObject(cur)) return undefined;
      cur = cur[part];
    }
    return cur;
  }
  path(key: string): ReadPath | undefined {
    if (!this.base) return undefined;
    return key in this.attrs || !this.nested ? [...this.base, key] : [...this.base, ...splitKey(key)];
  }
}

class OtlpAttrs implements AttrView {
  private index: Map<string, number> | undefined;
  constructor(private readonly list: Obj[], private readonly base: ReadPath | undefined) {}
  private find(key: string): number {
    if (this.list.length <= 8) return otlpIndex(this.list, key);
    if (!this.index) {
      this.index = new Map();
      for (let k = 0; k < this.list.length; k++) this.index.set(this.list[k].key as string, k);
    }
    return this.index.get(key) ?? -1;
  }
  get(key: string): unknown {
    const k = this.find(key);
    return k === -1 ? undefined : unwrapAnyValue(this.list[k].value);
  }
  path(key: string): ReadPath | undefined {
    const k = this.find(key);
    const value = k === -1 ? undefined : this.list[k].value;
    return this.base && isObject(value) && 'stringValue' in value ? [...this.base, k, 'value', 'stringValue'] : undefined;
  }
}

/** `nested`: the layout writes attribute names as nested objects (Phoenix `llm: {input_messages}`). */
export function attrView(container: unknown, base: ReadPath | undefined, nested = false): AttrView | undefined {
  if (isOtlpList(container)) return new OtlpAttrs(container as Obj[], base);
  if (isObject(container)) return new ObjectAttrs(container, base, nested);
  return undefined;
}

/** Whether sample attribute sets hold attribute names as nested objects. */
export function usesNestedAttributes(containers: readonly unknown[]): boolean {
  return containers.some((c) => isObject(c) && (isObject(c.llm) || isObject(c.gen_ai) || isObject(c.input) || isObject(c.openinference)));
}

/** A text attribute as a user turn, or, when it holds encoded JSON, whatever conversation it encodes. */
function readInputValue(a: AttrView, key: string, rec: NormalizedRecord): boolean {
  const v = a.get(key);
  if (v === undefined || v === null) return false;
  readEncodedInput(v, a.path(key), rec);
  return true;
}

function readOutputValue(a: AttrView, key: string, rec: NormalizedRecord): boolean {
  const v = a.get(key);
  if (v === undefined || v === null) return false;
  readEncodedResponse(v, rec);
  return true;
}

/** Keys like `gen_ai.prompt.<i>.content`, built once per index. */
class KeyTable {
  private readonly keys: string[] = [];
  constructor(private readonly prefix: string, private readonly suffix: string) {}
  at(i: number): string {
    return (this.keys[i] ??= `${this.prefix}${i}${this.suffix}`);
  }
}

interface IndexedKeys {
  role: KeyTable;
  content: KeyTable;
  /** OpenInference multimodal: `.message.contents.<j>.message_content.text` */
  contents?: (i: number) => KeyTable;
  toolName?: (i: number) => KeyTable;
  toolArguments?: (i: number) => KeyTable;
  finishReason?: KeyTable;
}

const ROLE_NAMES: Record<string, Role> = { system: 'system', developer: 'system', user: 'user', human: 'user', assistant: 'assistant', ai: 'assistant', model: 'assistant', tool: 'tool', function: 'tool' };

function tableFamily(prefix: (i: number) => string, suffix: string): (i: number) => KeyTable {
  const tables: KeyTable[] = [];
  return (i) => (tables[i] ??= new KeyTable(prefix(i), suffix));
}

function indexedKeys(prefix: string, infix: string, openInference: boolean): IndexedKeys {
  const keys: IndexedKeys = {
    role: new KeyTable(prefix, `${infix}.role`),
    content: new KeyTable(prefix, `${infix}.content`),
    finishReason: new KeyTable(prefix, `${infix}.finish_reason`),
  };
  if (openInference) {
    keys.contents = tableFamily((i) => `${prefix}${i}${infix}.contents.`, '.message_content.text');
    keys.toolName = tableFamily((i) => `${prefix}${i}${infix}.tool_calls.`, '.tool_call.function.name');
    keys.toolArguments = tableFamily((i) => `${prefix}${i}${infix}.tool_calls.`, '.tool_call.function.arguments');
  }
  return keys;
}

const GEN_AI_PROMPT = indexedKeys('gen_ai.prompt.', '', false);
const GEN_AI_COMPLETION = indexedKeys('gen_ai.completion.', '', false);
const OI_INPUT = indexedKeys('llm.input_messages.', '.message', true);
const OI_OUTPUT = indexedKeys('llm.output_messages.', '.message', true);

/** Flattened indexed messages; returns how many were found. Output lists set the response instead. */
function readIndexed(a: AttrView, keys: IndexedKeys, rec: NormalizedRecord, asResponse: boolean): number {
  let i = 0;
  for (; i < 10_000; i++) {
    const roleKey = keys.role.at(i);
    const contentKey = keys.content.at(i);
    const roleValue = a.get(roleKey);
    let content = a.get(contentKey);
    let path = typeof content === 'string' ? a.path(contentKey) : undefined;
    if (roleValue === undefined && content === undefined) {
      if (!keys.contents || a.get(keys.contents(i).at(0)) === undefined) break;
    }
    if (typeof content !== 'string' && keys.contents) {
      const pieces: string[] = [];
      for (let j = 0; ; j++) {
        const piece = a.get(keys.contents(i).at(j));
        if (typeof piece !== 'string') break;
        pieces.push(piece);
      }
      if (pieces.length > 0) {
        content = pieces.join('\n');
        path = pieces.length === 1 ? a.path(keys.contents(i).at(0)) : undefined;
      }
    }
    const text = typeof content === 'string' ? content : '';
    const role = (typeof roleValue === 'string' && ROLE_NAMES[roleValue]) || (asResponse ? 'assistant' : 'user');
    if (asResponse) {
      if (role === 'assistant') rec.response = text;
      const finish = keys.finishReason && a.get(keys.finishReason.at(i));
      if (typeof finish === 'string') rec.stopReason = finish;
      continue;
    }
    if (role === 'system') {
      if (text !== '') appendSystem(rec, text, path);
      continue;
    }
    let toolCalls: Array<{ name: string; arguments?: string }> | undefined;
    for (let j = 0; keys.toolName; j++) {
      const name = a.get(keys.toolName(i).at(j));
      if (typeof name !== 'string') break;
      const args = keys.toolArguments && a.get(keys.toolArguments(i).at(j));
      (toolCalls ??= []).push(typeof args === 'string' ? { name, arguments: args } : { name });
    }
    pushTurn(rec, role, text, path, toolCalls);
  }
  return i;
}

function firstOf(v: unknown): unknown {
  if (typeof v === 'string') {
    const decoded = decodeJson(v);
    return decoded === undefined ? v : firstOf(decoded);
  }
  return Array.isArray(v) ? v[0] : v;
}

/** GenAI content from one attribute set (a span's, or one event's). */
export function readGenAiAttributes(a: AttrView, rec: NormalizedRecord): void {
  const instructions = a.get('gen_ai.system_instructions');
  if (instructions !== undefined && instructions !== null) {
    const path = a.path('gen_ai.system_instructions');
    const decoded = typeof instructions === 'string' ? decodeJson(instructions) : undefined;
    if (decoded === undefined) readSystem(instructions, rec, path);
    else readSystem(decoded, rec, insideString(path));
  }
  const input = a.get('gen_ai.input.messages');
  if (Array.isArray(input)) readMessages(input, a.path('gen_ai.input.messages'), rec);
  else if (typeof input === 'string') readEncodedInput(input, a.path('gen_ai.input.messages'), rec);
  else if (!readInputValue(a, 'gen_ai.prompt', rec)) readIndexed(a, GEN_AI_PROMPT, rec, false);
  if (!readOutputValue(a, 'gen_ai.output.messages', rec) && !readOutputValue(a, 'gen_ai.completion', rec)) {
    readIndexed(a, GEN_AI_COMPLETION, rec, true);
  }
  setUsage(
    rec,
    a.get('gen_ai.usage.input_tokens') ?? a.get('gen_ai.usage.prompt_tokens'),
    a.get('gen_ai.usage.output_tokens') ?? a.get('gen_ai.usage.completion_tokens'),
  );
  const finish = firstOf(a.get('gen_ai.response.finish_reasons'));
  if (typeof finish === 'string' && rec.stopReason === undefined) rec.stopReason = finish;
}

const EVENT_ROLES: Record<string, Role> = {
  'gen_ai.system.message': 'system',
  'gen_ai.user.message': 'user',
  'gen_ai.assistant.message': 'assistant',
  'gen_ai.tool.message': 'tool',
};

/** Older GenAI conventions put each message in a span event. */
export function readGenAiEvents(events: unknown, base: ReadPath | undefined, rec: NormalizedRecord): void {
  if (!Array.isArray(events)) return;
  for (let k = 0; k < events.length; k++) {
    const event: unknown = events[k];
    if (!isObject(event)) continue;
    const view = attrView(event.attributes, base && [...base, k, 'attributes']);
    const body = isObject(event.body) ? event.body : undefined;
    const name = typeof event.name === 'string' ? event.name : '';
    const role = Object.prototype.hasOwnProperty.call(EVENT_ROLES, name) ? EVENT_ROLES[name] : undefined;
    if (role) {
      const fromAttrs = view?.get('content');
      const content = fromAttrs ?? body?.content;
      const text = typeof content === 'string' ? content : '';
      const path = typeof fromAttrs === 'string' ? view?.path('content') : undefined;
      if (role === 'system') {
        if (text !== '') appendSystem(rec, text, path);
      } else {
        pushTurn(rec, role, text, path);
      }
    } else if (name === 'gen_ai.choice') {
      let message = view?.get('message') ?? body?.message ?? body;
      if (typeof message === 'string') message = decodeJson(message) ?? { content: message };
      if (isObject(message)) readResponse(typeof message.content === 'string' ? message.content : message, rec);
      const finish = view?.get('finish_reason') ?? body?.finish_reason;
      if (typeof finish === 'string') rec.stopReason = finish;
    } else if (view) {
      readGenAiAttributes(view, rec);
    }
  }
}

/** OpenInference (Arize Phoenix) span attributes. */
export function readOpenInference(a: AttrView, rec: NormalizedRecord): void {
  const input = a.get('llm.input_messages');
  if (Array.isArray(input)) readMessages(input, a.path('llm.input_messages'), rec);
  else readIndexed(a, OI_INPUT, rec, false);
  if (rec.turns.length === 0) readInputValue(a, 'input.value', rec);
  const output = a.get('llm.output_messages');
  if (Array.isArray(output)) readResponse(output, rec);
  else readIndexed(a, OI_OUTPUT, rec, true);
  if (rec.response === undefined) readOutputValue(a, 'output.value', rec);
  setUsage(rec, a.get('llm.token_count.prompt'), a.get('llm.token_count.completion'));
}
