/**
 * False-positive rates of the record-level detectors on public prompt sets, recall on the
 * held-out paraphrases (test/fixtures/rules/heldout.json), and detection throughput.
 * Run: `npx tsc -p tsconfig.test.json && node out/eval/benignFp.js`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { builtinRuleSet, detectRecord, FAMILIES, type RuleSet, type TextHit } from '../src/core/detect';
import type { NormalizedRecord } from '../src/core/types';
import { loadPublicSets } from './fp/publicSets';
import { promptsDir, ruleFixturesDir } from './fp/paths';

export interface FpRow {
  file: string;
  prompts: number;
  /** Per family: prompts that fired. */
  hits: Record<string, number>;
  /** Families the file is a positive set for (their hits are recall, not false positives). */
  positiveFor: string[];
}

export interface Offender {
  file: string;
  family: string;
  rule: string;
  explanation: string;
  excerpt: string;
}

export interface RecallRow {
  set: string;
  family: string;
  total: number;
  detected: number;
  missed: string[];
}

export interface FpTable {
  families: string[];
  rows: FpRow[];
  /** Per family over all files that are not positive for it: prompts scanned, hits, rate. */
  totals: Record<string, { prompts: number; hits: number; rate: number }>;
  offenders: Offender[];
  recall: RecallRow[];
  /** Hard negatives of the fixture sets that fired anyway. */
  negativeHits: Array<{ set: string; family: string; text: string; rule: string }>;
  /** On the public prompts (mostly benign: the keyword gate rejects most). */
  throughput: Throughput;
  /** On campaign prompts with long payloads (see positiveHeavyTexts). */
  positiveThroughput: Throughput;
}

/** A one-turn record around `text`, the shape adapters produce. */
export function recordOf(text: string, file = 'eval', line = 1): NormalizedRecord {
  return { file, line, bytes: [0, 0], turns: [{ role: 'user', text }], turnCount: 1, promptIndex: 0 };
}

export function detectText(text: string, rules: RuleSet = builtinRuleSet()): TextHit[] {
  return detectRecord(recordOf(text), rules);
}

interface FixtureFile {
  positives: Record<string, string[]>;
  negatives: Record<string, string[]>;
  /** Long payloads shared by several texts, written `{{name}}` in them. */
  payloads?: Record<string, string>;
}

export type FixtureName = 'tuning' | 'heldout' | 'heldout2' | 'heldout3' | 'heldout4' | 'heldout5' | 'heldout6' | 'heldout7' | 'heldout8' | 'heldout9' | 'heldout10' | 'heldout11' | 'heldout12' | 'heldout13' | 'heldout14' | 'heldout15' | 'heldout16' | 'heldout17' | 'heldout18';
export const FIXTURE_SETS: FixtureName[] = ['tuning', 'heldout', 'heldout2', 'heldout3', 'heldout4', 'heldout5', 'heldout6', 'heldout7', 'heldout8', 'heldout9', 'heldout10', 'heldout11', 'heldout12', 'heldout13', 'heldout14', 'heldout15', 'heldout16', 'heldout17', 'heldout18'];

/** A fixture set with its `{{payload}}` references expanded. */
export function readFixture(name: FixtureName): FixtureFile {
  const raw = JSON.parse(fs.readFileSync(path.join(ruleFixturesDir(), `${name}.json`), 'utf8')) as FixtureFile;
  const payloads = raw.payloads ?? {};
  const expand = (t: string) =>
    t.replace(/\{\{([a-z0-9_]+)\}\}/g, (m, key: string) => {
      const payload = payloads[key];
      if (payload === undefined) throw new Error(`${name}.json: unknown payload ${m}`);
      return payload;
    });
  const expandAll = (byFamily: Record<string, string[]>) => Object.fromEntries(Object.entries(byFamily).map(([f, texts]) => [f, texts.map(expand)]));
  return { positives: expandAll(raw.positives), negatives: expandAll(raw.negatives) };
}

export async function measureBenignFalsePositives(): Promise<FpTable> {
  const rules = builtinRuleSet();
  const families = [...FAMILIES];
  const sets = loadPublicSets(promptsDir());
  const rows: FpRow[] = [];
  const offenders: Offender[] = [];
  for (const set of sets) {
    const hits: Record<string, number> = Object.fromEntries(families.map((f) => [f, 0]));
    set.prompts.forEach((text, i) => {
      for (const hit of detectRecord(recordOf(text, set.file, i + 1), rules)) {
        hits[hit.family] = (hits[hit.family] ?? 0) + 1;
        if (!set.positiveFor.includes(hit.family)) {
          offenders.push({ file: set.file, family: hit.family, rule: hit.rule, explanation: hit.explanation, excerpt: excerpt(text, hit) });
        }
      }
    });
    rows.push({ file: set.file, prompts: set.prompts.length, hits, positiveFor: set.positiveFor });
  }

  const totals: FpTable['totals'] = {};
  for (const f of families) {
    const scanned = rows.filter((r) => !r.positiveFor.includes(f));
    const n = scanned.reduce((a, r) => a + r.prompts, 0);
    const h = scanned.reduce((a, r) => a + (r.hits[f] ?? 0), 0);
    totals[f] = { prompts: n, hits: h, rate: n === 0 ? 0 : h / n };
  }

  const recall: RecallRow[] = [];
  const negativeHits: FpTable['negativeHits'] = [];
  for (const setName of FIXTURE_SETS) {
    const fixture = readFixture(setName);
    for (const [family, texts] of Object.entries(fixture.positives)) {
      const missed = texts.filter((t) => !detectText(t, rules).some((h) => h.family === family));
      recall.push({ set: setName, family, total: texts.length, detected: texts.length - missed.length, missed });
    }
    for (const [family, texts] of Object.entries(fixture.negatives)) {
      for (const t of texts) {
        for (const h of detectText(t, rules)) if (h.family === family) negativeHits.push({ set: setName, family, text: t, rule: h.rule });
      }
    }
  }

  return {
    families,
    rows,
    totals,
    offenders,
    recall,
    negativeHits,
    throughput: measureThroughput(sets.flatMap((s) => s.prompts), rules),
    positiveThroughput: measureThroughput(positiveHeavyTexts(sets.flatMap((s) => s.prompts)), rules),
  };
}

export interface Throughput {
  prompts: number;
  chars: number;
  ms: number;
  promptsPerSec: number;
  mbPerSec: number;
  jsonParseMbPerSec: number;
}

/**
 * Detection speed on `texts` (best of three warm passes: the machine is shared) next to a bare
 * JSON.parse of the same texts as JSONL chat lines.
 */
export function measureThroughput(texts: string[], rules: RuleSet = builtinRuleSet()): Throughput {
  const records = texts.map((t) => recordOf(t));
  const chars = texts.reduce((a, t) => a + t.length, 0);
  const ms = bestOfThree(() => {
    for (const r of records) detectRecord(r, rules);
  });
  return { prompts: texts.length, chars, ms, promptsPerSec: texts.length / (ms / 1000), mbPerSec: chars / 1e6 / (ms / 1000), jsonParseMbPerSec: jsonParseSpeed(texts) };
}

/**
 * The worst case for detection: every text a campaign prompt (all fixture positives), alone and
 * with a long benign payload (public prompts, ~2-3k characters) before and after the instruction,
 * so cues are found and rules fully evaluated on long texts.
 */
export function positiveHeavyTexts(publicPrompts: string[]): string[] {
  const positives = FIXTURE_SETS.flatMap((name) => Object.values(readFixture(name).positives).flat());
  const out: string[] = [];
  let k = 0;
  const payload = (): string => {
    let p = '';
    while (p.length < 2000 && publicPrompts.length > 0) p += `${publicPrompts[(k = (k + 7919) % publicPrompts.length)]}\n\n`;
    return p;
  };
  for (let round = 0; round < 8; round++) {
    for (const t of positives) out.push(t, `${payload()}${t}`, `${t}\n\n${payload()}`);
  }
  return out;
}

/** Bare JSON.parse of the same prompts as JSONL lines, for comparison with detection speed. */
function jsonParseSpeed(texts: string[]): number {
  const lines = texts.map((t) => JSON.stringify({ messages: [{ role: 'user', content: t }] }));
  const bytes = lines.reduce((a, l) => a + l.length, 0);
  const ms = bestOfThree(() => {
    for (const l of lines) JSON.parse(l);
  });
  return bytes / 1e6 / (ms / 1000);
}

function bestOfThree(run: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = process.hrtime.bigint();
    run();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return best;
}

function excerpt(text: string, hit: TextHit): string {
  const from = Math.max(0, hit.start - 60);
  return text.slice(from, Math.min(text.length, hit.end + 60)).replace(/\s+/g, ' ');
}

export function formatFpTable(t: FpTable, maxOffenders = 40): string {
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  const lines: string[] = [];
  lines.push(['file', 'prompts', ...t.families].join('\t'));
  for (const r of t.rows) {
    lines.push([r.file, r.prompts, ...t.families.map((f) => `${r.hits[f]}${r.positiveFor.includes(f) ? ' (pos)' : ''}`)].join('\t'));
  }
  lines.push('');
  lines.push('FP rate per family (files not positive for it):');
  for (const f of t.families) lines.push(`  ${f}: ${t.totals[f].hits}/${t.totals[f].prompts} = ${pct(t.totals[f].rate)}`);
  lines.push('');
  lines.push('Recall on fixture paraphrases:');
  for (const r of t.recall) lines.push(`  ${r.set}\t${r.family}\t${r.detected}/${r.total}${r.missed.length ? `\tmissed: ${r.missed.map((m) => JSON.stringify(m.slice(0, 70))).join(' | ')}` : ''}`);
  lines.push(`Hard negatives that fired: ${t.negativeHits.length}`);
  for (const n of t.negativeHits) lines.push(`  ${n.set}\t${n.family}\t${n.rule}\t${JSON.stringify(n.text.slice(0, 80))}`);
  lines.push('');
  lines.push(`Offenders (${t.offenders.length}, first ${Math.min(maxOffenders, t.offenders.length)}):`);
  for (const o of t.offenders.slice(0, maxOffenders)) lines.push(`  [${o.family}] ${o.rule} ${o.file}: …${o.excerpt}…`);
  lines.push('');
  for (const [name, tp] of [['public prompts', t.throughput], ['positive-heavy', t.positiveThroughput]] as const) {
    lines.push(
      `Throughput (${name}): ${tp.prompts} prompts, ${(tp.chars / 1e6).toFixed(1)} M chars in ${tp.ms.toFixed(0)} ms = ${Math.round(tp.promptsPerSec)} prompts/s, ${tp.mbPerSec.toFixed(1)} M chars/s (bare JSON.parse of the same prompts: ${tp.jsonParseMbPerSec.toFixed(1)} MB/s)`,
    );
  }
  return lines.join('\n');
}

if (require.main === module) {
  measureBenignFalsePositives().then(
    (t) => console.log(formatFpTable(t, Number(process.env.PF_OFFENDERS ?? 40))),
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
