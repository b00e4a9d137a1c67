import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeFiles, mergeSummaries, type ShardSummary } from '../../src/core/analyze';
import type { Report } from '../../src/core/report/model';
import { generateScenario, scenarioFiles } from '../../eval/generator/writer';
import { repoRoot } from '../support/paths';
import { tempDir } from '../support/tmp';

/** Splits the lines of `file` into `parts` consecutive files. */
function splitFile(file: string, parts: number, dir: string, tag: string): string[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const size = Math.ceil(lines.length / parts);
  return Array.from({ length: parts }, (_, i) => {
    const out = path.join(dir, `${tag}-${i}.jsonl`);
    fs.writeFileSync(out, lines.slice(i * size, (i + 1) * size).join('\n') + '\n');
    return out;
  });
}

/**
 * What a merge must reproduce exactly: accounting, counts and every record's findings (their
 * severity aside, which is weighed by template size). Template
 * grouping is greedy and online, so a record near the boundary of two similar templates may land
 * in the other one when shards are mined apart; campaigns follow templates. Those agreements are
 * measured, not assumed.
 */
function assertSameReport(merged: Report, whole: Report): void {
  assert.deepEqual(merged.input, whole.input);
  const { templates: _m, ...mergedCounts } = merged.summary;
  const { templates: _w, ...wholeCounts } = whole.summary;
  assert.deepEqual(mergedCounts, wholeCounts);
  // Campaign membership follows template grouping, so it may differ by an account at the edge.
  const suspected = (r: Report) => r.campaigns.filter((c) => c.suspected);
  assert.equal(suspected(merged).length, suspected(whole).length);
  for (const c of suspected(whole)) {
    const best = Math.max(...suspected(merged).map((m) => jaccard(m.accounts, c.accounts)));
    assert.ok(best >= 0.95, `campaign ${c.id} (${c.size} accounts): best overlap ${best.toFixed(3)}`);
  }
  // A finding's severity is weighed by its template's size, so it follows template grouping too.
  const records = (r: Report) => (r.records ?? []).map(({ template: _t, campaign: _c, findings, ...rest }) => ({ ...rest, findings: findings.map(({ severity: _s, ...f }) => f) }));
  assert.deepEqual(records(merged), records(whole));
  const agreement = templateAgreement(merged, whole);
  assert.ok(agreement >= 0.85, `record-to-template agreement ${agreement.toFixed(4)}`);
}

function jaccard(a: string[], b: string[]): number {
  const setB = new Set(b);
  const inter = a.filter((x) => setB.has(x)).length;
  return inter / (a.length + b.length - inter);
}

/** Share of records whose template (as a group: the same other records) is the same in both reports. */
function templateAgreement(a: Report, b: Report): number {
  const groupsA = new Map<string, number>();
  const groupsB = new Map<string, number>();
  (a.records ?? []).forEach((r) => r.template && groupsA.set(r.template, (groupsA.get(r.template) ?? 0) + 1));
  const pairs = new Map<string, number>();
  (a.records ?? []).forEach((r, i) => {
    const other = b.records![i].template;
    if (other) groupsB.set(other, (groupsB.get(other) ?? 0) + 1);
    const key = `${r.template}|${other}`;
    pairs.set(key, (pairs.get(key) ?? 0) + 1);
  });
  let same = 0;
  (a.records ?? []).forEach((r, i) => {
    const other = b.records![i].template;
    if (r.template === null || other === null) same += r.template === other ? 1 : 0;
    else if (pairs.get(`${r.template}|${other}`) === groupsA.get(r.template) && groupsA.get(r.template) === groupsB.get(other)) same++;
  });
  return same / (a.records?.length || 1);
}

describe('shard summaries', function () {
  this.timeout(300_000);
  const dir = tempDir();
  let source: string;
  before(async () => {
    const truth = await generateScenario(path.join(dir, 'gen'), { seed: 5, records: 4000, format: 'chat', noise: false, truth: false });
    source = scenarioFiles(path.join(dir, 'gen'), truth)[0];
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const parts of [2, 3, 5]) {
    it(`merging ${parts} shard summaries gives the report of analysing the same files in one run`, async () => {
      const files = splitFile(source, parts, dir, `p${parts}`);
      const whole = await analyzeFiles(files, { includeRecords: true });
      const summaries: ShardSummary[] = [];
      for (const f of files) {
        const { summary } = await analyzeFiles([f], { includeRecords: true, keepSummary: true });
        summaries.push(JSON.parse(JSON.stringify(summary)) as ShardSummary);
      }
      const merged = mergeSummaries(summaries, { includeRecords: true });
      assert.ok(whole.report.summary.suspectedCampaigns > 0);
      assertSameReport(merged.report, whole.report);
    });
  }

  it('runs the shard step as separate processes and merges their summaries with the CLI', async () => {
    const cli = path.join(repoRoot(), 'out', 'src', 'cli', 'main.js');
    const files = splitFile(source, 3, dir, 'proc');
    const runCli = (args: string[]) =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.setEncoding('utf8'); // a multi-byte character may straddle two chunks
        child.stderr.setEncoding('utf8');
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (err += d));
        child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${err}`))));
      });
    const summaries = files.map((_, i) => path.join(dir, `shard-${i}.summary.json.gz`));
    await Promise.all(files.map((f, i) => runCli(['analyze', f, '--records', '--summary-out', summaries[i], '--out', path.join(dir, `shard-${i}.json`)])));
    const merged = JSON.parse(await runCli(['merge', '--records', ...summaries])) as Report;
    const whole = JSON.parse(await runCli(['analyze', '--records', ...files])) as Report;
    assertSameReport(merged, whole);
  });
});
