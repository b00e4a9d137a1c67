import * as assert from 'node:assert/strict';
import { Rng } from '../../eval/generator/prng';
import { CENSORSHIP_EN, CENSORSHIP_ZH } from '../../eval/generator/templates/censorship';
import { AGENT_TRAJECTORY_EN, CODE_TRACE_EN, CODING_EN } from '../../eval/generator/templates/coding';
import { chooseVariants, fill, type TemplateFamilyDef } from '../../eval/generator/templates/compose';
import { GRADING_EN, GRADING_ZH } from '../../eval/generator/templates/grading';
import { REASONING_EN, REASONING_ZH } from '../../eval/generator/templates/reasoning';

const DEFS: TemplateFamilyDef[] = [REASONING_EN, REASONING_ZH, GRADING_EN, GRADING_ZH, CENSORSHIP_EN, CENSORSHIP_ZH, CODING_EN, CODE_TRACE_EN, AGENT_TRAJECTORY_EN];

describe('generator templates', () => {
  for (const def of DEFS) {
    it(`${def.id}: at least 8 phrasings per part, every payload phrasing holds the same slots`, () => {
      for (const [part, options] of Object.entries(def.parts)) {
        assert.ok(options.length >= 8, `${def.id}.${part} has ${options.length}`);
        assert.equal(new Set(options).size, options.length, `${def.id}.${part} has duplicates`);
      }
      const slots = (text: string) => [...text.matchAll(/\{([a-z_0-9]+)\}/g)].map((m) => m[1]).filter((s, i, a) => a.indexOf(s) === i).sort();
      const first = slots(def.parts.payload[0]);
      assert.ok(first.length > 0);
      for (const p of def.parts.payload) assert.deepEqual(slots(p), first, p);
      for (const order of def.orders) assert.ok(order.includes('payload') && order.every((name) => def.parts[name]));
    });
  }

  it('picks distinct variants with stable ids, other ones for other seeds', () => {
    const a = chooseVariants(REASONING_EN, new Rng(1), 6);
    const b = chooseVariants(REASONING_EN, new Rng(1), 6);
    const c = chooseVariants(REASONING_EN, new Rng(2), 6);
    assert.equal(a.length, 6);
    assert.deepEqual(a, b);
    assert.equal(new Set(a.map((v) => v.text)).size, 6);
    assert.notDeepEqual(a.map((v) => v.id), c.map((v) => v.id));
    for (const v of a) assert.match(v.id, /^reasoning-en#\d+\.\d+(\.[a-z]\d+)+$/);
  });

  it('fills slots once, leaving braces inside payloads alone', () => {
    assert.equal(fill('Q: {problem} A: {answer}', { problem: 'x = {answer}', answer: '4' }), 'Q: x = {answer} A: 4');
    assert.equal(fill('keep {unknown}', {}), 'keep {unknown}');
  });
});
