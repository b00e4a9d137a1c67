import * as assert from 'node:assert/strict';
import { attachSpans, locateStringValue, rawColumnAt, rawRangeOfText } from '../../src/core/spans';
import type { NormalizedRecord, Span } from '../../src/core/types';
import { seededRandom } from '../support/publicPrompts';


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

/** Decode a raw slice once, or twice for text written inside JSON text held by a string. */
function decodeLevels(raw: string, span: Span, levels: 1 | 2): string {
  const once = decodeContents(raw, span);
  return levels === 1 ? once : (JSON.parse(`"${once}"`) as string);
}

/** A message list as JSON text, in one of the ways exporters write it. */
function innerJson(text: string, system: string, random: () => number): string {
  const value = { messages: [{ role: 'system', content: system }, { role: 'user', content: 'decoy "x"' }, { role: 'user', content: text }] };
  switch (Math.floor(random() * 3)) {
    case 0:
      return JSON.stringify(value);
    case 1:
      return JSON.stringify(value, null, 2);
    default:
      // Every string written with \u escapes inside, and a duplicate key JSON.parse overrides.
      return `{"messages":[{"role":"system","content":${escapeEverything(system)}},{"role":"user","content":"decoy"},` +
        `{"role":"user","content":"stale","content":${escapeEverything(text)}}]}`;
  }
}

describe('spans: rawRangeOfText', () => {
  it('maps every decoded range exactly through one and two levels of string encoding', () => {
    const random = seededRandom(20261123);
    let checkedPairs = 0;
    for (let n = 0; n < 250; n++) {
      const text = randomString(random);
      const system = randomString(random) || 'sys';
      const inner = innerJson(text, system, random);
      const encodedInner = random() < 0.5 ? JSON.stringify(inner) : escapeEverything(inner);
      const oneLevel = random() < 0.5 ? JSON.stringify(text) : escapeEverything(text);
      const raw = embed(`{"direct":${oneLevel},"wrapped":${encodedInner}}`, random);
      const base = ['k"ey', 'x', 3, 'msg'];
      const record: NormalizedRecord = {
        file: 'f', line: 1, bytes: [0, raw.length], turnCount: 2, promptIndex: 1, system,
        systemPath: [...base, 'wrapped'], systemInnerPath: ['messages', 0, 'content'],
        turns: [
          { role: 'user', text, path: [...base, 'direct'] },
          { role: 'user', text, path: [...base, 'wrapped'], innerPath: ['messages', 2, 'content'] },
        ],
      };
      attachSpans(raw, record);
      assert.equal(decodeLevels(raw, record.turns[0].span!, 1), text);
      assert.equal(decodeLevels(raw, record.turns[1].span!, 2), text, `turn span of ${encodedInner}`);
      for (const [where, expected, levels] of [[0, text, 1], [1, text, 2], ['system', system, 2]] as const) {
        for (let i = 0; i <= expected.length; i++) {
          for (let j = i; j <= expected.length; j++) {
            const span = rawRangeOfText(raw, record, where, i, j);
            assert.ok(span, `no range for ${where}`);
            assert.equal(decodeLevels(raw, span, levels), expected.slice(i, j), `[${i},${j}) of ${where} in ${raw}`);
            checkedPairs++;
          }
        }
      }
      // Without attachSpans the turn is located on demand, to the same columns.
      const fresh: NormalizedRecord = { ...record, turns: record.turns.map(({ span: _span, ...turn }) => turn) };
      assert.deepEqual(rawRangeOfText(raw, fresh, 1, 0, text.length), record.turns[1].span);
    }
    assert.ok(checkedPairs > 50_000, `${checkedPairs}`);
  });

  it('clamps ranges to the text and returns null when the text has no single place in the line', () => {
    const inner = JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'a\nb' }] }]);
    const raw = JSON.stringify({ attributes: { 'gen_ai.input.messages': inner }, other: 'a\nb' });
    const record: NormalizedRecord = {
      file: 'f', line: 1, bytes: [0, raw.length], turnCount: 1, promptIndex: 0, system: 'assembled',
      turns: [
        { role: 'user', text: 'a\nb', path: ['attributes', 'gen_ai.input.messages'], innerPath: [0, 'parts', 0, 'content'] },
        { role: 'user', text: 'no path' },
        { role: 'user', text: 'not what is there', path: ['other'] },
        { role: 'user', text: 'a\nb', path: ['attributes', 'gen_ai.input.messages'], innerPath: [0, 'parts', 1, 'content'] },
      ],
    };
    const whole = rawRangeOfText(raw, record, 0, 0, 3)!;
    assert.equal(raw.slice(whole[0], whole[1]), 'a\\\\nb');
    assert.deepEqual(rawRangeOfText(raw, record, 0, -5, 99), whole);
    assert.deepEqual(rawRangeOfText(raw, record, 0, 2, 1), [whole[0] + 4, whole[0] + 4]);
    assert.equal(rawRangeOfText(raw, record, 1, 0, 1), null);
    assert.equal(rawRangeOfText(raw, record, 2, 0, 1), null);
    assert.equal(rawRangeOfText(raw, record, 3, 0, 1), null);
    assert.equal(rawRangeOfText(raw, record, 9, 0, 1), null);
    assert.equal(rawRangeOfText(raw, record, 'system', 0, 1), null);
    attachSpans(raw, record);
    assert.deepEqual(record.turns.map((t) => t.span), [whole, undefined, undefined, undefined]);
  });
});
