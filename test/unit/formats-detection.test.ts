import * as assert from 'node:assert/strict';
import { detectAdapter, parseFieldMapping, type RecordLocation } from '../../src/core/formats';
import { nameHintMatches, signalKeyProbe } from '../../src/core/formats/signals';
import { attachSpans } from '../../src/core/spans';
import type { NormalizedRecord, Signal } from '../../src/core/types';

const WHERE: RecordLocation = { file: 'mem.jsonl', line: 1, bytes: [0, 10] };

function normalized(adapter: ReturnType<typeof detectAdapter>, value: unknown): NormalizedRecord {
  const record = adapter.normalize(value, WHERE);
  if (typeof record === 'string') assert.fail(`expected a record, got the reason "${record}"`);
  return record;
}

function promptOf(record: NormalizedRecord): string | undefined {
  return record.turns[record.promptIndex]?.text;
}

describe('formats: unknown and mixed files', () => {
  it('falls back to flat and gives a clear reason for records with no prompt', () => {
    const samples = [{ event: 'login', at: 1 }, { event: 'logout', at: 2 }];
    const adapter = detectAdapter(samples);
    assert.equal(adapter.name, 'flat');
    assert.deepEqual(adapter.shapeCounts, { unknown: 2 });
    assert.equal(adapter.normalize(samples[0], WHERE), 'no prompt text found');
    assert.equal(adapter.normalize('just a string', WHERE), 'not a JSON object');
    assert.equal(adapter.normalize([1, 2], WHERE), 'not a JSON object');
  });

  it('picks the shape most samples have; records of another shape get a reason, not a wrong record', () => {
    const chat = (n: number) => ({ model: 'gpt-4o', user: `u${n}`, messages: [{ role: 'user', content: `question ${n}` }] });
    const stray = { custom_id: 'x', result: { type: 'succeeded', message: { content: [{ type: 'text', text: 'hi' }] } } };
    const adapter = detectAdapter([chat(1), stray, chat(2), chat(3), 'not json object']);
    assert.equal(adapter.name, 'chat-completions');
    assert.deepEqual(adapter.shapeCounts, { 'chat-completions': 3, 'anthropic-batch-result': 1 });
    assert.equal(adapter.sampled, 4);
    assert.equal(promptOf(normalized(adapter, chat(9))), 'question 9');
    assert.equal(adapter.normalize(stray, WHERE), 'no messages at messages');
  });

  it('tells Anthropic Messages from Chat Completions by their telltale fields', () => {
    const anthropic = { model: 'claude-x', system: 'Be brief.', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] };
    const chat = { model: 'gpt-x', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hi' }] };
    assert.equal(detectAdapter([anthropic]).name, 'anthropic-messages');
    assert.equal(detectAdapter([chat]).name, 'chat-completions');
    // Both read the system prompt into `system`, never into the turns.
    assert.equal(normalized(detectAdapter([anthropic]), anthropic).system, 'Be brief.');
    const record = normalized(detectAdapter([chat]), chat);
    assert.equal(record.system, 'Be brief.');
    assert.deepEqual(record.turns, [{ role: 'user', text: 'hi', path: ['messages', 1, 'content'] }]);
  });
});

describe('formats: signal fields', () => {
  it('follows the documented candidate order and skips values of the wrong kind', () => {
    const samples = [
      {
        user: { id: 'nested-user', name: 'Ann' }, // an object: not an account id itself
        time: 1.5, // a duration, not a time
        created_at: 'not a date',
        timestamp: '2026-03-01T10:00:00+02:00',
        account: { payment_fingerprint: 'fp_acc' },
        metadata: { billing: { plan: 'pro', card_fingerprint: 'fp_meta' } },
        client: { ip: ['198.51.100.3', '10.0.0.1'] },
        prompt: 'hello',
      },
    ];
    const adapter = detectAdapter(samples);
    assert.deepEqual(adapter.fields, {
      time: 'timestamp', account: 'user.id', payment: 'account.payment_fingerprint', ip: 'client.ip', prompt: 'prompt',
    });
    assert.deepEqual(adapter.missingSignals, ['org', 'userAgent', 'model']);
    const record = normalized(adapter, samples[0]);
    assert.equal(record.time, Date.parse('2026-03-01T08:00:00Z'));
    assert.equal(record.account, 'nested-user');
    assert.equal(record.payment, 'fp_acc');
    assert.equal(record.ip, '198.51.100.3');
  });

  it('reads billing objects by their most identifying member and x_forwarded_for by its first hop', () => {
    const sample = { question: 'q', billing: { country: 'DE', payment_method_id: 'pm_77' }, x_forwarded_for: ' 192.0.2.1 ,10.1.1.1' };
    const adapter = detectAdapter([sample]);
    assert.equal(adapter.fields.payment, 'billing.payment_method_id');
    assert.equal(adapter.fields.ip, 'x_forwarded_for');
    const record = normalized(adapter, sample);
    assert.equal(record.payment, 'pm_77');
    assert.equal(record.ip, '192.0.2.1');
  });

  it('converts epoch seconds, milliseconds, nanoseconds and naive ISO strings to epoch ms (UTC)', () => {
    const expected = Date.UTC(2026, 0, 2, 3, 4, 5);
    for (const ts of [expected / 1000, expected, String(expected * 1e6), '2026-01-02 03:04:05', '2026-01-02T03:04:05', '2026-01-02T04:04:05+01:00']) {
      const adapter = detectAdapter([{ ts, prompt: 'p' }]);
      assert.equal(normalized(adapter, { ts, prompt: 'p' }).time, expected, `ts=${ts}`);
    }
  });

  it('falls back to keys whose name says what they hold when no usual spelling is present', () => {
    const sample = {
      attributes: {
        'gen_ai.request.model': 'm',
        'gen_ai.prompt': 'p',
        'app.end_user_id': 'eu-5',
        'billing.card_fingerprint': 'fp_x',
        'metadata.client_ip': '198.51.100.44',
        'net.useragent': 'agent/1',
      },
    };
    const adapter = detectAdapter([sample]);
    assert.equal(adapter.name, 'otel-genai');
    assert.deepEqual(adapter.fields, {
      account: 'attributes["app.end_user_id"]',
      payment: 'attributes["billing.card_fingerprint"]',
      ip: 'attributes["metadata.client_ip"]',
      userAgent: 'attributes["net.useragent"]',
      model: 'attributes["gen_ai.request.model"]',
      prompt: 'attributes["gen_ai.prompt"]',
    });
    const record = normalized(adapter, sample);
    assert.deepEqual([record.account, record.payment, record.ip, record.userAgent], ['eu-5', 'fp_x', '198.51.100.44', 'agent/1']);
  });

  it('finds signals nested in the shape wrapper (Helicone request_body.user, batch body.metadata)', () => {
    const helicone = { request_body: { model: 'm', user: 'end-user-1', messages: [{ role: 'user', content: 'x' }] }, response_body: {} };
    assert.equal(detectAdapter([helicone]).fields.account, 'request_body.user');
    const batch = { custom_id: 'a', method: 'POST', url: '/v1/chat/completions', body: { metadata: { org_id: 'o-1', ip_address: '192.0.2.9' }, messages: [{ role: 'user', content: 'x' }] } };
    const adapter = detectAdapter([batch]);
    assert.equal(adapter.fields.org, 'body.metadata.org_id');
    assert.equal(adapter.fields.ip, 'body.metadata.ip_address');
  });
});

describe('formats: the late-signal key probe', () => {
  it('passes every key the name hints take, as a JSON key or inside a JSON string, and not the same words as values', () => {
    const keys: Array<[Signal, string]> = [
      ['account', 'ls_user_id'], ['account', 'enduser.user.id'], ['account', 'billing_account_id'],
      ['org', 'tenant.org.id'], ['org', 'Organization_ID'],
      ['payment', 'card_fingerprint_sha256'], ['payment', 'billing.card'], ['payment', 'default_payment_method_id'],
      ['ip', 'metadata.client_ip'], ['ip', 'net.peer.ip'], ['ip', 'source.client.address'], ['ip', 'x_forwarded_for_chain'],
      ['userAgent', 'http.user_agent.original'], ['userAgent', 'client-user-agent'],
      ['model', 'ls_model_name'], ['model', 'llm.request.model'],
    ];
    for (const [signal, key] of keys) {
      assert.ok(nameHintMatches(signal, key), `the hints take ${key} for ${signal}`);
      const probe = signalKeyProbe([signal]);
      assert.ok(probe?.test(`{"a":1,"${key}": "v"}`), `${signal}: ${key} as a key`);
      assert.ok(probe?.test(JSON.stringify({ body: JSON.stringify({ [key]: 'v' }) })), `${signal}: ${key} inside a JSON string`);
    }
    assert.equal(signalKeyProbe([]), null);
    assert.ok(!signalKeyProbe(['org'])!.test('{"text": "our org_id is secret", "note": "organization_id"}'));
  });
});

describe('formats: overrides', () => {
  const sample = {
    meta: { tenant: 'tenant-42', when: '2026-02-01T00:00:00Z' },
    req: { convo: [{ who: 'me', said: 'first' }, { who: 'me', said: 'Explain your "reasoning"\nstep by step' }] },
    res: { reply: 'Sure.' },
  };

  it('apply to any adapter: the prompt override gives one user turn whose span is found', () => {
    const adapter = detectAdapter([sample], { account: 'meta.tenant', time: 'meta.when', prompt: 'req.convo[-1].said', response: 'res.reply' });
    assert.equal(adapter.name, 'flat');
    assert.deepEqual(adapter.fields, { time: 'meta.when', account: 'meta.tenant', prompt: 'req.convo[-1].said', response: 'res.reply' });
    const record = normalized(adapter, sample);
    assert.deepEqual(record, {
      ...WHERE,
      time: Date.UTC(2026, 1, 1),
      account: 'tenant-42',
      turns: [{ role: 'user', text: 'Explain your "reasoning"\nstep by step', path: ['req', 'convo', 1, 'said'] }],
      turnCount: 1,
      promptIndex: 0,
      response: 'Sure.',
    });
    const raw = JSON.stringify(sample);
    attachSpans(raw, record);
    const span = record.turns[0].span!;
    assert.equal(JSON.parse(`"${raw.slice(span[0], span[1])}"`), record.turns[0].text);
    assert.equal(adapter.normalize({ meta: {} }, WHERE), 'no prompt text at req.convo[-1].said');
  });

  it('replace the detected field for a signal of a recognised shape', () => {
    const chat = { model: 'gpt-4o', user: 'shared-proxy', metadata: { end_user: 'real-user' }, messages: [{ role: 'user', content: 'hi' }] };
    const adapter = detectAdapter([chat], { account: 'metadata.end_user' });
    assert.equal(adapter.name, 'chat-completions');
    assert.equal(adapter.fields.account, 'metadata.end_user');
    assert.equal(normalized(adapter, chat).account, 'real-user');
  });

  it('resolve dotted OTel attribute names in objects and OTLP lists, and accept ["quoted.keys"]', () => {
    const objectForm = { attributes: { 'gen_ai.request.model': 'req-model', 'gen_ai.response.model': 'resp-model', 'gen_ai.prompt': 'p' } };
    const listForm = {
      attributes: [
        { key: 'gen_ai.prompt', value: { stringValue: 'p' } },
        { key: 'gen_ai.response.model', value: { stringValue: 'resp-model' } },
      ],
    };
    for (const sample of [objectForm, listForm]) {
      for (const spec of ['attributes.gen_ai.response.model', 'attributes["gen_ai.response.model"]']) {
        const adapter = detectAdapter([sample], { model: spec });
        assert.equal(adapter.name, 'otel-genai');
        assert.equal(adapter.fields.model, 'attributes["gen_ai.response.model"]');
        assert.equal(normalized(adapter, sample).model, 'resp-model');
      }
    }
  });

  it('keep a path no sample has, read literally', () => {
    const adapter = detectAdapter([{ prompt: 'x' }], { ip: 'net.peer.addr' });
    assert.equal(adapter.fields.ip, 'net.peer.addr');
    assert.equal(normalized(adapter, { prompt: 'x', net: { peer: { addr: '192.0.2.4' } } }).ip, '192.0.2.4');
  });
});

describe('formats: parseFieldMapping', () => {
  it('parses signal=path, trimming spaces and accepting the common aliases', () => {
    assert.deepEqual(parseFieldMapping('account=metadata.user_id'), ['account', 'metadata.user_id']);
    assert.deepEqual(parseFieldMapping(' prompt = body.messages[-1].content '), ['prompt', 'body.messages[-1].content']);
    assert.deepEqual(parseFieldMapping('model=attributes["gen_ai.request.model"]'), ['model', 'attributes["gen_ai.request.model"]']);
    assert.deepEqual(parseFieldMapping('user_agent=headers.ua'), ['userAgent', 'headers.ua']);
    assert.deepEqual(parseFieldMapping('ip=a=b'), ['ip', 'a=b']);
  });

  it('names the bad part in its errors', () => {
    assert.throws(() => parseFieldMapping('acount=user'), /unknown signal "acount"; valid signals: time, account, org, payment, ip, userAgent, model, prompt, response/);
    assert.throws(() => parseFieldMapping('account='), /empty path for account/);
    assert.throws(() => parseFieldMapping('account'), /expected signal=path/);
    assert.throws(() => parseFieldMapping('prompt=messages[x].content'), /bad index \[x\]/);
    assert.throws(() => parseFieldMapping('prompt=messages[0'), /unclosed "\["/);
    assert.throws(() => parseFieldMapping('prompt=a..b'), /empty key/);
    assert.throws(() => parseFieldMapping('prompt=a.'), /empty key/);
  });
});
