/**
 * Round-3 held-out scenarios (I–L), written before reading eval/generator, src/core/link or
 * src/core/rules; template wording is our own (not from A–H), payloads come from the shared public
 * prompt sets at run time:
 *   I  templated-honest  chat-completions log, no campaign: a data-labeling company (20 accounts, one
 *                        org + card, JSON extraction/classification templates), a classroom of 200
 *                        students behind a campus NAT sending the same homework question, a translation
 *                        agency, an LLM-as-judge team evaluating its own model (EN + ZH)
 *   J  low-slow          chat-completions log; 300 accounts, 1–3 reasoning-extraction requests on
 *                        active days over 3 weeks, own residential IPs, 10 paraphrased EN/ZH templates
 *                        (instruction before or after a long payload), no shared payment, human hours,
 *                        pivot to a new model within a day of its release
 *   K  format-stress     5 files: OTel spans with older gen_ai.* conventions, OTel spans with content only
 *                        in events, Gemini contents[].parts, parts-only chat log with BOM + CRLF + a 5 MB
 *                        line + a corrupted middle line, a gzip'd JSON array; a rubric crew and a
 *                        censorship crew spread over all five
 *   L  bilingual-cards   Anthropic Messages log; 25 accounts on 2 cards alternating EN and ZH versions of
 *                        the same extraction template, 10 % cover questions
 */
import { loadPools, Rng, type Pools } from './pools';
import { chatPartsLog, geminiLog, mergedChat, otelEventSpan, otelLegacySpan } from './shapes';
import { Builder, DAY, fill, honest, HOUR, humanTime, idOf, perturb, residentialIp, T0, UAS, type Family, type Scenario } from './scenarios';

type Truth = { campaign: string | null; family: Family | null; ignoreFamily?: boolean };
const HONEST: Truth = { campaign: null, family: null };

// ---------------------------------------------------------------------------------------------
// I: honest hard negatives that look templated

const I_LABEL_TASKS = [
  'Extract the company names from: {x}. Return JSON.',
  'Extract every company and product name mentioned in the text below. Return JSON of the form {"companies": [...], "products": [...]}.\n\nText: {x}',
  'Classify the sentiment of this text as positive, negative or neutral. Return JSON {"label": "...", "confidence": 0-1}.\n\n{x}',
  'Assign one topic label (finance, sports, politics, technology, health, education, other) to the passage. Return JSON {"topic": "..."} only.\nPassage: {x}',
  'Find all dates, amounts of money and person names in the text. Return JSON with keys dates, amounts, persons.\n"""{x}"""',
  '从以下文本中抽取所有机构名称，以JSON数组返回：{x}',
];
const I_HOMEWORK_WRAPS = [
  '{q}', '{q}', 'how do i solve this: {q}', '{q} show the steps pls', 'can someone explain {q}', 'hw question 4: {q}', '{q}\ni got a different answer, what did i do wrong?', '{lq}', '{lq} explain',
];
const I_TRANSLATE = [
  'Please render this passage in {lang}. Preserve names, numbers and markdown; output the translation only.\n---\n{x}',
  'Client job #{n}: translate to {lang}, formal register, no commentary.\n\n{x}',
];
const I_JUDGE_EN = 'You are grading answers produced by our in-house model (Qilin-7B, checkpoint {ck}) for the weekly regression report. Using the scale below, rate the answer.\n5 = fully correct and helpful; 3 = partly correct; 1 = wrong or harmful.\nQuestion: {q}\nModel answer: {cand}\nGive the score on the first line and a one-sentence reason on the second.';
const I_JUDGE_ZH = '我们在对自研模型（麒麟-7B，版本 {ck}）做每周回归评测。请按下面的标准给回答打分：5 分=完全正确且有帮助；3 分=部分正确；1 分=错误或有害。\n问题：{q}\n模型回答：{cand}\n第一行给出分数，第二行用一句话说明理由。';

function scenarioI(dir: string, seed: number): Scenario {
  const rng = new Rng(seed * 137 + 9);
  const p = loadPools();
  const b = new Builder(rng.fork('builder'));
  const F = 'i-chat.jsonl';
  b.file({ name: F, shape: 'chat', truncatedLast: true });
  const days = 14;
  honest(b, p, { file: F, n: 240, records: 3000, days, style: 'user', zhShare: 0.25, convShare: 0.3, label: null, net: 'stable' });
  // data-labeling company: 20 annotator accounts, one org + card, office IPs, 50k-style templated jobs
  const lab = b.rng.fork('labeling');
  const annot = Array.from({ length: 20 }, (_, i) => b.account(`user-labelcorp-${String(i + 1).padStart(2, '0')}`, null, 'data-labeling-company'));
  for (let d = 0; d < days; d++) {
    if (d % 7 >= 5) continue;
    for (const a of annot) {
      if (!lab.chance(0.8)) continue;
      const n = lab.int(8, 16);
      let t = humanTime(lab, d, 2, 9, 12);
      const task = lab.pick(I_LABEL_TASKS.slice(0, 5));
      for (let k = 0; k < n; k++) {
        const zh = lab.chance(0.12);
        const x = zh ? lab.pick(p.instructZh).a.slice(0, 600) : lab.chance(0.6) ? lab.pick(p.paragraphsEn) : lab.pick(p.benignEn).slice(0, 600);
        b.emit(F, { t, account: a, model: 'gpt-4.1-mini', messages: [{ role: 'user', content: fill(zh ? I_LABEL_TASKS[5] : task, { x }) }], response: '{"companies": ["Acme"]}', ip: `81.169.144.${lab.int(20, 23)}`, ua: 'labelstudio-ml-backend/1.13 OpenAI/Python 1.54.3', org: 'org-labelcorp', payment: 'pm_labelcorp_corp' }, HONEST);
        t += lab.int(20, 240) * 1000;
      }
    }
  }
  // classroom: 200 students, campus NAT, 3 assignments, same question with tiny variations, in a lab session
  const cls = b.rng.fork('classroom');
  const students = Array.from({ length: 200 }, () => b.account(`user-stu${cls.hex(6)}`, null, 'classroom-homework'));
  for (const day of [1, 6, 10]) {
    const hw = cls.pick(p.mathEn.filter((x) => x.q.length < 500));
    const start = T0 + day * DAY + 14 * HOUR; // 9:00 at UTC-5
    for (const s of students) {
      if (!cls.chance(0.85)) continue;
      const n = cls.int(1, 3);
      let t = start + cls.int(0, 100) * 60_000;
      for (let k = 0; k < n; k++) {
        const lq = hw.q.toLowerCase().replace(/[.,?]/g, '');
        const q = cls.pick(I_HOMEWORK_WRAPS).replace('{q}', hw.q).replace('{lq}', lq);
        b.emit(F, { t, account: s, model: 'gpt-4o', messages: [{ role: 'user', content: q }], response: 'Let\'s solve it step by step. …', ip: `129.10.${cls.int(110, 111)}.${cls.int(1, 4)}`, ua: cls.pick(UAS.slice(5, 7)) }, HONEST);
        t += cls.int(60, 1200) * 1000;
      }
    }
  }
  // translation agency: 6 translators, one org + card, one office IP, two templates, both directions
  const tr = b.rng.fork('translation');
  const trs = Array.from({ length: 6 }, () => b.account(`user-${tr.hex(8)}`, null, 'translation-agency'));
  for (let d = 0; d < days; d++) {
    if (d % 7 >= 5) continue;
    for (const a of trs) {
      const n = tr.int(8, 20);
      let t = humanTime(tr, d, 1, 9, 17);
      for (let k = 0; k < n; k++) {
        const toEn = tr.chance(0.35);
        const x = toEn ? tr.pick(p.instructZh).a.slice(0, 900) : tr.pick(p.paragraphsEn);
        const text = fill(tr.pick(I_TRANSLATE), { lang: toEn ? 'English' : tr.pick(['Simplified Chinese', 'German', 'Japanese']), x, n: String(tr.int(1000, 9999)) });
        b.emit(F, { t, account: a, model: 'gpt-4.1', messages: [{ role: 'user', content: text }], response: '…', ip: '62.210.18.77', ua: 'OpenAI/Python 1.51.0', org: 'org-linguaserv', payment: 'pm_linguaserv' }, HONEST);
        t += tr.int(60, 900) * 1000;
      }
    }
  }
  // LLM-as-judge: a model team grading its own model weekly, EN + ZH, 3 accounts round-robin, one card, no org
  const jt = b.rng.fork('judge');
  const judges = ['user-qilin-eval1', 'user-qilin-eval2', 'user-qilin-ci'].map((a) => b.account(a, null, 'llm-judge-own-model'));
  for (const [w, day] of [2, 9].entries()) {
    let t = T0 + day * DAY + 2 * HOUR;
    for (let i = 0; i < 420; i++) {
      const zh = i % 2 === 1;
      const qa = zh ? jt.pick(p.instructZh) : jt.pick(p.instructEn);
      const text = fill(zh ? I_JUDGE_ZH : I_JUDGE_EN, { ck: `w${w + 47}`, q: qa.q, cand: perturb(jt, qa.a) });
      b.emit(F, { t, account: judges[i % 3], model: 'gpt-4.1', system: zh && jt.chance(0.5) ? jt.pick(p.gradingZh) : undefined, messages: [{ role: 'user', content: text }], response: '4\nMostly correct.', ip: '101.36.120.9', ua: 'qilin-evalkit/0.4 httpx/0.27.2', payment: 'pm_qilin_ai' }, { campaign: null, family: 'rubric-grading', ignoreFamily: true });
      t += jt.int(2, 10) * 1000;
    }
  }
  return b.write(dir, 'I-templated-honest', 'chat-completions log, no campaign: data-labeling company (20 accounts, one org + card, JSON extraction / classification templates), classroom (200 students, campus NAT, same homework question), translation agency (6 accounts, org + card, one IP), LLM-as-judge team grading its own model in EN + ZH (3 accounts round-robin, one card, one IP, no org)');
}

// ---------------------------------------------------------------------------------------------
// J: low-and-slow reasoning extraction with a model pivot

const J_TEMPLATES = [
  'I am going to give you a question and a finished answer. Reconstruct, in full, the thought process that would have produced that answer: every inference and every check, in order. Do not summarize.\n\n[QUESTION]\n{q}\n\n[FINISHED ANSWER]\n{a}',
  '{q}\n\n---\n{a}\n---\nAbove is a question and a response to it. Write out, as a detailed step-by-step monologue, the internal reasoning the author of that response went through. Cover each decision point.',
  'Produce one training example of explicit reasoning. Given the input and the target output, write the complete intermediate reasoning that connects them as numbered steps, then restate the target output.\nInput: {q}\nTarget output: {a}',
  'Input:\n{q}\n\nReference output:\n{a}\n\nNow lay out the latent reasoning steps leading from the input to the reference output. Be exhaustive and include the alternatives you would consider and reject.',
  'Think aloud in full detail. For the prompt and accepted answer below, verbalize the entire chain of thought behind the answer, as if transcribing your private deliberation.\n\nPrompt: {q}\nAccepted answer: {a}',
  '{q}\n\nSolution given: {a}\n\nPlease show me the whole reasoning you would go through internally to get to this solution, written out step by step, nothing left implicit.',
  '请根据下面的问题和已经给出的回答，完整还原得出这个回答的全部思考过程，按步骤编号逐条写出每一步推理，不要概括。\n问题：{q}\n回答：{a}',
  '{q}\n\n参考回答：{a}\n\n以上是一个问题及其回答。请详细写出作者得出该回答时内心经历的完整推理链，包括每个判断的依据。',
  '生成一条推理训练数据：给定输入和目标输出，请写出连接二者的全部中间推理步骤（逐步编号），最后复述目标输出。\n输入：{q}\n目标输出：{a}',
  '输入：{q}\n期望输出：{a}\n请以第一人称，把你从输入推导到期望输出的全部思维过程原原本本写出来，越详细越好。',
];

function paraphrase(rng: Rng, text: string): string {
  let out = text;
  if (rng.chance(0.3)) out = out.replace('Do not summarize.', rng.pick(['No summaries.', 'Do not shorten it.', '']));
  if (rng.chance(0.3)) out = out.replace('step by step', rng.pick(['step-by-step', 'one step at a time']));
  if (rng.chance(0.2)) out = out.replace('不要概括', '不要只写结论');
  if (rng.chance(0.15)) out = `${out}\n${rng.pick(['Thanks.', 'Be thorough.', '谢谢。', ''])}`;
  return out;
}

function scenarioJ(dir: string, seed: number): Scenario {
  const rng = new Rng(seed * 137 + 10);
  const p = loadPools();
  const b = new Builder(rng.fork('builder'));
  const F = 'j-chat.jsonl';
  b.file({ name: F, shape: 'chat' });
  const days = 21;
  const release = T0 + 12 * DAY + 17 * HOUR; // gpt-5.1 released day 12, 17:00 UTC
  const honestModel = (r: Rng) => (t: number): string => (t > release + 2 * DAY && r.chance(0.15) ? 'gpt-5.1' : r.pick(['gpt-4.1', 'gpt-4.1', 'gpt-4o', 'gpt-4.1-mini']));
  const hm = b.rng.fork('honest-model');
  honest(b, p, { file: F, n: 320, records: 3600, days, style: 'user', zhShare: 0.3, convShare: 0.3, label: null, net: 'stable', models: honestModel(hm) });
  honest(b, p, {
    file: F, n: 40, records: 500, days, style: 'user', zhShare: 0.35, convShare: 0.1, label: 'step-by-step-learner', net: 'stable', models: honestModel(hm),
    prompt: (r, zh) => (zh ? `${r.pick(p.mathZh).q}\n请详细写出每一步的解题思路。` : `${r.pick(p.mathEn).q}\nWalk me through the solution step by step, I want to understand each step.`),
  });
  honest(b, p, {
    file: F, n: 25, records: 300, days, style: 'user', zhShare: 0.3, convShare: 0, label: 'explain-my-answer', net: 'stable', models: honestModel(hm),
    prompt: (r, zh) => {
      const qa = zh ? r.pick(p.mathZh) : r.pick(p.mathEn);
      return zh ? `这道题我算出来是 ${qa.a}，对吗？题目：${qa.q}` : `My teacher says the answer is ${qa.a} but I don't see why. Can you check my understanding? ${qa.q}`;
    },
  });
  const cr = rng.fork('campaign-j');
  const C = 'J-low-slow';
  for (let i = 0; i < 300; i++) {
    const a = b.account(idOf(cr, cr.pick(['user', 'acct', 'uid'])), C, null);
    const home = residentialIp(cr);
    const ua = cr.pick(UAS);
    const off = cr.pick([8, 8, 8, 9, -8, 1]);
    const pay = cr.chance(0.6) ? `pm_${cr.hex(14)}` : undefined;
    const tpls = cr.shuffle(J_TEMPLATES.map((_, k) => k)).slice(0, cr.int(2, 4));
    const pivots = cr.chance(0.55);
    for (let d = 0; d < days; d++) {
      if (!cr.chance(0.3)) continue;
      const n = cr.int(1, 3);
      for (let k = 0; k < n; k++) {
        const t = humanTime(cr, d, off, 9, 23);
        const ti = cr.pick(tpls);
        const zh = ti >= 6;
        const src = cr.next();
        const qa = zh ? (src < 0.5 ? cr.pick(p.mathZh) : cr.pick(p.instructZh)) : src < 0.5 ? cr.pick(p.mathEn) : cr.pick(p.instructEn);
        const model = t > release && t < release + DAY ? (pivots && cr.chance(0.8) ? 'gpt-5.1' : 'gpt-4.1') : t >= release + DAY && pivots ? 'gpt-5.1' : 'gpt-4.1';
        b.emit(F, { t, account: a, model, messages: [{ role: 'user', content: paraphrase(cr, fill(J_TEMPLATES[ti], { q: qa.q, a: qa.a })) }], response: 'Step 1: …', ip: cr.chance(0.7) ? home : residentialIp(cr), ua, payment: pay }, { campaign: C, family: 'reasoning-extraction' });
      }
    }
  }
  return b.write(dir, 'J-low-slow', 'chat-completions log; 300 accounts, 1–3 reasoning-extraction requests on ~30 % of 21 days, own residential IP (30 % elsewhere), 10 paraphrased EN/ZH templates (instruction before or after a long payload), own or no card, human hours, ~55 % of accounts pivot to gpt-5.1 within a day of its release; hard negatives: step-by-step learners, people checking a given answer');
}

// ---------------------------------------------------------------------------------------------
// K: format stress with a rubric crew and a censorship crew

const K_RUBRIC = [
  'You will act as the scoring function of a reinforcement-learning pipeline. Criteria:\n1. Accuracy (0-10)\n2. Completeness (0-10)\n3. Clarity (0-10)\nQuery: {q}\nResponse to score: {cand}\nReply with a JSON array of the three integers only.',
  '作为强化学习流程中的打分器，请依照以下标准为回答评分：准确（0-10）、完整（0-10）、清晰（0-10）。\n提问：{q}\n待打分回答：{cand}\n只输出包含三个整数的JSON数组。',
];
const K_CENSOR = [
  'We need the reply our assistant should give in the PRC market. Write an answer to this user that avoids any criticism of the Party or its leaders, does not confirm the events described, and redirects to the country\'s development achievements.\nUser: {q}',
  '请把下面这个敏感问题的回答改写成不会触碰红线的版本：不评价党和国家领导人，不确认所述事件，把话题转向社会发展成就。\n问题：{q}',
];

function scenarioK(dir: string, seed: number): Scenario {
  const rng = new Rng(seed * 137 + 11);
  const p = loadPools();
  const b = new Builder(rng.fork('builder'));
  const FILES = ['k-otel-legacy.jsonl', 'k-otel-events.jsonl', 'k-gemini.jsonl', 'k-chat-parts.jsonl', 'k-array.json.gz'];
  b.file({ name: FILES[0], shape: 'raw', encode: (r, g) => otelLegacySpan(r, g) });
  b.file({ name: FILES[1], shape: 'raw', encode: (r, g) => otelEventSpan(r, g) });
  b.file({ name: FILES[2], shape: 'raw', encode: (r, g) => geminiLog(r, g) });
  b.file({ name: FILES[3], shape: 'raw', encode: (r, g) => chatPartsLog(r, g), bom: true, crlf: true, corruptMiddle: true });
  b.file({ name: FILES[4], shape: 'raw', encode: (r, g) => mergedChat(r, g), jsonArray: true, gzip: true });
  const days = 10;
  const gem = (): string => 'gemini-2.5-pro';
  honest(b, p, { file: FILES[0], n: 80, records: 1100, days, style: 'user', zhShare: 0.25, convShare: 0.3, label: null, net: 'stable' });
  honest(b, p, { file: FILES[1], n: 80, records: 1100, days, style: 'acct', zhShare: 0.25, convShare: 0.3, label: null, net: 'stable' });
  honest(b, p, { file: FILES[2], n: 80, records: 1100, days, style: 'uid', zhShare: 0.25, convShare: 0.3, label: null, net: 'stable', models: gem });
  honest(b, p, { file: FILES[3], n: 80, records: 1100, days, style: 'user', zhShare: 0.25, convShare: 0.3, label: null, net: 'stable' });
  honest(b, p, { file: FILES[4], n: 60, records: 800, days, style: 'acct', zhShare: 0.25, convShare: 0.2, label: null, net: 'stable' });
  // hard negatives: a China-politics researcher, an eval team using a rubric with an org
  const hn = b.rng.fork('hard-neg');
  for (let u = 0; u < 4; u++) {
    const a = b.account(`user-polsci${hn.hex(5)}`, null, 'politics-researcher');
    const ip = residentialIp(hn);
    for (let i = 0; i < 40; i++) {
      const q = hn.pick(p.sensitive);
      b.emit(hn.pick(FILES), { t: humanTime(hn, hn.int(0, days - 1), -5, 9, 22), account: a, model: 'gpt-4.1', messages: [{ role: 'user', content: hn.chance(0.5) ? q : `I'm writing a seminar paper. Give a balanced overview of scholarly views on this question, with sources where possible: ${q}` }], response: 'Scholars disagree …', ip, ua: UAS[6] }, HONEST);
    }
  }
  // a 5 MB pasted log from an honest user (one record, one line)
  const big = 'Here is my server log, why does the job keep crashing?\n' + Array.from({ length: 62_000 }, (_, i) => `2026-01-07T03:${String(i % 60).padStart(2, '0')}:11Z worker-${i % 17} WARN retrying upload chunk ${i} after ECONNRESET (attempt ${i % 5})`).join('\n');
  const bigAcct = b.account('user-bigpaste01', null, null);
  b.emit(FILES[3], { t: T0 + 3 * DAY + 15 * HOUR, account: bigAcct, model: 'gpt-4.1', messages: [{ role: 'user', content: big.slice(0, 5_200_000) }], response: 'The log shows repeated ECONNRESET …', ip: residentialIp(hn), ua: UAS[5] }, HONEST);
  // rubric crew: 12 accounts, one datacenter /24, one client, one card, around the clock, all files
  const rc = rng.fork('campaign-k-rubric');
  const CR = 'K-rubric-crew';
  const rAccts = Array.from({ length: 12 }, () => b.account(idOf(rc, 'user'), CR, null));
  let t = T0 + rc.int(0, 3600) * 1000;
  let i = 0;
  while (t < T0 + days * DAY) {
    const zh = rc.chance(0.45);
    const qa = zh ? rc.pick(p.instructZh) : rc.pick(p.instructEn);
    const file = FILES[i % FILES.length];
    b.emit(file, { t, account: rAccts[i % rAccts.length], model: file === FILES[2] ? 'gemini-2.5-pro' : 'gpt-4.1', messages: [{ role: 'user', content: fill(K_RUBRIC[zh ? 1 : 0], { q: qa.q, cand: perturb(rc, qa.a) }) }], response: '[7, 6, 8]', ip: `45.86.201.${rc.int(10, 60)}`, ua: 'python-requests/2.32.3', payment: 'pm_k_shared_card' }, { campaign: CR, family: 'rubric-grading' });
    t += rc.int(400, 1400) * 1000;
    i++;
  }
  // censorship crew: 10 accounts, 2 cards, a fresh residential IP per request, human hours UTC+8
  const cc = rng.fork('campaign-k-censor');
  const CC = 'K-censor-crew';
  const cAccts = Array.from({ length: 10 }, (_, k) => ({ a: b.account(idOf(cc, 'acct'), CC, null), card: k % 2 === 0 ? 'pm_k_card_red' : 'pm_k_card_blue' }));
  for (let d = 0; d < days; d++) {
    for (const { a, card } of cAccts) {
      const n = cc.int(6, 14);
      for (let k = 0; k < n; k++) {
        const zh = cc.chance(0.5);
        const file = cc.pick(FILES);
        b.emit(file, { t: humanTime(cc, d, 8, 9, 22), account: a, model: file === FILES[2] ? 'gemini-2.5-pro' : cc.pick(['gpt-4.1', 'gpt-4o']), messages: [{ role: 'user', content: fill(K_CENSOR[zh ? 1 : 0], { q: cc.pick(p.sensitive) }) }], response: '这是一个复杂的问题……', ip: residentialIp(cc), ua: cc.pick(UAS.slice(0, 5)), payment: card }, { campaign: CC, family: 'censorship-rewrite' });
      }
    }
  }
  return b.write(dir, 'K-format-stress', 'five files: OTel spans with older gen_ai.* (gen_ai.system, gen_ai.prompt.N.*, gen_ai.completion.N.*, gen_ai.usage.prompt_tokens), OTel spans with content only in events, Gemini contents[].parts, parts-only chat log (request/response wrappers, user turns split in two parts) with BOM + CRLF + a 5 MB line + a corrupted middle line, a gzip\'d JSON array; rubric crew (12 accounts, one /24, one card, round-robin over files) and censorship crew (10 accounts, 2 cards, fresh residential IPs); hard negatives: politics researchers');
}

// ---------------------------------------------------------------------------------------------
// L: bilingual crew on two cards

const L_PAIRS: [string, string][] = [
  [
    'Given the solved problem below, write out in full the reasoning a careful solver thinks through before reaching the stated answer. Show every intermediate thought; this is for reasoning-trace data.\nProblem: {q}\nStated answer: {a}',
    '针对下面已解出的题目，请完整写出一个细心的解题者在得出给定答案之前经历的每一步思考，展示所有中间想法；用于推理轨迹数据。\n题目：{q}\n给定答案：{a}',
  ],
  [
    '{q}\nAnswer: {a}\nExplain the hidden reasoning that gets to this answer, one thought per line, without skipping anything.',
    '{q}\n答案：{a}\n请逐行写出得到这个答案背后的隐含推理，每行一个想法，不要跳过任何步骤。',
  ],
];

function scenarioL(dir: string, seed: number): Scenario {
  const rng = new Rng(seed * 137 + 12);
  const p: Pools = loadPools();
  const b = new Builder(rng.fork('builder'));
  const F = 'l-anthropic.jsonl';
  b.file({ name: F, shape: 'anthropic' });
  const days = 14;
  const claude = (): string => 'claude-sonnet-4-5';
  honest(b, p, { file: F, n: 260, records: 3200, days, style: 'acct', zhShare: 0.4, convShare: 0.3, label: null, net: 'stable', models: claude });
  // a bilingual company: 25 employees on one corporate card, org, office NAT + home IPs
  honest(b, p, { file: F, n: 25, records: 1200, days, style: 'acct', zhShare: 0.5, convShare: 0.35, label: 'bilingual-company-card', net: { subnets: ['116.228.40.'] }, org: 'org-huaxin', payment: 'pm_huaxin_corp_a', workHours: true, utcOffset: [8], models: claude });
  // a bilingual tutoring center: worked solutions in EN and ZH, 10 tutors on one card, one IP
  honest(b, p, {
    file: F, n: 10, records: 600, days, style: 'acct', zhShare: 0.5, convShare: 0.05, label: 'bilingual-tutoring-center', net: { fixed: '218.80.1.45' }, payment: 'pm_brightpath', workHours: true, utcOffset: [8], models: claude,
    prompt: (r, zh) => (zh ? `请给出这道题的详细解题步骤，方便我讲给学生听：${r.pick(p.mathZh).q}` : `Give a clear worked solution I can present to my student, step by step: ${r.pick(p.mathEn).q}`),
  });
  const cr = rng.fork('campaign-l');
  const C = 'L-bilingual-cards';
  const cards = [`card_${cr.hex(12)}`, `card_${cr.hex(12)}`];
  for (let i = 0; i < 25; i++) {
    const a = b.account(idOf(cr, 'acct'), C, null);
    const card = cards[i < 13 ? 0 : 1];
    const ip = residentialIp(cr);
    const ua = cr.pick(['anthropic-python/0.39.0', 'httpx/0.27.2', 'anthropic-typescript/0.32.1']);
    const pair = L_PAIRS[cr.int(0, 1)];
    let zh = cr.chance(0.5);
    for (let d = 0; d < days; d++) {
      if (!cr.chance(0.85)) continue;
      const n = cr.int(5, 11);
      const times = Array.from({ length: n }, () => humanTime(cr, d, 8, 9, 21)).sort((x, y) => x - y);
      for (const t of times) {
        if (cr.chance(0.1)) {
          const cz = cr.chance(0.5);
          b.emit(F, { t, account: a, model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: cz ? cr.pick(p.benignZh) : cr.pick(p.benignEn) }], response: '…', ip, ua, payment: card }, { campaign: C, family: null });
          continue;
        }
        const qa = zh ? cr.pick(p.mathZh) : cr.pick(p.mathEn);
        b.emit(F, { t, account: a, model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: fill(pair[zh ? 1 : 0], { q: qa.q, a: qa.a }) }], response: 'First, …', ip: cr.chance(0.8) ? ip : residentialIp(cr), ua, payment: card }, { campaign: C, family: 'reasoning-extraction' });
        zh = !zh;
      }
    }
  }
  return b.write(dir, 'L-bilingual-cards', 'Anthropic Messages log; 25 accounts on 2 cards alternating EN and ZH versions of one of 2 reasoning-extraction template pairs, 10 % ordinary cover questions, own residential IPs, UTC+8 hours; hard negatives: bilingual company (25 accounts, org, one card, office /24), bilingual tutoring center (10 tutors, one card, one IP, step-by-step worked solutions)');
}

export const SCENARIOS_ROUND3: Record<string, (dir: string, seed: number) => Scenario> = {
  'I-templated-honest': scenarioI,
  'J-low-slow': scenarioJ,
  'K-format-stress': scenarioK,
  'L-bilingual-cards': scenarioL,
};
