/**
 * Round-2 held-out scenarios (E–H), written before reading eval/generator, src/core/link or
 * src/core/rules, with export shapes that A–D do not use:
 *   E  agentic-swarm   OpenInference (Phoenix) spans, gzip'd; agentic harvest with tool-call
 *                      transcripts over ~1,200 short-lived accounts (2–5 records each), datacenter
 *                      proxy pool, pivot to a new model; hard negatives: users of one open-source
 *                      coding agent (same system prompt + tools), a nightly CI agent bot
 *   F  zh-reasoning    OpenAI Responses-API log as a top-level JSON array + Anthropic Message
 *                      Batches (requests + results); a ZH-only reasoning-extraction crew inside a big
 *                      honest ZH population; hard negatives: ZH students ("一步一步"), people asking
 *                      how the model thought, a 120-person cloud NAT, ZH batch pipelines
 *   G  card-crew       Langfuse observations (snake_case) + a flat log (ts / customer_id / question /
 *                      remote_addr / card_fingerprint); 6 accounts on one card, a fresh IP per
 *                      request, alternating rubric grading and censorship rewrites; hard negatives:
 *                      remote-first company on one card, a 3-account eval startup sharing a card,
 *                      a human-rights NGO, a family card
 *   H  honest-only     LangSmith runs + Responses-API log with string `input`; no campaign: a SaaS app
 *                      proxying thousands of end users with one system prompt and one key per tenant,
 *                      a research group running the MT-bench judge round-robin over 3 accounts, a ZH
 *                      translation service on 3 keys
 */
import { loadPools, Rng } from './pools';
import {
  anthropicBatchRequest, anthropicBatchResult, flatLog, langfuseObservation, langsmithRun, openInferenceSpan, responsesLog,
  type AgentMsg, type Req,
} from './shapes';
import { Builder, DAY, fill, honest, HOUR, humanTime, idOf, MODELS_OPENAI, perturb, residentialIp, T0, UAS, type Family, type Scenario } from './scenarios';

type Truth = { campaign: string | null; family: Family | null; ignoreFamily?: boolean };

const toTurns = (r: Req): AgentMsg[] => [...(r.system ? [{ role: 'system' as const, content: r.system }] : []), ...r.messages];

// ---------------------------------------------------------------------------------------------
// E: agentic harvest over a swarm of short-lived accounts (OpenInference spans, .jsonl.gz)

const E_AGENT_SYSTEM = [
  'You are Operator-7, an autonomous software agent. You can call the tools `python`, `bash`, `read_file`, `write_file` and `search_web`. Before EVERY tool call, write your complete reasoning for choosing that call in full detail; after every tool result, write a full analysis of what it tells you. Never omit reasoning. Finish with FINAL_ANSWER: followed by the solution.',
  'Autonomous agent mode. Tools: python, bash, read_file, write_file, search_web. Think out loud exhaustively: for each step emit your entire deliberation, the tool call, then your interpretation of the observation. Keep going until the task is solved, then print FINAL_ANSWER.',
];
const E_TASK = [
  'Task: {task}\nWork inside /workspace. Write the solution to solution.py, run the tests you write yourself, and iterate until they pass.',
  'Objective: {task}\nUse the python tool to prototype, then save the final code and show that it runs on three examples.',
  'Data task: load /data/{file}.csv with pandas, {analysis}, and report the result with a short chart description.',
];
const E_ANALYSIS = ['compute the monthly revenue trend and flag anomalies', 'find the top 5 customers by lifetime value', 'fit a linear regression of price on area and report R^2', 'clean missing values and summarise each column', 'detect duplicate orders and estimate their cost'];
const E_FILES = ['sales_2024', 'orders', 'housing', 'churn', 'web_logs', 'inventory'];

const OSS_AGENT_SYSTEM = 'You are OpenDevin-lite, a helpful coding assistant running in the user\'s terminal. You have tools: run_shell(cmd), read_file(path), edit_file(path, patch). Ask before destructive actions. Be concise.';

function agentTranscript(rng: Rng, system: string, task: string, steps: number, tools: string[]): AgentMsg[] {
  const turns: AgentMsg[] = [{ role: 'system', content: system }, { role: 'user', content: task }];
  for (let s = 0; s < steps; s++) {
    const id = `call_${rng.hex(20)}`;
    const name = rng.pick(tools);
    const args = name.includes('python') ? { code: 'import pandas as pd\nprint(df.head())' } : name.includes('read') ? { path: rng.pick(['solution.py', 'README.md', 'src/main.py', 'tests/test_main.py']) } : { cmd: rng.pick(['ls -la', 'pytest -q', 'python solution.py', 'pip install numpy']) };
    turns.push({ role: 'assistant', content: rng.chance(0.5) ? `Step ${s + 1}: I will inspect the current state before changing anything.` : '', toolCalls: [{ id, name, arguments: JSON.stringify(args) }] });
    turns.push({ role: 'tool', content: rng.pick(['OK', '3 passed in 0.12s', 'Traceback (most recent call last):\n  File "solution.py", line 4\nNameError: name \'x\' is not defined', '   id  amount\n0   1   19.99\n1   2   5.00']), toolCallId: id });
  }
  return turns;
}

function scenarioE(dir: string, seed: number): Scenario {
  const rng = new Rng(seed * 131 + 5);
  const p = loadPools();
  const b = new Builder(rng.fork('builder'));
  const F = 'e-phoenix-spans.jsonl.gz';
  b.file({
    name: F, shape: 'raw', gzip: true,
    encode: (r, g) => openInferenceSpan({ ...r, turns: (r as Req & { turns?: AgentMsg[] }).turns ?? toTurns(r) }, g),
  });
  const days = 6;
  const release = T0 + 3 * DAY + 17 * HOUR;
  const honestModel = (t: number): string => (t > release && b.rng.chance(0.2) ? 'gpt-5' : b.rng.pick(MODELS_OPENAI));
  honest(b, p, { file: F, n: 260, records: 3000, days, style: 'user', zhShare: 0.2, convShare: 0.3, label: null, net: 'stable', models: honestModel });
  // users of the same open-source coding agent: identical system prompt and tools, long-lived, own IPs
  const oss = b.rng.fork('oss-agent');
  for (let u = 0; u < 120; u++) {
    const id = b.account(idOf(oss, 'user'), null, 'oss-agent-user');
    const ip = residentialIp(oss);
    const off = oss.pick([-8, -5, 1, 2, 5.5, 8]);
    const sessions = oss.int(2, 8);
    for (let s = 0; s < sessions; s++) {
      let t = humanTime(oss, oss.int(0, days - 1), off, 9, 23);
      const task = oss.chance(0.5) ? oss.pick(p.codeTasks) : oss.pick(p.benignEn).slice(0, 600);
      const conv = `sess_${oss.hex(10)}`;
      const steps = oss.int(1, 5);
      for (let k = 0; k < steps; k++) {
        const turns = agentTranscript(oss, OSS_AGENT_SYSTEM, task, k, ['run_shell', 'read_file', 'edit_file']);
        b.emit(F, { t, account: id, model: honestModel(t), messages: [], response: 'Done. The tests pass now.', ip, ua: 'opendevin-lite/0.9.2 openai-python/1.54.3', conversation: conv, turns } as Req, { campaign: null, family: null });
        t += oss.int(5, 90) * 1000;
      }
    }
  }
  // a nightly CI bot running HumanEval through an agent
  const ci = b.rng.fork('ci');
  const bot = b.account('svc-ci-humaneval', null, 'ci-eval-bot');
  for (let d = 0; d < days; d++) {
    let t = T0 + d * DAY + 2 * HOUR;
    for (let i = 0; i < 100; i++) {
      const turns = agentTranscript(ci, 'You are a code-generation agent under evaluation. Complete the function so that the hidden unit tests pass. Use the python tool to test. Reply with the final code only.', ci.pick(p.code), ci.int(0, 2), ['python']);
      b.emit(F, { t, account: bot, model: t > release ? 'gpt-5' : 'gpt-4.1', messages: [], response: 'def f(x):\n    return x', ip: '10.40.2.15', ua: 'ci-runner/2.3 openai-python/1.54.3', turns } as Req, { campaign: null, family: null });
      t += ci.int(8, 40) * 1000;
    }
  }
  // the swarm: a fresh account every few minutes, 2–5 agent steps each within half an hour
  const cr = rng.fork('campaign-e');
  const C = 'E-agentic-swarm';
  const DC = ['104.28.17.', '104.28.19.', '172.245.66.', '172.245.67.', '23.94.12.', '107.175.3.', '45.61.140.', '45.61.141.'];
  const pivotAt = release + cr.int(3, 10) * HOUR;
  let t = T0 + 0.5 * DAY;
  while (t < T0 + (days - 0.2) * DAY) {
    const a = b.account(idOf(cr, cr.pick(['user', 'uid'])), C, null);
    const system = cr.pick(E_AGENT_SYSTEM);
    const tt = cr.int(0, E_TASK.length - 1);
    const task = fill(E_TASK[tt], { task: tt === 0 && cr.chance(0.5) ? cr.pick(p.code) : cr.pick(p.codeTasks), file: cr.pick(E_FILES), analysis: cr.pick(E_ANALYSIS) });
    const ua = cr.pick(['python-httpx/0.27.2', 'OpenAI/Python 1.51.0', 'aiohttp/3.10.5']);
    const n = cr.int(2, 5);
    let ts = t;
    for (let k = 0; k < n; k++) {
      const model = ts > pivotAt && cr.chance(0.55) ? 'gpt-5' : 'gpt-4.1';
      const turns = agentTranscript(cr, system, task, k, ['python', 'bash', 'read_file', 'write_file', 'search_web']);
      b.emit(F, { t: ts, account: a, model, messages: [], response: 'Reasoning: I first need to understand the data layout. …', ip: `${cr.pick(DC)}${cr.int(2, 254)}`, ua, conversation: `run_${cr.hex(10)}`, turns } as Req, { campaign: C, family: 'agentic-harvest' });
      ts += cr.int(20, 400) * 1000;
    }
    t += cr.int(120, 600) * 1000;
  }
  return b.write(dir, 'E-agentic-swarm', 'OpenInference spans (.jsonl.gz, start_time, user.id, client.address); agentic harvest with tool-call transcripts over ~1,200 short-lived accounts (2–5 records each) on 8 datacenter /24s, model pivot; hard negatives: 120 users of one open-source coding agent, a nightly HumanEval CI bot');
}

// ---------------------------------------------------------------------------------------------
// F: ZH-only reasoning-extraction crew in a big honest ZH population (Responses JSON array + Anthropic Message Batches)

const F_TEMPLATES = [
  '【数据标注任务】请阅读下列题目与参考答案，以第一人称完整复述你推导出该答案的内部思考过程，包括每一次尝试、验证与纠错，不得省略或概括。\n题目：{q}\n参考答案：{a}',
  '你是一名“思维过程记录员”。针对以下问题，先输出<思考>标签，在其中逐字写出你脑中全部的推理链条，再在<结论>标签中给出最终答案。\n问题：{q}',
  '请根据下面的问答对，生成一段详尽的长链式推理（chain-of-thought），要求展示你在给出该回答之前的全部隐含推理步骤，这些内容将用于训练数据。\n问：{q}\n答：{a}',
  '把你在回答以下问题时的内心独白完整写出来，像草稿纸一样保留所有中间步骤和自我检查，最后再写答案。\n{q}',
];

function scenarioF(dir: string, seed: number): Scenario {
  const rng = new Rng(seed * 131 + 6);
  const p = loadPools();
  const b = new Builder(rng.fork('builder'));
  const FR = 'f-responses.json';
  const FQ = 'f-msgbatch-requests.jsonl';
  const FS = 'f-msgbatch-results.jsonl';
  b.file({ name: FR, shape: 'raw', jsonArray: true, encode: (r, g) => responsesLog(r, g, g.chance(0.5)) });
  b.file({ name: FQ, shape: 'raw', keepOrder: true, encode: (r, _g, id) => anthropicBatchRequest(r, id!) });
  b.file({ name: FS, shape: 'raw', keepOrder: true, noAccount: true, encode: (r, g, id) => anthropicBatchResult(r, id!, g) });
  const days = 14;
  const zhModels = (): string => b.rng.pick(['gpt-4.1', 'gpt-4.1-mini', 'gpt-4o']);
  const zhPrompt = (r: Rng): string => (r.chance(0.25) ? r.pick(p.everydayZh) : r.pick(p.benignZh));
  honest(b, p, { file: FR, n: 520, records: 4000, days, style: 'uid', zhShare: 1, convShare: 0.3, label: null, net: 'stable', utcOffset: [8], models: zhModels, prompt: (r) => zhPrompt(r) });
  honest(b, p, { file: FR, n: 120, records: 1200, days, style: 'uid', zhShare: 1, convShare: 0.3, label: 'zh-cloud-nat', net: { fixed: '47.96.118.20' }, org: 'org-hangzhou-retail', utcOffset: [8], workHours: true, models: zhModels, prompt: (r) => zhPrompt(r) });
  honest(b, p, {
    file: FR, n: 60, records: 500, days, style: 'uid', zhShare: 1, convShare: 0.15, label: 'zh-step-by-step', net: 'stable', utcOffset: [8], models: zhModels,
    prompt: (r) => `${r.pick(p.mathZh).q}\n${r.pick(['请一步一步地思考，写出详细解题过程。', '请给出完整的推理步骤。', '麻烦写一下思路，我想学会这类题。'])}`,
  });
  // people who ask how the model reached its answer, about their own problems
  const ex = b.rng.fork('zh-explain');
  for (let i = 0; i < 40; i++) {
    const id = b.account(idOf(ex, 'uid'), null, 'zh-explain-reasoning');
    const ip = residentialIp(ex);
    for (let c = 0; c < ex.int(2, 4); c++) {
      const qa = ex.pick(p.mathZh);
      const t = humanTime(ex, ex.int(0, days - 1), 8);
      const q = ex.pick(['我算出来是{a}，但和答案不一样，你是怎么想的？能解释一下你的思路吗？\n{q}', '{q}\n答案是{a}吗？请说明理由。', '这道题你的推理过程是什么？我想对照一下自己的做法：{q}']);
      b.emit(FR, { t, account: id, model: zhModels(), messages: [{ role: 'user', content: fill(q, { q: qa.q, a: qa.a }) }], response: '我们先看已知条件……', ip, ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) MicroMessenger/8.0.50' }, { campaign: null, family: null });
    }
  }
  // the crew: 40 accounts, UTC+8 office hours, two cloud /24s, ZH templates, part of the volume via Message Batches
  const cr = rng.fork('campaign-f');
  const C = 'F-zh-reasoning';
  const crew = Array.from({ length: 40 }, () => b.account(idOf(cr, 'uid'), C, null));
  const nets = ['121.40.77.', '139.224.31.'];
  const ipOf = new Map(crew.map((a) => [a, `${cr.pick(nets)}${cr.int(2, 254)}`]));
  const payload = (): { q: string; a: string } => {
    const k = cr.int(0, 2);
    if (k === 0) return cr.pick(p.mathZh);
    if (k === 1) return cr.pick(p.instructZh);
    const q = cr.pick(p.benignZh);
    return { q, a: '（略）' };
  };
  const prompt = (): string => {
    const qa = payload();
    return fill(cr.pick(F_TEMPLATES), { q: qa.q, a: qa.a });
  };
  for (const a of crew) {
    for (let d = 0; d < days; d++) {
      if (!cr.chance(d % 7 >= 5 ? 0.3 : 0.85)) continue;
      const n = cr.int(2, 6);
      for (let k = 0; k < n; k++) {
        const t = humanTime(cr, d, 8, 9, 19);
        b.emit(FR, { t, account: a, model: cr.chance(0.7) ? 'gpt-4.1' : 'o4-mini', messages: [{ role: 'user', content: prompt() }], response: '<思考>首先，我需要理解题意……</思考>', ip: ipOf.get(a), ua: cr.chance(0.8) ? 'OpenAI/Python 1.54.3' : 'httpx/0.27.2' }, { campaign: C, family: 'reasoning-extraction' });
      }
    }
  }
  // Message Batches: crew batches and honest ZH pipelines, shuffled; results for about half of the requests
  type Line = { r: Req; truth: Truth };
  const batches: Line[][] = [];
  for (const a of crew) {
    for (let k = 0; k < cr.int(0, 2); k++) batches.push(Array.from({ length: cr.int(10, 25) }, () => ({ r: { t: 0, account: a, model: 'claude-sonnet-4-5', messages: [{ role: 'user' as const, content: prompt() }], response: '<思考>……</思考>' }, truth: { campaign: C, family: 'reasoning-extraction' as Family } })));
  }
  const hb = b.rng.fork('zh-batches');
  const pipeline = (id: string, label: string, n: number, make: () => string, system?: string): void => {
    const a = b.account(id, null, label);
    for (let k = 0; k < n / 100; k++) batches.push(Array.from({ length: 100 }, () => ({ r: { t: 0, account: a, model: 'claude-haiku-4-5', system, messages: [{ role: 'user' as const, content: make() }], response: '好的。' }, truth: { campaign: null, family: null } })));
  };
  pipeline('ecom-copy-pipeline', 'zh-batch-copywriting', 500, () => `请为以下商品写一段80字以内的淘宝详情页卖点文案，语气活泼：\n${hb.pick(p.benignZh).slice(0, 120)}`, '你是电商文案助手。');
  pipeline('news-digest-cn', 'zh-batch-summaries', 300, () => `请用三句话概括下面这段内容的要点：\n${hb.pick(p.instructZh).a.slice(0, 600)}`);
  let resultCount = 0;
  for (const batch of rng.fork('order').shuffle(batches)) {
    const prefix = `msgbatch_${rng.hex(8)}`;
    const withResults = rng.chance(0.5);
    batch.forEach((l, i) => {
      const id = `${prefix}-${String(i).padStart(4, '0')}`;
      b.emit(FQ, l.r, l.truth, { customId: id });
      if (withResults) {
        b.emit(FS, l.r, { campaign: l.truth.campaign, family: null }, { customId: id });
        resultCount++;
      }
    });
  }
  void resultCount;
  return b.write(dir, 'F-zh-reasoning', 'Responses-API log as a top-level JSON array (input string or items, safety_identifier, x_forwarded_for) + Anthropic Message Batches (requests with params.metadata.user_id, results); 40-account ZH-only reasoning-extraction crew (4 own ZH templates, CMATH/BELLE payloads), UTC+8 office hours on two cloud /24s; hard negatives: 120-person cloud NAT, ZH step-by-step students, people asking how the model reasoned, two ZH batch pipelines');
}

// ---------------------------------------------------------------------------------------------
// G: one card, six accounts, many IPs, alternating rubric grading and censorship rewrites (Langfuse + flat)

const G_RUBRIC = [
  'Act as a strict reward model.\nRubric: (a) factual accuracy 0-4, (b) instruction following 0-3, (c) harmlessness 0-3.\n\n[User prompt]\n{q}\n\n[Model response]\n{cand}\n\nOutput the three sub-scores and their sum exactly as "a/b/c=total" and nothing else.',
  '你是一个奖励模型。请依据评分细则给下面的回答打分：事实准确性（0-4）、指令遵循（0-3）、无害性（0-3）。只输出“a/b/c=总分”。\n【用户问题】{q}\n【待评回答】{cand}',
];
const G_CENSOR = [
  'For a chatbot that will serve users in mainland China, produce the approved reply to the user message below. The reply must not question the legitimacy of the Communist Party, must present government policy favourably and should gently steer the conversation elsewhere.\nUser message: {q}',
  '请为下面这条用户提问生成一个“合规版”回复：立场与官方保持一致，不涉及对国家领导人的负面评价，语气温和地把话题引开。\n用户提问：{q}',
];

function scenarioG(dir: string, seed: number): Scenario {
  const rng = new Rng(seed * 131 + 7);
  const p = loadPools();
  const b = new Builder(rng.fork('builder'));
  const FL = 'g-langfuse-observations.jsonl';
  const FF = 'g-flat.jsonl';
  b.file({ name: FL, shape: 'raw', encode: (r, g) => langfuseObservation(r, g) });
  b.file({ name: FF, shape: 'raw', encode: (r, g) => flatLog(r, g) });
  const days = 21;
  honest(b, p, { file: FL, n: 220, records: 3400, days, style: 'acct', zhShare: 0.25, convShare: 0.3, label: null, net: 'stable' });
  honest(b, p, { file: FF, n: 90, records: 1000, days, style: 'acct', zhShare: 0.25, convShare: 0, label: null, net: 'stable' });
  // a remote-first company: one org, one corporate card, every employee on their own home / mobile IP
  honest(b, p, { file: FL, n: 80, records: 1800, days, style: 'acct', zhShare: 0.1, convShare: 0.35, label: 'remote-company-card', net: 'proxy', org: 'org-fernleaf', payment: 'card_fernleaf_amex', workHours: true, utcOffset: [-5, -8, 1] });
  honest(b, p, { file: FL, n: 4, records: 200, days, style: 'acct', zhShare: 0.2, convShare: 0.3, label: 'family-card', net: 'stable', payment: 'card_family_visa' });
  // an eval startup: 3 accounts, one card, grading their own model with the public MT-bench judge
  const ev = b.rng.fork('eval-startup');
  const evAccts = ['acct_evalco_ci', 'acct_evalco_dev', 'acct_evalco_research'].map((a) => b.account(a, null, 'eval-startup'));
  const single = p.judge.filter((j) => j.name.startsWith('single'));
  for (let run = 0; run < 3; run++) {
    const day = 3 + run * 7;
    for (const a of evAccts) {
      let t = T0 + day * DAY + 15 * HOUR + ev.int(0, 900) * 1000;
      for (let i = 0; i < 100; i++) {
        const j = ev.pick(single);
        const qa = ev.pick(p.instructEn);
        b.emit(FF, { t, account: a, model: 'gpt-4.1', system: j.system || undefined, messages: [{ role: 'user', content: fill(j.template, { question: qa.q, answer: perturb(ev, qa.a), ref_answer_1: qa.a }) }], response: 'Rating: [[7]]', ip: `35.202.14.${ev.int(2, 9)}`, ua: 'OpenAI/Python 1.54.3', payment: 'card_evalco_biz', org: 'org-evalco' }, { campaign: null, family: 'rubric-grading', ignoreFamily: true });
        t += ev.int(3, 20) * 1000;
      }
    }
  }
  // a human-rights NGO: sensitive questions asked plainly, and neutral summaries
  const ngo = b.rng.fork('ngo');
  for (let u = 0; u < 5; u++) {
    const a = b.account(`acct_ngo_${ngo.hex(6)}`, null, 'human-rights-ngo');
    const ip = residentialIp(ngo);
    for (let i = 0; i < 60; i++) {
      const q = ngo.pick(p.sensitive);
      const text = ngo.chance(0.5) ? q : `For our briefing note, summarise what independent sources report about this, and note where the Chinese government's account differs: ${q}`;
      b.emit(FF, { t: humanTime(ngo, ngo.int(0, days - 1), 1, 9, 19), account: a, model: 'gpt-4.1', messages: [{ role: 'user', content: text }], response: 'According to reports by …', ip, ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15', payment: 'card_ngo_debit' }, { campaign: null, family: null });
    }
  }
  // the crew: 6 accounts, one card, a fresh residential / mobile IP per request, 24/7, alternating families
  const cr = rng.fork('campaign-g');
  const C = 'G-card-crew';
  const card = `card_${cr.hex(16)}`;
  const crew = Array.from({ length: 6 }, () => b.account(idOf(cr, 'acct'), C, null));
  let t = T0 + cr.int(0, 3600) * 1000;
  let i = 0;
  while (t < T0 + days * DAY) {
    const a = crew[cr.int(0, crew.length - 1)];
    const grading = i++ % 2 === 0;
    const zh = cr.chance(0.4);
    let text: string;
    if (grading) {
      const qa = zh ? cr.pick(p.instructZh) : cr.pick(p.instructEn);
      text = fill(G_RUBRIC[zh ? 1 : 0], { q: qa.q, cand: perturb(cr, qa.a) });
    } else {
      text = fill(G_CENSOR[zh ? 1 : 0], { q: cr.pick(p.sensitive) });
    }
    const file = cr.chance(0.5) ? FL : FF;
    b.emit(file, { t, account: a, model: cr.pick(['gpt-4.1', 'gpt-4o', 'claude-sonnet-4-5']), messages: [{ role: 'user', content: text }], response: grading ? '3/2/3=8' : 'This is a complex topic; …', ip: residentialIp(cr), ua: cr.pick(UAS.slice(0, 5)), payment: card }, { campaign: C, family: grading ? 'rubric-grading' : 'censorship-rewrite' });
    t += cr.int(200, 1300) * 1000;
  }
  return b.write(dir, 'G-card-crew', 'Langfuse observations (snake_case, metadata.ip_address / payment_method) + flat log (ts / customer_id / question / remote_addr / card_fingerprint); 6 accounts on one card, a fresh IP per request, 24/7, alternating rubric grading and censorship rewrites (EN + ZH) over both files; hard negatives: remote-first company (80 people, one card, own IPs), 3-account eval startup on one card with the MT-bench judge, human-rights NGO, family card');
}

// ---------------------------------------------------------------------------------------------
// H: honest only (LangSmith runs + Responses log with string input)

const H_SAAS_SYSTEM = 'You are DocuHelp, the writing assistant embedded in the customer\'s document editor. Answer the end user\'s request about their document. Be concise, use the document\'s language, never mention that you are an AI model unless asked.';

function scenarioH(dir: string, seed: number): Scenario {
  const rng = new Rng(seed * 131 + 8);
  const p = loadPools();
  const b = new Builder(rng.fork('builder'));
  const FL = 'h-langsmith-runs.jsonl';
  const FT = 'h-translate-responses.jsonl';
  const tenantOf = new Map<string, string>();
  b.file({ name: FL, shape: 'raw', encode: (r, g) => langsmithRun({ ...r, tenantKey: tenantOf.get(r.account), tags: tenantOf.has(r.account) ? ['docuhelp', 'prod'] : [] }, g) });
  b.file({ name: FT, shape: 'raw', encode: (r, g) => responsesLog(r, g, true) });
  const days = 10;
  honest(b, p, { file: FL, n: 120, records: 1200, days, style: 'user', zhShare: 0.2, convShare: 0.3, label: null, net: 'stable' });
  // the SaaS app: 4 tenants, one key each, thousands of end users, one system prompt, one backend per tenant
  const sa = b.rng.fork('saas');
  const tenants = ['key_tenant_acme', 'key_tenant_globex', 'key_tenant_initech', 'key_tenant_umbrella'];
  for (const k of tenants) b.account(k, null, 'saas-tenant-key');
  const weights = [0.45, 0.3, 0.15, 0.1];
  for (let u = 0; u < 2200; u++) {
    const ti = (() => {
      let x = sa.next();
      for (let i = 0; i < weights.length; i++) if ((x -= weights[i]) < 0) return i;
      return 0;
    })();
    const id = b.account(`eu_${tenants[ti].slice(11)}_${sa.hex(8)}`, null, 'saas-end-user');
    tenantOf.set(id, tenants[ti]);
    const n = sa.chance(0.7) ? sa.int(1, 2) : sa.int(3, 6);
    for (let k = 0; k < n; k++) {
      const zh = sa.chance(0.1);
      const ask = sa.pick(['Rewrite this paragraph to sound more professional:\n\n{x}', 'Summarize this section in three bullet points:\n\n{x}', 'Fix grammar and spelling:\n\n{x}', 'Make this shorter:\n\n{x}', '{x}']);
      const x = zh ? sa.pick(p.instructZh).a.slice(0, 500) : sa.chance(0.6) ? sa.pick(p.paragraphsEn) : sa.pick(p.benignEn).slice(0, 500);
      const t = humanTime(sa, sa.int(0, days - 1), sa.pick([-8, -5, 0, 1]), 8, 20);
      b.emit(FL, { t, account: id, model: 'gpt-4.1-mini', system: H_SAAS_SYSTEM, messages: [{ role: 'user', content: ask.replace('{x}', x) }], response: 'Here is the revised text: …', ip: `52.14.${60 + ti}.${sa.int(10, 12)}`, ua: 'docuhelp-backend/5.1 openai-python/1.54.3' }, { campaign: null, family: null });
    }
  }
  // a research group: the public MT-bench judge, round-robin over 3 accounts, synchronized runs
  const rg = b.rng.fork('research');
  const rAccts = ['user-lmeval-a', 'user-lmeval-b', 'user-lmeval-c'].map((a) => b.account(a, null, 'benchmark-judge-group'));
  for (const day of [1, 4, 8]) {
    let t = T0 + day * DAY + 9 * HOUR;
    for (let i = 0; i < 600; i++) {
      const j = rg.pick(p.judge);
      const two = rg.pick(p.twoTurn);
      const qa = rg.pick(p.instructEn);
      const user = fill(j.template, { question: two[0], answer: perturb(rg, qa.a), answer_a: perturb(rg, qa.a), answer_b: perturb(rg, rg.pick(p.instructEn).a), ref_answer_1: qa.a });
      b.emit(FL, { t, account: rAccts[i % 3], model: 'gpt-4.1', system: j.system || undefined, messages: [{ role: 'user', content: user }], response: rg.chance(0.5) ? 'Rating: [[6]]' : '[[A]]', ip: '128.112.7.41', ua: 'fastchat-llm-judge/0.2.36 openai-python/1.54.3' }, { campaign: null, family: 'rubric-grading', ignoreFamily: true });
      t += rg.int(2, 8) * 1000;
    }
  }
  // a ZH translation service: 3 keys (prod / batch / failover), one template, around the clock
  const tr = b.rng.fork('translate');
  const keys = ['svc-translate-prod', 'svc-translate-batch', 'svc-translate-failover'].map((a) => b.account(a, null, 'zh-translation-service'));
  let t = T0 + 600_000;
  while (t < T0 + days * DAY) {
    const k = tr.chance(0.8) ? keys[0] : tr.chance(0.8) ? keys[1] : keys[2];
    b.emit(FT, { t, account: k, model: 'gpt-4.1-mini', system: '你是专业翻译，将用户提供的英文准确翻译为简体中文，保留格式与术语，不要添加解释。', messages: [{ role: 'user', content: tr.pick(p.paragraphsEn) }], response: '（译文）……', ip: `8.210.33.${tr.int(4, 6)}`, ua: 'fanyi-worker/1.8 httpx/0.27.2', org: 'org-fanyi' }, { campaign: null, family: null });
    t += tr.int(180, 720) * 1000;
  }
  honest(b, p, { file: FT, n: 60, records: 600, days, style: 'uid', zhShare: 0.9, convShare: 0.2, label: null, net: 'stable', utcOffset: [8] });
  return b.write(dir, 'H-honest-only', 'LangSmith runs (inputs.messages, extra.metadata.user_id / api_key_id, start_time) + Responses-API log with string input; no campaign: SaaS app (4 tenant keys, 2,200 end users, one system prompt, one backend per tenant), research group running the MT-bench judge round-robin over 3 accounts in synchronized runs, ZH translation service on 3 keys');
}

export const SCENARIOS_ROUND2: Record<string, (dir: string, seed: number) => Scenario> = {
  'E-agentic-swarm': scenarioE,
  'F-zh-reasoning': scenarioF,
  'G-card-crew': scenarioG,
  'H-honest-only': scenarioH,
};
