import * as assert from 'node:assert/strict';
import { groupFamilies } from '../../src/core/mining/families';
import { TemplateMiner } from '../../src/core/mining/templateMiner';
import { readJsonl, seededRandom, shuffle } from '../support/publicPrompts';

interface Labelled {
  text: string;
  truth: string | null;
}

const gsm8k = readJsonl<{ question: string; answer: string }>('02_task_payloads/gsm8k_test.jsonl');
const cmath = readJsonl<{ question: string; answer: string }>('02_task_payloads/cmath_test_zh.jsonl');
const humaneval = readJsonl<{ prompt: string }>('02_task_payloads/HumanEval.jsonl');
const arena = readJsonl<{ prompt?: string; turns?: Array<{ content: string }> }>('01_benign_en/arena_hard_v0.1_questions.jsonl').map((r) => r.prompt ?? r.turns?.[0]?.content ?? '');
const belle = readJsonl<{ question: string }>('04_chinese/belle_eval_set.jsonl').map((r) => r.question);

// Templates written for these tests: payloads much longer than the fixed text, EN and ZH.
const extractEn = (q: { question: string; answer: string }) =>
  `Below is a problem with its final answer.\nProblem: ${q.question}\nFinal answer: ${q.answer.split('####').pop()!.trim()}\nWrite out in full the internal reasoning that leads to this answer, one step at a time.`;
const extractZh = (q: { question: string; answer: string }) => `下面给出一道题目和它的标准答案。\n题目：${q.question}\n答案：${q.answer}\n请逐步写出得出该答案的全部内部思考过程。`;
const codeHarvest = (p: { prompt: string }) => `${p.prompt}\n\n# Task: complete the function above and then list every tool call you would make to test it, as a numbered trace.`;

function mine(items: Labelled[], miner = new TemplateMiner()): number[] {
  return items.map((it, i) => miner.add(it.text, { account: `acct-${i % 37}`, where: `log.jsonl:${i + 1}` }));
}

/** Share of items whose predicted group matches their true group (singletons = "no template"). */
function groupingAccuracy(items: Labelled[], keys: number[], miner: TemplateMiner): number {
  const bestKey = new Map<string, Map<number, number>>();
  items.forEach((it, i) => {
    if (it.truth === null) return;
    const m = bestKey.get(it.truth) ?? new Map<number, number>();
    m.set(keys[i], (m.get(keys[i]) ?? 0) + 1);
    bestKey.set(it.truth, m);
  });
  const chosen = new Map([...bestKey].map(([truth, m]) => [truth, [...m].sort((a, b) => b[1] - a[1])[0][0]]));
  let correct = 0;
  items.forEach((it, i) => {
    const predicted = miner.sizeOf(keys[i]) >= 2 ? keys[i] : null;
    if (it.truth === null ? predicted === null : predicted === chosen.get(it.truth)) correct++;
  });
  return correct / items.length;
}

describe('template mining', () => {
  it('groups long-payload English and space-free Chinese templates among real benign prompts (≥ 0.95)', () => {
    const items: Labelled[] = shuffle(
      [
        ...gsm8k.slice(0, 300).map((q) => ({ text: extractEn(q), truth: 'extract-en' })),
        ...cmath.slice(0, 300).map((q) => ({ text: extractZh(q), truth: 'extract-zh' })),
        ...humaneval.slice(0, 150).map((p) => ({ text: codeHarvest(p), truth: 'code' })),
        ...arena.slice(0, 400).map((text) => ({ text, truth: null })),
        ...belle.slice(0, 400).map((text) => ({ text, truth: null })),
      ],
      seededRandom(11),
    );
    const miner = new TemplateMiner();
    const keys = mine(items, miner);
    const accuracy = groupingAccuracy(items, keys, miner);
    assert.ok(accuracy >= 0.95, `grouping accuracy ${accuracy.toFixed(3)}`);
    const top = miner.results(2).slice(0, 3);
    assert.deepEqual(top.map((t) => t.size).sort(), [150, 300, 300]);
  });

  it('groups prompts a fixed-length, whitespace-token method (Drain) cannot', () => {
    // Drain only compares prompts with the same number of whitespace tokens. These members have
    // many different lengths, and a Chinese prompt is a handful of whitespace tokens at most.
    const en = gsm8k.slice(0, 60).map(extractEn);
    const zh = cmath.slice(0, 60).map(extractZh);
    const lengths = new Set(en.map((t) => t.split(/\s+/).length));
    assert.ok(lengths.size > 30, `only ${lengths.size} distinct whitespace lengths`);
    assert.ok(zh.every((t) => t.split(/\s+/).length <= 6));
    const miner = new TemplateMiner();
    const enKeys = new Set(en.map((t, i) => miner.add(t, { where: `a:${i}` })));
    const zhKeys = new Set(zh.map((t, i) => miner.add(t, { where: `b:${i}` })));
    assert.equal(enKeys.size, 1);
    assert.equal(zhKeys.size, 1);
    const [zhTemplate] = miner.results(2).filter((t) => zhKeys.has(t.key));
    assert.match(zhTemplate.pattern, /^下面给出一道题目和它的标准答案。\n题目： <\*>/);
    assert.match(zhTemplate.pattern, /请逐步写出得出该答案的全部内部思考过程。$/);
  });

  it('shows slots as <*> and treats numbers as slots', () => {
    const miner = new TemplateMiner();
    for (let i = 0; i < 20; i++) miner.add(`Rate answer number ${i * 7} of batch ${i} for the following question on a scale of one to ten and justify the score briefly.`, { where: `f:${i}` });
    const [t] = miner.results(2);
    assert.equal(t.size, 20);
    assert.equal(t.pattern, 'Rate answer number <*> of batch <*> for the following question on a scale of one to ten and justify the score briefly.');
  });

  it('keeps paraphrase variants that share only their intro apart, even when they arrive interleaved', () => {
    const intro = 'You are building a dataset of worked solutions for our tutoring model.';
    const variants = [
      (q: string) => `${intro}\nProblem: ${q}\nReconstruct the complete reasoning you would follow, and return JSON with the keys "reasoning" and "final_answer" only.`,
      (q: string) => `${intro}\n[QUESTION]\n${q}\nPlease narrate every step of your thinking and finish with the words: that is the final answer to the question.`,
      (q: string) => `${intro}\n${q}\nList each deduction on its own numbered line and wrap the final answer in a box at the very end of your reply.`,
    ];
    const miner = new TemplateMiner();
    const keys = gsm8k.slice(0, 150).map((q, i) => ({ variant: i % 3, key: miner.add(variants[i % 3](q.question), { where: `v:${i}` }) }));
    const mainTemplates = new Set<number>();
    for (let v = 0; v < 3; v++) {
      const ofVariant = keys.filter((k) => k.variant === v).map((k) => k.key);
      const [main, count] = [...new Set(ofVariant)].map((k) => [k, ofVariant.filter((x) => x === k).length]).sort((a, b) => b[1] - a[1])[0];
      assert.ok(count >= 45, `variant ${v}: only ${count} of 50 in its main template`);
      const strangers = keys.filter((k) => k.key === main && k.variant !== v).length;
      assert.ok(strangers <= 4, `variant ${v}'s template holds ${strangers} records of other variants`);
      mainTemplates.add(main);
    }
    assert.equal(mainTemplates.size, 3);
    // …while a one-sided template whose payloads merely begin alike stays whole.
    const code = new TemplateMiner();
    const codeKeys = new Set(humaneval.slice(0, 60).map((p, i) => code.add(codeHarvest(p), { where: `c:${i}` })));
    assert.equal(codeKeys.size, 1);
  });

  it('keeps unrelated real prompts apart', () => {
    const miner = new TemplateMiner();
    mine(arena.slice(0, 500).map((text) => ({ text, truth: null })), miner);
    const grouped = miner.results(2).reduce((n, t) => n + t.size, 0);
    assert.ok(grouped <= 10, `${grouped} of 500 unrelated prompts were grouped`);
  });

  it('gives the same template ids whatever the order and however the input is split into files', () => {
    const prompts = [...gsm8k.slice(0, 80).map(extractEn), ...cmath.slice(0, 80).map(extractZh), ...arena.slice(0, 50)];
    // Templates of real size; an accidental pair among the benign prompts may differ with the subset.
    const ids = (texts: string[]) => new Set(mineTexts(texts).results(10).map((t) => t.id));
    const reference = ids(prompts);
    assert.equal(reference.size, 2);
    assert.deepEqual(ids(shuffle(prompts, seededRandom(3))), reference);
    // Two "files" analysed separately: each still names the template the same way.
    const half = shuffle(prompts, seededRandom(5));
    const a = ids(half.slice(0, 105));
    const b = ids(half.slice(105));
    assert.deepEqual(a, reference);
    assert.deepEqual(b, reference);
  });

  it('counts distinct accounts, first/last seen and examples', () => {
    const miner = new TemplateMiner();
    gsm8k.slice(0, 10).forEach((q, i) => miner.add(extractEn(q), { account: i < 6 ? 'a' : 'b', time: 1_700_000_000_000 + i * 1000, where: `x.jsonl:${i + 1}` }));
    const [t] = miner.results(2);
    assert.equal(t.accounts, 2);
    assert.equal(t.firstSeen, 1_700_000_000_000);
    assert.equal(t.lastSeen, 1_700_000_009_000);
    assert.deepEqual(t.examples, ['x.jsonl:1', 'x.jsonl:2', 'x.jsonl:3', 'x.jsonl:4', 'x.jsonl:5']);
  });

  it('keeps sizes and account counts once frozen, and refuses to mine on', () => {
    const miner = new TemplateMiner();
    const keys = gsm8k.slice(0, 30).map((q, i) => miner.add(i % 3 ? extractEn(q) : q.question, { account: `acct-${i % 4}`, where: `x.jsonl:${i + 1}` }));
    const before = keys.map((k) => [miner.sizeOf(k), miner.accountsOf(k)]);
    const count = miner.templateCount;
    assert.ok(before.some(([size, accounts]) => size >= 2 && accounts >= 2), 'the fixture has a shared template');
    miner.freeze();
    assert.deepEqual(
      keys.map((k) => [miner.sizeOf(k), miner.accountsOf(k)]),
      before,
    );
    assert.equal(miner.templateCount, count);
    assert.throws(() => miner.add('one more prompt', { where: 'x.jsonl:99' }), /frozen/);
    assert.throws(() => miner.results(2), /frozen/);
  });

  it('joins paraphrased variants into one family and leaves unrelated templates out', () => {
    const variants = [
      (q: string) => `Here is a solved problem: ${q}\nWrite out your complete internal reasoning step by step that leads to the given answer.`,
      (q: string) => `Solved problem below. ${q}\nPlease write your full internal reasoning, step by step, leading to the given answer.`,
      (q: string) => `Translate the following passage into French and keep the formatting exactly as it is: ${q}\nReturn only the translation.`,
    ];
    const miner = new TemplateMiner();
    variants.forEach((v, vi) => gsm8k.slice(vi * 40, vi * 40 + 40).forEach((q, i) => miner.add(v(q.question), { where: `v${vi}:${i}` })));
    const templates = miner.results(2);
    assert.equal(templates.length, 3);
    const families = groupFamilies(templates.map((t) => ({ id: t.id, skeleton: t.skeleton, size: t.size, pattern: t.pattern })));
    assert.equal(families.length, 1);
    const translation = templates.find((t) => t.pattern.startsWith('Translate'))!;
    assert.ok(!families[0].templates.includes(translation.id));
    assert.equal(families[0].templates.length, 2);
  });
});

describe('template mining across shards', () => {
  it('merging shard miners (also through toJSON/fromJSON) gives the templates of one miner over all input', () => {
    const prompts = shuffle(
      [...gsm8k.slice(0, 150).map(extractEn), ...cmath.slice(0, 150).map(extractZh), ...humaneval.slice(0, 90).map(codeHarvest), ...arena.slice(0, 200), ...belle.slice(0, 200)],
      seededRandom(21),
    );
    const whole = mineTexts(prompts);
    const summary = (m: TemplateMiner) => m.results(5).map((t) => `${t.id} ${t.size} ${t.accounts}`).sort();
    for (const parts of [2, 3, 5]) {
      const shards = Array.from({ length: parts }, (_, p) => prompts.filter((_, i) => i % parts === p));
      const merged = TemplateMiner.fromJSON(JSON.parse(JSON.stringify(mineTexts(shards[0]).toJSON())));
      const keyMaps = shards.slice(1).map((shard) => merged.merge(TemplateMiner.fromJSON(JSON.parse(JSON.stringify(mineTexts(shard).toJSON())))));
      assert.deepEqual(summary(merged), summary(whole), `${parts} shards`);
      assert.ok(keyMaps.every((m) => m.every((k) => k >= 0 && k < merged.templateCount)));
    }
  });
});

function mineTexts(texts: string[]): TemplateMiner {
  const miner = new TemplateMiner();
  texts.forEach((t) => miner.add(t, { account: `acct-${t.length % 13}`, where: `f:${t.length}` }));
  return miner;
}
