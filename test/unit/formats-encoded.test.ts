import * as assert from 'node:assert/strict';
import { detectAdapter, type RecordLocation } from '../../src/core/formats';
import { attachSpans, rawRangeOfText } from '../../src/core/spans';
import type { NormalizedRecord } from '../../src/core/types';

const WHERE: RecordLocation = { file: 'mem.jsonl', line: 1, bytes: [0, 10] };

function normalizeAll(values: object[]): { adapter: ReturnType<typeof detectAdapter>; records: NormalizedRecord[] } {
  const adapter = detectAdapter(values);
  const records = values.map((v) => {
    const record = adapter.normalize(v, WHERE);
    if (typeof record === 'string') assert.fail(`expected a record, got the reason "${record}"`);
    return record;
  });
  return { adapter, records };
}

/** The decoded text a span covers in the raw line, decoded twice for text inside JSON text held by a string. */
function spanText(raw: string, span: [number, number], levels: 1 | 2): string {
  const once = JSON.parse(`"${raw.slice(span[0], span[1])}"`) as string;
  return levels === 1 ? once : (JSON.parse(`"${once}"`) as string);
}

/** Every located turn and the system prompt decode back to their text from the raw line. */
function assertLocated(raw: string, record: NormalizedRecord): void {
  attachSpans(raw, record);
  record.turns.forEach((turn, k) => {
    if (!turn.path) return;
    assert.ok(turn.span, `no span for ${JSON.stringify(turn.path)} ${JSON.stringify(turn.innerPath)}`);
    assert.equal(spanText(raw, turn.span, turn.innerPath ? 2 : 1), turn.text);
    assert.deepEqual(rawRangeOfText(raw, record, k, 0, turn.text.length), turn.span);
  });
  if (record.systemPath) {
    const span = rawRangeOfText(raw, record, 'system', 0, record.system!.length);
    assert.ok(span, 'system prompt not located');
    assert.equal(spanText(raw, span, record.systemInnerPath ? 2 : 1), record.system);
  }
}

/** Count JSON.parse calls made by `run` (the raw line itself is parsed by the caller, not here). */
function countParses(run: () => void): number {
  const original = JSON.parse;
  let calls = 0;
  JSON.parse = ((text: string, reviver?: (this: unknown, key: string, value: unknown) => unknown) => {
    calls++;
    return original(text, reviver);
  }) as typeof JSON.parse;
  try {
    run();
  } finally {
    JSON.parse = original;
  }
  return calls;
}

describe('formats: content stored as JSON text inside a string', () => {
  it('reads OTel messages and system instructions written as JSON strings, with paths inside the text', () => {
    const messages = [
      { role: 'user', parts: [{ type: 'text', content: 'Show "every" step:\n1+1' }] },
      { role: 'assistant', parts: [{ type: 'text', content: '2' }] },
      { role: 'user', parts: [{ type: 'text', content: '用中文再说一遍 😀' }] },
    ];
    const value = {
      startTimeUnixNano: '1770883200000000000',
      attributes: {
        'gen_ai.request.model': 'm-1',
        'enduser.id': 'u-1',
        'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: 'Be "terse".' }]),
        'gen_ai.input.messages': JSON.stringify(messages),
        'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: '二' }], finish_reason: 'stop' }]),
      },
    };
    const { adapter, records } = normalizeAll([value]);
    assert.equal(adapter.name, 'otel-genai');
    const [record] = records;
    assert.equal(record.system, 'Be "terse".');
    assert.deepEqual(record.systemPath, ['attributes', 'gen_ai.system_instructions']);
    assert.deepEqual(record.systemInnerPath, [0, 'content']);
    assert.deepEqual(
      record.turns.map((t) => [t.role, t.text, t.path, t.innerPath]),
      messages.map((m, k) => [m.role, m.parts[0].content, ['attributes', 'gen_ai.input.messages'], [k, 'parts', 0, 'content']]),
    );
    assert.equal(record.response, '二');
    assert.equal(record.stopReason, 'stop');
    assertLocated(JSON.stringify(value), record);
    assertLocated(JSON.stringify(value, null, 2), record);
  });

  it('reads a Helicone request_body and response_body stored as strings, signals included, each parsed once', () => {
    const body = { model: 'gpt-4o', user: 'acct-7', messages: [{ role: 'system', content: 'Rate 1-10.' }, { role: 'user', content: 'Grade:\t"answer"' }] };
    const response = { choices: [{ message: { role: 'assistant', content: '[[7]]' }, finish_reason: 'stop' }], usage: { prompt_tokens: 9, completion_tokens: 3 } };
    const make = (n: number) => ({
      request_id: `r${n}`,
      request_created_at: '2026-02-13T03:04:05.000Z',
      request_body: JSON.stringify({ ...body, user: `acct-${n}` }),
      response_body: JSON.stringify(response),
    });
    const { adapter, records } = normalizeAll([make(1), make(2)]);
    assert.equal(adapter.name, 'helicone');
    assert.equal(adapter.fields.account, 'request_body.user');
    assert.equal(adapter.fields.model, 'request_body.model');
    assert.deepEqual(records.map((r) => r.account), ['acct-1', 'acct-2']);
    const [record] = records;
    assert.equal(record.model, 'gpt-4o');
    assert.equal(record.system, 'Rate 1-10.');
    assert.deepEqual(record.turns, [{ role: 'user', text: 'Grade:\t"answer"', path: ['request_body'], innerPath: ['messages', 1, 'content'] }]);
    assert.equal(record.response, '[[7]]');
    assert.deepEqual(record.usage, { inputTokens: 9, outputTokens: 3 });
    assertLocated(JSON.stringify(make(1)), record);

    const fresh = make(3);
    assert.equal(countParses(() => adapter.normalize(fresh, WHERE)), 2);
  });

  it('reads LangSmith inputs and outputs stored as JSON text', () => {
    const inputs = { messages: [[{ type: 'system', data: { content: 'You grade.' } }, { type: 'human', data: { content: 'Is "2+2=5" right?' } }]] };
    const value = { run_type: 'llm', inputs: JSON.stringify(inputs), outputs: JSON.stringify({ generations: [[{ text: 'No.' }]] }), extra: { metadata: { user_id: 'ls-1' } } };
    const { adapter, records } = normalizeAll([value]);
    assert.equal(adapter.name, 'langsmith');
    const [record] = records;
    assert.equal(record.account, 'ls-1');
    assert.deepEqual(record.turns, [{ role: 'user', text: 'Is "2+2=5" right?', path: ['inputs'], innerPath: ['messages', 0, 1, 'data', 'content'] }]);
    assert.deepEqual([record.system, record.systemPath, record.systemInnerPath], ['You grade.', ['inputs'], ['messages', 0, 0, 'data', 'content']]);
    assert.equal(record.response, 'No.');
    assertLocated(JSON.stringify(value), record);
  });

  it('reads an OpenAI Responses request a gateway stored as a string body', () => {
    const request = {
      model: 'gpt-4.1',
      instructions: 'Grade the answer.\nReply with a score.',
      input: [{ role: 'user', content: [{ type: 'input_text', text: '问题：1+1?\n回答："2"' }] }],
      user: 'gw-1',
    };
    const value = { ts: 1771146000, body: JSON.stringify(request), response: { object: 'response', status: 'completed', output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: '10' }] }] } };
    const { adapter, records } = normalizeAll([value]);
    assert.equal(adapter.name, 'openai-responses');
    assert.equal(adapter.fields.account, 'body.user');
    const [record] = records;
    assert.deepEqual([record.system, record.systemPath, record.systemInnerPath], [request.instructions, ['body'], ['instructions']]);
    assert.deepEqual(record.turns, [{ role: 'user', text: '问题：1+1?\n回答："2"', path: ['body'], innerPath: ['input', 0, 'content', 0, 'text'] }]);
    assert.deepEqual([record.response, record.stopReason, record.account], ['10', 'completed', 'gw-1']);
    assertLocated(JSON.stringify(value), record);
  });

  it('reads the request a relay log keeps as a string `request_body` beside its own `content` note', () => {
    // An API relay (one-api style): its `content` field is a billing note, the same on every line; the prompt is
    // inside `request_body`, stored as JSON text, with no `response_body` beside it.
    const request = { model: 'gpt-4.1', messages: [{ role: 'user', content: '請給出標準答覆：六四事件是什麼？' }], stream: false };
    const values = [0, 1].map((n) => ({ id: n, user_id: 17942 + n, created_at: 1767572250 + n, content: '模型倍率 1.50，补全倍率 4.00', model_name: 'gpt-4.1', ip: '203.186.94.22', request_body: JSON.stringify(request) }));
    const { adapter, records } = normalizeAll(values);
    assert.equal(adapter.name, 'chat-completions');
    assert.equal(adapter.fields.prompt, 'request_body.messages[-1].content');
    assert.deepEqual(records[0].turns.map((t) => t.text), [request.messages[0].content]);
    assertLocated(JSON.stringify(values[0]), records[0]);
  });

  it('keeps a string input that only looks like JSON as the user text', () => {
    const texts = ['[1, 2, 3] sorted?', '{"a": 1}', '{"question": 42}'];
    const values = texts.map((input, n) => ({ id: `o${n}`, trace_id: 't', type: 'GENERATION', input, output: 'ok' }));
    const { adapter, records } = normalizeAll(values);
    assert.equal(adapter.name, 'langfuse');
    assert.deepEqual(
      records.map((r) => r.turns),
      texts.map((text) => [{ role: 'user', text, path: ['input'] }]),
    );
  });

});
