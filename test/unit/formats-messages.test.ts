import * as assert from 'node:assert/strict';
import { detectAdapter, type RecordLocation } from '../../src/core/formats';
import { toEpochMs } from '../../src/core/formats/values';
import { attachSpans } from '../../src/core/spans';
import type { NormalizedRecord } from '../../src/core/types';

const WHERE: RecordLocation = { file: 'mem.jsonl', line: 3, bytes: [100, 200] };

function normalizeOne(value: object): NormalizedRecord {
  const record = detectAdapter([value]).normalize(value, WHERE);
  if (typeof record === 'string') assert.fail(`expected a record, got the reason "${record}"`);
  return record;
}

/** Every turn with a path must have a span that decodes back to its text. */
function assertSpans(value: object, record: NormalizedRecord): void {
  const raw = JSON.stringify(value, null, 1);
  attachSpans(raw, record);
  for (const turn of record.turns) {
    if (!turn.path) continue;
    assert.ok(turn.span, `no span for ${JSON.stringify(turn.path)}`);
    assert.equal(JSON.parse(`"${raw.slice(turn.span[0], turn.span[1])}"`), turn.text);
  }
}

describe('formats: message shapes inside observability inputs', () => {
  it('reads LangChain message dicts ({type, data}) and lists of prompt strings', () => {
    const value = {
      run_type: 'llm', inputs: { messages: [{ type: 'system', data: { content: '规则' } }, { type: 'human', data: { content: 'Hi "there"' } }] }, outputs: {},
    };
    const record = normalizeOne(value);
    assert.equal(record.system, '规则');
    assert.deepEqual(record.turns, [{ role: 'user', text: 'Hi "there"', path: ['inputs', 'messages', 1, 'data', 'content'] }]);
    assertSpans(value, record);

    const prompts = { run_type: 'llm', inputs: { prompts: ['first prompt', 'second prompt'] }, outputs: { generations: [[{ text: 'ok' }]] } };
    const r2 = normalizeOne(prompts);
    assert.deepEqual(r2.turns.map((t) => t.text), ['first prompt', 'second prompt']);
    assert.equal(r2.promptIndex, 1);
    assert.equal(r2.response, 'ok');
  });

  it('assembles multi-part text without a path, and keeps tool calls of assistant turns', () => {
    const value = {
      model: 'gpt-4o',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'part one' }, { type: 'input_text', text: 'part two' }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'search', arguments: '{"q":"x"}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'result text' },
        { role: 'user', content: 'thanks' },
      ],
    };
    const record = normalizeOne(value);
    assert.deepEqual(record.turns, [
      { role: 'user', text: 'part one\npart two' },
      { role: 'assistant', text: '', toolCalls: [{ name: 'search', arguments: '{"q":"x"}' }] },
      { role: 'tool', text: 'result text', path: ['messages', 2, 'content'] },
      { role: 'user', text: 'thanks', path: ['messages', 3, 'content'] },
    ]);
    assert.equal(record.promptIndex, 3);
    assert.equal(record.turnCount, 3);
    assertSpans(value, record);
  });

  it('reads OpenInference nested attributes (Phoenix) with paths', () => {
    const value = {
      start_time: '2026-01-05T00:00:00Z',
      attributes: { openinference: { span: { kind: 'LLM' } }, llm: { model_name: 'm1', input_messages: [{ message: { role: 'user', content: '嵌套的提示' } }] } },
    };
    const adapter = detectAdapter([value]);
    assert.equal(adapter.name, 'openinference');
    assert.equal(adapter.fields.model, 'attributes.llm.model_name');
    const record = adapter.normalize(value, WHERE) as NormalizedRecord;
    assert.deepEqual(record.turns, [{ role: 'user', text: '嵌套的提示', path: ['attributes', 'llm', 'input_messages', 0, 'message', 'content'] }]);
    assertSpans(value, record);
  });

  it('reads a flat input that is a message list and a response given as a message', () => {
    const value = { user_id: 'u', input: [{ role: 'user', content: 'q?' }], output: { role: 'assistant', content: [{ type: 'text', text: 'a.' }] } };
    const record = normalizeOne(value);
    assert.deepEqual(record.turns, [{ role: 'user', text: 'q?', path: ['input', 0, 'content'] }]);
    assert.equal(record.response, 'a.');
  });
});

describe('formats: time values', () => {
  it('matches Date.parse on generated ISO 8601 strings with and without offsets', () => {
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    for (let k = 0; k < 2000; k++) {
      const base = `${2000 + next(99)}-${pad(1 + next(12))}-${pad(1 + next(28))}T${pad(next(24))}:${pad(next(60))}:${pad(next(60))}`;
      const fraction = ['', `.${pad(next(1000), 3)}`, `.${pad(next(1000000), 6)}`][next(3)];
      const zone = ['Z', '+05:30', '-08:00', '+00:00'][next(4)];
      const iso = base + fraction + zone;
      const expected = Date.parse(iso);
      if (expected < Date.UTC(2000, 0, 1) || expected >= Date.UTC(2100, 0, 1)) continue;
      assert.equal(toEpochMs(iso), expected, iso);
      assert.equal(toEpochMs(base + fraction), Date.parse(base + fraction + 'Z'), base + fraction);
    }
  });

  it('rejects values that are not plausible times', () => {
    for (const v of [1.5, 0, -3, 'yesterday', '', null, {}, '2026-13-01T00:00:00Z', '1900-01-01T00:00:00Z']) {
      assert.equal(toEpochMs(v), undefined, String(v));
    }
    assert.equal(toEpochMs('Tue, 03 Feb 2026 10:00:00 GMT'), Date.UTC(2026, 1, 3, 10));
  });
});
