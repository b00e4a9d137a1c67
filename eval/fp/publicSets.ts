/**
 * The public prompt sets the detectors are measured on, read from the shared folder at run time
 * (never copied into the repo): each file's prompts as plain texts, with the detection families
 * the file is a positive set for (those are excluded from its false-positive count).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRows } from '../generator/sources';

type Row = Record<string, unknown>;

export interface PromptSet {
  /** Path relative to the public-prompts folder. */
  file: string;
  group: string;
  prompts: string[];
  /** Families this set legitimately asks for (counted as recall, not as false positives). */
  positiveFor: string[];
}

const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const withInput = (instruction: unknown, input: unknown): string => {
  const extra = str(input).trim();
  return extra ? `${str(instruction)}\n\n${extra}` : str(instruction);
};

interface SetSpec {
  file: string;
  extract: (r: Row) => string[];
  positiveFor?: string[];
}

const SPECS: SetSpec[] = [
  { file: '01_benign_en/arena_hard_v0.1_questions.jsonl', extract: (r) => [str(r.prompt)] },
  { file: '01_benign_en/arena_hard_v2.0_questions.jsonl', extract: (r) => [str(r.prompt)] },
  { file: '01_benign_en/mt_bench_questions.jsonl', extract: (r) => (r.turns as unknown[]).map(str) },
  { file: '01_benign_en/vicuna_bench_questions.jsonl', extract: (r) => (r.turns as unknown[]).map(str) },
  { file: '01_benign_en/alpaca_seed_tasks.jsonl', extract: (r) => [withInput(r.instruction, (r.instances as Row[])?.[0]?.input)] },
  { file: '01_benign_en/alpaca_en_demo.json', extract: (r) => [withInput(r.instruction, r.input)] },
  { file: '02_task_payloads/gsm8k_train.jsonl', extract: (r) => [str(r.question)] },
  { file: '02_task_payloads/gsm8k_test.jsonl', extract: (r) => [str(r.question)] },
  { file: '02_task_payloads/HumanEval.jsonl', extract: (r) => [str(r.prompt)] },
  { file: '02_task_payloads/math500_test.jsonl', extract: (r) => [str(r.problem)] },
  { file: '02_task_payloads/mbpp_sanitized.json', extract: (r) => [str(r.prompt)] },
  { file: '02_task_payloads/cmath_test_zh.jsonl', extract: (r) => [str(r.question)] },
  { file: '02_task_payloads/gaokao2023en_test.jsonl', extract: (r) => [str(r.question)] },
  { file: '02_task_payloads/aime24_test.jsonl', extract: (r) => [str(r.problem)] },
  { file: '03_jailbreak_sensitive/verazuo_jailbreak_prompts_2023_05_07.csv', extract: (r) => [str(r.prompt)] },
  { file: '03_jailbreak_sensitive/verazuo_forbidden_question_set.csv', extract: (r) => [str(r.question)] },
  { file: '03_jailbreak_sensitive/promptfoo_ccp_sensitive_prompts.json', extract: (r) => [str(r.prompt)] },
  { file: '03_jailbreak_sensitive/deccp_censored.txt', extract: (r) => [str(r.text)] },
  { file: '03_jailbreak_sensitive/deccp_uncensored.txt', extract: (r) => [str(r.text)] },
  { file: '03_jailbreak_sensitive/deccp_other.txt', extract: (r) => [str(r.text)] },
  { file: '03_jailbreak_sensitive/gptfuzzer_jailbreak_templates.csv', extract: (r) => [str(r.text)] },
  { file: '03_jailbreak_sensitive/self_reminder_jailbreak_prompts.csv', extract: (r) => [str(r.prompt)] },
  { file: '03_jailbreak_sensitive/self_reminder_jailbreak_prompts_itw.csv', extract: (r) => [str(r.prompt)] },
  { file: '03_jailbreak_sensitive/jailbreakbench_behaviors.csv', extract: (r) => [str(r.Goal)] },
  { file: '03_jailbreak_sensitive/strongreject.json', extract: (r) => [str(r.instruction)] },
  { file: '04_chinese/belle_eval_set.jsonl', extract: (r) => [str(r.question)] },
  { file: '04_chinese/belle_zh_seed_tasks.jsonl', extract: (r) => [withInput(r.instruction, (r.instances as Row[])?.[0]?.input)] },
  { file: '04_chinese/flames_1k_chinese.jsonl', extract: (r) => [str(r.prompt)] },
  { file: '04_chinese/cvalues_responsibility_prompts.jsonl', extract: (r) => [str(r.prompt)] },
  { file: '04_chinese/alpaca_zh_demo.json', extract: (r) => [withInput(r.instruction, r.input)] },
  {
    file: '05_templates/fastchat_mtbench_judge_prompts.jsonl',
    extract: (r) => [`${str(r.system_prompt)}\n\n${str(r.prompt_template)}`],
    positiveFor: ['rubric-grading'],
  },
  { file: '05_templates/belle_zh_grading_prompts.jsonl', extract: (r) => [str(r.prompt)], positiveFor: ['rubric-grading'] },
];

/** Every set that exists under `dir` (missing files are skipped, so a partial shared folder still works). */
export function loadPublicSets(dir: string): PromptSet[] {
  const out: PromptSet[] = [];
  for (const spec of SPECS) {
    const file = path.join(dir, spec.file);
    if (!fs.existsSync(file)) continue;
    const prompts = readRows(file)
      .flatMap(spec.extract)
      .filter((p) => p.trim() !== '');
    out.push({ file: spec.file, group: spec.file.split('/')[0], prompts, positiveFor: spec.positiveFor ?? [] });
  }
  return out;
}
