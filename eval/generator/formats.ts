/**
 * Export shapes: each turns a generated record into one JSON line of a real-world log shape, with the
 * forensic signals at field spellings chosen once per file (so files differ the way real exports do).
 */
import type { GenRecord } from './model';
import type { Rng } from './prng';

export const FORMATS = [
  'chat',
  'openai-batch',
  'anthropic',
  'anthropic-batch',
  'otel',
  'openinference',
  'langfuse',
  'langsmith',
  'helicone',
  'flat',
] as const;
export type ExportFormat = (typeof FORMATS)[number];

export type TimeStyle = 'iso' | 'epoch-s' | 'epoch-ms';

/** Field paths (dotted; `[a.b]` keeps a dotted key whole) chosen for one file. */
export interface FieldStyle {
  time: { path: string; style: TimeStyle };
  account?: string;
  org?: string;
  payment?: string;
  ip?: string;
  userAgent?: string;
  /** Message content as a plain string or as an array of text parts. */
  contentParts: boolean;
  /** OTel: messages as JSON strings (most exporters) or structured values. */
  stringifyMessages: boolean;
  /** OTel: the older `gen_ai.system` / `gen_ai.prompt` attributes. */
  legacy: boolean;
  /** Forwarded-for header value instead of a bare address. */
  forwarded: boolean;
  /** Flat logs: the key holding the prompt. */
  promptKey: string;
}

type Choice = Partial<Record<'account' | 'org' | 'payment' | 'ip' | 'userAgent', string[]>> & {
  time: { path: string; style: TimeStyle }[];
};

const CHOICES: Record<ExportFormat, Choice> = {
  chat: {
    time: [
      { path: 'created_at', style: 'iso' },
      { path: 'created', style: 'epoch-s' },
      { path: 'timestamp', style: 'epoch-ms' },
    ],
    account: ['request.user', 'request.metadata.user_id', 'account.id', 'user_id'],
    org: ['org_id', 'account.org_id', 'organization_id'],
    payment: ['payment_fingerprint', 'billing.card_fingerprint', 'account.payment_method'],
    ip: ['ip', 'client_ip', 'x_forwarded_for', 'metadata.ip_address', 'remote_addr'],
    userAgent: ['user_agent', 'client.user_agent', 'metadata.user_agent'],
  },
  'openai-batch': {
    time: [{ path: 'body.metadata.created_at', style: 'iso' }],
    account: ['body.user', 'body.metadata.user_id'],
    org: ['body.metadata.org_id'],
    payment: ['body.metadata.payment_fingerprint'],
    ip: ['body.metadata.ip_address'],
    userAgent: ['body.metadata.user_agent'],
  },
  anthropic: {
    time: [
      { path: 'timestamp', style: 'iso' },
      { path: 'created_at', style: 'epoch-s' },
    ],
    account: ['request.metadata.user_id', 'api_key_id', 'account_id'],
    org: ['organization_id', 'account.org_id'],
    payment: ['billing.card_fingerprint', 'payment_method', 'account.payment_fingerprint'],
    ip: ['client_ip', 'ip_address', 'x_forwarded_for'],
    userAgent: ['user_agent', 'http.user_agent'],
  },
  'anthropic-batch': {
    time: [{ path: 'created_at', style: 'iso' }],
    account: ['params.metadata.user_id'],
  },
  otel: {
    time: [
      { path: 'startTimeUnixNano', style: 'epoch-ms' },
      { path: 'timestamp', style: 'iso' },
    ],
    account: ['attributes.[enduser.id]', 'attributes.[user.id]', 'attributes.[enduser.pseudo.id]'],
    org: ['attributes.[org_id]'],
    ip: ['attributes.[client.address]'],
    userAgent: ['attributes.[user_agent.original]', 'attributes.[http.user_agent]'],
    payment: ['attributes.[billing.card_fingerprint]'],
  },
  openinference: {
    time: [{ path: 'start_time', style: 'iso' }],
    account: ['attributes.[user.id]'],
    org: ['attributes.[metadata.org_id]'],
    ip: ['attributes.[metadata.client_ip]'],
    userAgent: ['attributes.[metadata.user_agent]'],
  },
  langsmith: {
    time: [{ path: 'start_time', style: 'iso' }],
    account: ['extra.metadata.user_id', 'extra.metadata.ls_user_id'],
    org: ['extra.metadata.org_id'],
    payment: ['extra.metadata.payment_fingerprint'],
    ip: ['extra.metadata.client_ip'],
    userAgent: ['extra.runtime.user_agent'],
  },
  langfuse: {
    time: [
      { path: 'startTime', style: 'iso' },
      { path: 'start_time', style: 'iso' },
    ],
    account: ['userId', 'user_id'],
    org: ['metadata.org_id'],
    payment: ['metadata.payment_fingerprint'],
    ip: ['metadata.ip', 'metadata.client_ip'],
    userAgent: ['metadata.user_agent'],
  },
  helicone: {
    time: [{ path: 'request_created_at', style: 'iso' }],
    account: ['request_user_id'],
    org: ['request_properties.org_id'],
    payment: ['request_properties.payment_fingerprint'],
    ip: ['request_properties.ip_address'],
    userAgent: ['request_properties.user_agent'],
  },
  flat: {
    time: [
      { path: 'ts', style: 'epoch-s' },
      { path: 'timestamp', style: 'iso' },
      { path: 'time', style: 'epoch-ms' },
    ],
    account: ['user', 'user_id', 'customer_id', 'key_id'],
    org: ['org_id'],
    payment: ['card_fingerprint', 'payment_method'],
    ip: ['ip', 'ip_address', 'remote_addr'],
    userAgent: ['user_agent'],
  },
};

export function chooseFieldStyle(format: ExportFormat, rng: Rng): FieldStyle {
  const c = CHOICES[format];
  const pick = (options?: string[]) => (options ? rng.pick(options) : undefined);
  const style: FieldStyle = {
    time: rng.pick(c.time),
    account: pick(c.account),
    org: pick(c.org),
    payment: pick(c.payment),
    ip: pick(c.ip),
    userAgent: pick(c.userAgent),
    contentParts: rng.chance(0.3),
    stringifyMessages: rng.chance(0.7),
    legacy: format === 'otel' && rng.chance(0.35),
    forwarded: false,
    promptKey: rng.pick(['prompt', 'input', 'text', 'question']),
  };
  style.forwarded = style.ip === 'x_forwarded_for';
  return style;
}

/** The signal → field map of a file, as the truth reports it. */
export function fieldsOf(style: FieldStyle): Record<string, string> {
  const out: Record<string, string> = { time: style.time.path };
  for (const key of ['account', 'org', 'payment', 'ip', 'userAgent'] as const) {
    const value = style[key];
    if (value) out[key] = value.replace(/\[|\]/g, '');
  }
  return out;
}

function splitPath(path: string): string[] {
  const parts: string[] = [];
  const re = /\[([^\]]+)\]|([^.[\]]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path))) parts.push(m[1] ?? m[2]);
  return parts;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = splitPath(path);
  let node = target;
  for (const key of parts.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
}

function timeValue(time: number, style: TimeStyle, path: string): string | number {
  if (path === 'startTimeUnixNano') return `${time}000000`;
  if (style === 'iso') return new Date(time).toISOString();
  if (style === 'epoch-s') return Math.floor(time / 1000);
  return time;
}

const tokens = (text: string) => Math.max(1, Math.round(text.length / 4));

function applySignals(out: Record<string, unknown>, rec: GenRecord, style: FieldStyle): void {
  setPath(out, style.time.path, timeValue(rec.time, style.time.style, style.time.path));
  if (style.account) setPath(out, style.account, rec.account);
  if (style.org && rec.org) setPath(out, style.org, rec.org);
  if (style.payment && rec.payment) setPath(out, style.payment, rec.payment);
  if (style.ip) setPath(out, style.ip, style.forwarded ? `${rec.ip}, 10.${rec.time % 200}.0.1` : rec.ip);
  if (style.userAgent) setPath(out, style.userAgent, rec.userAgent);
}

const content = (text: string, parts: boolean) => (parts ? [{ type: 'text', text }] : text);

function chatMessages(rec: GenRecord, style: FieldStyle) {
  const messages: { role: string; content: unknown }[] = [];
  if (rec.system) messages.push({ role: 'system', content: rec.system });
  for (const t of rec.turns) messages.push({ role: t.role, content: content(t.text, style.contentParts) });
  return messages;
}

function chatCompletion(rec: GenRecord, id: string) {
  const prompt = rec.turns.map((t) => t.text).join('\n') + (rec.system ?? '');
  return {
    id: `chatcmpl-${id}`,
    object: 'chat.completion',
    created: Math.floor(rec.time / 1000),
    model: rec.model,
    choices: [{ index: 0, message: { role: 'assistant', content: rec.response }, finish_reason: 'stop' }],
    usage: { prompt_tokens: tokens(prompt), completion_tokens: tokens(rec.response), total_tokens: tokens(prompt) + tokens(rec.response) },
  };
}

function anthropicRequest(rec: GenRecord, style: FieldStyle) {
  return {
    model: rec.model,
    max_tokens: 4096,
    ...(rec.system ? { system: style.contentParts ? [{ type: 'text', text: rec.system }] : rec.system } : {}),
    messages: rec.turns.map((t) => ({ role: t.role, content: content(t.text, style.contentParts) })),
  };
}

function anthropicMessage(rec: GenRecord, id: string) {
  const prompt = rec.turns.map((t) => t.text).join('\n');
  return {
    id: `msg_${id}`,
    type: 'message',
    role: 'assistant',
    model: rec.model,
    content: [{ type: 'text', text: rec.response }],
    stop_reason: 'end_turn',
    usage: { input_tokens: tokens(prompt), output_tokens: tokens(rec.response) },
  };
}

/** One JSON line (no newline) for `rec` in `format`; `id` is a per-file unique request id. */
export function serialize(rec: GenRecord, format: ExportFormat, style: FieldStyle, id: string): string {
  const out: Record<string, unknown> = {};
  switch (format) {
    case 'chat':
      out.id = id;
      out.request = { model: rec.model, messages: chatMessages(rec, style) };
      out.response = chatCompletion(rec, id);
      break;
    case 'openai-batch':
      Object.assign(out, {
        custom_id: `request-${id}`,
        method: 'POST',
        url: '/v1/chat/completions',
        body: { model: rec.model, messages: chatMessages(rec, style), max_tokens: 2048, metadata: {} },
      });
      break;
    case 'anthropic':
      out.id = id;
      out.request = { ...anthropicRequest(rec, style), metadata: {} };
      out.response = anthropicMessage(rec, id);
      break;
    case 'anthropic-batch':
      Object.assign(out, { custom_id: `req_${id}`, params: { ...anthropicRequest(rec, style), metadata: {} } });
      break;
    case 'otel':
      Object.assign(out, otelSpan(rec, style, id));
      break;
    case 'openinference':
      Object.assign(out, openInferenceSpan(rec, id));
      break;
    case 'langsmith':
      Object.assign(out, {
        id: `run-${id}`,
        name: 'ChatOpenAI',
        run_type: 'llm',
        trace_id: `trace-${id}`,
        inputs: { messages: chatMessages(rec, style) },
        outputs: { generations: [[{ text: rec.response, message: { role: 'assistant', content: rec.response } }]] },
        extra: { invocation_params: { model: rec.model }, metadata: { ls_model_name: rec.model } },
        tags: ['production'],
      });
      break;
    case 'langfuse':
      Object.assign(out, {
        id: `obs-${id}`,
        trace_id: `trace-${id}`,
        type: 'GENERATION',
        name: 'chat-completion',
        provided_model_name: rec.model,
        input: rec.turns.length > 1 || rec.system ? chatMessages(rec, style) : rec.turns[0].text,
        output: { role: 'assistant', content: rec.response },
        session_id: rec.conversationId ?? null,
        usage: { input: tokens(rec.turns.map((t) => t.text).join('\n')), output: tokens(rec.response), unit: 'TOKENS' },
        metadata: {},
      });
      break;
    case 'helicone': {
      const completion = chatCompletion(rec, id);
      Object.assign(out, {
        request_id: id,
        request_path: '/v1/chat/completions',
        model: rec.model,
        request_body: { model: rec.model, messages: chatMessages(rec, style) },
        response_body: completion,
        response_status: 200,
        prompt_tokens: completion.usage.prompt_tokens,
        completion_tokens: completion.usage.completion_tokens,
        request_properties: {},
      });
      break;
    }
    case 'flat': {
      out[style.promptKey] = rec.turns[rec.turns.length - 1].text;
      out.model = rec.model;
      out.response = rec.response;
      if (rec.turns.length > 1) {
        out.conversation_id = rec.conversationId;
        out.turn = Math.ceil(rec.turns.length / 2);
      }
      break;
    }
  }
  applySignals(out, rec, style);
  return JSON.stringify(out);
}

function otelSpan(rec: GenRecord, style: FieldStyle, id: string) {
  const input = rec.turns.map((t) => ({ role: t.role, parts: [{ type: 'text', content: t.text }] }));
  const output = [{ role: 'assistant', parts: [{ type: 'text', content: rec.response }], finish_reason: 'stop' }];
  const value = (v: unknown) => (style.stringifyMessages ? JSON.stringify(v) : v);
  const inTokens = tokens(rec.turns.map((t) => t.text).join('\n'));
  const attributes: Record<string, unknown> = style.legacy
    ? {
        'gen_ai.system': 'openai',
        'gen_ai.request.model': rec.model,
        'gen_ai.prompt': JSON.stringify(rec.turns.map((t) => ({ role: t.role, content: t.text }))),
        'gen_ai.completion': JSON.stringify([{ role: 'assistant', content: rec.response }]),
        'gen_ai.usage.prompt_tokens': inTokens,
        'gen_ai.usage.completion_tokens': tokens(rec.response),
      }
    : {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': rec.model,
        'gen_ai.response.model': rec.model,
        'gen_ai.input.messages': value(input),
        'gen_ai.output.messages': value(output),
        ...(rec.system ? { 'gen_ai.system_instructions': value([{ type: 'text', content: rec.system }]) } : {}),
        'gen_ai.usage.input_tokens': inTokens,
        'gen_ai.usage.output_tokens': tokens(rec.response),
        ...(rec.conversationId ? { 'gen_ai.conversation.id': rec.conversationId } : {}),
      };
  const spanId = id.padStart(16, '0').slice(-16);
  return {
    name: `chat ${rec.model}`,
    kind: 'SPAN_KIND_CLIENT',
    traceId: `${spanId}${spanId}`,
    spanId,
    endTimeUnixNano: `${rec.time + 1500}000000`,
    attributes,
  };
}

/** OpenInference (Arize Phoenix): flattened `llm.input_messages.N.message.*` attribute keys. */
function openInferenceSpan(rec: GenRecord, id: string) {
  const attributes: Record<string, unknown> = {
    'openinference.span.kind': 'LLM',
    'llm.model_name': rec.model,
    'llm.provider': 'openai',
  };
  const messages = [...(rec.system ? [{ role: 'system', text: rec.system }] : []), ...rec.turns];
  messages.forEach((m, i) => {
    attributes[`llm.input_messages.${i}.message.role`] = m.role;
    attributes[`llm.input_messages.${i}.message.content`] = m.text;
  });
  attributes['llm.output_messages.0.message.role'] = 'assistant';
  attributes['llm.output_messages.0.message.content'] = rec.response;
  attributes['llm.token_count.prompt'] = tokens(rec.turns.map((t) => t.text).join('\n'));
  attributes['llm.token_count.completion'] = tokens(rec.response);
  if (rec.conversationId) attributes['session.id'] = rec.conversationId;
  return { name: 'ChatCompletion', context: { trace_id: `${id}${id}`, span_id: id }, span_kind: 'LLM', attributes };
}
