import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type * as Sarif from 'sarif';
import { analyzeFiles } from '../../src/core/analyze';
import { toSarif } from '../../src/core/export/sarif';
import type { Report } from '../../src/core/report/model';
import { applyAnnotations, type StoredAnnotation } from '../../src/core/review';
import { generatedLog } from '../fixtures/review/generatedLog';
import { repoRoot } from '../support/paths';
import { tempDir, writeTemp } from '../support/tmp';

/**
 * The official SARIF 2.1.0 schema (2.1.0-rtm.5, the OASIS final) as shipped in the npm package
 * @microsoft/jest-sarif (MIT). It is draft-04; its only draft-04-specific keyword is the top-level
 * `id`, which draft-07 calls `$id`.
 */
function sarifValidator() {
  const file = path.join(repoRoot(), 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');
  const schema = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const { id, $schema, ...rest } = schema;
  assert.match(String($schema), /draft-04/);
  // unicodeRegExp off: one of the schema's patterns (the language tag) is not valid with the `u` flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile({ ...rest, $id: String(id) });
}

describe('SARIF export', () => {
  const dir = tempDir('pf-sarif-');
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const validate = sarifValidator();
  let logFile: string;
  let report: Report;
  let lines: string[];

  before(async () => {
    const text = generatedLog();
    logFile = writeTemp(dir, 'week1.jsonl', text);
    lines = text.split('\n');
    report = (await analyzeFiles([logFile], { includeRecords: true })).report;
  });

  function assertValid(log: Sarif.Log): void {
    const ok = validate(JSON.parse(JSON.stringify(log)));
    assert.ok(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  }

  it('is valid SARIF 2.1.0 with one result per finding and the rules that fired', () => {
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), false, 'the validator rejects a driver without a name');
    const log = toSarif(report);
    assertValid(log);
    const [run] = log.runs;
    const findings = report.records!.flatMap((r) => r.findings);
    assert.ok(findings.length >= 100, `${findings.length} findings`);
    assert.equal(run.results!.length, findings.length);
    assert.equal(run.columnKind, 'utf16CodeUnits');
    const rules = run.tool.driver.rules!;
    assert.deepEqual(rules.map((r) => r.id).sort(), [...new Set(findings.map((f) => f.rule))].sort());
    for (const rule of rules) {
      assert.ok(rule.shortDescription?.text && rule.fullDescription?.text && rule.help?.text && rule.help.markdown, rule.id);
      assert.ok(rule.fullDescription.text.includes((rule.properties as { family: string }).family));
    }
    for (const result of run.results!) assert.equal(rules[result.ruleIndex!].id, result.ruleId);
  });

  it('locates each finding on its line with 1-based UTF-16 columns that cover the quoted phrase', () => {
    const run = toSarif(report).runs[0];
    const levels = { high: 'error', medium: 'warning', low: 'note' };
    let i = 0;
    for (const record of report.records!) {
      for (const finding of record.findings) {
        const result = run.results![i++];
        const loc = result.locations![0].physicalLocation!;
        assert.equal(loc.artifactLocation!.uri, `file://${logFile}`);
        assert.equal(loc.region!.startLine, record.line);
        const raw = lines[record.line - 1];
        const covered = (JSON.parse(`"${raw.slice(loc.region!.startColumn! - 1, loc.region!.endColumn! - 1)}"`) as string).replace(/\s+/g, ' ');
        // The explanation quotes the phrase whitespace-flattened, long ones cut in the middle with " … ".
        const [head, tail = ''] = /\("(.*)"\)$/.exec(finding.explanation)![1].split(' … ');
        assert.ok(covered.startsWith(head) && covered.endsWith(tail) && (tail || covered === head), `${covered} vs ${finding.explanation}`);
        assert.equal(result.level, levels[finding.severity]);
        assert.equal(result.message.text, finding.explanation);
        assert.deepEqual(
          { template: result.properties!.template, campaign: result.properties!.campaign, account: result.properties!.account },
          { template: record.template, campaign: record.campaign, account: record.account },
        );
      }
    }
    const suspected = run.results!.filter((r) => r.properties!.campaignSuspected === true);
    assert.ok(suspected.length > 0 && suspected.every((r) => typeof r.properties!.campaignScore === 'number'));
  });

  it('gives stable fingerprints that survive the record moving to another line', async () => {
    const shifted = (await analyzeFiles([writeTemp(dir, 'shifted.jsonl', '\n\n\n' + generatedLog())], { includeRecords: true })).report;
    const a = toSarif(report).runs[0].results!.map((r) => r.partialFingerprints!['promptForensics/v1']);
    const b = toSarif(shifted).runs[0].results!.map((r) => r.partialFingerprints!['promptForensics/v1']);
    assert.deepEqual(a, b);
    assert.equal(new Set(a).size, a.length, 'distinct findings have distinct fingerprints');
    assert.equal(JSON.stringify(toSarif(report)), JSON.stringify(toSarif(report)), 'deterministic');
  });

  it('turns findings a reviewer marked benign into external suppressions with the note, and records other verdicts in properties', () => {
    const rubric = report.templates.find((t) => t.findingFamilies?.includes('rubric-grading'))!;
    const crewA = report.campaigns.find((c) => c.accounts.includes('crew-a-0'))!;
    const annotations = new Map<string, StoredAnnotation>([
      [`template:${rubric.id}`, { verdict: 'benign', note: 'our own eval harness <b>', author: 'Ana', time: '2026-11-01T00:00:00.000Z' }],
      [`campaign:${crewA.id}`, { verdict: 'confirmed', note: 'reasoning crew', author: 'Bo', time: '2026-11-02T00:00:00.000Z', accounts: crewA.accounts }],
    ]);
    const log = toSarif(report, { review: applyAnnotations(report, annotations) });
    assertValid(log);
    const results = log.runs[0].results!;
    const suppressed = results.filter((r) => r.suppressions?.length);
    assert.equal(suppressed.length, report.records!.filter((r) => r.template === rubric.id).reduce((n, r) => n + r.findings.length, 0));
    assert.ok(suppressed.length > 0);
    for (const r of suppressed) {
      assert.deepEqual(r.suppressions![0].kind, 'external');
      assert.equal(r.suppressions![0].justification, 'our own eval harness <b>');
    }
    const confirmed = results.filter((r) => r.properties!.campaign === crewA.id);
    assert.ok(confirmed.length > 0 && confirmed.every((r) => !r.suppressions && (r.properties!.review as { verdict: string }).verdict === 'confirmed'));
    const summary = (log.runs[0].properties!.campaigns as Array<{ id: string; review?: { verdict: string } }>).find((c) => c.id === crewA.id)!;
    assert.equal(summary.review?.verdict, 'confirmed');
  });

  it('makes paths under baseDir relative to SRCROOT and describes rules of user packs from their findings', () => {
    const log = toSarif(report, { baseDir: dir, rules: [] });
    assertValid(log);
    const run = log.runs[0];
    assert.deepEqual(run.results![0].locations![0].physicalLocation!.artifactLocation, { uri: 'week1.jsonl', uriBaseId: 'SRCROOT', index: 0 });
    assert.equal(run.originalUriBaseIds!.SRCROOT.uri, `file://${dir}/`);
    const rule = run.tool.driver.rules![0];
    assert.equal(rule.shortDescription!.text, "Asks for the model's internal reasoning as output");
  });

  it('is valid with no records (no results) and for a finding whose position is unknown', () => {
    const { records, ...noRecords } = report;
    assert.ok(records);
    const empty = toSarif(noRecords);
    assertValid(empty);
    assert.equal(empty.runs[0].results!.length, 0);
    const unknown: Report = { ...report, records: [{ ...report.records![0], findings: [{ ...report.records![0].findings[0], span: [0, 0] }] }] };
    const log = toSarif(unknown);
    assertValid(log);
    assert.deepEqual(log.runs[0].results![0].locations![0].physicalLocation!.region, { startLine: report.records![0].line });
  });
});
