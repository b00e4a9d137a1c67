import * as assert from 'node:assert/strict';
import { builtinRuleSet } from '../../src/core/detect';
import { evaluateRule, scanGate } from '../../src/core/detect/engine';
import { isGateSet, necessaryLiterals } from '../../src/core/detect/literals';
import type { Matcher } from '../../src/core/detect/matcher';
import { nativeMatcher } from '../../src/core/detect/matcher';
import { topLevelAlternatives } from '../../src/core/detect/regexSyntax';
import { FIXTURE_SETS, readFixture } from '../../eval/benignFp';

/** Every text of the rule development sets: positives and hard negatives of every family. */
function fixtureTexts(): string[] {
  return FIXTURE_SETS.flatMap((name) => {
    const set = readFixture(name);
    return [...Object.values(set.positives), ...Object.values(set.negatives)].flat();
  });
}

describe('detect: running only the alternatives whose literals occur', function () {
  this.timeout(120_000);
  const rules = builtinRuleSet();
  const texts = fixtureTexts();

  it('splits a pattern into its top-level alternatives, opening groups that wrap a whole one', () => {
    assert.deepEqual(topLevelAlternatives('a|b'), ['a', 'b']);
    assert.deepEqual(topLevelAlternatives('(?:a|(?:b|c))|d'), ['a', 'b', 'c', 'd']);
    assert.deepEqual(topLevelAlternatives('(?:a|b)c|d'), ['(?:a|b)c', 'd']);
    assert.deepEqual(topLevelAlternatives('(?:a|b)+|d'), ['(?:a|b)+', 'd']);
    assert.deepEqual(topLevelAlternatives('(?:a)(?:b|c)'), ['(?:a)(?:b|c)']);
    assert.deepEqual(topLevelAlternatives('[|(]x|\\|y|\\(z'), ['[|(]x', '\\|y', '\\(z']);
    assert.deepEqual(topLevelAlternatives('(a|b)|c'), ['(a|b)', 'c']);
  });

  it('finds what the whole alternation finds: leftmost match, first alternative on a tie, search on after each match', () => {
    const m = nativeMatcher('\\bab|abc|b\\w*|x?');
    const all = m.alternatives!.map((_, i) => i);
    assert.equal(all.length, 4);
    // `findAllOf` with every alternative listed runs the regex whole: emulate it on three plus one that never matches.
    const emulated = nativeMatcher('\\bab|abc|b\\w*|x?|qqq');
    for (const text of ['abc abcd b bb', 'zzz', 'xab abc', '', 'abcab b']) {
      assert.deepEqual(emulated.findAllOf!(text, 64, [0, 1, 2, 3]), m.findAll(text, 64), text);
      assert.deepEqual(emulated.findAllOf!(text, 2, [0, 1, 2, 3]), m.findAll(text, 2), text);
    }
    // Leaving out alternatives that cannot match in the text changes nothing.
    const sparse = nativeMatcher('\\bab\\w|abc|qqq|b+|zzz');
    for (const text of ['abcd abb', 'cab abc bbb']) assert.deepEqual(sparse.findAllOf!(text, 64, [0, 1, 3]), sparse.findAll(text, 64), text);
  });

  it('gives every built-in cue the same matches on the development sets with the alternatives its literals allow', () => {
    const matchers = new Set<Matcher>();
    for (const rule of rules.rules) for (const cue of rule.cues) if (cue.alternatives) matchers.add(cue);
    assert.ok(matchers.size > 20, `cues split into alternatives: ${matchers.size}`);
    let filtered = 0;
    for (const cue of matchers) {
      const literals = cue.alternatives!.map((a) => {
        const set = necessaryLiterals(a);
        return isGateSet(set) ? set : null;
      });
      for (const text of texts) {
        const lower = text.toLowerCase();
        const only = literals.flatMap((set, i) => (set === null || set.some((l) => lower.includes(l)) ? [i] : []));
        if (only.length < literals.length) filtered++;
        assert.deepEqual(cue.findAllOf!(text, 64, only), cue.findAll(text, 64), `${cue.source.slice(0, 80)}… on ${JSON.stringify(text.slice(0, 80))}`);
      }
    }
    assert.ok(filtered > 1000, `evaluations that ran fewer alternatives: ${filtered}`);
  });

  it('finds the same hit for every rule with and without the gate choosing alternatives', () => {
    let differentWork = 0;
    for (const text of texts) {
      const { bits } = scanGate(rules, text);
      for (const rule of rules.rules) {
        const whole = evaluateRule(rule, text);
        const chosen = evaluateRule(rule, text, undefined, null, null, bits);
        assert.deepEqual(chosen && [chosen.start, chosen.end], whole && [whole.start, whole.end], `${rule.id} on ${JSON.stringify(text.slice(0, 80))}`);
        if (rule.cueAlternativeSets.some((s) => s !== null)) differentWork++;
      }
    }
    assert.ok(differentWork > 0);
  });
});
