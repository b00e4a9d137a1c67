/**
 * Export shapes for the held-out scenarios, with field names as ../shared/docs/log-formats.md
 * describes them. Each takes one normalized request and returns the JSON object of one line.
 */
import type { Rng } from './pools';

export interface Msg {
  role: 'user' | 'assistant';
  content: string;
}

export interface Req {
  t: number; // epoch ms
  account: string;
  model: string;
  system?: string;
  messages: Msg[]; // the last is the user turn of interest
  response: string;
  ip?: string;
  ua?: string;
  org?: string;
  payment?: string;
  conversation?: string;
}

const tokens = (text: string): number => Math.max(1, Math.round(text.length / 3.7));

function promptTokens(r: Req): number {
  return tokens((r.system ?? '') + r.messages.map((m) => m.content).join(''));
}

function chatMessages(r: Req, rng: Rng): unknown[] {
  const out: unknown[] = [];
  if (r.system) out.push({ role: 'system', content: r.system });
  for (const m of r.messages) {
    // a minority of clients send content as an array of text parts
    out.push(rng.chance(0.2) ? { role: m.role, content: [{ type: 'text', text: m.content }] } : { role: m.role, content: m.content });
  }
  return out;
}

/** 1. A gateway's Chat Completions request log: request/response wrappers, metadata, payment at top level. */
export function chatLog(r: Req, rng: Rng): Record<string, unknown> {
  return gatewayRecord(r, rng, () => ({ model: r.model, messages: chatMessages(r, rng), temperature: rng.pick([0, 0.2, 0.7, 1]), user: r.account }));
}

/** The gateway log wrapper around a request (built after the log id is drawn, as gateways number first). */
function gatewayRecord(r: Req, rng: Rng, request: () => Record<string, unknown>): Record<string, unknown> {
  const rec: Record<string, unknown> = {
    id: `log_${rng.hex(20)}`,
    created: Math.floor(r.t / 1000),
    request: request(),
    response: {
      id: `chatcmpl-${rng.hex(24)}`,
      object: 'chat.completion',
      model: r.model,
      choices: [{ index: 0, message: { role: 'assistant', content: r.response }, finish_reason: 'stop' }],
      usage: { prompt_tokens: promptTokens(r), completion_tokens: tokens(r.response) },
    },
    metadata: { ip_address: r.ip, user_agent: r.ua },
  };
  if (r.org) rec.org_id = r.org;
  if (r.payment) rec.payment_fingerprint = r.payment;
  return rec;
}

/** 3. Anthropic Messages request as logged by a proxy, with the response beside it. */
export function anthropicLog(r: Req, rng: Rng): Record<string, unknown> {
  const rec: Record<string, unknown> = {
    created_at: new Date(r.t).toISOString(),
    model: r.model,
    max_tokens: rng.pick([1024, 2048, 4096]),
  };
  if (r.system) rec.system = rng.chance(0.5) ? r.system : [{ type: 'text', text: r.system }];
  rec.messages = r.messages.map((m) => (rng.chance(0.3) ? { role: m.role, content: [{ type: 'text', text: m.content }] } : { role: m.role, content: m.content }));
  rec.metadata = { user_id: r.account };
  rec.client_ip = r.ip;
  rec.user_agent = r.ua;
  if (r.org) rec.organization_id = r.org;
  if (r.payment) rec.billing = { card_fingerprint: r.payment };
  rec.response = {
    id: `msg_${rng.hex(24)}`,
    type: 'message',
    role: 'assistant',
    content: [{ type: 'text', text: r.response }],
    stop_reason: 'end_turn',
    usage: { input_tokens: promptTokens(r), output_tokens: tokens(r.response) },
  };
  return rec;
}

/** 4. OpenTelemetry GenAI span exported as JSON (messages as JSON strings, as attributes are). */
export function otelSpan(r: Req, rng: Rng): Record<string, unknown> {
  const attributes: Record<string, unknown> = {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': r.model,
    'gen_ai.response.model': r.model,
    'gen_ai.input.messages': JSON.stringify(r.messages.map((m) => ({ role: m.role, parts: [{ type: 'text', content: m.content }] }))),
    'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: r.response }], finish_reason: 'stop' }]),
    'gen_ai.usage.input_tokens': promptTokens(r),
    'gen_ai.usage.output_tokens': tokens(r.response),
    'enduser.id': r.account,
    'client.address': r.ip,
    'user_agent.original': r.ua,
  };
  if (r.system) attributes['gen_ai.system_instructions'] = JSON.stringify([{ type: 'text', content: r.system }]);
  if (r.conversation) attributes['gen_ai.conversation.id'] = r.conversation;
  return {
    trace_id: rng.hex(32),
    span_id: rng.hex(16),
    name: `chat ${r.model}`,
    kind: 'SPAN_KIND_CLIENT',
    timestamp: new Date(r.t).toISOString(),
    duration_ms: rng.int(400, 30000),
    status: { code: 'OK' },
    attributes,
  };
}

/** 2. OpenAI Batch input line; the account only as body.metadata.user_id or body.user. */
export function batchInput(r: Req, customId: string, accountField: 'metadata' | 'user'): Record<string, unknown> {
  const messages: unknown[] = [];
  if (r.system) messages.push({ role: 'system', content: r.system });
  for (const m of r.messages) messages.push({ role: m.role, content: m.content });
  const body: Record<string, unknown> = { model: r.model, messages, max_tokens: 2048 };
  if (accountField === 'metadata') body.metadata = { user_id: r.account };
  else body.user = r.account;
  return { custom_id: customId, method: 'POST', url: '/v1/chat/completions', body };
}

/** 2. OpenAI Batch output line (no prompt, no account). */
export function batchOutput(r: Req, customId: string, rng: Rng): Record<string, unknown> {
  return {
    id: `batch_req_${rng.hex(24)}`,
    custom_id: customId,
    response: {
      status_code: 200,
      request_id: rng.hex(32),
      body: {
        id: `chatcmpl-${rng.hex(24)}`,
        object: 'chat.completion',
        created: Math.floor(r.t / 1000),
        model: r.model,
        choices: [{ index: 0, message: { role: 'assistant', content: r.response }, finish_reason: 'stop' }],
        usage: { prompt_tokens: promptTokens(r), completion_tokens: tokens(r.response), total_tokens: promptTokens(r) + tokens(r.response) },
      },
    },
    error: null,
  };
}

/** 5. Helicone export: request_body as a JSON string, request_user_id, request_created_at. */
export function heliconeRow(r: Req, rng: Rng): Record<string, unknown> {
  const messages: unknown[] = [];
  if (r.system) messages.push({ role: 'system', content: r.system });
  for (const m of r.messages) messages.push({ role: m.role, content: m.content });
  return {
    request_id: `${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`,
    request_created_at: new Date(r.t).toISOString(),
    request_user_id: r.account,
    request_properties: { app: 'web', environment: 'production' },
    request_body: JSON.stringify({ model: r.model, messages, temperature: 0.7 }),
    response_body: JSON.stringify({ choices: [{ message: { role: 'assistant', content: r.response } }] }),
    model: r.model,
    prompt_tokens: promptTokens(r),
    completion_tokens: tokens(r.response),
  };
}

// ---------------------------------------------------------------------------------------------
// Round 2 shapes (scenarios E–H). Tool calls ride on the assistant turn; a tool result is its own turn.

export interface ToolCall {
  id: string;
  name: string;
  arguments: string; // JSON text
}

/** A conversation turn with tool calls (assistant) or a tool result (tool). */
export interface AgentMsg {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  toolCalls?: ToolCall[];
  toolCallId?: string;
}

/** 4. OpenInference (Arize Phoenix) LLM span: flattened llm.input_messages.N.message.* keys, start_time. */
export function openInferenceSpan(r: Req & { turns: AgentMsg[] }, rng: Rng): Record<string, unknown> {
  const a: Record<string, unknown> = {
    'openinference.span.kind': 'LLM',
    'llm.provider': 'openai',
    'llm.system': 'openai',
    'llm.model_name': r.model,
    'llm.invocation_parameters': JSON.stringify({ temperature: 0, tool_choice: 'auto' }),
  };
  r.turns.forEach((m, i) => {
    const k = `llm.input_messages.${i}.message`;
    a[`${k}.role`] = m.role;
    if (m.content) a[`${k}.content`] = m.content;
    m.toolCalls?.forEach((c, j) => {
      a[`${k}.tool_calls.${j}.tool_call.id`] = c.id;
      a[`${k}.tool_calls.${j}.tool_call.function.name`] = c.name;
      a[`${k}.tool_calls.${j}.tool_call.function.arguments`] = c.arguments;
    });
    if (m.toolCallId) a[`${k}.tool_call_id`] = m.toolCallId;
  });
  a['llm.output_messages.0.message.role'] = 'assistant';
  a['llm.output_messages.0.message.content'] = r.response;
  a['llm.token_count.prompt'] = tokens(r.turns.map((m) => m.content).join(''));
  a['llm.token_count.completion'] = tokens(r.response);
  a['llm.token_count.total'] = (a['llm.token_count.prompt'] as number) + tokens(r.response);
  a['user.id'] = r.account;
  if (r.conversation) a['session.id'] = r.conversation;
  if (r.ip) a['client.address'] = r.ip;
  if (r.ua) a['http.user_agent'] = r.ua;
  a['input.mime_type'] = 'application/json';
  const start = new Date(r.t).toISOString();
  return {
    name: 'ChatCompletion',
    context: { trace_id: rng.hex(32), span_id: rng.hex(16) },
    span_kind: 'LLM',
    parent_id: rng.chance(0.7) ? rng.hex(16) : null,
    start_time: start,
    end_time: new Date(r.t + rng.int(300, 20000)).toISOString(),
    status_code: 'OK',
    status_message: '',
    attributes: a,
    events: [],
  };
}

/** 3. Anthropic Message Batches request line: {custom_id, params:{…}}; no time, no network. */
export function anthropicBatchRequest(r: Req, customId: string): Record<string, unknown> {
  const params: Record<string, unknown> = { model: r.model, max_tokens: 4096 };
  if (r.system) params.system = r.system;
  params.messages = r.messages.map((m) => ({ role: m.role, content: m.content }));
  params.metadata = { user_id: r.account };
  return { custom_id: customId, params };
}

/** 3. Anthropic Message Batches result line: {custom_id, result:{type, message}}. */
export function anthropicBatchResult(r: Req, customId: string, rng: Rng): Record<string, unknown> {
  if (rng.chance(0.01)) return { custom_id: customId, result: { type: 'errored', error: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } } };
  return {
    custom_id: customId,
    result: {
      type: 'succeeded',
      message: {
        id: `msg_${rng.hex(24)}`, type: 'message', role: 'assistant', model: r.model,
        content: [{ type: 'text', text: r.response }], stop_reason: 'end_turn', stop_sequence: null,
        usage: { input_tokens: promptTokens(r), output_tokens: tokens(r.response) },
      },
    },
  };
}

/** OpenAI Responses API as logged by a gateway: `input` (string or items), `instructions`, `safety_identifier`, `x_forwarded_for`. */
export function responsesLog(r: Req, rng: Rng, inputAsString: boolean): Record<string, unknown> {
  const input = inputAsString && r.messages.length === 1
    ? r.messages[0].content
    : r.messages.map((m) => ({ type: 'message', role: m.role, content: [{ type: m.role === 'user' ? 'input_text' : 'output_text', text: m.content }] }));
  const rec: Record<string, unknown> = {
    id: `resp_${rng.hex(32)}`,
    object: 'response',
    created_at: Math.floor(r.t / 1000),
    status: 'completed',
    model: r.model,
  };
  if (r.system) rec.instructions = r.system;
  rec.input = input;
  rec.safety_identifier = r.account;
  rec.output = [{ type: 'message', id: `msg_${rng.hex(24)}`, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: r.response, annotations: [] }] }];
  rec.usage = { input_tokens: promptTokens(r), output_tokens: tokens(r.response), total_tokens: promptTokens(r) + tokens(r.response) };
  if (r.ip) rec.x_forwarded_for = `${r.ip}, 10.12.${rng.int(0, 255)}.${rng.int(1, 254)}`;
  if (r.ua) rec.user_agent = r.ua;
  if (r.org) rec.organization_id = r.org;
  return rec;
}

/** 5. Langfuse observation (snake_case export): input message list, output object, metadata with network + payment. */
export function langfuseObservation(r: Req, rng: Rng): Record<string, unknown> {
  const input: unknown[] = [];
  if (r.system) input.push({ role: 'system', content: r.system });
  for (const m of r.messages) input.push({ role: m.role, content: m.content });
  const metadata: Record<string, unknown> = {};
  if (r.ip) metadata.ip_address = r.ip;
  if (r.ua) metadata.user_agent = r.ua;
  if (r.payment) metadata.payment_method = r.payment;
  if (r.org) metadata.org_id = r.org;
  return {
    id: rng.hex(32),
    trace_id: rng.hex(32),
    type: 'GENERATION',
    name: 'chat-completion',
    start_time: new Date(r.t).toISOString(),
    end_time: new Date(r.t + rng.int(500, 25000)).toISOString(),
    created_at: new Date(r.t).toISOString(),
    metadata,
    input,
    output: { role: 'assistant', content: r.response },
    provided_model_name: r.model,
    user_id: r.account,
    session_id: r.conversation ?? null,
    usage: { input: promptTokens(r), output: tokens(r.response), unit: 'TOKENS' },
    level: 'DEFAULT',
  };
}

/** 6. A flat in-house log with unusual but documented field names. */
export function flatLog(r: Req, rng: Rng): Record<string, unknown> {
  const rec: Record<string, unknown> = {
    ts: r.t,
    customer_id: r.account,
    question: r.messages[r.messages.length - 1].content,
    answer: r.response,
    engine: r.model,
    remote_addr: r.ip,
    user_agent: r.ua,
    latency_ms: rng.int(300, 9000),
  };
  if (r.payment) rec.card_fingerprint = r.payment;
  if (r.org) rec.org_id = r.org;
  return rec;
}

/** 5. LangSmith run (wrap_openai style): inputs.messages, outputs.choices, extra.metadata, tags, start_time. */
export function langsmithRun(r: Req & { tenantKey?: string; tags?: string[] }, rng: Rng): Record<string, unknown> {
  const messages: unknown[] = [];
  if (r.system) messages.push({ role: 'system', content: r.system });
  for (const m of r.messages) messages.push({ role: m.role, content: m.content });
  const metadata: Record<string, unknown> = { ls_provider: 'openai', ls_model_name: r.model, ls_model_type: 'chat', user_id: r.account };
  if (r.tenantKey) metadata.api_key_id = r.tenantKey;
  if (r.ip) metadata.client_ip = r.ip;
  if (r.ua) metadata.user_agent = r.ua;
  const id = `${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`;
  return {
    id,
    name: 'ChatOpenAI',
    run_type: 'llm',
    start_time: new Date(r.t).toISOString(),
    end_time: new Date(r.t + rng.int(400, 15000)).toISOString(),
    inputs: { messages, model: r.model, temperature: 0.3 },
    outputs: { choices: [{ index: 0, message: { role: 'assistant', content: r.response }, finish_reason: 'stop' }], usage: { prompt_tokens: promptTokens(r), completion_tokens: tokens(r.response) } },
    trace_id: id,
    parent_run_id: null,
    tags: r.tags ?? [],
    extra: { metadata, runtime: { sdk: 'langsmith-py', sdk_version: '0.1.147' } },
    error: null,
  };
}

// ---------------------------------------------------------------------------------------------
// Round 3 shapes (scenario K): older / event-based OTel GenAI, Gemini contents[].parts, parts-only chat.

/** 4. OTel GenAI span with the OLDER conventions: gen_ai.system, flattened gen_ai.prompt.N.* / gen_ai.completion.N.*, gen_ai.usage.prompt_tokens. */
export function otelLegacySpan(r: Req, rng: Rng): Record<string, unknown> {
  const a: Record<string, unknown> = {
    'gen_ai.system': 'openai',
    'gen_ai.request.model': r.model,
    'gen_ai.response.model': r.model,
    'llm.request.type': 'chat',
  };
  const turns = [...(r.system ? [{ role: 'system', content: r.system }] : []), ...r.messages];
  turns.forEach((m, i) => {
    a[`gen_ai.prompt.${i}.role`] = m.role;
    a[`gen_ai.prompt.${i}.content`] = m.content;
  });
  a['gen_ai.completion.0.role'] = 'assistant';
  a['gen_ai.completion.0.content'] = r.response;
  a['gen_ai.completion.0.finish_reason'] = 'stop';
  a['gen_ai.usage.prompt_tokens'] = promptTokens(r);
  a['gen_ai.usage.completion_tokens'] = tokens(r.response);
  a['enduser.id'] = r.account;
  if (r.ip) a['client.address'] = r.ip;
  if (r.ua) a['http.user_agent'] = r.ua;
  return {
    trace_id: rng.hex(32),
    span_id: rng.hex(16),
    name: 'openai.chat',
    kind: 'SPAN_KIND_CLIENT',
    timestamp: new Date(r.t).toISOString(),
    duration_ms: rng.int(400, 30000),
    attributes: a,
  };
}

/** 4. OTel GenAI span whose content sits only in span events (gen_ai.user.message, gen_ai.choice …). */
export function otelEventSpan(r: Req, rng: Rng): Record<string, unknown> {
  const ts = new Date(r.t).toISOString();
  const events: Record<string, unknown>[] = [];
  if (r.system) events.push({ name: 'gen_ai.system.message', timestamp: ts, attributes: { 'gen_ai.system': 'openai', content: r.system } });
  for (const m of r.messages) events.push({ name: m.role === 'user' ? 'gen_ai.user.message' : 'gen_ai.assistant.message', timestamp: ts, attributes: { 'gen_ai.system': 'openai', content: m.content } });
  events.push({ name: 'gen_ai.choice', timestamp: new Date(r.t + rng.int(500, 9000)).toISOString(), attributes: { 'gen_ai.system': 'openai', index: 0, finish_reason: 'stop', message: JSON.stringify({ role: 'assistant', content: r.response }) } });
  return {
    trace_id: rng.hex(32),
    span_id: rng.hex(16),
    name: `chat ${r.model}`,
    timestamp: ts,
    attributes: {
      'gen_ai.system': 'openai',
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': r.model,
      'gen_ai.usage.input_tokens': promptTokens(r),
      'gen_ai.usage.output_tokens': tokens(r.response),
      'user.id': r.account,
      ...(r.ip ? { 'client.address': r.ip } : {}),
    },
    events,
  };
}

/** Gemini generateContent as logged by a gateway: contents[].parts[].text, systemInstruction, candidates, usageMetadata. */
export function geminiLog(r: Req, rng: Rng): Record<string, unknown> {
  const request: Record<string, unknown> = {
    contents: r.messages.map((m) => ({ role: m.role === 'assistant' ? 'model' : 'user', parts: [{ text: m.content }] })),
    generationConfig: { temperature: rng.pick([0, 0.4, 1]), maxOutputTokens: 2048 },
  };
  if (r.system) request.systemInstruction = { parts: [{ text: r.system }] };
  const rec: Record<string, unknown> = {
    timestamp: new Date(r.t).toISOString(),
    model: r.model,
    user_id: r.account,
    ip_address: r.ip,
    user_agent: r.ua,
    request,
    response: {
      candidates: [{ content: { role: 'model', parts: [{ text: r.response }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: promptTokens(r), candidatesTokenCount: tokens(r.response), totalTokenCount: promptTokens(r) + tokens(r.response) },
      modelVersion: r.model,
    },
  };
  if (r.payment) rec.payment_method = r.payment;
  return rec;
}

/** Chat Completions in request/response wrappers where every content is an array of text parts; user turns often split in two parts. */
export function chatPartsLog(r: Req, rng: Rng): Record<string, unknown> {
  const parts = (text: string): unknown[] => {
    const cut = text.indexOf('\n');
    if (cut > 0 && cut < text.length - 1 && rng.chance(0.5)) return [{ type: 'text', text: text.slice(0, cut + 1) }, { type: 'text', text: text.slice(cut + 1) }];
    return [{ type: 'text', text }];
  };
  const messages: unknown[] = [];
  if (r.system) messages.push({ role: 'system', content: [{ type: 'text', text: r.system }] });
  for (const m of r.messages) messages.push({ role: m.role, content: parts(m.content) });
  return gatewayRecord(r, rng, () => ({ model: r.model, messages, user: r.account, stream: false }));
}

/** A flat logged completion (request and response merged at top level), for the gzip'd JSON array. */
export function mergedChat(r: Req, rng: Rng): Record<string, unknown> {
  const messages: unknown[] = [];
  if (r.system) messages.push({ role: 'system', content: r.system });
  for (const m of r.messages) messages.push({ role: m.role, content: m.content });
  const rec: Record<string, unknown> = {
    id: `chatcmpl-${rng.hex(24)}`,
    created: Math.floor(r.t / 1000),
    model: r.model,
    user: r.account,
    messages,
    choices: [{ index: 0, message: { role: 'assistant', content: r.response }, finish_reason: 'stop' }],
    usage: { prompt_tokens: promptTokens(r), completion_tokens: tokens(r.response) },
    client_ip: r.ip,
    user_agent: r.ua,
  };
  if (r.payment) rec.card_fingerprint = r.payment;
  return rec;
}
