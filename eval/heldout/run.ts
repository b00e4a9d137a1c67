/**
 * Independent held-out check: generates the scenarios of ./scenarios.ts, runs the real analysis
 * (analyzeFiles, as the CLI does) and scores it against the known truth.
 *
 *   npx tsc -p tsconfig.test.json && node out/eval/heldout/run.js [--seeds 101,202,303] [--scenarios A-hydra-cron,…] [--json out.json]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeFiles } from '../../src/core/analyze';
import type { Report } from '../../src/core/report/model';
import { repoRoot } from '../../test/support/paths';
import { SCENARIOS_ROUND2 } from './roundtwo';
import { SCENARIOS_ROUND4 } from './roundfour';
import { SCENARIOS_ROUND5 } from './roundfive';
import { SCENARIOS_ROUND3 } from './roundthree';
import { SCENARIOS as SCENARIOS_ROUND1, type Family, type Scenario } from './scenarios';

const SCENARIOS = { ...SCENARIOS_ROUND1, ...SCENARIOS_ROUND2, ...SCENARIOS_ROUND3, ...SCENARIOS_ROUND4, ...SCENARIOS_ROUND5 };

const FAMILIES: Family[] = ['reasoning-extraction', 'rubric-grading', 'censorship-rewrite', 'agentic-harvest'];

interface FamilyScore {
  family: Family;
  truth: number;
  predicted: number;
  tp: number;
  precision: number | null;
  recall: number | null;
}

export interface ScenarioScore {
  scenario: string;
  seed: number;
  records: number;
  accounts: number;
  campaignAccounts: number;
  predictedAccounts: number;
  precision: number | null;
  recall: number | null;
  pairwiseF1: number | null;
  hardNegatives: number;
  hardNegativesFlagged: number;
  hardNegativesFlaggedByLabel: Record<string, string>;
  families: FamilyScore[];
  accountingOk: boolean;
  accounting: string[];
  suspected: { id: string; score: number; size: number; composition: Record<string, number> }[];
  /** per true campaign: the reported community (suspected or not) holding most of its accounts */
  nearest: { campaign: string; accounts: number; inAnyCommunity: number; best: null | { id: string; score: number; suspected: boolean; members: number; others: number } }[];
  seconds: number;
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);
const fmt = (x: number | null): string => (x === null ? '  —  ' : x.toFixed(3));

export async function scoreScenario(sc: Scenario, seed: number, report: Report, seconds: number): Promise<ScenarioScore> {
  // accounts
  const predicted = new Map<string, string>(); // account → suspected campaign id
  for (const c of report.campaigns) if (c.suspected) for (const a of c.accounts) predicted.set(a, c.id);
  const truthOf = new Map(sc.accounts.map((a) => [a.account, a]));
  const truthCampaign = sc.accounts.filter((a) => a.campaign);
  const tp = truthCampaign.filter((a) => predicted.has(a.account)).length;
  const precision = ratio(tp, predicted.size);
  const recall = ratio(tp, truthCampaign.length);
  // pairwise F1 over accounts in a true or predicted campaign
  const universe = [...new Set([...truthCampaign.map((a) => a.account), ...predicted.keys()])];
  let both = 0;
  let truthPairs = 0;
  let predPairs = 0;
  for (let i = 0; i < universe.length; i++) {
    for (let j = i + 1; j < universe.length; j++) {
      const ti = truthOf.get(universe[i])?.campaign ?? null;
      const tj = truthOf.get(universe[j])?.campaign ?? null;
      const sameTruth = ti !== null && ti === tj;
      const pi = predicted.get(universe[i]);
      const samePred = pi !== undefined && pi === predicted.get(universe[j]);
      if (sameTruth) truthPairs++;
      if (samePred) predPairs++;
      if (sameTruth && samePred) both++;
    }
  }
  const pp = ratio(both, predPairs);
  const pr = ratio(both, truthPairs);
  const pairwiseF1 = pp === null || pr === null ? (truthPairs === 0 && predPairs === 0 ? null : 0) : pp + pr === 0 ? 0 : (2 * pp * pr) / (pp + pr);
  // hard negatives
  const hn = sc.accounts.filter((a) => a.hardNegative);
  const byLabel = new Map<string, [number, number]>();
  for (const a of hn) {
    const e = byLabel.get(a.hardNegative!) ?? [0, 0];
    e[0]++;
    if (predicted.has(a.account)) e[1]++;
    byLabel.set(a.hardNegative!, e);
  }
  const hnFlagged = hn.filter((a) => predicted.has(a.account)).length;
  // records: per-family precision / recall
  const found = new Map<string, Set<string>>();
  for (const r of report.records ?? []) found.set(`${r.file}:${r.line}`, new Set(r.findings.map((f) => f.family)));
  const families: FamilyScore[] = FAMILIES.map((family) => {
    let t = 0;
    let pr2 = 0;
    let hit = 0;
    for (const r of sc.records) {
      if (r.ignoreFamily) continue;
      const got = found.get(`${r.file}:${r.line}`)?.has(family) ?? false;
      if (r.family === family) t++;
      if (got) pr2++;
      if (got && r.family === family) hit++;
    }
    return { family, truth: t, predicted: pr2, tp: hit, precision: ratio(hit, pr2), recall: ratio(hit, t) };
  });
  // accounting
  const accounting: string[] = [];
  let accountingOk = true;
  for (const f of sc.files) {
    const got = report.input.files.find((x) => path.resolve(x.path) === path.resolve(f.file));
    if (!got) {
      accounting.push(`${path.basename(f.file)}: missing from report`);
      accountingOk = false;
      continue;
    }
    const ok = got.lines === f.lines && got.records === f.records && got.blank === f.blank && got.malformed.length === f.malformed && got.records + got.malformed.length + got.blank === got.lines;
    accountingOk &&= ok;
    accounting.push(
      `${path.basename(f.file)} [${got.format}]: lines ${got.lines}/${f.lines} records ${got.records}/${f.records} malformed ${got.malformed.length}/${f.malformed} blank ${got.blank}/${f.blank} ${ok ? 'ok' : 'MISMATCH'}; missing: ${(got.missingSignals ?? []).join(',') || '—'}; fields: ${JSON.stringify(got.fields)}`,
    );
  }
  const suspected = report.campaigns
    .filter((c) => c.suspected)
    .map((c) => {
      const composition: Record<string, number> = {};
      for (const a of c.accounts) {
        const t = truthOf.get(a);
        const key = t?.campaign ?? (t?.hardNegative ? `hn:${t.hardNegative}` : t ? 'honest' : 'unknown');
        composition[key] = (composition[key] ?? 0) + 1;
      }
      return { id: c.id, score: c.score, size: c.size, composition };
    });
  const nearest = [...new Set(truthCampaign.map((a) => a.campaign!))].map((campaign) => {
    const mine = new Set(truthCampaign.filter((a) => a.campaign === campaign).map((a) => a.account));
    const holding = report.campaigns.map((c) => ({ c, members: c.accounts.filter((a) => mine.has(a)).length })).filter((x) => x.members > 0);
    const inAny = new Set(holding.flatMap((x) => x.c.accounts.filter((a) => mine.has(a)))).size;
    const top = holding.sort((x, y) => y.members - x.members)[0];
    return {
      campaign, accounts: mine.size, inAnyCommunity: inAny,
      best: top ? { id: top.c.id, score: top.c.score, suspected: top.c.suspected, members: top.members, others: top.c.size - top.members } : null,
    };
  });
  return {
    scenario: sc.name, seed, records: sc.records.length, accounts: sc.accounts.length, campaignAccounts: truthCampaign.length, predictedAccounts: predicted.size,
    precision, recall, pairwiseF1, hardNegatives: hn.length, hardNegativesFlagged: hnFlagged,
    hardNegativesFlaggedByLabel: Object.fromEntries([...byLabel].map(([k, [n, f]]) => [k, `${f}/${n}`])),
    families, accountingOk, accounting, suspected, nearest, seconds,
  };
}

function print(s: ScenarioScore): void {
  console.log(`\n=== ${s.scenario}  seed ${s.seed}  (${s.records} records, ${s.accounts} accounts, ${s.campaignAccounts} campaign accounts, ${s.seconds.toFixed(1)} s)`);
  console.log(`campaign accounts  precision ${fmt(s.precision)}  recall ${fmt(s.recall)}  pairwise F1 ${fmt(s.pairwiseF1)}  (predicted ${s.predictedAccounts})`);
  const pct = s.hardNegatives ? ((100 * s.hardNegativesFlagged) / s.hardNegatives).toFixed(1) : '0';
  console.log(`hard negatives flagged  ${s.hardNegativesFlagged}/${s.hardNegatives} (${pct} %)  ${JSON.stringify(s.hardNegativesFlaggedByLabel)}`);
  for (const f of s.families) if (f.truth || f.predicted) console.log(`  ${f.family.padEnd(22)} truth ${String(f.truth).padStart(5)}  predicted ${String(f.predicted).padStart(5)}  P ${fmt(f.precision)}  R ${fmt(f.recall)}`);
  console.log(`accounting ${s.accountingOk ? 'ok' : 'MISMATCH'}`);
  for (const a of s.accounting) console.log(`  ${a}`);
  for (const c of s.suspected) console.log(`  suspected ${c.id} score ${c.score.toFixed(2)} size ${c.size} ${JSON.stringify(c.composition)}`);
  for (const n of s.nearest) {
    const b = n.best;
    console.log(`  true ${n.campaign}: ${n.accounts} accounts, ${n.inAnyCommunity} in some community; best ${b ? `${b.id} score ${b.score.toFixed(3)} ${b.suspected ? 'suspected' : 'NOT suspected'} (${b.members} true + ${b.others} other)` : 'none'}`);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const seeds = (opt('--seeds') ?? '101,202,303').split(',').map(Number);
  const names = (opt('--scenarios') ?? Object.keys(SCENARIOS).join(',')).split(',');
  const jsonOut = opt('--json');
  const base = path.join(repoRoot(), 'eval', '.data', 'heldout');
  const all: ScenarioScore[] = [];
  for (const seed of seeds) {
    for (const name of names) {
      const build = SCENARIOS[name];
      if (!build) throw new Error(`unknown scenario ${name}`);
      const dir = path.join(base, `${name}-s${seed}`);
      fs.rmSync(dir, { recursive: true, force: true });
      const sc = build(dir, seed);
      fs.writeFileSync(path.join(dir, 'truth.json'), JSON.stringify({ name: sc.name, description: sc.description, files: sc.files, accounts: sc.accounts }));
      const started = Date.now();
      const { report } = await analyzeFiles(sc.files.map((f) => f.file), { includeRecords: true });
      const seconds = (Date.now() - started) / 1000;
      fs.writeFileSync(path.join(dir, 'report.json'), JSON.stringify({ ...report, records: undefined }));
      fs.writeFileSync(path.join(dir, 'records.json'), JSON.stringify(report.records ?? []));
      const score = await scoreScenario(sc, seed, report, seconds);
      print(score);
      all.push(score);
    }
  }
  console.log('\nscenario            seed  P      R      pairF1  HN flagged   ' + FAMILIES.map((f) => f.slice(0, 10)).join('  '));
  for (const s of all) {
    const fam = s.families.map((f) => (f.truth || f.predicted ? `${fmt(f.precision)}/${fmt(f.recall)}` : '     —     ')).join(' ');
    console.log(`${s.scenario.padEnd(18)} ${String(s.seed).padStart(5)}  ${fmt(s.precision)}  ${fmt(s.recall)}  ${fmt(s.pairwiseF1)}  ${`${s.hardNegativesFlagged}/${s.hardNegatives}`.padEnd(11)}  ${fam}`);
  }
  if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify(all, null, 2));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
