/**
 * The export shapes of log-formats.md: how to recognise one record of each, and how to read
 * its conversation and result once the file's layout has been settled from samples.
 */
import type { NormalizedRecord } from '../types';
import { accessorFor, compileAccessor, isObject, isOtlpList, literalAccessor, type Accessor } from './path';
import { insideString, objectOf, pushTurn, readEncodedInput, readLooseInput, readMessages, readSystem, type ReadPath } from './messages';
import { readEncodedResponse, readResponse, readUsage } from './responses';
import { attrView, readGenAiAttributes, readGenAiEvents, readOpenInference, usesNestedAttributes } from './otel';

type Obj = Record<string, unknown>;

/** How one shape reads records, with its layout settled from samples. */
export interface Reader {
  /** Where the prompt text comes from, as reports show it. */
  readonly prompt: string;
  readonly response?: string;
  /** Shapes whose lines carry only results (batch output files). */
  readonly responseOnly?: boolean;
  /** Fill `system` and `turns`; return a reason when the record is not of this shape. */
  conversation(v: Obj, rec: NormalizedRecord): string | undefined;
  /** Fill `response`, `usage`, `stopReason`. */
  result(v: Obj, rec: NormalizedRecord): void;
}

export interface Shape {
  readonly name: string;
  /** Wrappers, besides the root, under which the forensic signals are looked for. */
  readonly bases: readonly string[];
  prepare(samples: readonly Obj[]): Reader;
}

const ROOT = compileAccessor([]);

/** A request, maybe stored as JSON text: `messages` (OpenAI, Anthropic) or `contents` (Gemini). */
function hasMessages(v: unknown): boolean {
  const o = objectOf(v);
  return o !== undefined && (Array.isArray(o.messages) || Array.isArray(o.contents));
}

function looksLikeResponse(v: unknown): boolean {
  const o = objectOf(v);
  return (
    o !== undefined &&
    (Array.isArray(o.choices) ||
      Array.isArray(o.candidates) ||
      (Array.isArray(o.content) && ('stop_reason' in o || o.type === 'message' || o.role === 'assistant')) ||
      o.object === 'response' ||
      typeof o.output_text === 'string')
  );
}

const RESPONSES_ITEM_TYPES = new Set(['message', 'function_call', 'function_call_output', 'reasoning']);

/**
 * An OpenAI Responses request: `input` as a list of items (`{role, content}` or typed), or as text
 * next to `instructions`. (Text alone next to a model is as much a flat log as a Responses call.)
 */
function isResponsesRequest(v: unknown): boolean {
  const o = objectOf(v);
  if (o === undefined || o.messages !== undefined) return false;
  const input = o.input;
  if (typeof input === 'string') return typeof o.instructions === 'string';
  if (!Array.isArray(input) || input.length === 0) return false;
  const first: unknown = input[0];
  return isObject(first) && (typeof first.role === 'string' || (typeof first.type === 'string' && RESPONSES_ITEM_TYPES.has(first.type)));
}

/** The request object at `request` in `v` (decoded when stored as JSON text) and where it lies. */
function requestAt(request: Accessor, v: Obj): { r: Obj | undefined; path: ReadPath | undefined } {
  const value = request.get(v);
  if (isObject(value)) return { r: value, path: request.path(v) };
  return { r: objectOf(value), path: insideString(request.path(v)) };
}

const extend = (path: ReadPath | undefined, key: string): ReadPath | undefined => path && [...path, key];

/** The first candidate wrapper that fits a sample ('' = the record itself). */
function container(samples: readonly Obj[], candidates: readonly string[], fits: (v: unknown) => boolean): Accessor | undefined {
  for (const candidate of candidates) {
    if (candidate === '') {
      if (samples.some(fits)) return ROOT;
    } else {
      const accessor = accessorFor(candidate, samples, fits);
      if (accessor) return accessor;
    }
  }
  return undefined;
}

const under = (accessor: Accessor, member: string): string => (accessor.field === '' ? member : `${accessor.field}.${member}`);

/** Chat Completions, Anthropic Messages and everything that wraps one of their requests. */
function messagesShape(
  name: string,
  bases: string[],
  requests: string[],
  responses: string[],
  responseText = 'choices[0].message.content',
  promptText = 'messages[-1].content',
  requestFits: (v: unknown) => boolean = hasMessages,
): Shape {
  const conversationKey = promptText.slice(0, promptText.indexOf('['));
  return {
    name,
    bases,
    prepare(samples) {
      const request = container(samples, requests, requestFits) ?? (requests[0] === '' ? ROOT : literalAccessor(requests[0]));
      const response = container(samples, responses, looksLikeResponse);
      return {
        prompt: under(request, promptText),
        response: response && under(response, responseText),
        conversation(v, rec) {
          const { r, path } = requestAt(request, v);
          if (!r) return `no request object at ${request.field || 'the record root'}`;
          if (r.system !== undefined && r.system !== null) readSystem(r.system, rec, extend(path, 'system'));
          else if (typeof r.instructions === 'string') readSystem(r.instructions, rec, extend(path, 'instructions')); // OpenAI Responses
          const instructionKey = r.systemInstruction !== undefined ? 'systemInstruction' : 'system_instruction'; // Gemini: {parts: [{text}]}
          const instruction = r[instructionKey];
          if (isObject(instruction)) readSystem(instruction.parts, rec, path && [...path, instructionKey, 'parts']);
          if (Array.isArray(r.messages)) readMessages(r.messages, extend(path, 'messages'), rec);
          else if (Array.isArray(r.contents)) readMessages(r.contents, extend(path, 'contents'), rec);
          else if (typeof r.prompt === 'string') pushTurn(rec, 'user', r.prompt, extend(path, 'prompt'));
          else if (r.input !== undefined && r.input !== null) readLooseInput(r.input, extend(path, 'input'), rec);
          else return `no ${conversationKey} at ${under(request, conversationKey)}`;
          return undefined;
        },
        result(v, rec) {
          if (response) readEncodedResponse(response.get(v), rec);
          if (!rec.usage) readUsage(v, rec);
        },
      };
    },
  };
}

function observabilityShape(name: string, bases: string[], input: string, output: string): Shape {
  const inputPath = [input];
  return {
    name,
    bases,
    prepare() {
      return {
        prompt: input,
        response: output,
        conversation(v, rec) {
          const value = v[input];
          if (value === undefined || value === null) return `no ${input}`;
          readEncodedInput(value, inputPath, rec);
          return undefined;
        },
        result(v, rec) {
          readEncodedResponse(v[output], rec);
          if (!rec.usage) readUsage(v, rec);
        },
      };
    },
  };
}

const TELEMETRY_CONTAINERS = ['attributes', 'SpanAttributes', 'span_attributes', 'span.attributes', ''];

function attributeKeys(c: unknown): string[] {
  if (isOtlpList(c)) return c.map((e) => e.key);
  return isObject(c) ? Object.keys(c) : [];
}

const isGenAiKey = (k: string): boolean => k.startsWith('gen_ai.');
const isOpenInferenceKey = (k: string): boolean =>
  k.startsWith('llm.input_messages') || k.startsWith('llm.output_messages') || k.startsWith('openinference.') || k === 'llm.model_name' || k === 'input.value';

function telemetryKind(c: unknown): 'otel-genai' | 'openinference' | undefined {
  const keys = attributeKeys(c);
  if (keys.includes('openinference.span.kind')) return 'openinference';
  if (keys.some(isGenAiKey)) return 'otel-genai';
  if (keys.some(isOpenInferenceKey)) return 'openinference';
  if (isObject(c) && (isObject(c.llm) || isObject(c.openinference))) return 'openinference';
  return undefined;
}

function spanAttributes(v: Obj): unknown[] {
  const span = isObject(v.span) ? v.span.attributes : undefined;
  return [v.attributes, v.SpanAttributes, v.span_attributes, span, v];
}

function hasGenAiEvents(v: Obj): boolean {
  return Array.isArray(v.events) && v.events.some((e) => isObject(e) && typeof e.name === 'string' && e.name.startsWith('gen_ai.'));
}

function telemetryShape(name: 'otel-genai' | 'openinference'): Shape {
  return {
    name,
    bases: ['attributes', 'attributes.metadata', 'SpanAttributes', 'span_attributes', 'resource.attributes', 'resource'],
    prepare(samples) {
      const fits = (c: unknown): boolean => telemetryKind(c) === name;
      const attrs = container(samples, TELEMETRY_CONTAINERS, fits) ?? ROOT;
      const keys = new Set(samples.flatMap((s) => attributeKeys(attrs.get(s))));
      const nested = usesNestedAttributes(samples.map((s) => attrs.get(s)));
      // Indexed families (`llm.input_messages.0.message.content`) are named with N for the index.
      const has = (k: string): boolean => keys.has(k) || keys.has(k.replace('.N.', '.0.'));
      const promptKey =
        name === 'openinference'
          ? ['llm.input_messages', 'llm.input_messages.N.message.content', 'llm.input_messages.N.message.contents', 'input.value'].find(has) ?? 'llm.input_messages'
          : ['gen_ai.input.messages', 'gen_ai.prompt', 'gen_ai.prompt.N.content'].find(has);
      const responseKey =
        name === 'openinference'
          ? ['llm.output_messages', 'llm.output_messages.N.message.content', 'output.value'].find(has)
          : ['gen_ai.output.messages', 'gen_ai.completion', 'gen_ai.completion.N.content'].find(has);
      const field = (key: string): string => `${attrs.field}[${JSON.stringify(key)}]`;
      return {
        prompt: promptKey ? field(promptKey) : 'events[name=gen_ai.user.message].attributes.content',
        response: responseKey && field(responseKey),
        conversation(v, rec) {
          const view = attrView(attrs.get(v), attrs.path(v), nested);
          if (!view) return `no span attributes at ${attrs.field || 'the record root'}`;
          if (name === 'openinference') readOpenInference(view, rec);
          else {
            readGenAiAttributes(view, rec);
            if (Array.isArray(v.events) && (rec.turns.length === 0 || rec.response === undefined)) mergeEvents(v.events, rec);
          }
          return undefined;
        },
        result() {
          // Attributes hold the result too: read with the conversation.
        },
      };
    },
  };
}

/** Events fill what the attributes left empty (some instrumentations write both). */
function mergeEvents(events: unknown[], rec: NormalizedRecord): void {
  const fromEvents: NormalizedRecord = { file: '', line: 0, bytes: [0, 0], turns: [], turnCount: 0, promptIndex: -1 };
  readGenAiEvents(events, ['events'], fromEvents);
  if (rec.turns.length === 0 && rec.system === undefined) {
    rec.turns = fromEvents.turns;
    if (fromEvents.system !== undefined) rec.system = fromEvents.system;
    if (fromEvents.systemPath !== undefined) rec.systemPath = fromEvents.systemPath;
    if (fromEvents.systemInnerPath !== undefined) rec.systemInnerPath = fromEvents.systemInnerPath;
  }
  if (rec.response === undefined && fromEvents.response !== undefined) {
    rec.response = fromEvents.response;
    if (fromEvents.stopReason !== undefined) rec.stopReason = fromEvents.stopReason;
  }
  if (!rec.usage && fromEvents.usage) rec.usage = fromEvents.usage;
}

const FLAT_PROMPTS = ['prompt', 'input', 'text', 'question', 'query', 'instruction', 'message', 'content'];
const FLAT_RESPONSES = ['response', 'output', 'completion', 'answer', 'result', 'reply'];
const FLAT_BASES = ['', 'request', 'data', 'payload'];
const nonEmpty = (v: unknown): boolean =>
  (typeof v === 'string' && v !== '') || (Array.isArray(v) && v.length > 0) || (isObject(v) && Object.keys(v).length > 0);

function firstField(samples: readonly Obj[], names: readonly string[], accept: (v: unknown) => boolean): Accessor | undefined {
  for (const name of names) {
    for (const base of FLAT_BASES) {
      const accessor = accessorFor(base === '' ? `["${name}"]` : `${base}["${name}"]`, samples, accept);
      if (accessor) return accessor;
    }
  }
  return undefined;
}

const flatShape: Shape = {
  name: 'flat',
  bases: ['metadata', 'request', 'data'],
  prepare(samples) {
    const prompt = firstField(samples, FLAT_PROMPTS, (v) => typeof v === 'string' && v !== '') ?? firstField(samples, FLAT_PROMPTS, nonEmpty);
    const response = firstField(samples, FLAT_RESPONSES, nonEmpty);
    return {
      prompt: prompt?.field ?? '',
      response: response?.field,
      conversation(v, rec) {
        if (!prompt) return 'no prompt text found';
        const value = prompt.get(v);
        if (value === undefined || value === null) return `no prompt text at ${prompt.field}`;
        readLooseInput(value, prompt.path(v), rec);
        return undefined;
      },
      result(v, rec) {
        if (response) readResponse(response.get(v), rec);
        readUsage(v, rec);
      },
    };
  },
};

function responseOnlyShape(name: string, bases: string[], key: string, read: (v: Obj, rec: NormalizedRecord) => void, response: string): Shape {
  return {
    name,
    bases,
    prepare() {
      return {
        prompt: '',
        response,
        responseOnly: true,
        conversation(v) {
          return key in v ? undefined : `no ${key} (not a ${name} line)`;
        },
        result: read,
      };
    },
  };
}

const REQUEST_WRAPPERS = ['', 'request', 'body', 'request.body', 'data', 'payload', 'request_body'];
const RESPONSE_WRAPPERS = ['response', 'response.body', 'response_body', 'output', ''];
const REQUEST_BASES = ['request', 'body', 'request.body', 'metadata', 'request.metadata', 'response', 'response.body'];

export const SHAPES: Record<string, Shape> = {
  'openai-batch-input': messagesShape('openai-batch-input', ['body', 'body.metadata'], ['body'], []),
  'openai-batch-output': responseOnlyShape(
    'openai-batch-output',
    ['response.body', 'response'],
    'custom_id',
    (v, rec) => {
      if (isObject(v.response)) readResponse(v.response.body, rec);
    },
    'response.body.choices[0].message.content',
  ),
  'anthropic-batch-request': messagesShape('anthropic-batch-request', ['params', 'params.metadata'], ['params'], [], 'content'),
  'anthropic-batch-result': responseOnlyShape(
    'anthropic-batch-result',
    ['result.message', 'result'],
    'custom_id',
    (v, rec) => {
      if (!isObject(v.result)) return;
      if (v.result.type === 'succeeded') readResponse(v.result.message, rec);
      else if (typeof v.result.type === 'string') rec.stopReason = v.result.type;
    },
    'result.message.content',
  ),
  helicone: messagesShape('helicone', ['request_body', 'request_properties', 'request_body.metadata', 'response_body'], ['request_body', 'request_body.body'], ['response_body', 'response_body.body']),
  langsmith: observabilityShape('langsmith', ['extra.metadata', 'metadata', 'extra', 'extra.invocation_params', 'extra.runtime', 'outputs.llm_output'], 'inputs', 'outputs'),
  langfuse: observabilityShape('langfuse', ['metadata', 'trace'], 'input', 'output'),
  'otel-genai': telemetryShape('otel-genai'),
  openinference: telemetryShape('openinference'),
  'anthropic-messages': messagesShape('anthropic-messages', REQUEST_BASES, REQUEST_WRAPPERS, RESPONSE_WRAPPERS, 'content'),
  'chat-completions': messagesShape('chat-completions', REQUEST_BASES, REQUEST_WRAPPERS, RESPONSE_WRAPPERS),
  gemini: messagesShape('gemini', REQUEST_BASES, REQUEST_WRAPPERS, RESPONSE_WRAPPERS, 'candidates[0].content.parts', 'contents[-1].parts'),
  'openai-responses': messagesShape(
    'openai-responses',
    REQUEST_BASES,
    REQUEST_WRAPPERS,
    RESPONSE_WRAPPERS,
    'output[type=message].content[type=output_text].text',
    'input[-1].content',
    isResponsesRequest,
  ),
  flat: flatShape,
};

/** Tie-break order: the more specific shape first. */
export const SHAPE_ORDER = Object.keys(SHAPES);

/** The request a record holds (itself, or under a usual wrapper, maybe as JSON text) that `fits`. */
function requestOf(v: Obj, fits: (v: unknown) => boolean): Obj | undefined {
  if (fits(v)) return v;
  for (const key of ['request', 'body', 'data', 'payload', 'request_body']) {
    const w = objectOf(v[key]);
    if (fits(w)) return w;
    if (w && fits(w.body)) return objectOf(w.body);
  }
  return undefined;
}

const ANTHROPIC_BLOCKS = new Set(['tool_use', 'tool_result', 'image', 'document', 'thinking']);
const OPENAI_PARTS = new Set(['image_url', 'input_audio', 'file', 'refusal']);

/** Anthropic Messages and Chat Completions share `messages[]`: weigh the telltale fields. */
function anthropicOrChat(req: Obj, record: Obj): 'anthropic-messages' | 'chat-completions' {
  let anthropic = 0;
  let chat = 0;
  if (req.system !== undefined) anthropic += 2;
  if (req.anthropic_version !== undefined) anthropic += 3;
  if (typeof req.model === 'string' && req.model.startsWith('claude')) anthropic += 1;
  const responses = [record.response, record.response_body, record];
  for (const response of responses) {
    const r = objectOf(response);
    if (!r) continue;
    const body = objectOf(r.body) ?? r;
    if ('stop_reason' in body || body.type === 'message') anthropic += 2;
    if (Array.isArray(body.choices)) chat += 3;
    if (isObject(body.usage) && 'input_tokens' in body.usage) anthropic += 1;
    if (isObject(body.usage) && 'prompt_tokens' in body.usage) chat += 2;
  }
  for (const m of req.messages as unknown[]) {
    if (!isObject(m)) continue;
    if (m.role === 'system' || m.role === 'developer' || m.role === 'tool' || m.role === 'function') chat += 2;
    if (Array.isArray(m.tool_calls)) chat += 2;
    if (!Array.isArray(m.content)) continue;
    for (const block of m.content) {
      if (!isObject(block) || typeof block.type !== 'string') continue;
      if (ANTHROPIC_BLOCKS.has(block.type)) anthropic += 2;
      if (OPENAI_PARTS.has(block.type)) chat += 2;
    }
  }
  if (typeof req.user === 'string' || req.n !== undefined || req.response_format !== undefined) chat += 1;
  return anthropic > chat ? 'anthropic-messages' : 'chat-completions';
}

const LANGFUSE_TYPES = new Set(['GENERATION', 'SPAN', 'EVENT', 'AGENT', 'TOOL', 'CHAIN', 'RETRIEVER', 'EMBEDDING', 'EVALUATOR', 'GUARDRAIL']);

function isFlat(v: Obj): boolean {
  for (const base of [v, v.request, v.data, v.payload]) {
    if (!isObject(base)) continue;
    for (const key of FLAT_PROMPTS) if (nonEmpty(base[key])) return true;
  }
  return false;
}

/** The shape one record looks like, or undefined when it fits none. */
export function classifyRecord(v: unknown): string | undefined {
  if (!isObject(v)) return undefined;
  if ('custom_id' in v) {
    if (isObject(v.params)) return 'anthropic-batch-request';
    if (isObject(v.result)) return 'anthropic-batch-result';
    if (isObject(v.body)) return 'openai-batch-input';
    if ('response' in v || 'error' in v) return 'openai-batch-output';
  }
  if (isObject(v.request_body) || (typeof v.request_body === 'string' && 'response_body' in v) || ('request_user_id' in v && 'response_body' in v)) {
    return 'helicone';
  }
  if ('run_type' in v || ('inputs' in v && ('outputs' in v || 'trace_id' in v || 'child_run_ids' in v))) return 'langsmith';
  if (
    'input' in v &&
    ('trace_id' in v || 'traceId' in v || 'sessionId' in v || 'provided_model_name' in v || 'providedModelName' in v ||
      (typeof v.type === 'string' && LANGFUSE_TYPES.has(v.type)))
  ) {
    return 'langfuse';
  }
  for (const c of spanAttributes(v)) {
    const kind = telemetryKind(c);
    if (kind) return kind;
  }
  if (hasGenAiEvents(v)) return 'otel-genai';
  const req = requestOf(v, hasMessages);
  if (req) return Array.isArray(req.messages) ? anthropicOrChat(req, v) : 'gemini';
  if (requestOf(v, isResponsesRequest) || objectOf(v.response)?.object === 'response') return 'openai-responses';
  return isFlat(v) ? 'flat' : undefined;
}
