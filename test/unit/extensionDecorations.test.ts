import * as assert from 'node:assert/strict';
import { planDecorations, recordSummary, relocateSpan } from '../../src/core/view/decorationPlan';
import { ReportIndex } from '../../src/core/view/reportIndex';
import { fixture, FIXTURE_FILE } from './extensionFixture';
import { REASONING_PHRASE } from '../integration/suite/sampleLogs';

describe('extension decoration planning', () => {
  const { report, lines } = fixture();
  const index = new ReportIndex(report);
  const placed = index.recordsInLines(FIXTURE_FILE, 1, 48).map((record) => ({ docLine: record.line - 1, record }));

  it('groups finding spans by family in document order', () => {
    const plan = planDecorations(index, placed, 1000, true);
    assert.equal(plan.byFamily.get('reasoning-extraction')?.length, 24);
    assert.equal(plan.byFamily.get('rubric-grading')?.length, 16);
    const first = plan.byFamily.get('reasoning-extraction')![0];
    assert.equal(first.docLine, 0);
    assert.equal(lines[0].raw.slice(first.span[0], first.span[1]), REASONING_PHRASE);
    assert.equal(plan.summaries.length, 48);
    assert.equal(plan.dropped, 0);
  });

  it('caps the number of marks and counts what it dropped', () => {
    const plan = planDecorations(index, placed, 10, false);
    const total = [...plan.byFamily.values()].reduce((n, l) => n + l.length, 0);
    assert.equal(total, 10);
    assert.equal(plan.dropped, 30);
    assert.equal(plan.summaries.length, 0);
  });

  it('summarises a record with template, account and campaign', () => {
    assert.equal(recordSummary(index, index.recordAt(FIXTURE_FILE, 1)!), '  ⟵ template T-reason (×24) · account acct-1 · campaign C-acct (0.87) · 1 finding');
    assert.equal(recordSummary(index, index.recordAt(FIXTURE_FILE, 41)!), '  ⟵ account user-1 · cluster C-small (0.31)');
  });

  it('relocates a raw span into a pretty-printed record', () => {
    const raw = lines[0].raw;
    const span = report.records![0].findings[0].span;
    const pretty = JSON.stringify(JSON.parse(raw), null, 2);
    const at = relocateSpan(raw, span, pretty)!;
    assert.equal(pretty.slice(at[0], at[1]), REASONING_PHRASE);
  });
});
