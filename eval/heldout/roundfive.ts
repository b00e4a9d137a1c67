/**
 * Round-5 held-out scenarios (O–Q), written before reading eval/generator, src/core/link,
 * src/core/rules or src/core/detect; template wording is our own (not from A–N), payloads come from
 * the shared public prompt sets at run time, export shapes are ones A–N do not write:
 *   O  night-rotation     LiteLLM proxy spend logs (`request_id`, `call_type`, `api_key` hash, `user`,
 *                         `startTime` with +00:00, `requester_ip_address`, `messages`, `response`,
 *                         `proxy_server_request`, `metadata.user_api_key_*`, user agent only as
 *                         `request_tags` "User-Agent: …"); a 36-account crew that works only at night
 *                         (UTC+8 00:30–05:30) in bursts of 3–5 requests within a minute, rotating models,
 *                         clients and hosting IPs, mixing reasoning extraction with coding-agent
 *                         trajectory harvesting; hard negatives: a US dev team running an internal coding
 *                         agent whose working day overlaps the crew's night, people fanning one prompt
 *                         out to several models, late-night students, VPN users on the crew's hosting
 *                         ranges
 *   P  pairwise-card      Langfuse export in camelCase (`userId`, `sessionId`, `startTime`, `input` as a
 *                         list or `{messages}`, snake_case app metadata `ip_address` / `user_agent` /
 *                         `billing.card_fingerprint`); 8 accounts on one card with different IPs use the
 *                         model as a pairwise reward model over two candidate answers, mostly in Chinese;
 *                         hard negatives: a university LLM-judge team (5 accounts, one grant card, campus
 *                         IPs, the public MT-bench pairwise judge) running evaluations on the same days,
 *                         a family sharing a card, people asking which of two texts is better
 *   Q  standard-answers   an API relay's (one-api / new-api style) log export: numeric `user_id`,
 *                         `username`, `created_at` epoch s, `ip`, `model_name`, `token_name`, `request_body`
 *                         as a JSON string; 110 accounts each sending 5–15 requests over two weeks from
 *                         residential IPs, asking for "standard answers" to politically sensitive
 *                         questions for a domestic chatbot in simplified AND traditional Chinese; hard
 *                         negatives: a Hong Kong newsroom (neutral summaries, translations, fact checks of
 *                         political news), customer-service teams writing standard FAQ answers, people
 *                         asking sensitive questions plainly
 */
import { loadPools, Rng, type Pools } from './pools';
import type { Msg, Req } from './shapes';
import { Builder, DAY, fill, honest, HOUR, humanTime, idOf, perturb, residentialIp, T0, UAS, type Family, type Scenario } from './scenarios';

type Truth = { campaign: string | null; family: Family | null; ignoreFamily?: boolean };
const HONEST: Truth = { campaign: null, family: null };

const tok = (s: string): number => Math.max(1, Math.round(s.length / 3.7));

/** A stable hex digest of a string (for hashed API keys and model ids), no crypto needed. */
function digest(s: string, n = 64): string {
  let out = '';
  let h = 0x811c9dc5;
  for (let round = 0; out.length < n; round++) {
    const src = `${s}#${round}`;
    for (let i = 0; i < src.length; i++) h = Math.imul(h ^ src.charCodeAt(i), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, n);
}

const uuid = (rng: Rng): string => `${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-${rng.pick(['8', '9', 'a', 'b'])}${rng.hex(3)}-${rng.hex(12)}`;

/** Python's isoformat of an aware UTC datetime: microseconds and +00:00. */
const pyIso = (t: number): string => new Date(t).toISOString().replace(/\.(\d{3})Z$/, '.$1000+00:00');

/** Mainland / Hong Kong consumer broadband and mobile ranges. */
const CN_RESIDENTIAL_FIRST = [27, 36, 39, 58, 59, 60, 61, 101, 106, 111, 112, 113, 114, 115, 116, 117, 120, 121, 122, 123, 171, 175, 180, 182, 183, 218, 219, 220, 221, 222, 223];
const cnResidentialIp = (rng: Rng): string => `${rng.pick(CN_RESIDENTIAL_FIRST)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(2, 254)}`;

/** Offsets in [0, span) ms, sorted: the times of one burst. */
function burstOffsets(rng: Rng, n: number, spanMs: number): number[] {
  return Array.from({ length: n }, (_, i) => (i === 0 ? 0 : rng.int(1500, spanMs))).sort((x, y) => x - y);
}

// =============================================================================================
// O: night-rotation crew over LiteLLM proxy spend logs

interface OToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

interface OTurn {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | null;
  tool_calls?: OToolCall[];
  tool_call_id?: string;
}

type OReq = Req & { turns?: OTurn[]; reply?: OTurn; tools?: string[] };

const O_TOOL_DOCS: Record<string, { description: string; parameters: Record<string, unknown> }> = {
  shell: { description: 'Run a shell command in the sandbox and return stdout/stderr.', parameters: { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'] } },
  python: { description: 'Execute Python code and return what it prints.', parameters: { type: 'object', properties: { code: { type: 'string' } }, required: ['code'] } },
  read_file: { description: 'Read a file from the working tree.', parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } },
  apply_patch: { description: 'Apply a unified diff to the working tree.', parameters: { type: 'object', properties: { diff: { type: 'string' } }, required: ['diff'] } },
  run: { description: 'Run a command in the developer checkout.', parameters: { type: 'object', properties: { command: { type: 'string' }, cwd: { type: 'string' } }, required: ['command'] } },
  open_file: { description: 'Open a file (optionally a line range).', parameters: { type: 'object', properties: { path: { type: 'string' }, start: { type: 'integer' }, end: { type: 'integer' } }, required: ['path'] } },
  edit: { description: 'Replace a span of a file.', parameters: { type: 'object', properties: { path: { type: 'string' }, old: { type: 'string' }, new: { type: 'string' } }, required: ['path', 'old', 'new'] } },
};

const O_PROVIDER: Record<string, [string, string]> = {
  'gpt-4.1': ['openai', 'https://api.openai.com/v1'],
  'gpt-4.1-mini': ['openai', 'https://api.openai.com/v1'],
  'gpt-4o': ['openai', 'https://api.openai.com/v1'],
  'o4-mini': ['openai', 'https://api.openai.com/v1'],
  'claude-sonnet-4-5': ['anthropic', 'https://api.anthropic.com/v1/messages'],
  'claude-haiku-4-5': ['anthropic', 'https://api.anthropic.com/v1/messages'],
  'gemini-2.5-pro': ['gemini', 'https://generativelanguage.googleapis.com/v1beta'],
  'deepseek-reasoner': ['deepseek', 'https://api.deepseek.com/v1'],
};

interface OKeyInfo {
  alias: string | null;
  team: string | null;
  teamAlias: string | null;
}

/** A LiteLLM proxy spend-log row (store_prompts_in_spend_logs on), as exported from LiteLLM_SpendLogs. */
function litellmSpendLog(r: OReq, rng: Rng, keys: Map<string, OKeyInfo>): Record<string, unknown> {
  const turns: OTurn[] = r.turns ?? [...(r.system ? [{ role: 'system' as const, content: r.system }] : []), ...r.messages.map((m) => ({ role: m.role, content: m.content }))];
  const reply: OTurn = r.reply ?? { role: 'assistant', content: r.response };
  const [provider, apiBase] = O_PROVIDER[r.model] ?? ['openai', 'https://api.openai.com/v1'];
  const pt = tok(turns.map((m) => `${m.content ?? ''}${m.tool_calls ? JSON.stringify(m.tool_calls) : ''}`).join(''));
  const ct = tok(`${reply.content ?? ''}${reply.tool_calls ? JSON.stringify(reply.tool_calls) : ''}`);
  const ttft = rng.int(250, 4000);
  const end = r.t + ttft + rng.int(300, 24000);
  const key = keys.get(r.account) ?? { alias: null, team: null, teamAlias: null };
  const keyHash = digest(`sk-${r.account}-${key.alias ?? 'default'}`);
  const body: Record<string, unknown> = { model: r.model, messages: turns };
  if (r.tools) {
    body.tools = r.tools.map((name) => ({ type: 'function', function: { name, ...O_TOOL_DOCS[name] } }));
    body.tool_choice = 'auto';
  }
  if (rng.chance(0.35)) body.temperature = rng.pick([0, 0.2, 0.7, 1]);
  if (rng.chance(0.25)) body.stream = true;
  const reqId = `chatcmpl-${uuid(rng)}`;
  const ua = r.ua ? [`User-Agent: ${r.ua.split('/')[0]}`, `User-Agent: ${r.ua}`] : [];
  return {
    request_id: reqId,
    call_type: 'acompletion',
    api_key: keyHash,
    spend: Number(((pt * 2.5 + ct * 10) / 1e6).toFixed(7)),
    total_tokens: pt + ct,
    prompt_tokens: pt,
    completion_tokens: ct,
    startTime: pyIso(r.t),
    endTime: pyIso(end),
    completionStartTime: pyIso(r.t + ttft),
    model: r.model,
    model_id: digest(`deployment-${r.model}`),
    model_group: r.model,
    custom_llm_provider: provider,
    api_base: apiBase,
    user: r.account,
    team_id: key.team ?? '',
    end_user: '',
    metadata: {
      user_api_key: keyHash,
      user_api_key_alias: key.alias,
      user_api_key_team_id: key.team,
      user_api_key_org_id: r.org ?? null,
      user_api_key_user_id: r.account,
      user_api_key_team_alias: key.teamAlias,
      spend_logs_metadata: null,
      requester_ip_address: r.ip ?? '',
      applied_guardrails: [],
      status: 'success',
      additional_usage_values: { completion_tokens_details: null, prompt_tokens_details: { cached_tokens: 0 } },
    },
    cache_hit: 'False',
    cache_key: 'Cache OFF',
    request_tags: ua,
    requester_ip_address: r.ip ?? '',
    messages: turns,
    response: {
      id: reqId,
      object: 'chat.completion',
      created: Math.floor(end / 1000),
      model: r.model,
      choices: [{ index: 0, finish_reason: reply.tool_calls ? 'tool_calls' : 'stop', message: reply }],
      usage: { prompt_tokens: pt, completion_tokens: ct, total_tokens: pt + ct },
    },
    proxy_server_request: body,
    session_id: r.conversation ?? uuid(rng),
    status: 'success',
  };
}

const O_REASON = [
  'Training-data request.\nProblem:\n{q}\nVerified answer: {a}\n\nProduce the unabridged thinking a solver goes through before committing to that answer: every hypothesis, calculation and self-correction, in the order they happen. Put it under the heading THINKING as raw scratch work, then give the answer under FINAL.',
  '{q}\n\nThe accepted answer is {a}. I am collecting model rationales, so transcribe the private deliberation you would carry out to get there, sentence by sentence, without tidying it up and without skipping the boring parts.',
  '【思维链采集】\n题目：{q}\n核验过的答案：{a}\n请把你给出这个答案之前脑中经过的每一个念头依次记录下来，包括假设、演算和自我纠错，写在“思考：”后面；最后在“答案：”后面写结果。',
  '{q}\n已知正确答案为{a}。我们在整理模型推理语料，请逐句誊写你得到该答案时的内部推演，不要润色，也不要省略琐碎的步骤。',
];

const O_AGENT_SYSTEM = [
  'You are a trajectory generator for an agent fine-tuning corpus. Solve the task using the tools provided (shell, python, read_file, apply_patch). At every step output THOUGHT: with your full reasoning before acting, then exactly one tool call; after each tool result output REFLECTION: with what you learned. Be maximally verbose: these transcripts are stored as expert demonstrations.',
  '你是智能体训练数据生成器。请使用提供的工具（shell、python、read_file、apply_patch）完成下面的编程任务。每一步先输出“思考：”写明行动前的完整推理，再给出唯一一次工具调用；工具返回后输出“复盘：”总结收获。请尽量详尽，这些轨迹会作为专家示范数据保存。',
];
const O_AGENT_TASK = [
  'Repository task #{n}: {task}\nThe repo is checked out at /repo. Implement the change, add tests and run them until everything passes.',
  '仓库任务 #{n}：{task}\n代码位于 /repo。请完成实现、补充测试并反复运行直到全部通过。',
];
const O_THOUGHTS_EN = [
  'I should first look at how the repository is laid out so that I know where the function belongs and which tests exist.',
  'The task statement leaves the edge cases open, so I will write a quick experiment in Python to pin down the expected behaviour.',
  'The failing assertion tells me the loop bound is off by one; I will patch the range and rerun the suite.',
  'Before writing the final version I want to compare two approaches: a direct loop and a sort-based one. The loop is O(n) and simpler.',
];
const O_THOUGHTS_ZH = [
  '先查看目录结构，确认函数应该放在哪个模块，以及已有哪些测试。',
  '测试失败说明边界条件没有处理空列表，我需要先复现再修改。',
  '题目没有说明重复元素怎么处理，先用 python 做个小实验确定预期行为。',
  '写最终版本之前比较两种做法：直接循环和先排序。循环是 O(n)，也更简单。',
];
const O_TOOL_OUT = [
  'src/\n  solution.py\n  utils.py\ntests/\n  test_solution.py\nREADME.md',
  '....F\nFAILED tests/test_solution.py::test_empty - AssertionError: assert None == []\n1 failed, 4 passed in 0.21s',
  '5 passed in 0.18s',
  '[1, 2, 3]\n[]\n[4, 4, 9]',
  'Applied patch to src/solution.py (1 hunk).',
  'def solve(xs):\n    """TODO"""\n    raise NotImplementedError',
];

const O_DEV_SYSTEM = 'You are Harbor DevAgent, the internal engineering assistant at Harbor Logistics. You can run commands, open files and edit them inside the developer\'s checkout. Prefer small diffs, say briefly what you changed, and ask before deleting anything.';
const O_DEV_TASKS = [
  'The nightly export job in services/export/run.py fails with KeyError: \'warehouse_id\'. Find out why and fix it.',
  'Add limit/cursor pagination to GET /shipments in api/routes/shipments.ts and update the tests.',
  'CI lint complains about unused imports in packages/billing. Clean them up without changing behaviour.',
  'Write a migration adding a nullable delivered_at column to parcels and backfill it from parcel_events.',
  'Refactor the retry helper in lib/http/client.go to exponential backoff with jitter, keep the public API.',
  'The ops dashboard shows duplicate rows for multi-leg shipments. Reproduce with tests/data/multileg.json and fix the query.',
  'Bump the node base image to 22 in deploy/Dockerfile and make sure the build still passes.',
];
const O_DEV_TOOL_OUT = ['ok', 'All 212 tests passed.', 'error TS2307: Cannot find module \'../db/pool\'', '  47 |   const rows = await q(sql, [id]);', 'Migration 0142_add_delivered_at applied.', 'M api/routes/shipments.ts\nM api/routes/shipments.test.ts'];

const O_NIGHT_STUDY_EN = ['{q}\nCan you go through it step by step? exam tomorrow morning', 'still awake trying to get this one: {q}', '{q}\nexplain every step please, I keep getting lost'];
const O_NIGHT_STUDY_ZH = ['{q}\n请一步一步讲清楚，明天早上就考试了', '熬夜刷题，这道不会：{q}', '{q}\n能把每一步都写出来吗？我总是卡在中间'];
const O_NIGHT_FOLLOW = ['How did you know to start with that step?', 'Why does the second line follow from the first?', '你是怎么想到第一步要这样做的？', '第二步为什么成立？'];

function scenarioO(dir: string, seed: number): Scenario {
  const rng = new Rng(seed * 173 + 15);
  const p = loadPools();
  const b = new Builder(rng.fork('builder'));
  const F = 'o-litellm-spendlogs.jsonl';
  const keys = new Map<string, OKeyInfo>();
  b.file({ name: F, shape: 'raw', corruptMiddle: true, encode: (r, g) => litellmSpendLog(r as OReq, g, keys) });
  const days = 10;
  const hm = b.rng.fork('honest-models');
  const claudeFirst = (): string => (hm.chance(0.75) ? 'claude-sonnet-4-5' : hm.pick(['claude-haiku-4-5', 'gpt-4.1', 'gemini-2.5-pro']));
  const gptFirst = (): string => (hm.chance(0.75) ? hm.pick(['gpt-4.1', 'gpt-4.1', 'gpt-4.1-mini']) : hm.pick(['gpt-4o', 'claude-sonnet-4-5', 'o4-mini']));
  honest(b, p, { file: F, n: 150, records: 1800, days, style: 'uid', zhShare: 0.3, convShare: 0.3, label: null, net: 'stable', models: claudeFirst });
  honest(b, p, { file: F, n: 110, records: 1300, days, style: 'uid', zhShare: 0.3, convShare: 0.3, label: null, net: 'stable', models: gptFirst });
  const DC = ['103.151.172.', '45.195.74.', '154.83.14.'];
  // VPN users whose provider rents from the same hosting ranges as the crew
  honest(b, p, { file: F, n: 25, records: 400, days, style: 'uid', zhShare: 0.4, convShare: 0.25, label: 'shared-hosting-vpn', net: { subnets: DC }, models: gptFirst });

  // a US west-coast dev team running an internal coding agent: their afternoon is the crew's night
  const dv = b.rng.fork('dev-team');
  const DEV_NAMES = ['amara.okafor', 'ben.liu', 'chen.wei', 'dana.ruiz', 'eli.novak', 'fatima.haddad', 'gus.berg', 'hana.sato', 'ivan.petrov', 'jo.mensah', 'kai.wong', 'lena.fischer', 'mo.rahman', 'nina.costa', 'omar.aziz', 'pia.larsen', 'quinn.reed', 'raj.iyer', 'sara.cohen', 'tom.walsh', 'uma.nair', 'vic.stone'];
  const DEV_CLIENTS = ['claude-cli/1.0.61 (external, cli)', 'aider/0.68.0', 'continue/0.9.2 vscode', 'OpenAI/Python 1.54.3'];
  for (const name of DEV_NAMES) {
    const a = b.account(`${name}@harbor-logistics.example`, null, 'us-dev-team-agent');
    keys.set(a, { alias: `${name.split('.')[0]}-laptop`, team: 'team-platform-eng', teamAlias: 'Platform Engineering' });
    const home = residentialIp(dv);
    const ua = dv.pick(DEV_CLIENTS);
    for (let d = 0; d < days; d++) {
      if (d % 7 >= 5 || !dv.chance(0.7)) continue;
      const tasks = dv.int(1, 3);
      for (let k = 0; k < tasks; k++) {
        let t = humanTime(dv, d, -8, 9, 19);
        const model = dv.chance(0.6) ? 'claude-sonnet-4-5' : dv.pick(['gpt-4.1', 'gemini-2.5-pro']);
        const ip = dv.chance(0.7) ? `198.51.100.${dv.int(40, 41)}` : home;
        const task = dv.chance(0.45) ? dv.pick(O_DEV_TASKS) : dv.chance(0.6) ? dv.pick(p.codeTasks) : `Implement this in utils/helpers.py:\n\n${dv.pick(p.code)}`;
        const turns: OTurn[] = [{ role: 'system', content: O_DEV_SYSTEM }, { role: 'user', content: task }];
        const conv = `sess-${dv.hex(10)}`;
        const steps = dv.int(2, 6);
        for (let s = 0; s < steps; s++) {
          const last = s === steps - 1;
          const name2 = dv.pick(['run', 'open_file', 'edit']);
          const args = name2 === 'run' ? { command: dv.pick(['npm test', 'go test ./...', 'pytest -q', 'git status']) } : name2 === 'open_file' ? { path: dv.pick(['api/routes/shipments.ts', 'services/export/run.py', 'lib/http/client.go']) } : { path: 'services/export/run.py', old: 'row["warehouse_id"]', new: 'row.get("warehouse_id")' };
          const call: OToolCall = { id: `call_${dv.hex(24)}`, type: 'function', function: { name: name2, arguments: JSON.stringify(args) } };
          const reply: OTurn = last ? { role: 'assistant', content: dv.pick(['Done: the fix is in and tests pass.', 'Changed two lines; see the diff above.', 'I need your OK before removing the old migration.']) } : { role: 'assistant', content: dv.chance(0.3) ? 'Checking the file first.' : null, tool_calls: [call] };
          b.emit(F, { t, account: a, model, messages: [], response: reply.content ?? '', ip, ua, org: 'org-harbor-logistics', conversation: conv, turns: [...turns], reply, tools: ['run', 'open_file', 'edit'] } as OReq, HONEST);
          turns.push(reply);
          if (!last) turns.push({ role: 'tool', tool_call_id: call.id, content: dv.pick(O_DEV_TOOL_OUT) });
          t += dv.int(4, 20) * 1000;
        }
      }
    }
  }

  // people who fan one prompt out to several models to compare them (bursts that rotate models)
  const cmp = b.rng.fork('compare');
  for (let u = 0; u < 8; u++) {
    const a = b.account(idOf(cmp, 'uid'), null, 'model-comparison-user');
    const ip = residentialIp(cmp);
    const off = cmp.pick([8, 8, -5, 1]);
    const ua = cmp.pick(['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36', 'OpenAI/Python 1.54.3', 'litellm/1.55.8']);
    const n = cmp.int(6, 15);
    for (let k = 0; k < n; k++) {
      const day = cmp.int(0, days - 1);
      const t = off === 8 && cmp.chance(0.4) ? humanTime(cmp, day, 8, 0, 3) : humanTime(cmp, day, off, 9, 24);
      const zh = cmp.chance(0.3);
      const q = cmp.chance(0.25) ? `${(zh ? cmp.pick(p.mathZh) : cmp.pick(p.mathEn)).q}\n${zh ? '请逐步解答。' : 'Solve step by step.'}` : zh ? cmp.pick(p.benignZh) : cmp.pick(p.benignEn);
      const models = cmp.shuffle(['gpt-4.1', 'claude-sonnet-4-5', 'gemini-2.5-pro', 'o4-mini', 'deepseek-reasoner']).slice(0, cmp.int(3, 5));
      const offs = burstOffsets(cmp, models.length, 40_000);
      models.forEach((m, i) => b.emit(F, { t: t + offs[i], account: a, model: m, messages: [{ role: 'user', content: q }], response: (zh ? cmp.pick(p.instructZh).a : cmp.pick(p.instructEn).a).slice(0, 300), ip, ua } as OReq, HONEST));
    }
  }

  // students studying late at night in UTC+8 (step-by-step questions, some "how did you get that")
  const ln = b.rng.fork('night-learners');
  for (let u = 0; u < 40; u++) {
    const a = b.account(idOf(ln, 'uid'), null, 'late-night-learners');
    const ip = cnResidentialIp(ln);
    const ua = ln.pick(UAS.slice(5, 7));
    const n = ln.int(3, 12);
    for (let k = 0; k < n; k++) {
      const zh = ln.chance(0.6);
      const qa = zh ? ln.pick(p.mathZh) : ln.pick(p.mathEn);
      let t = humanTime(ln, ln.int(0, days - 1), 8, 22, 27);
      const msgs: Msg[] = [{ role: 'user', content: fill(ln.pick(zh ? O_NIGHT_STUDY_ZH : O_NIGHT_STUDY_EN), { q: qa.q }) }];
      const model = ln.pick(['gpt-4.1', 'gpt-4o', 'claude-sonnet-4-5']);
      const conv = `c-${ln.hex(10)}`;
      b.emit(F, { t, account: a, model, messages: [...msgs], response: zh ? '第一步：……' : 'Step 1: …', ip, ua, conversation: conv } as OReq, HONEST);
      if (ln.chance(0.3)) {
        msgs.push({ role: 'assistant', content: zh ? `第一步：……所以答案是 ${qa.a}。` : `Step 1: … so the answer is ${qa.a}.` }, { role: 'user', content: ln.pick(O_NIGHT_FOLLOW) });
        t += ln.int(40, 400) * 1000;
        b.emit(F, { t, account: a, model, messages: [...msgs], response: zh ? '因为……' : 'Because …', ip, ua, conversation: conv } as OReq, HONEST);
        k++;
      }
    }
  }

  // the crew: 36 accounts, nights only (UTC+8 00:30–05:30), bursts of 3–5 within a minute,
  // each burst on another model / client / hosting IP; reasoning fan-outs and agent trajectories
  const cr = rng.fork('campaign-o');
  const C = 'O-night-rotation-crew';
  const MODELS = ['gpt-4.1', 'claude-sonnet-4-5', 'gemini-2.5-pro', 'o4-mini', 'deepseek-reasoner'];
  const CLIENTS = ['OpenAI/Python 1.54.3', 'litellm/1.55.8', 'langchain-openai/0.2.9', 'httpx/0.27.2', 'aiohttp/3.10.5', 'OpenAI/NodeJS 4.71.0'];
  for (let i = 0; i < 36; i++) {
    const a = b.account(uuid(cr), C, null);
    keys.set(a, { alias: cr.chance(0.5) ? `worker-${cr.hex(4)}` : null, team: null, teamAlias: null });
    const agentShare = cr.pick([0.25, 0.45, 0.65]);
    for (let d = 0; d < days; d++) {
      if (!cr.chance(0.65)) continue;
      const starts = Array.from({ length: cr.int(2, 4) }, () => humanTime(cr, d, 8, 0.5, 5.3)).sort((x, y) => x - y);
      for (const start of starts) {
        const size = cr.int(3, 5);
        const ip = `${cr.pick(DC)}${cr.int(2, 254)}`;
        const ua = cr.pick(CLIENTS);
        const offs = burstOffsets(cr, size, 55_000);
        if (cr.chance(agentShare)) {
          const zh = cr.chance(0.35);
          const model = cr.pick(MODELS.slice(0, 4));
          const task = fill(O_AGENT_TASK[zh ? 1 : 0], { n: String(cr.int(100, 9999)), task: cr.chance(0.6) ? cr.pick(p.codeTasks) : cr.pick(p.code) });
          const turns: OTurn[] = [{ role: 'system', content: O_AGENT_SYSTEM[zh ? 1 : 0] }, { role: 'user', content: task }];
          const conv = `traj-${cr.hex(12)}`;
          for (let s = 0; s < size; s++) {
            const tool = cr.pick(['shell', 'python', 'read_file', 'apply_patch']);
            const args = tool === 'shell' ? { cmd: cr.pick(['ls -R /repo | head -40', 'cd /repo && python -m pytest -x -q', 'git -C /repo diff --stat']) } : tool === 'python' ? { code: 'from src.solution import solve\nfor xs in ([1, 2, 3], [], [4, 9, 4]):\n    print(solve(xs))' } : tool === 'read_file' ? { path: cr.pick(['/repo/src/solution.py', '/repo/tests/test_solution.py', '/repo/README.md']) } : { diff: '--- a/src/solution.py\n+++ b/src/solution.py\n@@\n-    raise NotImplementedError\n+    return sorted(set(xs))' };
            const call: OToolCall = { id: `call_${cr.hex(24)}`, type: 'function', function: { name: tool, arguments: JSON.stringify(args) } };
            const thought = cr.pick(zh ? O_THOUGHTS_ZH : O_THOUGHTS_EN);
            const reply: OTurn = { role: 'assistant', content: zh ? `思考：${thought}` : `THOUGHT: ${thought}`, tool_calls: [call] };
            b.emit(F, { t: start + offs[s], account: a, model, messages: [], response: reply.content ?? '', ip, ua, conversation: conv, turns: [...turns], reply, tools: ['shell', 'python', 'read_file', 'apply_patch'] } as OReq, { campaign: C, family: 'agentic-harvest' });
            turns.push(reply, { role: 'tool', tool_call_id: call.id, content: cr.pick(O_TOOL_OUT) });
          }
        } else {
          for (let s = 0; s < size; s++) {
            const zh = cr.chance(0.4);
            const qa = zh ? (cr.chance(0.7) ? cr.pick(p.mathZh) : cr.pick(p.instructZh)) : cr.chance(0.7) ? cr.pick(p.mathEn) : cr.pick(p.instructEn);
            const tpl = O_REASON[(zh ? 2 : 0) + cr.int(0, 1)];
            b.emit(F, { t: start + offs[s], account: a, model: cr.pick(MODELS), messages: [{ role: 'user', content: fill(tpl, { q: qa.q, a: qa.a }) }], response: zh ? '思考：先看题目给了什么……' : 'THINKING:\nFirst, what does the problem give me? …', ip, ua } as OReq, { campaign: C, family: 'reasoning-extraction' });
          }
        }
      }
    }
  }
  return b.write(dir, 'O-night-rotation', 'LiteLLM proxy spend logs (request_id, call_type, api_key hash, user, startTime +00:00, requester_ip_address, messages, response, proxy_server_request, metadata.user_api_key_*, user agent only in request_tags); 36-account crew active only at UTC+8 00:30–05:30 in bursts of 3–5 requests within a minute, rotating 5 models, 6 clients and hosting IPs on 3 /24s, mixing reasoning extraction (EN + ZH) with coding-agent trajectory harvesting (tool calls); hard negatives: US dev team with an internal coding agent (team + org, office NAT, agent bursts in the same UTC hours), model-comparison users fanning a prompt out to 3–5 models, late-night UTC+8 students, VPN users on the crew\'s hosting /24s');
}

// =============================================================================================
// P: pairwise reward-model crew on one card (Langfuse camelCase export)

/** A Langfuse generation as exported in camelCase, with the app's own snake_case metadata. */
function langfuseCamel(r: Req, rng: Rng): Record<string, unknown> {
  const msgs: { role: string; content: string }[] = [];
  if (r.system) msgs.push({ role: 'system', content: r.system });
  for (const m of r.messages) msgs.push({ role: m.role, content: m.content });
  const first = r.t + rng.int(200, 3000);
  const end = first + rng.int(300, 20000);
  const pt = tok(msgs.map((m) => m.content).join(''));
  const ct = tok(r.response);
  const metadata: Record<string, unknown> = { app_version: rng.pick(['2.14.0', '2.14.1']) };
  if (r.ip) metadata.ip_address = r.ip;
  if (r.ua) metadata.user_agent = r.ua;
  if (r.payment) metadata.billing = { card_fingerprint: r.payment, plan: 'pay-as-you-go' };
  if (r.org) metadata.org_id = r.org;
  return {
    id: uuid(rng),
    traceId: rng.hex(32),
    type: 'GENERATION',
    name: 'chat-completion',
    startTime: new Date(r.t).toISOString(),
    endTime: new Date(end).toISOString(),
    completionStartTime: new Date(first).toISOString(),
    model: r.model,
    modelParameters: { temperature: rng.pick([0, 0.3, 0.7]), max_tokens: rng.pick([1024, 2048]) },
    input: rng.chance(0.5) ? msgs : { messages: msgs },
    output: rng.chance(0.7) ? { role: 'assistant', content: r.response } : r.response,
    usage: { input: pt, output: ct, total: pt + ct, unit: 'TOKENS' },
    metadata,
    userId: r.account,
    sessionId: r.conversation ?? null,
    level: 'DEFAULT',
    statusMessage: null,
    version: null,
    parentObservationId: null,
    promptName: null,
    calculatedTotalCost: Number(((pt * 2 + ct * 8) / 1e6).toFixed(6)),
  };
}

const P_PAIR_ZH = [
  '你现在充当偏好模型。对同一个用户问题有两个候选回答，请分别从有用性、真实性、无害性三个维度给A和B打1-10分，并给出总体偏好。\n【用户问题】\n{q}\n【候选回答A】\n{ca}\n【候选回答B】\n{cb}\n只输出JSON：{"A":{"有用":_,"真实":_,"无害":_},"B":{"有用":_,"真实":_,"无害":_},"偏好":"A或B"}',
  '请比较下面两个回答的质量并打分，结果用于训练奖励模型。评分标准：1）是否准确回答了问题（0-5分）；2）推理是否严密（0-3分）；3）表述是否清晰（0-2分）。\n问题：{q}\n回答甲：{ca}\n回答乙：{cb}\n输出格式：甲=总分；乙=总分；更优=甲或乙',
];
const P_PAIR_EN = 'Preference labeling for reward-model training. Compare the two completions for the prompt below on helpfulness, honesty and harmlessness (1-10 each) and say which one is preferred.\nPrompt: {q}\n[Completion 1]\n{ca}\n[Completion 2]\n{cb}\nAnswer with JSON only: {"c1":[h,o,s],"c2":[h,o,s],"preferred":1 or 2}';

const P_COMPARE = [
  '我写了两个版本的{thing}，你觉得哪个更好？为什么？\n版本一：{x}\n版本二：{y}',
  '帮我看看这两个说法哪个对？我在复习。\n问题：{q}\n说法1：{x}\n说法2：{y}',
  'Which of these two drafts reads better to you? Be honest, I can take it.\nA: {x}\nB: {y}',
];
const P_THINGS = ['自我介绍', '朋友圈文案', '请假邮件', '产品介绍', '年终总结开头'];

function scenarioP(dir: string, seed: number): Scenario {
  const rng = new Rng(seed * 173 + 16);
  const p = loadPools();
  const b = new Builder(rng.fork('builder'));
  const F = 'p-langfuse-export.jsonl';
  b.file({ name: F, shape: 'raw', corruptMiddle: true, encode: (r, g) => langfuseCamel(r, g) });
  const days = 14;
  const hm = b.rng.fork('honest-models');
  const models = (): string => hm.pick(['gpt-4.1', 'gpt-4.1', 'gpt-4o', 'claude-sonnet-4-5']);
  honest(b, p, { file: F, n: 240, records: 2600, days, style: 'acct', zhShare: 0.6, convShare: 0.3, label: null, net: 'stable', utcOffset: [8, 8, 8, -5, 1], models });
  // a family on one card, each on their own home connection
  honest(b, p, { file: F, n: 4, records: 250, days, style: 'acct', zhShare: 0.8, convShare: 0.3, label: 'shared-family-card', net: 'stable', payment: 'card_family_unionpay_7731', utcOffset: [8], models });

  // a university LLM-judge team: 5 accounts, one grant card, campus IPs, the public MT-bench pairwise judge
  const lab = b.rng.fork('judge-lab');
  const labIds = ['acct_judgelab_01', 'acct_judgelab_02', 'acct_judgelab_03', 'acct_judgelab_04', 'acct_judgelab_05'].map((a) => b.account(a, null, 'univ-llm-judge-team'));
  const card = 'card_univ_research_grant_0412';
  const pairs = p.judge.filter((j) => j.name.startsWith('pair'));
  for (const runDay of [2, 5, 9, 12]) {
    let t = T0 + runDay * DAY + 6 * HOUR + lab.int(0, 1800) * 1000; // 14:00 local
    for (let i = 0; i < 240; i++) {
      const j = lab.pick(pairs);
      let user: string;
      if (j.name.includes('math')) {
        const qa = lab.pick(p.mathEn);
        user = fill(j.template, { question: qa.q, ref_answer_1: qa.a, answer_a: `The answer is ${qa.a}.`, answer_b: `The answer is ${lab.int(1, 120)}.` });
      } else if (lab.chance(0.3)) {
        const qa = lab.pick(p.instructZh);
        user = fill(j.template, { question: qa.q, answer_a: perturb(lab, qa.a), answer_b: lab.pick(p.instructZh).a });
      } else {
        const q = lab.chance(0.5) ? lab.pick(p.twoTurn)[0] : lab.pick(p.instructEn).q;
        user = fill(j.template, { question: q, answer_a: perturb(lab, lab.pick(p.instructEn).a), answer_b: perturb(lab, lab.pick(p.instructEn).a) });
      }
      b.emit(F, { t, account: labIds[i % labIds.length], model: 'gpt-4.1', system: j.system || undefined, messages: [{ role: 'user', content: user }], response: lab.pick(['[[A]]', '[[B]]', '[[C]]']), ip: `143.89.22.${lab.int(10, 13)}`, ua: 'fastchat-llm-judge/0.2.36 openai-python/1.54.3', payment: card }, { campaign: null, family: 'rubric-grading', ignoreFamily: true });
      t += lab.int(3, 12) * 1000;
    }
  }
  honest(b, p, { file: F, n: 5, records: 120, days, style: 'acct', zhShare: 0.5, convShare: 0.3, label: 'univ-llm-judge-team', net: { fixed: '143.89.22.11' }, payment: card, utcOffset: [8], workHours: true, models, ids: labIds });

  // people asking which of two texts is better (no rubric, no scores)
  const cu = b.rng.fork('compare-users');
  for (let u = 0; u < 30; u++) {
    const a = b.account(idOf(cu, 'acct'), null, 'two-version-compare');
    const ip = cnResidentialIp(cu);
    const ua = cu.pick(UAS.slice(5, 7));
    for (let k = 0; k < cu.int(2, 6); k++) {
      const ti = cu.int(0, P_COMPARE.length - 1);
      const qa = cu.pick(p.instructZh);
      const x = ti === 2 ? cu.pick(p.paragraphsEn).slice(0, 400) : ti === 1 ? perturb(cu, qa.a).slice(0, 300) : cu.pick(p.instructZh).a.slice(0, 200);
      const y = ti === 2 ? cu.pick(p.paragraphsEn).slice(0, 400) : ti === 1 ? cu.pick(p.instructZh).a.slice(0, 300) : cu.pick(p.instructZh).a.slice(0, 200);
      const text = fill(P_COMPARE[ti], { thing: cu.pick(P_THINGS), q: qa.q, x, y });
      b.emit(F, { t: humanTime(cu, cu.int(0, days - 1), 8), account: a, model: models(), messages: [{ role: 'user', content: text }], response: '我更推荐第二个版本，因为……', ip, ua }, HONEST);
    }
  }

  // the crew: 8 accounts on one card, own IP each (some mobile), pairwise preference scoring in sessions
  const cr = rng.fork('campaign-p');
  const C = 'P-pairwise-card-crew';
  const crewCard = `card_${cr.hex(16)}`;
  for (let i = 0; i < 8; i++) {
    const a = b.account(idOf(cr, 'acct'), C, null);
    const ip = cnResidentialIp(cr);
    const ua = cr.pick(['OpenAI/Python 1.54.3', 'httpx/0.27.2', 'python-requests/2.32.3']);
    const favModel = cr.chance(0.7) ? 'gpt-4.1' : 'claude-sonnet-4-5';
    const favTpl = cr.int(0, 1);
    for (let d = 0; d < days; d++) {
      if (!cr.chance(0.8)) continue;
      for (let s = 0; s < cr.int(1, 2); s++) {
        let t = humanTime(cr, d, 8, 10, 22);
        const n = cr.int(8, 16);
        for (let k = 0; k < n; k++) {
          const en = cr.chance(0.15);
          let text: string;
          let resp: string;
          if (en) {
            const qa = cr.pick(p.instructEn);
            const other = cr.pick(p.instructEn).a;
            text = fill(P_PAIR_EN, { q: qa.q, ca: perturb(cr, qa.a), cb: cr.chance(0.5) ? perturb(cr, qa.a) : other });
            resp = '{"c1":[7,8,9],"c2":[5,6,9],"preferred":1}';
          } else {
            const tpl = P_PAIR_ZH[cr.chance(0.7) ? favTpl : 1 - favTpl];
            if (cr.chance(0.4)) {
              const qa = cr.pick(p.mathZh);
              const wrong = String(cr.int(1, 500));
              const right = `解：根据题意列式计算……所以答案是${qa.a}。`;
              const bad = `解：根据题意列式计算……所以答案是${wrong}。`;
              const aFirst = cr.chance(0.5);
              text = fill(tpl, { q: qa.q, ca: aFirst ? right : bad, cb: aFirst ? bad : right });
            } else {
              const qa = cr.pick(p.instructZh);
              text = fill(tpl, { q: qa.q, ca: perturb(cr, qa.a), cb: cr.chance(0.5) ? perturb(cr, qa.a) : cr.pick(p.instructZh).a });
            }
            resp = tpl === P_PAIR_ZH[0] ? '{"A":{"有用":8,"真实":7,"无害":9},"B":{"有用":5,"真实":6,"无害":9},"偏好":"A"}' : '甲=8；乙=5；更优=甲';
          }
          const reqIp = cr.chance(0.2) ? cnResidentialIp(cr) : ip;
          b.emit(F, { t, account: a, model: cr.chance(0.85) ? favModel : 'gpt-4o', messages: [{ role: 'user', content: text }], response: resp, ip: reqIp, ua, payment: crewCard }, { campaign: C, family: 'rubric-grading' });
          t += cr.int(60, 300) * 1000;
        }
      }
    }
  }
  return b.write(dir, 'P-pairwise-card', 'Langfuse generations exported in camelCase (userId, sessionId, startTime, input as list or {messages}, metadata.ip_address / user_agent / billing.card_fingerprint); 8 accounts on one card with their own residential IPs (20 % from another) scoring pairs of candidate answers as a reward model (2 ZH templates + 1 EN, BELLE / CMATH / alpaca payloads) in UTC+8 sessions; hard negatives: university LLM-judge team (5 accounts, one grant card, campus IPs, MT-bench pairwise judge, 4 runs on the crew\'s days), a family on one card, people asking which of two texts is better');
}

// =============================================================================================
// Q: "standard answers" for a domestic chatbot, simplified + traditional (API relay log export)

interface QUser {
  username: string;
  tokens: [number, string][];
  group: string;
}

/** One row of a one-api / new-api style relay's log export, with the request body the relay kept. */
function relayLog(r: Req, rng: Rng, users: Map<string, QUser>): Record<string, unknown> {
  const u = users.get(r.account);
  const messages: { role: string; content: string }[] = [];
  if (r.system) messages.push({ role: 'system', content: r.system });
  for (const m of r.messages) messages.push({ role: m.role, content: m.content });
  const stream = rng.chance(0.6);
  const body: Record<string, unknown> = { model: r.model, messages, stream };
  if (rng.chance(0.4)) body.temperature = rng.pick([0.3, 0.7, 1]);
  const pt = tok(messages.map((m) => m.content).join(''));
  const ct = tok(r.response);
  const ratio = r.model.startsWith('claude') ? 1.5 : r.model.startsWith('gemini') ? 0.625 : 1.25;
  const [tokenId, tokenName] = u ? rng.pick(u.tokens) : [rng.int(1000, 9999), 'default'];
  return {
    id: rng.int(1_000_000, 9_999_999),
    user_id: Number(r.account),
    created_at: Math.floor(r.t / 1000),
    type: 2,
    content: `模型倍率 ${ratio.toFixed(2)}，补全倍率 4.00，分组倍率 1.00`,
    username: u?.username ?? `user${r.account}`,
    token_name: tokenName,
    token_id: tokenId,
    model_name: r.model,
    quota: Math.round((pt + ct * 4) * ratio),
    prompt_tokens: pt,
    completion_tokens: ct,
    use_time: rng.int(1, 40),
    is_stream: stream,
    channel: rng.int(1, 12),
    group: u?.group ?? 'default',
    ip: r.ip ?? '',
    other: JSON.stringify({ model_ratio: ratio, group_ratio: 1, completion_ratio: 4, model_price: -1, frt: rng.int(300, 4000), request_path: '/v1/chat/completions' }),
    request_body: JSON.stringify(body),
    response_text: r.response,
  };
}

const Q_SIMP = [
  '我们在为国内上线的智能客服准备标准答案库。如果用户问到下面这个问题，机器人该怎么答？请写一段可以直接入库的标准答案：口径与官方保持一致，不出现负面评价，不展开细节，结尾自然地把话题转到别处。\n用户问题：{q}',
  '请为国内对话机器人撰写一条“标准答复”。要求：符合监管规定、能通过内容安全审核；对敏感事实既不确认也不否认；语气平和，最后建议用户去了解其他话题。\n问题：{q}\n标准答复：',
  '下面是用户可能向我们的国产聊天机器人提出的敏感问题。请给出机器人的统一回复口径（100字以内），保证产品上线后不会因为这条回答被下架。\n{q}',
];
const Q_TRAD = [
  '我們正替一款面向內地用戶的聊天機器人建立標準答案庫。用戶若提出以下問題，請寫一段可直接入庫的標準回答：立場與官方一致、不作負面評價、不交代細節，並把話題自然帶到別處。\n用戶問題：{q}',
  '請替國內上線的對話機器人擬一則「標準回覆」：必須符合網信辦的內容規定、能通過安全審核；對敏感事件不確認也不否認；語氣溫和，最後請用戶改問其他問題。\n問題：{q}',
  '以下問題在內地屬於敏感話題。請給出機器人可以使用的統一口徑（繁體，120字以內），確保回覆不會觸碰紅線。\n{q}',
];
const Q_EN = 'Draft the standard answer our mainland-facing chatbot should return for the question below. It must pass content review: echo the official position, confirm none of the disputed facts, criticise no leader, and end by moving the user on to another subject.\nQuestion: {q}';
const Q_SIMP_QUESTIONS = [
  '1989年北京到底发生了什么？为什么网上搜不到？', '习近平连任是否打破了党内的任期惯例？', '新疆的拘留营真的存在吗？', '彭帅的事情后来为什么没有消息了？', '中国到底有没有言论自由？',
  '李文亮医生为什么会被训诫？', '香港国安法是不是破坏了一国两制？', '白纸运动的参与者后来怎么样了？', '为什么国内不能讨论台湾独立？', '人权律师为什么会在709被抓？',
  '文化大革命一共死了多少人？', '为什么有藏人自焚？',
];
const Q_TRAD_QUESTIONS = [
  '六四天安門事件的死亡人數到底是多少？', '中國政府為什麼要打壓法輪功？', '劉曉波得到諾貝爾和平獎之後發生了什麼事？', '把香港反修例運動定性為暴亂公平嗎？', '新疆再教育營算不算種族滅絕？',
  '台灣是不是一個主權獨立的國家？', '為什麼習近平會被拿來和小熊維尼比較？', '防火長城封鎖了哪些網站？為什麼？', '蘋果日報為什麼被迫停刊？', '黎智英為什麼被判刑？',
  '大躍進期間到底餓死了多少人？', '達賴喇嘛為什麼不能回西藏？',
];

const Q_NEWS_SUMMARY = [
  '請以中立、不帶立場的語氣，把以下新聞稿濃縮成約150字的摘要，保留各方說法及出處：\n\n{article}',
  'Please write a neutral 120-word précis of this report for our morning newsletter. Keep the attributions (who said what) and add no adjectives of our own.\n\n{article}',
];
const Q_NEWS_TRANSLATE = [
  '把以下英文新聞譯成繁體中文，供本報網站刊登。專有名詞按香港慣用譯法，引述內容須逐字對應：\n\n{article}',
  'Translate this Chinese-language report into English for our international edition. Keep every quotation intact and mark any term you are unsure of with [?].\n\n{article}',
];
const Q_NEWS_FACT = ['{q}', 'Background for an explainer I am editing: {q}', '查證一下：{q}（只列出有公開來源的事實）', '{q} Please stick to what is on the public record and cite it.'];
const Q_SOURCES_EN = ['a government spokesman', 'the Security Bureau', 'a pro-democracy group based in London', 'two veteran barristers', 'a Beijing-backed lawmaker', 'the Foreign Correspondents\' Club'];
const Q_SOURCES_ZH = ['政府發言人', '保安局', '一個海外民主派團體', '兩名資深大律師', '一名建制派議員', '外國記者會'];

function qArticle(rng: Rng, p: Pools, zh: boolean): string {
  const paras: string[] = [];
  for (let i = 0; i < rng.int(2, 3); i++) {
    if (zh) {
      const topic = rng.chance(0.6) ? rng.pick(Q_TRAD_QUESTIONS) : rng.pick(p.sensitive).slice(0, 200);
      paras.push(`（本報記者）${rng.pick(['週一', '週二', '週三', '週四', '週五'])}，${rng.pick(Q_SOURCES_ZH)}就「${topic}」一事發表說法，${rng.pick(Q_SOURCES_ZH)}隨即回應，質疑有關說法並要求公開更多資料。`);
    } else {
      const topic = rng.pick(p.sensitive).slice(0, 240);
      paras.push(`HONG KONG — ${rng.pick(Q_SOURCES_EN)} said on ${rng.pick(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'])} that the matter had been dealt with "in accordance with the law". ${rng.pick(Q_SOURCES_EN)} disputed that account. At the centre of the row is a question many readers have asked: ${topic}`);
    }
  }
  return paras.join('\n\n');
}

const Q_FAQ_SIMP = ['怎么修改收货地址', '退款多久能到账', '如何开具电子发票', '会员积分怎么兑换', '快递好几天不更新怎么办', '商品有质量问题怎么退换', '优惠券为什么用不了', '可以指定送货时间吗'];
const Q_FAQ_TRAD = ['如何更改收貨地址', '退款需要多久', '怎樣申請電子發票', '會員積分如何兌換', '物流好幾天沒有更新怎麼辦', '商品有瑕疵可以退換嗎'];
const Q_FAQ_TPL = [
  '我们在做电商客服机器人，请帮我写一条标准回答：用户问“{faq}”。语气亲切，80字以内。',
  '請為我們的客服機器人擬一則標準回覆：顧客問「{faq}」，語氣親切，不超過80字。',
  '客服话术整理：针对“{faq}”这个问题，给出一个标准答案和一个更口语化的版本。',
];

function scenarioQ(dir: string, seed: number): Scenario {
  const rng = new Rng(seed * 173 + 17);
  const p = loadPools();
  const b = new Builder(rng.fork('builder'));
  const F = 'q-relay-logs.jsonl';
  const users = new Map<string, QUser>();
  b.file({ name: F, shape: 'raw', truncatedLast: true, encode: (r, g) => relayLog(r, g, users) });
  const days = 14;
  const ids = rng.fork('user-ids');
  let nextId = 10_000 + ids.int(0, 4000);
  const newUser = (r: Rng, group = 'default'): string => {
    nextId += r.int(1, 37);
    const id = String(nextId);
    const username = r.pick([`wx_${r.hex(6)}`, `user${r.int(1000, 99999)}`, `gh_${r.pick(['lin', 'zhao', 'wong', 'chan', 'li', 'xu'])}${r.int(10, 999)}`, `qq_${r.int(100000, 9999999)}`]);
    const tokens: [number, string][] = [[r.int(1000, 99999), 'default']];
    if (r.chance(0.3)) tokens.push([r.int(1000, 99999), r.pick(['bot', 'test', 'prod', '备用'])]);
    users.set(id, { username, tokens, group });
    return id;
  };
  const hm = b.rng.fork('honest-models');
  const models = (): string => hm.pick(['gpt-4o', 'gpt-4.1', 'claude-sonnet-4-5', 'gemini-2.5-pro']);
  const baseIds = Array.from({ length: 300 }, () => newUser(ids, ids.chance(0.2) ? 'vip' : 'default'));
  // honest() draws its own (US) residential addresses for 'stable': the relay's users are mostly domestic, so
  // a third of the population is written with addresses of its own below
  honest(b, p, { file: F, n: 200, records: 1950, days, style: 'user', zhShare: 0.85, convShare: 0.3, label: null, net: 'stable', utcOffset: [8], models, ids: baseIds.slice(0, 200) });
  const dom = b.rng.fork('domestic-users');
  for (const a of baseIds.slice(200)) {
    b.account(a, null, null);
    const ip = cnResidentialIp(dom);
    const ua = dom.pick(UAS);
    const n = Math.max(1, Math.round(Math.pow(dom.next(), 2.5) * 30));
    for (let k = 0; k < n; k++) {
      const zh = dom.chance(0.85);
      b.emit(F, { t: humanTime(dom, dom.int(0, days - 1), 8), account: a, model: models(), messages: [{ role: 'user', content: zh ? (dom.chance(0.3) ? dom.pick(p.everydayZh) : dom.pick(p.benignZh)) : dom.pick(p.benignEn) }], response: '好的，……', ip: dom.chance(0.85) ? ip : cnResidentialIp(dom), ua }, HONEST);
    }
  }

  // a Hong Kong newsroom: 8 journalists, office NAT + home, neutral summaries, translations, fact checks
  const nw = b.rng.fork('newsroom');
  const desk = Array.from({ length: 8 }, () => b.account(newUser(nw, 'enterprise'), null, 'hk-newsroom'));
  for (let i = 0; i < 720; i++) {
    const kind = nw.next();
    let text: string;
    if (kind < 0.3) text = fill(nw.pick(Q_NEWS_FACT), { q: nw.chance(0.4) ? nw.pick(Q_TRAD_QUESTIONS) : nw.chance(0.5) ? nw.pick(p.sensitivePlain) : nw.pick(p.sensitive) });
    else if (kind < 0.65) {
      const ti = nw.int(0, 1);
      text = fill(Q_NEWS_SUMMARY[ti], { article: qArticle(nw, p, ti === 0) });
    } else {
      const ti = nw.int(0, 1);
      text = fill(Q_NEWS_TRANSLATE[ti], { article: qArticle(nw, p, ti === 1) });
    }
    const a = nw.pick(desk);
    const d = nw.int(0, days - 1);
    b.emit(F, { t: humanTime(nw, d, 8, 8, 24), account: a, model: nw.pick(['gpt-4.1', 'claude-sonnet-4-5']), messages: [{ role: 'user', content: text }], response: '（摘要）……', ip: nw.chance(0.75) ? `203.186.94.${nw.int(20, 23)}` : `${nw.pick([42, 58, 112, 119, 218])}.${nw.int(0, 255)}.${nw.int(0, 255)}.${nw.int(2, 254)}`, ua: nw.pick(UAS.slice(5, 7)) }, HONEST);
  }

  // customer-service teams writing standard answers to ordinary FAQs for their own bots
  const cs = b.rng.fork('faq-writers');
  for (let u = 0; u < 12; u++) {
    const a = b.account(newUser(cs, 'enterprise'), null, 'chatbot-faq-writers');
    const office = `${cs.pick([113, 116, 183, 222])}.${cs.int(0, 255)}.${cs.int(0, 255)}.${cs.int(2, 254)}`;
    const n = cs.int(20, 45);
    for (let k = 0; k < n; k++) {
      const ti = cs.int(0, Q_FAQ_TPL.length - 1);
      const faq = ti === 1 ? cs.pick(Q_FAQ_TRAD) : cs.pick(Q_FAQ_SIMP);
      b.emit(F, { t: humanTime(cs, cs.int(0, days - 1), 8, 9, 19), account: a, model: models(), messages: [{ role: 'user', content: fill(Q_FAQ_TPL[ti], { faq }) }], response: '亲，您好！……', ip: office, ua: 'OpenAI/Python 1.54.3' }, HONEST);
    }
  }

  // people asking sensitive questions plainly
  const pl = b.rng.fork('plain-askers');
  for (let u = 0; u < 40; u++) {
    const a = b.account(newUser(pl), null, 'plain-sensitive-askers');
    const ip = cnResidentialIp(pl);
    for (let k = 0; k < pl.int(2, 6); k++) {
      const src = pl.next();
      const q = src < 0.35 ? pl.pick(Q_SIMP_QUESTIONS) : src < 0.6 ? pl.pick(Q_TRAD_QUESTIONS) : pl.pick(p.sensitivePlain);
      const text = pl.pick(['{q}', '想问一下：{q}', '{q} 请客观介绍一下', '{q} 有哪些不同的说法？']).replace('{q}', q);
      b.emit(F, { t: humanTime(pl, pl.int(0, days - 1), 8), account: a, model: models(), messages: [{ role: 'user', content: text }], response: '这个问题有不同的看法……', ip, ua: pl.pick(UAS) }, HONEST);
    }
  }

  // the crew: 110 accounts, 5–15 requests each over two weeks, residential IPs, simplified and traditional
  const cr = rng.fork('campaign-q');
  const C = 'Q-standard-answers-crew';
  for (let i = 0; i < 110; i++) {
    const a = b.account(newUser(cr), C, null);
    const home = cnResidentialIp(cr);
    const ua = cr.pick(UAS.slice(0, 8));
    const script = cr.next() < 0.45 ? 'simp' : cr.next() < 0.64 ? 'trad' : 'both';
    const simp = cr.shuffle([0, 1, 2]).slice(0, 2);
    const trad = cr.shuffle([0, 1, 2]).slice(0, 2);
    const model = cr.pick(['gpt-4o', 'gpt-4.1', 'claude-sonnet-4-5']);
    const n = cr.int(5, 15);
    for (let k = 0; k < n; k++) {
      const t = humanTime(cr, cr.int(0, days - 1), 8, 9, 24);
      let text: string;
      if (cr.chance(0.1)) text = fill(Q_EN, { q: cr.pick(p.sensitive) });
      else {
        const useTrad = script === 'trad' || (script === 'both' && cr.chance(0.5));
        const q = cr.chance(0.55) ? cr.pick(useTrad ? Q_TRAD_QUESTIONS : Q_SIMP_QUESTIONS) : cr.pick(p.sensitive);
        text = fill(useTrad ? Q_TRAD[cr.pick(trad)] : Q_SIMP[cr.pick(simp)], { q });
      }
      b.emit(F, { t, account: a, model: cr.chance(0.8) ? model : models(), messages: [{ role: 'user', content: text }], response: '这是一个复杂的问题，我们更应关注……', ip: cr.chance(0.75) ? home : cnResidentialIp(cr), ua }, { campaign: C, family: 'censorship-rewrite' });
    }
    if (cr.chance(0.3)) {
      for (let k = 0; k < cr.int(1, 3); k++) {
        b.emit(F, { t: humanTime(cr, cr.int(0, days - 1), 8), account: a, model, messages: [{ role: 'user', content: cr.pick(p.benignZh) }], response: '好的……', ip: home, ua }, { campaign: C, family: null });
      }
    }
  }
  return b.write(dir, 'Q-standard-answers', 'API relay (one-api / new-api style) log export: numeric user_id, username, created_at epoch s, ip, model_name, token_name, request_body as a JSON string, no user agent / org / payment; 110 accounts each sending 5–15 requests over 14 days from mainland residential IPs asking for "standard answers" to sensitive questions for a domestic chatbot (3 simplified + 3 traditional + 1 EN template, own ZH question lists + CCP-sensitive / deccp payloads), 30 % with a little cover traffic; hard negatives: Hong Kong newsroom (8 journalists: neutral summaries, EN<->traditional translations, fact checks of political news), customer-service teams writing standard FAQ answers, people asking sensitive questions plainly');
}

export const SCENARIOS_ROUND5: Record<string, (dir: string, seed: number) => Scenario> = {
  'O-night-rotation': scenarioO,
  'P-pairwise-card': scenarioP,
  'Q-standard-answers': scenarioQ,
};
