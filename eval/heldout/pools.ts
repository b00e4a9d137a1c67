/**
 * Held-out scenarios: payload pools read at run time from the shared public prompt sets (never
 * copied into the repo), plus a tiny PRNG of our own. Independent of eval/generator.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { publicPromptsDir } from '../../test/support/paths';

/** xoshiro128** seeded through splitmix32: deterministic, no Math.random. */
export class Rng {
  private s: Uint32Array;
  constructor(seed: number) {
    let x = seed >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s = new Uint32Array([next(), next(), next(), next()]);
  }
  u32(): number {
    const s = this.s;
    const r = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return r;
  }
  /** [0, 1) */
  next(): number {
    return this.u32() / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  hex(n: number): string {
    let out = '';
    while (out.length < n) out += this.u32().toString(16).padStart(8, '0');
    return out.slice(0, n);
  }
  /** A named, independent child stream. */
  fork(name: string): Rng {
    let h = this.u32();
    for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
    return new Rng(h);
  }
  shuffle<T>(xs: readonly T[]): T[] {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

export interface QA {
  q: string;
  a: string;
}

export interface Pools {
  mathEn: QA[];
  mathZh: QA[];
  code: string[];
  benignEn: string[];
  benignZh: string[];
  /** two-turn conversations (MT-bench) */
  twoTurn: [string, string][];
  /** instruction + a reference answer (alpaca EN) */
  instructEn: QA[];
  /** question + reference answer (BELLE eval, ZH) */
  instructZh: QA[];
  sensitive: string[];
  sensitivePlain: string[];
  /** FastChat judge templates */
  judge: { name: string; system: string; template: string }[];
  /** BELLE ZH grading system prompts */
  gradingZh: string[];
  /** paragraphs to translate */
  paragraphsEn: string[];
  /** short programming tasks (MBPP sanitized) */
  codeTasks: string[];
  /** ZH everyday / values questions (Flames) */
  everydayZh: string[];
}

function file(rel: string): string {
  return fs.readFileSync(path.join(publicPromptsDir(), rel), 'utf8');
}

function jsonl(rel: string): Record<string, unknown>[] {
  return file(rel)
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

function lines(rel: string): string[] {
  return file(rel)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

const s = (v: unknown): string => (typeof v === 'string' ? v : String(v ?? ''));

let cached: Pools | undefined;

export function loadPools(): Pools {
  if (cached) return cached;
  const gsm = jsonl('02_task_payloads/gsm8k_test.jsonl').map((r) => ({ q: s(r.question), a: s(r.answer).split('####').pop()!.trim() }));
  const math = jsonl('02_task_payloads/math500_test.jsonl').map((r) => ({ q: s(r.problem), a: s(r.answer) }));
  const gaokao = jsonl('02_task_payloads/gaokao2023en_test.jsonl').map((r) => ({ q: s(r.question), a: s(r.answer) }));
  const cmath = jsonl('02_task_payloads/cmath_test_zh.jsonl').map((r) => ({ q: s(r.question), a: s(r.answer) }));
  const humaneval = jsonl('02_task_payloads/HumanEval.jsonl').map((r) => s(r.prompt));
  const arena = [
    ...jsonl('01_benign_en/arena_hard_v0.1_questions.jsonl').map((r) => s(r.prompt)),
    ...jsonl('01_benign_en/arena_hard_v2.0_questions.jsonl').map((r) => s(r.prompt)),
  ].filter((p) => p.length > 0 && p.length < 6000);
  const alpacaEn = (JSON.parse(file('01_benign_en/alpaca_en_demo.json')) as Record<string, unknown>[]).map((r) => ({
    q: s(r.input) ? `${s(r.instruction)}\n\n${s(r.input)}` : s(r.instruction),
    a: s(r.output),
  }));
  const seedEn = jsonl('01_benign_en/alpaca_seed_tasks.jsonl').map((r) => s(r.instruction));
  const mt = jsonl('01_benign_en/mt_bench_questions.jsonl').map((r) => r.turns as string[]).filter((t) => Array.isArray(t) && t.length >= 2);
  const belle = jsonl('04_chinese/belle_eval_set.jsonl').map((r) => ({ q: s(r.question), a: s(r.std_answer) }));
  const alpacaZh = (JSON.parse(file('04_chinese/alpaca_zh_demo.json')) as Record<string, unknown>[]).map((r) =>
    s(r.input) ? `${s(r.instruction)}\n${s(r.input)}` : s(r.instruction),
  );
  const seedZh = jsonl('04_chinese/belle_zh_seed_tasks.jsonl').map((r) => s(r.instruction));
  const cvalues = jsonl('04_chinese/cvalues_responsibility_prompts.jsonl').map((r) => s(r.prompt));
  const ccp = (JSON.parse(file('03_jailbreak_sensitive/promptfoo_ccp_sensitive_prompts.json')) as Record<string, unknown>[]).map((r) => s(r.prompt));
  const deccp = [...lines('03_jailbreak_sensitive/deccp_censored.txt'), ...lines('03_jailbreak_sensitive/deccp_other.txt')];
  const deccpPlain = lines('03_jailbreak_sensitive/deccp_uncensored.txt');
  const judge = jsonl('05_templates/fastchat_mtbench_judge_prompts.jsonl')
    .filter((r) => !s(r.name).includes('multi-turn'))
    .map((r) => ({ name: s(r.name), system: s(r.system_prompt), template: s(r.prompt_template) }));
  const gradingZh = jsonl('05_templates/belle_zh_grading_prompts.jsonl').map((r) => s(r.prompt));
  cached = {
    mathEn: [...gsm, ...math, ...gaokao].filter((x) => x.q && x.a),
    mathZh: cmath.filter((x) => x.q && x.a),
    code: humaneval,
    benignEn: [...arena, ...alpacaEn.map((x) => x.q), ...seedEn],
    benignZh: [...belle.map((x) => x.q), ...alpacaZh, ...seedZh, ...cvalues],
    twoTurn: mt.map((t) => [t[0], t[1]] as [string, string]),
    instructEn: alpacaEn.filter((x) => x.a.length > 40),
    instructZh: belle.filter((x) => x.a.length > 10),
    sensitive: [...ccp, ...deccp],
    sensitivePlain: [...deccpPlain, ...ccp.filter((_, i) => i % 7 === 0)],
    judge,
    gradingZh,
    paragraphsEn: alpacaEn.map((x) => x.a).filter((a) => a.length > 120 && a.length < 1500),
    codeTasks: (JSON.parse(file('02_task_payloads/mbpp_sanitized.json')) as Record<string, unknown>[]).map((r) => s(r.prompt)).filter(Boolean),
    everydayZh: jsonl('04_chinese/flames_1k_chinese.jsonl').map((r) => s(r.prompt)).filter((x) => x.length > 4 && x.length < 800),
  };
  return cached;
}
