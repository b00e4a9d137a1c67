import * as assert from 'node:assert/strict';
import { NUMBER, tokenNorms, tokenize } from '../../src/core/mining/tokenize';

// The reference definition the scanner implements, as one Unicode regex.
const REFERENCE =
  /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])|(\p{N}+(?:[.,:/]\p{N}+)*)|([\p{L}\p{M}_]+(?:['’][\p{L}\p{M}_]+)*)|([^\s\p{L}\p{N}\p{M}_])/gu;

function reference(text: string): string[] {
  return [...text.matchAll(REFERENCE)].map((m) => (m[2] !== undefined ? NUMBER : m[0].toLowerCase()));
}

describe('tokenizer', () => {
  it('splits CJK into characters, masks numbers, keeps contractions and lower-cases words', () => {
    assert.deepEqual(tokenNorms('请写出第3题的推理 Step-by-step, x=3.5; it’s OK', 0, 40), ['请', '写', '出', '第', NUMBER, '题', '的', '推', '理', 'step', '-', 'by', '-', 'step', ',', 'x', '=', NUMBER, ';', 'it’s', 'ok']);
  });

  it('matches the reference regex on mixed-script text, emoji and astral ideographs', () => {
    const samples = [
      'Ünïcödé wörds, naïve café — 12,345.67 and 1/2 or 10:30',
      '日本語のテキストと한국어 텍스트, 𠀀𠀁 (ext-B) and 😀 emoji 👍🏽',
      "don't stop' 'quoted' it''s __init__ snake_case x²",
      'tabs\tand\nnewlines\r\n  ٣٤٥ Arabic-Indic digits, Ⅻ roman',
    ];
    for (const s of samples) assert.deepEqual(tokenNorms(s, 0, s.length), reference(s), s);
  });

  it('gives offsets that slice out each token, and honours from/to and max', () => {
    const text = 'Solve: 第12题 quickly!';
    for (const t of tokenize(text)) assert.equal(text.slice(t.start, t.end).toLowerCase().replace(/^\d+$/, NUMBER), t.norm);
    assert.deepEqual(tokenNorms(text, 7, text.length, 2), ['第', NUMBER]);
  });
});
