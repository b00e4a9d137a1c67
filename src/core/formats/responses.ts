/**
 * Reading logged results: response text, stop reason and token usage, from Chat Completions,
 * Anthropic, Gemini, OpenAI Responses, OTel output messages and LangChain generations.
 */
import type { NormalizedRecord } from '../types';
import { contentKey, contentText, readMessage } from './messages';
import { isObject } from './path';
import { decodeJson, toCount } from './values';

type Obj = Record<string, unknown>;

/** A response that may be stored as JSON text. */
export function readEncodedResponse(value: unknown, rec: NormalizedRecord): void {
  readResponse(typeof value === 'string' ? decodeJson(value) ?? value : value, rec);
}

export function setUsage(rec: NormalizedRecord, input: unknown, output: unknown): void {
  const inputTokens = toCount(input);
  const outputTokens = toCount(output);
  if (inputTokens === undefined && outputTokens === undefined) return;
  rec.usage ??= {};
  if (inputTokens !== undefined) rec.usage.inputTokens = inputTokens;
  if (outputTokens !== undefined) rec.usage.outputTokens = outputTokens;
}

/** Token usage under the spellings providers and tracers use, from `usage`-like objects or the record itself. */
export function readUsage(v: Obj, rec: NormalizedRecord): void {
  const u = isObject(v.usage) ? v.usage : isObject(v.usage_details) ? v.usage_details : isObject(v.usageDetails) ? v.usageDetails
    : isObject(v.usage_metadata) ? v.usage_metadata : isObject(v.usageMetadata) ? v.usageMetadata : isObject(v.token_usage) ? v.token_usage : v;
  setUsage(
    rec,
    u.prompt_tokens ?? u.input_tokens ?? u.promptTokens ?? u.inputTokens ?? u.promptTokenCount ?? u.input,
    u.completion_tokens ?? u.output_tokens ?? u.completionTokens ?? u.outputTokens ?? u.candidatesTokenCount ?? u.output,
  );
}

function setStop(rec: NormalizedRecord, v: unknown): void {
  if (typeof v === 'string' && v !== '') rec.stopReason = v;
}

/** The text of the last assistant message of a list (OTel output messages, LangSmith outputs). */
function readAssistantFromList(list: unknown[], rec: NormalizedRecord): void {
  const scratch: NormalizedRecord = { file: '', line: 0, bytes: [0, 0], turns: [], turnCount: 0, promptIndex: -1 };
  for (let k = 0; k < list.length; k++) {
    if (readMessage(list[k], undefined, scratch)) {
      const m = list[k] as Obj;
      setStop(rec, m.finish_reason);
    }
  }
  for (let k = scratch.turns.length - 1; k >= 0; k--) {
    if (scratch.turns[k].role === 'assistant' || k === 0) {
      rec.response = scratch.turns[k].text;
      return;
    }
  }
}

/** A LangChain generation: `{text, generation_info?, message?, type?: "ChatGeneration"}`. */
function isGeneration(v: unknown): boolean {
  return isObject(v) && typeof v.text === 'string' && !('role' in v) && (v.type === undefined || (typeof v.type === 'string' && v.type.endsWith('Generation')));
}

/** OpenAI Responses `output`: items typed `message`, `reasoning`, `function_call`… */
function isResponsesOutput(output: unknown[]): boolean {
  const first: unknown = output[0];
  return isObject(first) && typeof first.type === 'string' && (first.type === 'message' || first.type === 'reasoning' || first.type === 'function_call');
}

/** The text of the `output_text` parts of the message items, status and usage of a Responses object. */
function readResponsesOutput(value: Obj, rec: NormalizedRecord): void {
  const output = value.output as unknown[];
  let text: string | undefined;
  for (const item of output) {
    if (!isObject(item) || item.type !== 'message') continue;
    const piece = contentText(item.content);
    text = text === undefined ? piece : `${text}\n${piece}`;
  }
  if (text !== undefined) rec.response = text;
  else if (typeof value.output_text === 'string') rec.response = value.output_text;
  const incomplete = isObject(value.incomplete_details) ? value.incomplete_details.reason : undefined;
  setStop(rec, incomplete ?? value.status);
  readUsage(value, rec);
}

const OUTPUT_KEYS = ['output', 'outputs', 'text', 'answer', 'response', 'completion', 'content', 'result', 'message', 'generation', 'generations', 'messages'];

/**
 * A logged response: Chat Completions (`choices`), Anthropic (`content` blocks, `stop_reason`),
 * a message, a LangChain LLMResult (`generations`), or a string / object holding one.
 */
export function readResponse(value: unknown, rec: NormalizedRecord, depth = 0): void {
  if (typeof value === 'string') {
    rec.response = value;
    return;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return;
    if (Array.isArray(value[0])) return readResponse(value[0], rec, depth + 1);
    if (typeof value[0] === 'string') {
      rec.response = value.join('\n');
      return;
    }
    if (isGeneration(value[0])) return readResponse(value[0], rec, depth + 1);
    const only: unknown = value.length === 1 ? value[0] : undefined;
    if (isObject(only) && only.role === 'assistant') {
      // One assistant message (OTel output messages): read it without a scratch record.
      setStop(rec, only.finish_reason);
      rec.response = contentText(only[contentKey(only)]);
      return;
    }
    return readAssistantFromList(value, rec);
  }
  if (!isObject(value) || depth > 4) return;
  if (Array.isArray(value.candidates)) {
    // Gemini: candidates[0].content.parts, finishReason, usageMetadata
    const candidate: unknown = value.candidates[0];
    if (isObject(candidate)) {
      if (isObject(candidate.content)) rec.response = contentText(candidate.content.parts);
      setStop(rec, candidate.finishReason);
    }
    readUsage(value, rec);
    return;
  }
  if (Array.isArray(value.choices)) {
    const choice: unknown = value.choices[0];
    if (isObject(choice)) {
      if (isObject(choice.message)) {
        // A message holding only tool calls has no response text.
        if (choice.message.content !== null && choice.message.content !== undefined) rec.response = contentText(choice.message.content);
      }
      else if (typeof choice.text === 'string') rec.response = choice.text;
      setStop(rec, choice.finish_reason);
    }
    readUsage(value, rec);
    return;
  }
  if (Array.isArray(value.content) && (value.type === 'message' || value.role === 'assistant' || 'stop_reason' in value)) {
    rec.response = contentText(value.content);
    setStop(rec, value.stop_reason);
    readUsage(value, rec);
    return;
  }
  if (Array.isArray(value.output) && (value.object === 'response' || isResponsesOutput(value.output))) {
    readResponsesOutput(value, rec);
    return;
  }
  if (typeof value.output_text === 'string') {
    rec.response = value.output_text;
    readUsage(value, rec);
    return;
  }
  if (isObject(value.generation_info)) setStop(rec, value.generation_info.finish_reason);
  if (value.role === 'assistant' && typeof value.content === 'string') {
    // A plain assistant message, the usual logged output.
    setStop(rec, value.finish_reason);
    rec.response = value.content;
    return;
  }
  if ('role' in value || 'lc' in value || (isObject(value.data) && typeof value.type === 'string')) {
    readAssistantFromList([value], rec);
    if (rec.response !== undefined) return;
  }
  for (const key of OUTPUT_KEYS) {
    if (value[key] !== undefined && value[key] !== null) {
      readResponse(value[key], rec, depth + 1);
      if (isObject(value.llm_output) && isObject(value.llm_output.token_usage)) readUsage(value.llm_output.token_usage, rec);
      return;
    }
  }
}
