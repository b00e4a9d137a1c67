/**
 * Reading conversations out of the message shapes providers and tracing libraries write: Chat
 * Completions messages (string or parts content), Anthropic content blocks, OpenAI Responses
 * items, OpenTelemetry `parts`, OpenInference `{message: {...}}`, LangChain serialized messages
 * (results: responses.ts).
 * Every turn whose text is one JSON string gets the JsonPath of that string (and, when that string
 * sits inside JSON text held by another string, the path inside that text: see `ReadPath`).
 */
import type { JsonPath, NormalizedRecord, Role, ToolCall, Turn } from '../types';
import { isObject } from './path';
import { argumentsText, decodeJson } from './values';

type Obj = Record<string, unknown>;

/** As the first step of a path: what follows lies inside the JSON text held by the string at `path`. */
class InJsonText {
  constructor(readonly path: JsonPath) {}
}

/** Where a value was read from: a JsonPath, or an `InJsonText` followed by the path inside that text. */
export type ReadPath = ReadonlyArray<string | number | InJsonText>;

/**
 * The path of what lies inside the JSON text of the string at `path`. Only one level of encoding
 * is tracked (the second has no location).
 */
export function insideString(path: ReadPath | undefined): ReadPath | undefined {
  if (!path || path[0] instanceof InJsonText) return undefined;
  return [new InJsonText(path as JsonPath)];
}

/** `v`, or the object a string holding a JSON object decodes to. */
export function objectOf(v: unknown): Obj | undefined {
  if (isObject(v)) return v;
  if (typeof v !== 'string') return undefined;
  const decoded = decodeJson(v);
  return isObject(decoded) ? decoded : undefined;
}

const ROLES: Record<string, Role> = {
  system: 'system', developer: 'system', SystemMessage: 'system',
  user: 'user', human: 'user', HumanMessage: 'user',
  assistant: 'assistant', ai: 'assistant', model: 'assistant', bot: 'assistant', AIMessage: 'assistant',
  tool: 'tool', function: 'tool', ipython: 'tool', ToolMessage: 'tool', FunctionMessage: 'tool',
};

function roleOf(v: unknown): Role | undefined {
  if (v === 'user' || v === 'assistant' || v === 'system' || v === 'tool') return v;
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(ROLES, v) ? ROLES[v] : undefined;
}

type Segment = string | number | undefined;

/**
 * `path` extended by the given segments, undefined ones skipped, in one allocation (no rest
 * parameters: this runs for every message).
 */
function at(path: ReadPath | undefined, a: Segment, b?: Segment, c?: Segment, d?: Segment, e?: Segment): ReadPath | undefined {
  if (!path) return undefined;
  const out = path.slice();
  if (a !== undefined) out.push(a);
  if (b !== undefined) out.push(b);
  if (c !== undefined) out.push(c);
  if (d !== undefined) out.push(d);
  if (e !== undefined) out.push(e);
  return out;
}

/** The text of a message's content, the path of that text when it is one string, its tool calls. */
interface Content {
  text: string;
  path: ReadPath | undefined;
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

/** The text of a content value, when its place does not matter (responses). */
export function contentText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.length === 1) {
    // One text block, the usual response: no parts machinery.
    const part: unknown = value[0];
    if (isObject(part) && typeof part.text === 'string' && (part.type === 'text' || part.type === 'output_text')) return part.text;
  }
  return readContent(value, undefined).text;
}

/** Where the one text of a content value was: a string part, a part's `text` or `content`, or `message_content.text`. */
const enum TextAt {
  Part,
  Text,
  Content,
  MessageContent,
}

/** The path of part `j`'s text, the parts list being at `base` + `a` + `b`. */
function textPath(base: ReadPath | undefined, a: Segment, b: Segment, j: number, where: TextAt): ReadPath | undefined {
  if (where === TextAt.Part) return at(base, a, b, j);
  if (where === TextAt.Text) return at(base, a, b, j, 'text');
  if (where === TextAt.Content) return at(base, a, b, j, 'content');
  return at(at(base, a, b), j, 'message_content', 'text');
}

/** The content `value` lies at `path` + `a` + `b` (its path is only built when one string holds the text). */
function readContent(value: unknown, path: ReadPath | undefined, a?: Segment, b?: Segment): Content {
  const content: Content = { text: '', path: undefined, toolCalls: undefined, toolResultsOnly: false };
  if (typeof value === 'string') {
    content.text = value;
    content.path = a === undefined && b === undefined ? path : at(path, a, b);
    return content;
  }
  const list = Array.isArray(value);
  if (!list && !isObject(value)) return content;
  const partsPath = list ? path : undefined;
  const count = list ? value.length : 1;
  // Texts are joined as they come; the path is built only for a lone text, at the end.
  let text: string | undefined;
  let texts = 0;
  let textIndex = 0;
  let textWhere = TextAt.Part;
  let results: string | undefined;
  let resultCount = 0;
  let resultPath: ReadPath | undefined;
  for (let j = 0; j < count; j++) {
    const part: unknown = list ? value[j] : value;
    let piece: string | undefined;
    let where = TextAt.Part;
    if (typeof part === 'string') piece = part;
    else if (!isObject(part)) continue;
    else {
      const type = part.type;
      if (typeof part.text === 'string' && (type === undefined || type === 'text' || type === 'input_text' || type === 'output_text')) {
        piece = part.text;
        where = TextAt.Text;
      } else if (type === 'text' && typeof part.content === 'string') {
        piece = part.content;
        where = TextAt.Content;
      } else if (isObject(part.message_content) && typeof part.message_content.text === 'string') {
        piece = part.message_content.text;
        where = TextAt.MessageContent;
      } else if (type === 'tool_use' || type === 'tool_call' || type === 'function_call') {
        pushToolCall(content, part.name, part.input ?? part.arguments);
      } else if (type === 'tool_result' || type === 'tool_call_response' || type === 'function_call_output') {
        const result = toolResultText(part.content ?? part.response ?? part.output);
        if (result !== undefined) {
          results = resultCount++ === 0 ? result : `${results}\n${result}`;
          resultPath = typeof part.content === 'string' ? at(partsPath, a, b, j, 'content') : undefined;
        }
      }
    }
    if (piece === undefined) continue;
    text = texts++ === 0 ? piece : `${text}\n${piece}`;
    textIndex = j;
    textWhere = where;
  }
  if (text !== undefined) {
    content.text = text;
    if (texts === 1) content.path = textPath(partsPath, a, b, textIndex, textWhere);
  } else if (results !== undefined) {
    content.text = results;
    content.path = resultCount === 1 ? resultPath : undefined;
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

/** Add to the system prompt; it keeps a location only while it is one string. */
export function appendSystem(rec: NormalizedRecord, text: string, path?: ReadPath): void {
  if (rec.system === undefined) {
    rec.system = text;
    if (!path) return;
    const first = path[0];
    if (first instanceof InJsonText) {
      rec.systemPath = first.path;
      rec.systemInnerPath = path.slice(1) as JsonPath;
    } else rec.systemPath = path as JsonPath;
    return;
  }
  rec.system = `${rec.system}\n${text}`;
  if (rec.systemPath) delete rec.systemPath;
  if (rec.systemInnerPath) delete rec.systemInnerPath;
}

export function pushTurn(rec: NormalizedRecord, role: Role, text: string, path: ReadPath | undefined, toolCalls?: ToolCall[]): void {
  const turn: Turn = { role, text };
  if (path) {
    const first = path[0];
    if (first instanceof InJsonText) {
      // The outer path is shared by every turn read from one JSON text.
      turn.path = first.path;
      turn.innerPath = path.slice(1) as JsonPath;
    } else turn.path = path as JsonPath;
  }
  if (toolCalls) turn.toolCalls = toolCalls;
  rec.turns.push(turn);
}

/** Where a message keeps its content: `content` (most), `parts` (OTel, Gemini), `contents`, `text`. */
export function contentKey(msg: Obj): string {
  return 'content' in msg ? 'content' : 'parts' in msg ? 'parts' : 'contents' in msg ? 'contents' : 'text';
}

/** OpenAI Responses items that are not messages: a call the model made, and what the tool answered. */
function readResponsesItem(item: Obj, path: ReadPath | undefined, rec: NormalizedRecord): boolean {
  if (item.type === 'function_call') {
    const content: Content = { text: '', path: undefined, toolCalls: undefined, toolResultsOnly: false };
    pushToolCall(content, item.name, item.arguments);
    pushTurn(rec, 'assistant', '', undefined, content.toolCalls);
    return true;
  }
  if (item.type === 'function_call_output') {
    const output = item.output;
    const text = toolResultText(output) ?? '';
    pushTurn(rec, 'tool', text, typeof output === 'string' ? at(path, 'output') : undefined);
    return true;
  }
  return false;
}

/**
 * Read one message into `rec`; false when `m` is not a message. Its path is `base` followed by
 * `index` when one is given (built once, with the content key, for the common case).
 */
export function readMessage(m: unknown, base: ReadPath | undefined, rec: NormalizedRecord, index?: number): boolean {
  if (!isObject(m)) return false;
  let msg = m;
  let roleName: unknown = m.role;
  let path = base;
  let pending = index; // an index not yet appended to `path`
  if (roleName === undefined) {
    if (pending !== undefined) {
      path = at(path, pending);
      pending = undefined;
    }
    if (isObject(m.message)) {
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
      if (readResponsesItem(msg, path, rec)) return true;
      roleName = msg.type;
    }
  }
  const role = roleOf(roleName) ?? (typeof msg.role === 'string' ? 'other' : undefined);
  if (!role) return false;
  const key = contentKey(msg);
  const value = msg[key];
  if (typeof value === 'string' && msg.tool_calls === undefined && msg.function_call === undefined) {
    // The common case, without the parts machinery.
    if (role === 'system') {
      if (value !== '') appendSystem(rec, value, at(path, pending, key));
    } else pushTurn(rec, role, value, at(path, pending, key));
    return true;
  }
  const content = readContent(value, path, pending, key);
  readMessageToolCalls(msg, content);
  if (role === 'system') {
    if (content.text !== '') appendSystem(rec, content.text, content.path);
    return true;
  }
  const turnRole = role === 'user' && content.toolResultsOnly ? 'tool' : role;
  pushTurn(rec, turnRole, content.text, content.path, content.toolCalls);
  return true;
}

export function readMessages(list: unknown, path: ReadPath | undefined, rec: NormalizedRecord): void {
  if (!Array.isArray(list)) return;
  for (let k = 0; k < list.length; k++) readMessage(list[k], path, rec, k);
}

/** A top-level `system` written as a string or as text blocks (Anthropic), or OTel parts. */
export function readSystem(v: unknown, rec: NormalizedRecord, path?: ReadPath): void {
  const content = readContent(v, path);
  if (content.text !== '') appendSystem(rec, content.text, content.path);
}

const INPUT_KEYS = ['messages', 'input', 'inputs', 'prompt', 'prompts', 'question', 'query', 'text', 'content', 'instruction', 'message', 'user_input'];

/**
 * Observability inputs: a string, a message list (or a list of them), or an object holding one.
 * `path` is where `value` sits in the raw line (undefined when it has no place there).
 */
export function readLooseInput(value: unknown, path: ReadPath | undefined, rec: NormalizedRecord, depth = 0): void {
  if (typeof value === 'string') {
    pushTurn(rec, 'user', value, path);
  } else if (Array.isArray(value)) {
    if (value.length === 0) return;
    if (Array.isArray(value[0])) return readLooseInput(value[0], at(path, 0), rec, depth + 1);
    for (let k = 0; k < value.length; k++) {
      const item: unknown = value[k];
      if (typeof item === 'string') pushTurn(rec, 'user', item, at(path, k));
      else readMessage(item, path, rec, k);
    }
  } else if (isObject(value) && depth < 4) {
    if (readMessage(value, path, rec)) return;
    if (typeof value.system === 'string' || Array.isArray(value.system)) readSystem(value.system, rec, at(path, 'system'));
    for (const key of INPUT_KEYS) {
      if (value[key] !== undefined && value[key] !== null) return readLooseInput(value[key], at(path, key), rec, depth + 1);
    }
  }
}

/**
 * An input that may be stored as JSON text (a LangSmith `inputs` string, an OTel attribute): read
 * through the text when it holds a conversation, else the string is the user's text.
 */
export function readEncodedInput(value: unknown, path: ReadPath | undefined, rec: NormalizedRecord): void {
  if (typeof value !== 'string') return readLooseInput(value, path, rec);
  const decoded = decodeJson(value);
  if (decoded !== undefined) {
    const turns = rec.turns.length;
    const system = rec.system;
    readLooseInput(decoded, insideString(path), rec);
    if (rec.turns.length > turns || rec.system !== system) return;
  }
  pushTurn(rec, 'user', value, path);
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
