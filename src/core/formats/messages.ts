/**
 * Reading conversations and responses out of the message shapes providers and tracing libraries
 * write: Chat Completions messages (string or parts content), Anthropic content blocks,
 * OpenTelemetry `parts`, OpenInference `{message: {...}}`, LangChain serialized messages.
 * Every turn whose text is one JSON string gets the JsonPath of that string.
 */
import type { JsonPath, NormalizedRecord, Role, ToolCall, Turn } from '../types';
import { isObject } from './path';
import { argumentsText, toCount } from './values';

type Obj = Record<string, unknown>;

const ROLES: Record<string, Role> = {
  system: 'system', developer: 'system', SystemMessage: 'system',
  user: 'user', human: 'user', HumanMessage: 'user',
  assistant: 'assistant', ai: 'assistant', model: 'assistant', bot: 'assistant', AIMessage: 'assistant',
  tool: 'tool', function: 'tool', ipython: 'tool', ToolMessage: 'tool', FunctionMessage: 'tool',
};

function roleOf(v: unknown): Role | undefined {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(ROLES, v) ? ROLES[v] : undefined;
}

/** `path` extended by up to three segments (no rest parameters: this runs for every message). */
function at(path: JsonPath | undefined, a: string | number, b?: string | number, c?: string | number): JsonPath | undefined {
  if (!path) return undefined;
  const out = path.slice();
  out.push(a);
  if (b !== undefined) out.push(b);
  if (c !== undefined) out.push(c);
  return out;
}

/** The text of a message's content, the path of that text when it is one string, its tool calls. */
interface Content {
  text: string;
  path: JsonPath | undefined;
  toolCalls: ToolCall[] | undefined;
  /** The content held only tool results (an Anthropic user message answering a tool_use). */
  toolResultsOnly: boolean;
}

function pushToolCall(content: Content, name: unknown, args: unknown): void {
  if (typeof name !== 'string') return;
  const call: ToolCall = { name };
  const text = argumentsText(args);
  if (text !== undefined) call.arguments = text;
  (content.toolCalls ??= []).push(call);
}

/** Text of a tool result block's own content (string, or blocks of text). */
function toolResultText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (!Array.isArray(v)) return v === undefined || v === null ? undefined : argumentsText(v);
  const pieces: string[] = [];
  for (const b of v) if (isObject(b) && typeof b.text === 'string') pieces.push(b.text);
  return pieces.join('\n');
}

function readContent(value: unknown, path: JsonPath | undefined): Content {
  const content: Content = { text: '', path: undefined, toolCalls: undefined, toolResultsOnly: false };
  if (typeof value === 'string') {
    content.text = value;
    content.path = path;
    return content;
  }
  const parts = Array.isArray(value) ? value : isObject(value) ? [value] : undefined;
  if (!parts) return content;
  const partsPath = Array.isArray(value) ? path : undefined;
  const texts: string[] = [];
  let textPath: JsonPath | undefined;
  let results: string[] | undefined;
  let resultPath: JsonPath | undefined;
  for (let j = 0; j < parts.length; j++) {
    const part: unknown = parts[j];
    if (typeof part === 'string') {
      texts.push(part);
      textPath = at(partsPath, j);
      continue;
    }
    if (!isObject(part)) continue;
    const type = part.type;
    if (typeof part.text === 'string' && (type === undefined || type === 'text' || type === 'input_text' || type === 'output_text')) {
      texts.push(part.text);
      textPath = at(partsPath, j, 'text');
    } else if (type === 'text' && typeof part.content === 'string') {
      texts.push(part.content);
      textPath = at(partsPath, j, 'content');
    } else if (isObject(part.message_content) && typeof part.message_content.text === 'string') {
      texts.push(part.message_content.text);
      textPath = at(partsPath, j, 'message_content', 'text');
    } else if (type === 'tool_use' || type === 'tool_call' || type === 'function_call') {
      pushToolCall(content, part.name, part.input ?? part.arguments);
    } else if (type === 'tool_result' || type === 'tool_call_response' || type === 'function_call_output') {
      const text = toolResultText(part.content ?? part.response ?? part.output);
      if (text !== undefined) {
        (results ??= []).push(text);
        resultPath = typeof part.content === 'string' ? at(partsPath, j, 'content') : undefined;
      }
    }
  }
  if (texts.length > 0) {
    content.text = texts.length === 1 ? texts[0] : texts.join('\n');
    content.path = texts.length === 1 ? textPath : undefined;
  } else if (results) {
    content.text = results.length === 1 ? results[0] : results.join('\n');
    content.path = results.length === 1 ? resultPath : undefined;
    content.toolResultsOnly = true;
  }
  return content;
}

function readMessageToolCalls(msg: Obj, content: Content): void {
  if (Array.isArray(msg.tool_calls)) {
    for (const call of msg.tool_calls) {
      if (!isObject(call)) continue;
      const inner = isObject(call.tool_call) ? call.tool_call : call; // OpenInference nests one level deeper
      const fn = isObject(inner.function) ? inner.function : inner;
      pushToolCall(content, fn.name, fn.arguments ?? fn.args ?? inner.args);
    }
  }
  if (isObject(msg.function_call)) pushToolCall(content, msg.function_call.name, msg.function_call.arguments);
}

export function appendSystem(rec: NormalizedRecord, text: string): void {
  rec.system = rec.system === undefined ? text : `${rec.system}\n${text}`;
}

export function pushTurn(rec: NormalizedRecord, role: Role, text: string, path: JsonPath | undefined, toolCalls?: ToolCall[]): void {
  const turn: Turn = { role, text };
  if (path) turn.path = path;
  if (toolCalls) turn.toolCalls = toolCalls;
  rec.turns.push(turn);
}

/** Read one message into `rec`; false when `m` is not a message. */
export function readMessage(m: unknown, path: JsonPath | undefined, rec: NormalizedRecord): boolean {
  if (!isObject(m)) return false;
  let msg = m;
  let roleName: unknown = m.role;
  if (roleName === undefined && isObject(m.message)) {
    // OpenInference: {message: {role, content}}
    msg = m.message;
    roleName = msg.role;
    path = at(path, 'message');
  }
  if (roleName === undefined && isObject(msg.kwargs) && Array.isArray(msg.id)) {
    // LangChain serialized constructor: {lc: 1, id: [..., "HumanMessage"], kwargs: {content}}
    roleName = msg.id[msg.id.length - 1];
    msg = msg.kwargs;
    path = at(path, 'kwargs');
  } else if (roleName === undefined && isObject(msg.data) && typeof msg.type === 'string') {
    // LangChain message_to_dict: {type: "human", data: {content}}
    roleName = msg.type;
    msg = msg.data;
    path = at(path, 'data');
  } else if (roleName === undefined) {
    roleName = msg.type;
  }
  const role = roleOf(roleName) ?? (typeof msg.role === 'string' ? 'other' : undefined);
  if (!role) return false;
  const key = 'content' in msg ? 'content' : 'parts' in msg ? 'parts' : 'contents' in msg ? 'contents' : 'text';
  const value = msg[key];
  if (typeof value === 'string' && msg.tool_calls === undefined && msg.function_call === undefined) {
    // The common case, without the parts machinery.
    if (role === 'system') {
      if (value !== '') appendSystem(rec, value);
    } else pushTurn(rec, role, value, at(path, key));
    return true;
  }
  const content = readContent(value, at(path, key));
  readMessageToolCalls(msg, content);
  if (role === 'system') {
    if (content.text !== '') appendSystem(rec, content.text);
    return true;
  }
  const turnRole = role === 'user' && content.toolResultsOnly ? 'tool' : role;
  pushTurn(rec, turnRole, content.text, content.path, content.toolCalls);
  return true;
}

export function readMessages(list: unknown, path: JsonPath | undefined, rec: NormalizedRecord): void {
  if (!Array.isArray(list)) return;
  for (let k = 0; k < list.length; k++) readMessage(list[k], at(path, k), rec);
}

/** A top-level `system` written as a string or as text blocks (Anthropic), or OTel parts. */
export function readSystem(v: unknown, rec: NormalizedRecord): void {
  const text = readContent(v, undefined).text;
  if (text !== '') appendSystem(rec, text);
}

const INPUT_KEYS = ['messages', 'input', 'inputs', 'prompt', 'prompts', 'question', 'query', 'text', 'content', 'instruction', 'message', 'user_input'];

/**
 * Observability inputs: a string, a message list (or a list of them), or an object holding one.
 * `path` is where `value` sits in the raw line (undefined when it came from a decoded string).
 */
export function readLooseInput(value: unknown, path: JsonPath | undefined, rec: NormalizedRecord, depth = 0): void {
  if (typeof value === 'string') {
    pushTurn(rec, 'user', value, path);
  } else if (Array.isArray(value)) {
    if (value.length === 0) return;
    if (Array.isArray(value[0])) return readLooseInput(value[0], at(path, 0), rec, depth + 1);
    for (let k = 0; k < value.length; k++) {
      const item: unknown = value[k];
      if (typeof item === 'string') pushTurn(rec, 'user', item, at(path, k));
      else readMessage(item, at(path, k), rec);
    }
  } else if (isObject(value) && depth < 4) {
    if (readMessage(value, path, rec)) return;
    if (typeof value.system === 'string' || Array.isArray(value.system)) readSystem(value.system, rec);
    for (const key of INPUT_KEYS) {
      if (value[key] !== undefined && value[key] !== null) return readLooseInput(value[key], at(path, key), rec, depth + 1);
    }
  }
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
    return readAssistantFromList(value, rec);
  }
  if (!isObject(value) || depth > 4) return;
  if (Array.isArray(value.candidates)) {
    // Gemini: candidates[0].content.parts, finishReason, usageMetadata
    const candidate: unknown = value.candidates[0];
    if (isObject(candidate)) {
      if (isObject(candidate.content)) rec.response = readContent(candidate.content.parts, undefined).text;
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
        if (choice.message.content !== null && choice.message.content !== undefined) rec.response = readContent(choice.message.content, undefined).text;
      }
      else if (typeof choice.text === 'string') rec.response = choice.text;
      setStop(rec, choice.finish_reason);
    }
    readUsage(value, rec);
    return;
  }
  if (Array.isArray(value.content) && (value.type === 'message' || value.role === 'assistant' || 'stop_reason' in value)) {
    rec.response = readContent(value.content, undefined).text;
    setStop(rec, value.stop_reason);
    readUsage(value, rec);
    return;
  }
  if (typeof value.output_text === 'string') {
    rec.response = value.output_text;
    readUsage(value, rec);
    return;
  }
  if (isObject(value.generation_info)) setStop(rec, value.generation_info.finish_reason);
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

/** promptIndex and turnCount from the turns. */
export function finishConversation(rec: NormalizedRecord): void {
  let prompt = -1;
  let count = 0;
  const turns = rec.turns;
  for (let k = 0; k < turns.length; k++) {
    const role = turns[k].role;
    if (role === 'user') {
      prompt = k;
      count++;
    } else if (role === 'assistant') count++;
  }
  rec.promptIndex = prompt;
  rec.turnCount = count;
}
