/**
 * Third-party prompt sets, read at run time from the shared folder (never copied into the repo).
 * Each file is parsed by its own format (JSONL, JSON array, CSV with quoted multi-line fields, TXT)
 * and turned into the pools the populations draw from.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCsvObjects } from '../csv';

export interface MathItem {
  problem: string;
  answer: string;
  /** A worked solution when the set has one. */
  solution?: string;
  source: string;
}

export interface CodeItem {
  task: string;
  /** A reference solution (used as a candidate answer by graders). */
  solution: string;
  source: string;
}

export interface JudgeTemplate {
  name: string;
  system?: string;
  /** Text with `{question}`, `{answer}`, `{rubric}`-style slots. */
  template: string;
  lang: 'en' | 'zh';
}

export interface SourcePools {
  benignEn: string[];
  benignZh: string[];
  /** Two-turn conversations (user turns). */
  multiTurnEn: string[][];
  mathEn: MathItem[];
  mathZh: MathItem[];
  code: CodeItem[];
  /** Politically sensitive questions (deccp, CCP-sensitive). */
  sensitivePolitical: string[];
  /** Value-alignment and safety questions in Chinese (Flames, CValues). */
  sensitiveZh: string[];
  judgeTemplates: JudgeTemplate[];
  /** The MANIFEST file names actually used, for NOTICE files. */
  filesUsed: string[];
}

export interface LoadOptions {
  /** Only files whose licence is MIT or Apache-2.0 without non-commercial terms (for committed samples). */
  permissiveOnly?: boolean;
}

type Row = Record<string, unknown>;

export function readRows(file: string): Row[] {
  const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const ext = path.extname(file).toLowerCase();
  if (ext === '.jsonl') {
    return text
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Row);
  }
  if (ext === '.json') {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? (parsed as Row[]) : [parsed as Row];
  }
  if (ext === '.csv') return parseCsvObjects(text);
  if (ext === '.txt') {
    return text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== '')
      .map((l) => ({ text: l }));
  }
  throw new Error(`unsupported prompt file: ${file}`);
}

interface ManifestEntry {
  file: string;
  license: string;
  repo: string;
}

export function readManifest(dir: string): ManifestEntry[] {
  const [header, ...lines] = fs.readFileSync(path.join(dir, 'MANIFEST.tsv'), 'utf8').split(/\r?\n/);
  const cols = header.split('\t');
  const at = (name: string) => cols.indexOf(name);
  return lines
    .filter((l) => l.trim() !== '')
    .map((l) => l.split('\t'))
    .map((c) => ({ file: c[at('file')], license: c[at('license')], repo: c[at('source_repo')] }));
}

/** MIT or Apache-2.0 with no non-commercial, research-only or CC terms anywhere in the licence note. */
export function isPermissive(entry: ManifestEntry): boolean {
  if (!/\b(MIT|Apache-2\.0)\b/.test(entry.license)) return false;
  if (/\bNC\b|non-commercial|research|CC BY|ODC/i.test(entry.license)) return false;
  return !/BELLE/i.test(entry.repo);
}

const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

const withInput = (r: Row): string => {
  const input = str(r.input).trim();
  return input ? `${str(r.instruction)}\n\n${input}` : str(r.instruction);
};

const finalGsm8kAnswer = (answer: string): string => answer.split('####').pop()?.trim() ?? answer;
const cleanGsm8kSolution = (answer: string): string =>
  answer.split('####')[0].replace(/<<[^>]*>>/g, '').trim();

const cache = new Map<string, SourcePools>();

export function loadSources(dir: string, options: LoadOptions = {}): SourcePools {
  const key = `${dir}|${options.permissiveOnly ? 'p' : 'all'}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const manifest = readManifest(dir);
  const allowed = new Set(manifest.filter((m) => !options.permissiveOnly || isPermissive(m)).map((m) => m.file));
  const filesUsed: string[] = [];
  const rows = (file: string): Row[] => {
    if (!allowed.has(file)) return [];
    filesUsed.push(file);
    return readRows(path.join(dir, file));
  };
  const pools: SourcePools = {
    benignEn: [
      ...rows('01_benign_en/arena_hard_v0.1_questions.jsonl').map((r) => str(r.prompt)),
      ...rows('01_benign_en/arena_hard_v2.0_questions.jsonl').map((r) => str(r.prompt)),
      ...rows('01_benign_en/vicuna_bench_questions.jsonl').map((r) => str((r.turns as string[])[0])),
      ...rows('01_benign_en/alpaca_seed_tasks.jsonl').map((r) =>
        withInput({ instruction: r.instruction, input: (r.instances as Row[])?.[0]?.input }),
      ),
      ...rows('01_benign_en/alpaca_en_demo.json').map(withInput),
    ],
    benignZh: [
      ...rows('04_chinese/belle_eval_set.jsonl').map((r) => str(r.question)),
      ...rows('04_chinese/belle_zh_seed_tasks.jsonl').map((r) =>
        withInput({ instruction: r.instruction, input: (r.instances as Row[])?.[0]?.input }),
      ),
      ...rows('04_chinese/alpaca_zh_demo.json').map(withInput),
    ],
    multiTurnEn: rows('01_benign_en/mt_bench_questions.jsonl').map((r) => (r.turns as string[]).map(str)),
    mathEn: [
      ...[...rows('02_task_payloads/gsm8k_train.jsonl'), ...rows('02_task_payloads/gsm8k_test.jsonl')].map((r) => ({
        problem: str(r.question),
        answer: finalGsm8kAnswer(str(r.answer)),
        solution: cleanGsm8kSolution(str(r.answer)),
        source: 'gsm8k',
      })),
      ...rows('02_task_payloads/math500_test.jsonl').map((r) => ({
        problem: str(r.problem),
        answer: str(r.answer),
        solution: str(r.solution),
        source: 'math500',
      })),
      ...rows('02_task_payloads/gaokao2023en_test.jsonl').map((r) => ({
        problem: str(r.question),
        answer: str(r.answer),
        source: 'gaokao2023en',
      })),
      ...rows('02_task_payloads/aime24_test.jsonl').map((r) => ({
        problem: str(r.problem),
        answer: str(r.answer),
        solution: str(r.solution),
        source: 'aime24',
      })),
    ],
    mathZh: rows('02_task_payloads/cmath_test_zh.jsonl').map((r) => ({
      problem: str(r.question),
      answer: str(r.answer),
      source: 'cmath',
    })),
    code: [
      ...rows('02_task_payloads/HumanEval.jsonl').map((r) => ({
        task: str(r.prompt),
        solution: str(r.prompt) + str(r.canonical_solution),
        source: 'humaneval',
      })),
      ...rows('02_task_payloads/mbpp_sanitized.json').map((r) => ({
        task: `${str(r.prompt)}\n${((r.test_list as string[]) ?? []).join('\n')}`,
        solution: str(r.code),
        source: 'mbpp',
      })),
    ],
    sensitivePolitical: [
      ...rows('03_jailbreak_sensitive/deccp_censored.txt').map((r) => str(r.text)),
      ...rows('03_jailbreak_sensitive/deccp_other.txt').map((r) => str(r.text)),
      ...rows('03_jailbreak_sensitive/deccp_uncensored.txt').map((r) => str(r.text)),
      ...rows('03_jailbreak_sensitive/promptfoo_ccp_sensitive_prompts.json').map((r) => str(r.prompt)),
    ],
    sensitiveZh: [
      ...rows('04_chinese/flames_1k_chinese.jsonl').map((r) => str(r.prompt)),
      ...rows('04_chinese/cvalues_responsibility_prompts.jsonl').map((r) => str(r.prompt)),
    ],
    judgeTemplates: [
      ...rows('05_templates/fastchat_mtbench_judge_prompts.jsonl')
        .filter((r) => r.type === 'single' && !str(r.name).includes('multi'))
        .map((r) => ({
          name: `fastchat-${str(r.name)}`,
          system: str(r.system_prompt),
          template: str(r.prompt_template),
          lang: 'en' as const,
        })),
      ...rows('05_templates/belle_zh_grading_prompts.jsonl').map((r) => ({
        name: `belle-${str(r.class)}`,
        template: `${str(r.prompt)}\n问题：{question}\n标准答案：{ref_answer_1}\n模型回答：{answer}`,
        lang: 'zh' as const,
      })),
    ],
    filesUsed,
  };
  for (const [name, value] of Object.entries(pools)) {
    if (Array.isArray(value)) pools[name as 'benignEn'] = (value as string[]).filter((v) => v !== '' && v !== undefined);
  }
  cache.set(key, pools);
  return pools;
}
