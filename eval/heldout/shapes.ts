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
  const rec: Record<string, unknown> = {
    id: `log_${rng.hex(20)}`,
    created: Math.floor(r.t / 1000),
    request: { model: r.model, messages: chatMessages(r, rng), temperature: rng.pick([0, 0.2, 0.7, 1]), user: r.account },
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
