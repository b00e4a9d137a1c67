import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { analyzeFiles } from '../../src/core/analyze';
import type { Report } from '../../src/core/report/model';
import { generateScenario, scenarioFiles } from '../../eval/generator/writer';
import { tempDir } from '../support/tmp';

describe('parallel analysis (worker threads)', function () {
  this.timeout(300_000);
  const dir = tempDir();
  let files: string[];
  before(async () => {
    const truth = await generateScenario(path.join(dir, 'gen'), { seed: 9, records: 6000, format: 'mixed', truth: false });
    files = scenarioFiles(path.join(dir, 'gen'), truth);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('accounts for every line and finds the same findings and campaigns as one thread', async () => {
    const one = (await analyzeFiles(files, { includeRecords: true, workers: 0 })).report;
    const two = (await analyzeFiles(files, { includeRecords: true, workers: 2 })).report;
    assert.deepEqual(two.input, one.input);
    const counts = (r: Report) => ({ ...r.summary, templates: 0 });
    assert.deepEqual(counts(two), counts(one));
    // Severity is weighed by template size, and shards group templates a little differently.
    const findings = (r: Report) => r.records!.map((x) => [x.file, x.line, x.account, x.findings.map(({ severity: _s, ...f }) => f)]);
    assert.deepEqual(findings(two), findings(one));
    const suspected = (r: Report) => r.campaigns.filter((c) => c.suspected).map((c) => c.accounts.length);
    assert.deepEqual(suspected(two), suspected(one));
  });

  it('reports a line longer than the limit, with its size, from the reading thread', async () => {
    const file = path.join(dir, 'long.jsonl.gz');
    const record = (i: number) => JSON.stringify({ user: `u${i}`, prompt: `question ${i}` });
    const long = JSON.stringify({ user: 'x', prompt: 'y'.repeat(300_000) });
    const lines = [...Array.from({ length: 2000 }, (_, i) => record(i)), long, ...Array.from({ length: 2000 }, (_, i) => record(i + 2000))];
    fs.writeFileSync(file, zlib.gzipSync(lines.join('\n') + '\n'));
    const options = { maxLineBytes: 100_000 };
    const one = (await analyzeFiles([file], { ...options, workers: 0 })).report;
    const two = (await analyzeFiles([file], { ...options, workers: 2 })).report;
    assert.deepEqual(two.input, one.input);
    assert.deepEqual(two.input.files[0].malformed.map((m) => m.line), [2001]);
    assert.match(two.input.files[0].malformed[0].error, /longer than the 97\.7 KB limit/);
  });

  it('sends early results: a partial report of the first segment, then the full one', async () => {
    const partials: Report[] = [];
    const { report } = await analyzeFiles(files, { workers: 2, onPartialReport: (r) => partials.push(r) });
    assert.equal(partials.length, 1);
    assert.equal(partials[0].partial, true);
    assert.ok(partials[0].summary.records > 0 && partials[0].summary.records < report.summary.records);
    assert.equal(report.partial, undefined);
  });

  it('sends partial reports on one thread too, every partialEveryMs once the first is due', async () => {
    const partials: Report[] = [];
    const { report } = await analyzeFiles(files, { workers: 0, partialEveryMs: 0, onPartialReport: (r) => partials.push(r) });
    // The first partial waits about two seconds: on a fast machine a small run may finish first.
    for (const p of partials) assert.ok(p.partial && p.summary.records <= report.summary.records);
    const counts = partials.map((p) => p.summary.records);
    assert.deepEqual(counts, [...counts].sort((a, b) => a - b));
  });

  it('stops the workers when cancelled', async () => {
    const controller = new AbortController();
    const run = analyzeFiles(files, { workers: 2, signal: controller.signal, onProgress: () => controller.abort() });
    await assert.rejects(run, { name: 'AbortError' });
  });
});
