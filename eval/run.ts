/**
 * The evaluation: generate scenarios for a few seeds (eval/.data/, gitignored), analyse them with the
 * real pipeline and print each metric per seed against its target.
 *
 *   node out/eval/run.js [--seeds 7,11,23] [--records 20000] [--scenarios mixed,chat,otel+gz,mixed+honest] [--json out.json] [--no-fp]
 *
 * A scenario is an export shape (`mixed` = one file per shape) with optional suffixes: `+gz` gzips the
 * files, `+honest` leaves the campaigns out (every suspected campaign is then a false alarm).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeFiles } from '../src/core/analyze';
import { repoRoot } from '../test/support/paths';
import { formatFpTable, measureBenignFalsePositives } from './benignFp';
import { FORMATS, type ExportFormat } from './generator/formats';
import { loadTruth } from './generator/truth';
import { generateScenario, scenarioFiles } from './generator/writer';
import { scoreScenario, type ScenarioScores } from './metrics';

interface RunOptions {
  seeds: number[];
  records: number;
  scenarios: string[];
  json?: string;
  fp: boolean;
}

function parseArgs(argv: string[]): RunOptions {
  const options: RunOptions = { seeds: [7, 11, 23], records: 20000, scenarios: ['mixed'], fp: true };
  for (let i = 0; i < argv.length; i++) {
    const value = () => argv[++i] ?? '';
    switch (argv[i]) {
      case '--seeds': options.seeds = value().split(',').map(Number); break;
      case '--records': options.records = Number(value()); break;
      case '--scenarios': options.scenarios = value().split(','); break;
      case '--json': options.json = value(); break;
      case '--no-fp': options.fp = false; break;
      default: throw new Error(`unknown option ${argv[i]}`);
    }
  }
  for (const s of options.scenarios) scenarioOptions(s);
  return options;
}

function scenarioOptions(name: string): { format: ExportFormat | 'mixed'; gzip: boolean; campaigns: boolean } {
  const [format, ...flags] = name.split('+');
  if (format !== 'mixed' && !(FORMATS as readonly string[]).includes(format)) throw new Error(`unknown scenario ${name}`);
  if (flags.some((f) => f !== 'gz' && f !== 'honest')) throw new Error(`unknown scenario suffix in ${name}`);
  return { format: format as ExportFormat | 'mixed', gzip: flags.includes('gz'), campaigns: !flags.includes('honest') };
}

interface Row {
  label: string;
  target: string;
  value: (s: ScenarioScores) => number | null;
  /** Does the value meet the target? */
  ok: (v: number) => boolean;
}

const atLeast = (t: number) => (v: number) => v >= t;

function rows(families: string[], campaigns: string[]): Row[] {
  const out: Row[] = [
    { label: 'ingest: records found', target: '= 1', value: (s) => s.ingest.recordsFound / Math.max(1, s.ingest.recordsExpected), ok: atLeast(1) },
    { label: 'ingest: files with exact counts', target: '= 1', value: (s) => s.ingest.filesMatching / Math.max(1, s.ingest.files), ok: atLeast(1) },
    { label: 'templates: grouping accuracy', target: '≥ 0.95', value: (s) => s.templates.accuracy, ok: atLeast(0.95) },
    { label: 'templates: pairwise F1', target: '≥ 0.95', value: (s) => s.templates.pairwise.f1, ok: atLeast(0.95) },
    { label: 'templates: ARI', target: '≥ 0.95', value: (s) => s.templates.ari, ok: atLeast(0.95) },
    { label: 'paraphrase families: accuracy', target: 'info', value: (s) => s.templateFamilies.accuracy, ok: () => true },
  ];
  for (const f of families) {
    out.push({ label: `${f}: precision`, target: '≥ 0.95', value: (s) => s.families[f]?.precision ?? null, ok: atLeast(0.95) });
    out.push({ label: `${f}: recall`, target: '≥ 0.95', value: (s) => s.families[f]?.recall ?? null, ok: atLeast(0.95) });
  }
  out.push(
    { label: 'campaign accounts: precision', target: '≥ 0.95', value: (s) => s.campaigns.accountPrecision, ok: atLeast(0.95) },
    { label: 'campaign accounts: recall', target: '≥ 0.95', value: (s) => s.campaigns.accountRecall, ok: atLeast(0.95) },
    { label: 'account grouping: pairwise F1', target: '≥ 0.95', value: (s) => s.campaigns.pairwise.f1, ok: atLeast(0.95) },
    { label: 'hard-negative accounts flagged', target: '≤ 0.01', value: (s) => s.campaigns.hardNegatives.share, ok: (v) => v <= 0.01 },
    { label: 'suspected campaigns with no true member', target: '= 0', value: (s) => s.campaigns.unmatchedSuspected, ok: (v) => v === 0 },
  );
  for (const c of campaigns) {
    out.push({
      label: `${c}: account recall`,
      target: '≥ 0.95',
      value: (s) => s.campaigns.perCampaign.find((m) => m.campaign === c)?.accountRecall ?? null,
      ok: atLeast(0.95),
    });
    out.push({
      label: `${c}: pivot`,
      target: 'right',
      value: (s) => {
        const m = s.campaigns.perCampaign.find((x) => x.campaign === c);
        if (!m || m.pivotDetected === null) return null;
        return m.pivotDetected ? 1 : 0;
      },
      ok: (v) => v === 1,
    });
  }
  return out;
}

const fmt = (v: number | null) => (v === null ? '   —  ' : v.toFixed(3).padStart(6));

function printTable(scenario: string, results: { seed: number; scores: ScenarioScores }[]): void {
  const families = [...new Set(results.flatMap((r) => Object.keys(r.scores.families)))].sort();
  const campaigns = [...new Set(results.flatMap((r) => r.scores.campaigns.perCampaign.map((m) => m.campaign)))];
  const width = 40;
  console.log(`\n## scenario ${scenario}`);
  console.log(`${'metric'.padEnd(width)} ${'target'.padEnd(7)} ${results.map((r) => `seed ${r.seed}`.padStart(8)).join(' ')}`);
  for (const row of rows(families, campaigns)) {
    const cells = results.map((r) => {
      const v = row.value(r.scores);
      return `${fmt(v)}${v === null || row.ok(v) ? ' ' : '!'}`.padStart(8);
    });
    console.log(`${row.label.padEnd(width)} ${row.target.padEnd(7)} ${cells.join(' ')}`);
  }
  for (const r of results) {
    const hn = r.scores.campaigns.hardNegatives;
    const kinds = Object.entries(hn.byKind).map(([k, v]) => `${k} ${v.flagged}/${v.total}`).join(', ');
    const hnRec = Object.entries(r.scores.hardNegativeRecordsFlagged).map(([k, v]) => `${k} ${v.flagged}/${v.total}`).join(', ');
    console.log(`seed ${r.seed}: suspected campaigns ${r.scores.campaigns.suspected}; hard-negative accounts flagged: ${kinds}`);
    console.log(`seed ${r.seed}: hard-negative records with findings: ${hnRec}`);
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const dataDir = path.join(repoRoot(), 'eval', '.data');
  const all: Record<string, { seed: number; scores: ScenarioScores; seconds: number }[]> = {};
  for (const scenario of options.scenarios) {
    const results: { seed: number; scores: ScenarioScores; seconds: number }[] = [];
    for (const seed of options.seeds) {
      const dir = path.join(dataDir, `${scenario.replace(/\+/g, '-')}-s${seed}-r${options.records}`);
      fs.rmSync(dir, { recursive: true, force: true });
      const truth = await generateScenario(dir, { seed, records: options.records, ...scenarioOptions(scenario) });
      const started = Date.now();
      const { report } = await analyzeFiles(scenarioFiles(dir, truth), { includeRecords: true });
      const seconds = (Date.now() - started) / 1000;
      const loaded = loadTruth(dir);
      results.push({ seed, scores: scoreScenario(report, loaded.scenario, loaded.lines), seconds });
      console.log(`${scenario} seed ${seed}: ${truth.records} records analysed in ${seconds.toFixed(1)} s`);
    }
    printTable(scenario, results);
    all[scenario] = results;
  }
  if (options.json) fs.writeFileSync(options.json, JSON.stringify(all, null, 2));
  if (options.fp) {
    console.log('\n## benign false positives (record-level detectors on public sets)');
    console.log(formatFpTable(await measureBenignFalsePositives(), 10));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
