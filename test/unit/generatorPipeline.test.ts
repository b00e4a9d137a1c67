import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadTruth } from '../../eval/generator/truth';
import { generateScenario, scenarioFiles } from '../../eval/generator/writer';
import { scoreScenario } from '../../eval/metrics';
import { analyzeFiles } from '../../src/core/analyze';

describe('generator → analyzeFiles → metrics', function () {
  this.timeout(120000);

  it('reads every generated shape with the exact record, malformed and blank counts, and scores the report', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pf-gen-pipeline-'));
    try {
      const truth = await generateScenario(dir, { seed: 3, records: 2000, days: 5, gzip: true });
      const { report } = await analyzeFiles(scenarioFiles(dir, truth), { includeRecords: true });
      for (const f of truth.files) {
        const got = report.input.files.find((r) => path.basename(r.path) === f.name);
        assert.ok(got, f.name);
        assert.deepEqual([got.records, got.malformed.length, got.blank], [f.records, f.malformed, f.blank], `${f.name} (${got.format})`);
      }
      const loaded = loadTruth(dir);
      const scores = scoreScenario(report, loaded.scenario, loaded.lines);
      assert.equal(scores.ingest.recordsFound, 2000);
      for (const v of [scores.templates.accuracy, scores.templates.pairwise.f1, scores.campaigns.accountPrecision, scores.campaigns.accountRecall]) {
        assert.ok(v >= 0 && v <= 1);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
