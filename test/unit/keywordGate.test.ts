import * as assert from 'node:assert/strict';
import { KeywordGate } from '../../src/core/detect/keywordGate';
import { seededRandom } from '../support/publicPrompts';

/** What the gate must find, computed the slow way: every occurrence of every keyword, ASCII case folded. */
function naiveScan(sets: string[][], positionSets: number, text: string, maxPositions: number) {
  const folded = text.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const found = new Set<number>();
  const ends: Array<number[] | null | undefined> = [];
  sets.forEach((keywords, k) => {
    const at = new Set<number>();
    for (const keyword of keywords) {
      for (let i = folded.indexOf(keyword); i >= 0; i = folded.indexOf(keyword, i + 1)) at.add(i + keyword.length);
    }
    if (at.size === 0) return;
    found.add(k);
    if (k < positionSets) ends[k] = at.size > maxPositions ? null : [...at].sort((a, b) => a - b);
  });
  return { found, ends };
}

describe('KeywordGate', () => {
  // English, Chinese and mixed-script keywords, overlapping on purpose (suffixes, prefixes, shared CJK characters).
  const sets = [
    ['answer', 'answers', 'swer'],
    ['回答', '回复', 'ai回复'],
    ['json格式', 'json'],
    ['思维链', '链条', '思考'],
    ['reasoning', 'son'],
    ['翻墙', '墙'],
    ['step by step', 'step'],
    ['审查', '查'],
  ];
  const gate = new KeywordGate(sets, 5);
  const pieces = ['answer', 'Answers', 'ANSWER', '回答', 'AI回复', 'Ai回', '复', 'JSON格式', 'json', '思维链条', '思考', 'reasoning', 'Reason', 'son', '翻墙', '墙', 'step by step', 'Step', '审查', '查', ' ', '，', 'x', '🙂', 'é', '\n'];

  it('finds the same sets and the same end offsets as a plain search, whatever the script', () => {
    const r = seededRandom(71);
    for (let n = 0; n < 400; n++) {
      let text = '';
      const parts = 1 + Math.floor(r() * 30);
      for (let p = 0; p < parts; p++) text += pieces[Math.floor(r() * pieces.length)];
      const scan = gate.scan(text, 4);
      const expected = naiveScan(sets, 5, text, 4);
      const bits = new Set<number>();
      sets.forEach((_, k) => {
        if (scan.bits && (scan.bits[k >>> 5] & (1 << (k & 31))) !== 0) bits.add(k);
      });
      assert.deepEqual([...bits].sort(), [...expected.found].sort(), JSON.stringify(text));
      for (let k = 0; k < 5; k++) assert.deepEqual(scan.ends?.[k], expected.ends[k], `set ${k} in ${JSON.stringify(text)}`);
    }
  });

  it('finds nothing in text without keywords', () => {
    assert.deepEqual(gate.scan('nothing here 没有关键词 🙂', 4), { bits: null, ends: null });
  });
});
