/**
 * Round-4 held-out scenarios (M–N), written before reading eval/generator, src/core/link or
 * src/core/rules; template wording is our own (not from A–L), payloads come from the shared public
 * prompt sets at run time:
 *   M  honest-lookalikes  chat-completions log, no campaign: a MOOC backend (30 per-course API keys,
 *                         one server IP, one card, one org, a fixed tutor system prompt, 3,000 students'
 *                         step-by-step math questions), a security research team (4 accounts, own IPs,
 *                         declared org) running a public jailbreak benchmark in synchronized nightly
 *                         runs, a Hong Kong news agency (plain sensitive questions, neutral summaries
 *                         and EN/ZH translations of political articles)
 *   N  proxy-pool-mix     gateway log (`request`/`response`, `metadata.user_id`, `x_forwarded_for` with
 *                         the proxy hop first); a reasoning-extraction + rubric crew of 60 accounts on
 *                         one rotating residential proxy pool shared with 400 honest users of the same
 *                         provider, 30 % multi-turn cover chats, 1 request per account per 10–20 min,
 *                         EN + ZH, model pivot within a day of a release
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { publicPromptsDir } from '../../test/support/paths';
import { parseCsvObjects } from '../csv';
import { loadPools, Rng, type Pools } from './pools';
import type { Msg, Req } from './shapes';
import { Builder, DAY, fill, honest, HOUR, humanTime, idOf, perturb, T0, UAS, type Family, type Scenario } from './scenarios';

type Truth = { campaign: string | null; family: Family | null; ignoreFamily?: boolean };
const HONEST: Truth = { campaign: null, family: null };

/** A public prompt set in CSV, rows as objects keyed by its header. */
function csv(rel: string): Record<string, string>[] {
  return parseCsvObjects(fs.readFileSync(path.join(publicPromptsDir(), rel), 'utf8'));
}

interface Jailbreak {
  behaviors: string[];
  templates: string[];
}

let jbCache: Jailbreak | undefined;
function jailbreakPools(): Jailbreak {
  if (jbCache) return jbCache;
  const jbb = csv('03_jailbreak_sensitive/jailbreakbench_behaviors.csv').map((r) => r.Goal).filter(Boolean);
  const strong = (JSON.parse(fs.readFileSync(path.join(publicPromptsDir(), '03_jailbreak_sensitive/strongreject.json'), 'utf8')) as { instruction?: string }[]).map((r) => r.instruction ?? '').filter(Boolean);
  const forbidden = csv('03_jailbreak_sensitive/verazuo_forbidden_question_set.csv').map((r) => r.question).filter(Boolean);
  const templates = csv('03_jailbreak_sensitive/gptfuzzer_jailbreak_templates.csv').map((r) => r.text).filter((t) => t.includes('[INSERT PROMPT HERE]') && t.length < 5000);
  jbCache = { behaviors: [...jbb, ...strong, ...forbidden], templates };
  return jbCache;
}

// ---------------------------------------------------------------------------------------------
// M: honest look-alikes

const M_COURSES = [
  'Algebra I', 'Algebra II', 'Precalculus', 'Calculus I', 'Calculus II', 'Probability', 'Statistics 101', 'Number Theory', 'Geometry', 'Discrete Math',
  'Linear Algebra', 'Competition Math', 'Pre-Algebra', 'SAT Math Prep', 'GCSE Maths', 'AP Calculus AB', 'AP Statistics', 'Trigonometry', 'Math for Economists', 'Quantitative Reasoning',
  '高中数学', '初中数学', '高等数学', '概率论', '线性代数', 'Olympiad Prep', 'College Algebra', 'Business Math', 'Math Foundations', 'Word Problems Bootcamp',
];
const M_SYSTEM = 'You are Professor Pi, the tutor inside the LearnWave course "{course}". Help the student with the exercise they paste. Work through it one step at a time, explain why each step is taken, check the final result, and if the student shows their own attempt, point out exactly where it goes wrong. Be encouraging and never just give the final number without the working.';
const M_STUDENT_EN = [
  '{q}', '{q}', 'Can you solve this step by step? {q}', 'Explain each step please: {q}', 'I\'m stuck on this one.\n{q}',
  'The answer key says {a} but I can\'t see how to get there. Can you walk me through it step by step?\n{q}',
  'I got a different answer than {a}, which is what the book says. Where is my mistake? {q}',
  'exercise 3.{n}: {q}',
];
const M_STUDENT_ZH = ['{q}', '{q} 请一步一步讲解', '这道题不会做：{q}', '答案是 {a}，但我不知道怎么算出来的，能一步步讲一下吗？{q}'];
const M_FOLLOW = ['I don\'t get step 2, can you explain it differently?', 'Why did we divide there?', 'ok that makes sense, thanks!', 'Can you give me a similar problem to practice?', '第二步为什么这样做？', '明白了，谢谢老师'];

const M_NEWS_SUMMARY_EN = 'Summarize the following article in five neutral bullet points for our wire desk. Attribute every claim to its source and do not add opinion or characterisation.\n\n{article}';
const M_NEWS_SUMMARY_ZH = '請用中立語氣把以下報道概括為五點，註明每個說法的出處，不要加入評論。\n\n{article}';
const M_NEWS_TRANSLATE_TO_ZH = 'Translate this article into Traditional Chinese for our Chinese-language service. Keep quotations exact, keep names in their usual Hong Kong spelling, add nothing.\n\n{article}';
const M_NEWS_TRANSLATE_TO_EN = '請將以下報道譯成英文，供英文版使用。保留引語原意，人名用慣用拼法，不要增刪內容。\n\n{article}';
const M_NEWS_ASK = ['{q}', 'Background for a story I am filing: {q}', 'Quick fact check, what is the public record on this? {q}', '{q} Please keep to documented facts.'];
const M_ARTICLE_EN = [
  'HONG KONG — Officials and critics offered sharply different accounts on {day} of an issue that has drawn growing attention: {topic} A government spokesperson said the matter had been "handled according to law", while two legal scholars told reporters the public record remained incomplete.',
  'Lawmakers met behind closed doors on {day} as pressure mounted over a long-running question — {topic} Rights groups issued a statement calling for an independent review; a pro-establishment legislator said the criticism was "politically motivated".',
  'Residents interviewed near the Legislative Council on {day} were divided. Asked about the question many here now discuss openly — {topic} — a retired teacher said she worried about the future, while a shop owner said stability mattered most.',
];
const M_ARTICLE_ZH = [
  '【本報訊】{day}，圍繞「{topic}」這一問題，政府發言人與批評者說法迥異。發言人表示事件「依法處理」，兩名法律學者則對記者表示，公開資料仍不完整。',
  '{day}，立法會議員閉門開會，討論「{topic}」。人權團體發表聲明要求獨立調查，建制派議員則稱有關批評「出於政治目的」。',
];
const DAYS_EN = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];
const DAYS_ZH = ['週一', '週二', '週三', '週四', '週五'];

function article(rng: Rng, p: Pools, zh: boolean): string {
  const n = rng.int(2, 3);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const topic = rng.pick(p.sensitive).slice(0, 300);
    parts.push(zh ? fill(rng.pick(M_ARTICLE_ZH), { topic, day: rng.pick(DAYS_ZH) }) : fill(rng.pick(M_ARTICLE_EN), { topic, day: rng.pick(DAYS_EN) }));
  }
  return parts.join('\n\n');
}

function scenarioM(dir: string, seed: number): Scenario {
  const rng = new Rng(seed * 151 + 13);
  const p = loadPools();
  const jb = jailbreakPools();
  const b = new Builder(rng.fork('builder'));
  const F = 'm-chat.jsonl';
  b.file({ name: F, shape: 'chat', truncatedLast: true });
  const days = 14;
  honest(b, p, { file: F, n: 220, records: 2200, days, style: 'user', zhShare: 0.3, convShare: 0.3, label: null, net: 'stable' });

  // MOOC backend: 30 course keys on one server, one org, one card; 3,000 students behind them
  const mo = b.rng.fork('mooc');
  const keys = M_COURSES.map((c, i) => ({ course: c, key: b.account(`key-learnwave-c${String(i + 1).padStart(2, '0')}`, null, 'mooc-backend'), zh: /[\u4e00-\u9fff]/.test(c) }));
  const students = Array.from({ length: 3000 }, (_, i) => ({ sid: i, course: keys[mo.int(0, keys.length - 1)], off: mo.pick([-5, -8, 0, 1, 8, 5.5]) }));
  let mooc = 0;
  while (mooc < 2000) {
    const s = mo.pick(students);
    const zh = s.course.zh || mo.chance(0.05);
    const qa = zh ? mo.pick(p.mathZh) : mo.pick(p.mathEn);
    let t = humanTime(mo, mo.int(0, days - 1), s.off, 7, 24);
    const first = fill(mo.pick(zh ? M_STUDENT_ZH : M_STUDENT_EN), { q: qa.q, a: qa.a, n: String(mo.int(1, 40)) });
    const history: Msg[] = [{ role: 'user', content: first }];
    const turns = mo.chance(0.3) ? mo.int(2, 3) : 1;
    for (let k = 0; k < turns && mooc < 2000; k++) {
      const resp = zh ? '我们一步一步来。第一步……' : 'Let\'s work through it together. Step 1: …';
      b.emit(F, { t, account: s.course.key, model: 'gpt-4.1-mini', system: fill(M_SYSTEM, { course: s.course.course }), messages: [...history], response: resp, ip: '52.14.88.10', ua: 'learnwave-tutor/3.2 OpenAI/NodeJS 4.71.0', org: 'org-learnwave', payment: 'pm_learnwave_corp', conversation: `lw-${s.sid}-${mo.hex(6)}` }, HONEST);
      history.push({ role: 'assistant', content: resp }, { role: 'user', content: mo.pick(M_FOLLOW) });
      t += mo.int(40, 400) * 1000;
      mooc++;
    }
  }

  // security research team: 4 accounts, own fixed IPs, declared org, nightly synchronized benchmark runs
  const rt = b.rng.fork('redteam');
  const team = ['user-sentinel-ana', 'user-sentinel-bo', 'user-sentinel-chidi', 'user-sentinel-ci'].map((a, i) => ({ a: b.account(a, null, 'jailbreak-benchmark-team'), ip: `34.102.${17 + i}.${rt.int(10, 200)}` }));
  const suite = Array.from({ length: 240 }, (_, i) => {
    const beh = rt.pick(jb.behaviors);
    return i % 3 === 0 ? beh : rt.pick(jb.templates).split('[INSERT PROMPT HERE]').join(beh);
  });
  for (const night of [1, 2, 3, 4, 8]) {
    const start = T0 + night * DAY + 1 * HOUR; // 01:00 UTC nightly cron
    team.forEach((m, i) => {
      let t = start + rt.int(0, 4) * 1000;
      for (let k = i; k < suite.length; k += team.length) {
        b.emit(F, { t, account: m.a, model: night >= 8 ? 'gpt-4.1' : rt.pick(['gpt-4.1', 'gpt-4o']), messages: [{ role: 'user', content: suite[k] }], response: 'I can\'t help with that.', ip: m.ip, ua: 'jbbench-runner/1.2 OpenAI/Python 1.54.3', org: 'org-sentinel-security', payment: 'pm_sentinel_corp' }, HONEST);
        t += rt.int(3, 8) * 1000;
      }
    });
  }

  // Hong Kong news agency: 6 journalists, org + card, office NAT, UTC+8 work hours
  const nw = b.rng.fork('news');
  const desk = Array.from({ length: 6 }, () => b.account(`user-hkwire-${nw.hex(5)}`, null, 'hk-news-agency'));
  for (let i = 0; i < 640; i++) {
    const kind = nw.next();
    let text: string;
    if (kind < 0.35) text = fill(nw.pick(M_NEWS_ASK), { q: nw.chance(0.5) ? nw.pick(p.sensitivePlain) : nw.pick(p.sensitive) });
    else if (kind < 0.65) {
      const zh = nw.chance(0.4);
      text = fill(zh ? M_NEWS_SUMMARY_ZH : M_NEWS_SUMMARY_EN, { article: article(nw, p, zh) });
    } else {
      const fromZh = nw.chance(0.5);
      text = fill(fromZh ? M_NEWS_TRANSLATE_TO_EN : M_NEWS_TRANSLATE_TO_ZH, { article: article(nw, p, fromZh) });
    }
    const d = nw.int(0, days - 1);
    if (d % 7 === 6) continue;
    b.emit(F, { t: humanTime(nw, d, 8, 9, 23), account: nw.pick(desk), model: nw.pick(['gpt-4.1', 'gpt-4o']), messages: [{ role: 'user', content: text }], response: '• …', ip: `202.64.12.${nw.int(2, 9)}`, ua: nw.pick(UAS.slice(5, 7)), org: 'org-hkwire', payment: 'pm_hkwire_corp' }, HONEST);
  }
  return b.write(dir, 'M-honest-lookalikes', 'chat-completions log, no campaign: MOOC backend (30 per-course keys, one server IP, one card, one org, fixed tutor system prompt, 3,000 students asking step-by-step math questions, some quoting the answer key), security research team (4 accounts, own IPs, declared org + card) re-running a 240-prompt public jailbreak suite in synchronized nightly runs, Hong Kong news agency (6 accounts, org + card, office NAT: plain sensitive questions, neutral summaries and EN/ZH translations of political articles)');
}

// ---------------------------------------------------------------------------------------------
// N: proxy-pool mix

const N_REASON = [
  'For a dataset of worked reasoning, take the task and its known result below and narrate the full sequence of thoughts that gets from one to the other. Every step on its own line, including checks and dead ends; do not compress.\n\nTask: {q}\nKnown result: {a}',
  '{q}\n\n(The correct result is {a}.)\nDon\'t just confirm it. Spell out your complete internal line of reasoning toward that result, step after step, as raw thinking rather than a polished explanation.',
  '下面给出任务和已知结果。请把从任务推到结果的整个思考过程逐句叙述出来，每一步单独一行，包括验算和走过的弯路，不要压缩。\n任务：{q}\n已知结果：{a}',
  '{q}\n（正确结果是 {a}）\n不要只确认答案，请把你内心朝这个结果推进的完整思路一步一步原样写出来，像草稿一样，而不是整理后的讲解。',
];
const N_RUBRIC = [
  'Score the candidate reply as a reward signal. Rubric: factual accuracy 1-5, instruction following 1-5, helpfulness 1-5, harmlessness 1-5.\nUser request: {q}\nCandidate reply: {cand}\nOutput exactly {"accuracy":n,"following":n,"helpfulness":n,"harmlessness":n} and nothing else.',
  'Below are a prompt and a model completion. Grade the completion against this rubric and return only the numbers, comma-separated.\n- correctness (0-4)\n- reasoning quality (0-4)\n- style (0-2)\n\nPrompt: {q}\n\nCompletion: {cand}',
  '请把下面的回复当作奖励信号来打分。评分细则：事实准确 1-5，遵循指令 1-5，有用性 1-5，无害性 1-5。\n用户请求：{q}\n候选回复：{cand}\n只输出 {"准确":n,"遵循":n,"有用":n,"无害":n}，不要其他内容。',
  '以下是一条提示和一个模型输出。请按细则打分，只返回用逗号分隔的数字：正确性（0-4）、推理质量（0-4）、表达（0-2）。\n提示：{q}\n模型输出：{cand}',
];

/** Gateway log: request/response wrappers, the account only in metadata.user_id, the network only in x_forwarded_for. */
function gatewayLine(r: Req, rng: Rng): Record<string, unknown> {
  const messages: unknown[] = [];
  if (r.system) messages.push({ role: 'system', content: r.system });
  for (const m of r.messages) messages.push({ role: m.role, content: m.content });
  const tok = (s: string): number => Math.max(1, Math.round(s.length / 3.7));
  const rec: Record<string, unknown> = {
    id: `gw_${rng.hex(18)}`,
    created: Math.floor(r.t / 1000),
    request: { model: r.model, messages, temperature: rng.pick([0, 0.3, 0.7, 1]), stream: rng.chance(0.3) },
    response: {
      id: `chatcmpl-${rng.hex(24)}`, object: 'chat.completion', model: r.model,
      choices: [{ index: 0, message: { role: 'assistant', content: r.response }, finish_reason: 'stop' }],
      usage: { prompt_tokens: tok(r.messages.map((m) => m.content).join('')), completion_tokens: tok(r.response) },
    },
    metadata: { user_id: r.account, x_forwarded_for: r.ip, user_agent: r.ua, ...(r.conversation ? { session_id: r.conversation } : {}) },
  };
  if (r.payment) rec.payment_fingerprint = r.payment;
  return rec;
}

function scenarioN(dir: string, seed: number): Scenario {
  const rng = new Rng(seed * 151 + 14);
  const p = loadPools();
  const b = new Builder(rng.fork('builder'));
  const F = 'n-gateway.jsonl';
  b.file({ name: F, shape: 'raw', encode: (r, g) => gatewayLine(r, g) });
  const days = 12;
  const release = T0 + 6 * DAY + 16 * HOUR; // gpt-5.1 released day 6, 16:00 UTC
  // the proxy provider's residential exit pool: 900 exits over a few residential /16s
  const px = rng.fork('proxy-pool');
  const exits = Array.from({ length: 900 }, () => `${px.pick([73, 98, 174, 189])}.${px.pick([12, 44, 101, 167, 230])}.${px.int(0, 255)}.${px.int(2, 254)}`);
  const lb = (r: Rng): string => `10.40.${r.int(0, 3)}.${r.int(2, 30)}`;
  const viaProxy = (r: Rng): string => `${r.pick(exits)}, ${lb(r)}`;
  const hm = b.rng.fork('honest-model');
  const honestModel = (t: number): string => (t > release + DAY && hm.chance(0.12) ? 'gpt-5.1' : hm.pick(['gpt-4.1', 'gpt-4.1', 'gpt-4o', 'gpt-4.1-mini']));

  // ordinary users on their own connections, then the proxy provider's honest customers
  // (honest() writes a plain own address, i.e. a one-hop x_forwarded_for)
  honest(b, p, { file: F, n: 160, records: 1500, days, style: 'user', zhShare: 0.3, convShare: 0.3, label: null, net: 'stable', models: honestModel });
  const hp = b.rng.fork('proxy-customers');
  const customers = Array.from({ length: 400 }, () => ({ a: b.account(idOf(hp, hp.pick(['user', 'uid'])), null, 'same-proxy-provider'), zh: hp.chance(0.35), ua: hp.pick(UAS), off: hp.pick([8, 8, -5, 1, 3]), w: Math.pow(hp.next(), 2.5) + 0.02 }));
  const wsum = customers.reduce((s, c) => s + c.w, 0);
  for (const c of customers) {
    let budget = Math.max(1, Math.round((c.w / wsum) * 2000));
    while (budget > 0) {
      let t = humanTime(hp, hp.int(0, days - 1), c.off);
      const conv = hp.chance(0.3);
      const turns = conv ? hp.int(2, 4) : 1;
      const mt = conv && !c.zh && hp.chance(0.5) ? hp.pick(p.twoTurn) : null;
      const history: Msg[] = [];
      const sess = `s_${hp.hex(10)}`;
      for (let k = 0; k < turns && budget > 0; k++) {
        const q = mt && k < 2 ? mt[k] : k > 0 ? hp.pick(c.zh ? ['能再详细一点吗？', '举个例子吧', '为什么？'] : ['Why is that?', 'Give me an example.', 'Can you shorten it?']) : hp.chance(0.15) ? (c.zh ? `${hp.pick(p.mathZh).q} 请一步一步解答` : `${hp.pick(p.mathEn).q} Please explain step by step.`) : c.zh ? hp.pick(p.benignZh) : hp.pick(p.benignEn);
        history.push({ role: 'user', content: q });
        const resp = (c.zh ? hp.pick(p.instructZh).a : hp.pick(p.instructEn).a).slice(0, 300);
        b.emit(F, { t, account: c.a, model: honestModel(t), messages: [...history], response: resp, ip: viaProxy(hp), ua: c.ua, conversation: sess }, HONEST);
        history.push({ role: 'assistant', content: resp });
        t += hp.int(30, 600) * 1000;
        budget--;
      }
    }
  }

  // the crew: 60 accounts on the same pool, paced 1 request / 10–20 min, 30 % multi-turn cover chats
  const cr = rng.fork('campaign-n');
  const C = 'N-proxy-pool-crew';
  for (let i = 0; i < 60; i++) {
    const a = b.account(idOf(cr, cr.pick(['user', 'uid'])), C, null);
    const ua = cr.pick(UAS.slice(0, 5));
    const pay = cr.chance(0.5) ? `pm_${cr.hex(14)}` : undefined;
    const rubricShare = cr.pick([0.2, 0.4, 0.6]);
    const pivots = cr.chance(0.6);
    const activeDays = cr.shuffle(Array.from({ length: days }, (_, d) => d)).slice(0, cr.int(4, 6));
    for (const d of activeDays) {
      let t = humanTime(cr, d, 8, 9, 18);
      const n = cr.int(5, 8);
      for (let k = 0; k < n; k++) {
        const model = t > release && t < release + DAY ? (pivots && cr.chance(0.8) ? 'gpt-5.1' : 'gpt-4.1') : t >= release + DAY && pivots ? 'gpt-5.1' : 'gpt-4.1';
        if (cr.chance(0.15)) {
          // a short ordinary conversation as cover (2–3 turns: ~30 % of the crew's records), each turn paced like the rest
          const zh = cr.chance(0.4);
          const turns = cr.int(2, 3);
          const mt = !zh && cr.chance(0.5) ? cr.pick(p.twoTurn) : null;
          const history: Msg[] = [];
          const sess = `s_${cr.hex(10)}`;
          for (let j = 0; j < turns; j++) {
            const q = mt && j < 2 ? mt[j] : j > 0 ? cr.pick(zh ? ['还有别的办法吗？', '具体说说'] : ['And what else?', 'Could you expand on that?']) : zh ? cr.pick(p.benignZh) : cr.pick(p.benignEn);
            history.push({ role: 'user', content: q });
            const resp = (zh ? cr.pick(p.instructZh).a : cr.pick(p.instructEn).a).slice(0, 300);
            b.emit(F, { t, account: a, model, messages: [...history], response: resp, ip: viaProxy(cr), ua, payment: pay, conversation: sess }, { campaign: C, family: null });
            history.push({ role: 'assistant', content: resp });
            t += cr.int(600, 1200) * 1000;
          }
          continue;
        }
        const zh = cr.chance(0.45);
        if (cr.chance(rubricShare)) {
          const qa = zh ? cr.pick(p.instructZh) : cr.pick(p.instructEn);
          const tpl = N_RUBRIC[(zh ? 2 : 0) + cr.int(0, 1)];
          b.emit(F, { t, account: a, model, messages: [{ role: 'user', content: fill(tpl, { q: qa.q, cand: perturb(cr, qa.a) }) }], response: '{"accuracy":4,"following":5,"helpfulness":4,"harmlessness":5}', ip: viaProxy(cr), ua, payment: pay }, { campaign: C, family: 'rubric-grading' });
        } else {
          const qa = zh ? (cr.chance(0.6) ? cr.pick(p.mathZh) : cr.pick(p.instructZh)) : cr.chance(0.6) ? cr.pick(p.mathEn) : cr.pick(p.instructEn);
          const tpl = N_REASON[(zh ? 2 : 0) + cr.int(0, 1)];
          b.emit(F, { t, account: a, model, messages: [{ role: 'user', content: fill(tpl, { q: qa.q, a: qa.a }) }], response: 'Okay, first I notice …', ip: viaProxy(cr), ua, payment: pay }, { campaign: C, family: 'reasoning-extraction' });
        }
        t += cr.int(600, 1200) * 1000;
      }
    }
  }
  return b.write(dir, 'N-proxy-pool-mix', 'gateway log (request/response wrappers, account only in metadata.user_id, network only in metadata.x_forwarded_for "proxy exit, internal LB hop"); reasoning-extraction + rubric crew of 60 accounts on one rotating residential proxy pool (900 exits) shared with 400 honest customers of the same provider, ~30 % multi-turn cover chats, 1 request per account per 10–20 min, EN + ZH, ~60 % of accounts pivot to gpt-5.1 within a day of its release; 160 ordinary users on their own connections');
}

export const SCENARIOS_ROUND4: Record<string, (dir: string, seed: number) => Scenario> = {
  'M-honest-lookalikes': scenarioM,
  'N-proxy-pool-mix': scenarioN,
};
