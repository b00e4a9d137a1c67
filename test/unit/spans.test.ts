import * as assert from 'node:assert/strict';
import { attachSpans, locateStringValue, rawColumnAt } from '../../src/core/spans';
import type { NormalizedRecord, Span } from '../../src/core/types';

/** mulberry32: a tiny deterministic PRNG so failures reproduce. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'a', 'Z', '0', ' ', 'step', '"', '\\', '/', '\n', '\r', '\t', '\b', '\f', '\u0000', '\u001f', '\u007f',
  '中', '文', '推理', '，', '😀', '𝔸', '\ud800', '\udfff', '\u2028', '\ufeff', 'é', '\\n', '\\"', '\\u0041',
];

function randomString(random: () => number): string {
  const length = Math.floor(random() * 24);
  let s = '';
  for (let k = 0; k < length; k++) s += PIECES[Math.floor(random() * PIECES.length)];
  return s;
}

/** Every UTF-16 code unit written as \uXXXX: the worst case for the column mapping. */
function escapeEverything(s: string): string {
  let out = '"';
  for (let k = 0; k < s.length; k++) out += '\\u' + s.charCodeAt(k).toString(16).padStart(4, '0');
  return out + '"';
}

function decodeContents(raw: string, span: Span): string {
  return JSON.parse('"' + raw.slice(span[0], span[1]) + '"') as string;
}

function embed(serialized: string, random: () => number): string {
  const ws = () => [' ', '', '\n  ', '\t', '\r\n'][Math.floor(random() * 5)];
  return (
    `${ws()}{${ws()}"id"${ws()}:${ws()}-1.5e3,${ws()}"k\\"e\\u0079"${ws()}:${ws()}{"x":[true,${ws()}null,"s\\"]}",` +
    `{"nested":{"msg":"decoy"},"msg"${ws()}:${ws()}${serialized}${ws()}},[1,2,{"a":"}"}]]},` +
    `"after":"${'\\"'.repeat(3)}"${ws()}}${ws()}`
  );
}

describe('spans: locateStringValue and rawColumnAt', () => {
  it('round-trips generated strings under both serializations, every decoded index mapped consistently', () => {
    const random = seededRandom(20260223);
    let checkedPairs = 0;
    for (let n = 0; n < 400; n++) {
      const original = randomString(random);
      for (const serialized of [JSON.stringify(original), escapeEverything(original)]) {
        const raw = embed(serialized, random);
        const parsed = JSON.parse(raw) as { 'k"ey': { x: [unknown, unknown, unknown, { msg: string }] } };
        assert.equal(parsed['k"ey'].x[3].msg, original);
        const span = locateStringValue(raw, ['k"ey', 'x', 3, 'msg']);
        assert.ok(span, `no span for ${serialized}`);
        assert.equal(raw.slice(span[0], span[1]), serialized.slice(1, -1));
        assert.equal(decodeContents(raw, span), original);
        assert.equal(rawColumnAt(raw, span, 0), span[0]);
        assert.equal(rawColumnAt(raw, span, original.length), span[1]);
        for (let i = 0; i <= original.length; i++) {
          for (let j = i; j <= original.length; j++) {
            const slice: Span = [rawColumnAt(raw, span, i), rawColumnAt(raw, span, j)];
            assert.equal(decodeContents(raw, slice), original.slice(i, j), `[${i},${j}) of ${serialized}`);
            checkedPairs++;
          }
        }
      }
    }
    assert.ok(checkedPairs > 50_000);
  });

  it('finds values in pretty-printed JSON and with a leading BOM', () => {
    const record = { a: { 'gen_ai.input.messages': [{ role: 'user', parts: [{ type: 'text', content: '请一步一步\n"思考"' }] }] } };
    const path = ['a', 'gen_ai.input.messages', 0, 'parts', 0, 'content'];
    for (const raw of [JSON.stringify(record, null, 2), '\ufeff' + JSON.stringify(record)]) {
      const span = locateStringValue(raw, path);
      assert.ok(span);
      assert.equal(decodeContents(raw, span), '请一步一步\n"思考"');
    }
  });

  it('resolves negative indexes and duplicate keys like JSON.parse', () => {
    const raw = '{"m":[{"c":"first"},{"c":"second"},{"c":"third"}],"d":"old","d":"new"}';
    assert.equal(decodeContents(raw, locateStringValue(raw, ['m', -1, 'c'])!), 'third');
    assert.equal(decodeContents(raw, locateStringValue(raw, ['m', -3, 'c'])!), 'first');
    assert.equal(decodeContents(raw, locateStringValue(raw, ['d'])!), 'new');
  });

  it('returns null for missing paths, non-string values and broken text', () => {
    const raw = '{"a":[1,"x",{"b":null}],"n":12,"o":{}}';
    assert.equal(locateStringValue(raw, ['a', 5]), null);
    assert.equal(locateStringValue(raw, ['a', -4]), null);
    assert.equal(locateStringValue(raw, ['a', 2, 'b']), null);
    assert.equal(locateStringValue(raw, ['n']), null);
    assert.equal(locateStringValue(raw, ['o', 'x']), null);
    assert.equal(locateStringValue(raw, ['a', 'x']), null);
    assert.equal(locateStringValue(raw, ['missing']), null);
    assert.equal(locateStringValue('{"a":"unterminated', ['a']), null);
    assert.equal(locateStringValue('[1,2', [5]), null);
    assert.deepEqual(locateStringValue('{"a":"x"}', []), null);
    assert.deepEqual(locateStringValue('"top"', []), [1, 4]);
  });

  it('clamps out-of-range decoded indexes to the span', () => {
    const raw = '{"t":"a\\nb"}';
    const span = locateStringValue(raw, ['t'])!;
    assert.equal(rawColumnAt(raw, span, -3), span[0]);
    assert.equal(rawColumnAt(raw, span, 99), span[1]);
    assert.equal(rawColumnAt(raw, span, 2), span[0] + 3);
  });
});

describe('spans: attachSpans', () => {
  it('fills the span of every turn that has a path, and only those', () => {
    const raw = JSON.stringify({
      body: {
        messages: [
          { role: 'user', content: 'Solve:\t"x+1=2"' },
          { role: 'assistant', content: [{ type: 'text', text: 'x = 1 😀' }] },
          { role: 'user', content: '用中文解释\\步骤' },
        ],
      },
    });
    const record: NormalizedRecord = {
      file: 'f', line: 1, bytes: [0, raw.length], turnCount: 3, promptIndex: 2,
      turns: [
        { role: 'user', text: 'Solve:\t"x+1=2"', path: ['body', 'messages', 0, 'content'] },
        { role: 'assistant', text: 'x = 1 😀', path: ['body', 'messages', 1, 'content', 0, 'text'] },
        { role: 'user', text: '用中文解释\\步骤', path: ['body', 'messages', 2, 'content'] },
        { role: 'tool', text: 'assembled' },
        { role: 'user', text: 'gone', path: ['body', 'messages', 7, 'content'] },
      ],
    };
    attachSpans(raw, record);
    for (const turn of record.turns.slice(0, 3)) assert.equal(decodeContents(raw, turn.span!), turn.text);
    assert.equal(record.turns[3].span, undefined);
    assert.equal(record.turns[4].span, undefined);
  });

  it('takes the last of duplicate keys, as JSON.parse does, and never attaches a span that does not hold the text', () => {
    const raw = '{"m":[{"content":"decoy","content":"real \\"one\\""}],"p":"x"}';
    const parsed = JSON.parse(raw) as { m: Array<{ content: string }> };
    const record: NormalizedRecord = {
      file: 'f', line: 1, bytes: [0, raw.length], turnCount: 1, promptIndex: 0,
      turns: [
        { role: 'user', text: parsed.m[0].content, path: ['m', 0, 'content'] },
        { role: 'user', text: 'not what the line holds', path: ['p'] },
      ],
    };
    attachSpans(raw, record);
    assert.equal(decodeContents(raw, record.turns[0].span!), 'real "one"');
    assert.equal(record.turns[1].span, undefined);
  });
});
