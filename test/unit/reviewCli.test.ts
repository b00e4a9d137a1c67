import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as Sarif from 'sarif';
import type { Report } from '../../src/core/report/model';
import { serializeFindingsFile, type StoredAnnotation } from '../../src/core/review';
import { generatedLog } from '../fixtures/review/generatedLog';
import { repoRoot } from '../support/paths';
import { tempDir, writeTemp } from '../support/tmp';

describe('CLI review options (--format sarif, --findings, --fail-on)', () => {
  const dir = tempDir('pf-review-cli-');
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const cli = path.join(repoRoot(), 'out', 'src', 'cli', 'main.js');
  const run = (args: string[], cwd = dir) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd });
  let report: Report;
  const note = (verdict: StoredAnnotation['verdict'], extra: Partial<StoredAnnotation> = {}): StoredAnnotation => ({ verdict, note: `${verdict} note`, author: 'ci', time: '2026-11-01T00:00:00.000Z', ...extra });

  before(() => {
    writeTemp(dir, 'week1.jsonl', generatedLog());
    const r = run(['analyze', 'week1.jsonl']);
    assert.equal(r.status, 0, r.stderr);
    report = JSON.parse(r.stdout) as Report;
    assert.ok(report.summary.suspectedCampaigns >= 2, 'both crews are suspected');
  });

  it('lists the new options in --help', () => {
    const help = run(['--help']).stdout;
    for (const text of ['--format json|md|sarif', '--findings FILE', '--fail-on new-suspected', '1 a --fail-on condition was met']) assert.ok(help.includes(text), text);
  });

  it('writes SARIF with every finding and suppresses what the findings file marks benign', () => {
    const rubric = report.templates.find((t) => t.findingFamilies?.includes('rubric-grading'))!;
    const findings = writeTemp(dir, 'review.json', serializeFindingsFile(new Map([[`template:${rubric.id}`, note('benign')]])));
    const r = run(['analyze', 'week1.jsonl', '--format', 'sarif', '--findings', findings]);
    assert.equal(r.status, 0, r.stderr);
    const log = JSON.parse(r.stdout) as Sarif.Log;
    const results = log.runs[0].results!;
    assert.equal(results.length, Object.values(report.summary.findingsByFamily).reduce((a, b) => a + b, 0));
    const suppressed = results.filter((x) => x.suppressions);
    assert.equal(suppressed.length, report.summary.findingsByFamily['rubric-grading']);
    assert.equal(suppressed[0].suppressions![0].justification, 'benign note');
    assert.deepEqual(results[0].locations![0].physicalLocation!.artifactLocation, { uri: 'week1.jsonl', index: 0 });
  });

  it('--fail-on new-suspected exits 1 and names the suspected campaigns without annotation, after writing the report', () => {
    const crewA = report.campaigns.find((c) => c.accounts.includes('crew-a-0'))!;
    const findings = writeTemp(dir, 'partial.json', serializeFindingsFile(new Map([[`campaign:${crewA.id}`, note('confirmed', { accounts: crewA.accounts })]])));
    const out = path.join(dir, 'r.md');
    const r = run(['analyze', 'week1.jsonl', '--format', 'md', '--out', out, '--findings', findings, '--fail-on', 'new-suspected']);
    assert.equal(r.status, 1, r.stderr);
    const open = report.summary.suspectedCampaigns - 1;
    assert.match(r.stderr, new RegExp(`${open} suspected campaigns? ha(s|ve) no annotation in .*partial\\.json:`));
    for (const c of report.campaigns.filter((x) => x.suspected && x.id !== crewA.id)) assert.match(r.stderr, new RegExp(`^  ${c.id}  score`, 'm'));
    assert.doesNotMatch(r.stderr, new RegExp(crewA.id));
    assert.match(fs.readFileSync(out, 'utf8'), /## Review[\s\S]*🔴 confirmed/);
  });

  it('picks up .prompt-forensics/findings.json from the current folder and passes when every suspected campaign is annotated', () => {
    const all = new Map(report.campaigns.filter((c) => c.suspected).map((c) => [`campaign:${c.id}`, note('needs-review', { accounts: c.accounts })] as [string, StoredAnnotation]));
    fs.mkdirSync(path.join(dir, '.prompt-forensics'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.prompt-forensics', 'findings.json'), serializeFindingsFile(all));
    try {
      const r = run(['analyze', 'week1.jsonl', '--format', 'md', '--fail-on', 'new-suspected']);
      assert.equal(r.status, 0, r.stderr);
      assert.ok(r.stdout.includes(`0 confirmed · 0 benign · ${all.size} needs review · **0 open questions**`));
    } finally {
      fs.rmSync(path.join(dir, '.prompt-forensics'), { recursive: true, force: true });
    }
    const none = run(['analyze', 'week1.jsonl', '--fail-on', 'new-suspected']);
    assert.equal(none.status, 1);
    assert.ok(none.stderr.includes(`${report.summary.suspectedCampaigns} suspected campaigns have no annotation in .prompt-forensics/findings.json (not found)`), none.stderr);
  });

  it('exits 2 naming file, line and column for a damaged findings file, and leaves it as it was', () => {
    const text = '{\n  "version": 1,\n  "annotations": {,}\n}\n';
    const damaged = writeTemp(dir, 'damaged.json', text);
    const r = run(['analyze', 'week1.jsonl', '--format', 'md', '--findings', damaged]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /damaged\.json:3:19: invalid JSON.*\(fix the file; it was not changed\)/);
    assert.equal(fs.readFileSync(damaged, 'utf8'), text);
    assert.equal(r.stdout, '', 'no report from wrong annotations');
  });

  it('rejects unknown --format and --fail-on values and a missing --findings file', () => {
    for (const [args, pattern] of [
      [['--format', 'html'], /--format must be json, md or sarif, not "html"/],
      [['--fail-on', 'anything'], /--fail-on must be new-suspected, not "anything"/],
      [['--findings', 'nope.json'], /cannot read nope\.json: no such file/],
    ] as const) {
      const r = run(['analyze', 'week1.jsonl', ...args]);
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, pattern);
    }
  });
});
