import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeFiles } from '../../src/core/analyze';
import { renderMarkdown } from '../../src/core/report/markdown';
import type { Report } from '../../src/core/report/model';
import { applyAnnotations, recordFingerprint, type StoredAnnotation } from '../../src/core/review';
import { generatedLog } from '../fixtures/review/generatedLog';
import { fixturesDir } from '../support/paths';
import { tempDir, writeTemp } from '../support/tmp';

const SNAPSHOT = path.join(fixturesDir(), 'review', 'review-report.md');

/** The report with the temporary folder taken out of its paths, so the output is the same on every machine. */
async function sampleReport(dir: string): Promise<Report> {
  const file = writeTemp(dir, 'week1.jsonl', generatedLog());
  const { report } = await analyzeFiles([file], { includeRecords: true });
  return JSON.parse(JSON.stringify(report).split(dir + path.sep).join('')) as Report;
}

function sampleAnnotations(report: Report): Map<string, StoredAnnotation> {
  const at = (day: number) => `2026-11-${String(day).padStart(2, '0')}T10:00:00.000Z`;
  const crewB = report.campaigns.find((c) => c.accounts.includes('crew-b-0'))!;
  const reasoning = report.templates.find((t) => t.findingFamilies?.includes('reasoning-extraction'))!;
  const record = report.records!.find((r) => r.account === 'user-3')!;
  const stale = report.records!.find((r) => r.account === 'user-8')!;
  return new Map<string, StoredAnnotation>([
    [`template:${reasoning.id}`, { verdict: 'confirmed', note: 'Reasoning harvest, shared card pm_crew_a', author: 'Ana', time: at(2) }],
    // Annotated on an earlier dump, when the crew had 4 accounts, 3 of which are among today's 5.
    ['campaign:c-earlier0000', { verdict: 'benign', note: 'Our *own* grading pipeline', author: 'Bo', time: at(1), accounts: [...crewB.accounts.slice(0, 3), 'crew-b-retired'] }],
    ['account:user-5', { verdict: 'needs-review', note: 'Ask <platform> team who this is', author: 'Ana', time: at(3) }],
    [`record:week1.jsonl:${record.line}`, { verdict: 'benign', note: 'a curious child', author: 'Bo', time: at(4), fingerprint: recordFingerprint(record) }],
    [`record:week1.jsonl:${stale.line}`, { verdict: 'confirmed', note: 'was another record', author: 'Bo', time: at(4), fingerprint: 'm1-00000000000000ff' }],
    ['record:week1.jsonl:9999', { verdict: 'confirmed', note: 'other dump', author: 'Bo', time: at(4), fingerprint: 'm1-0000000000000000' }],
  ]);
}

/** The whole report is snapshotted, so a deliberate change of the analysis (scores, evidence) shows here too. */
function assertSameAsSnapshot(actual: string, expected: string): void {
  if (actual === expected) return;
  const a = actual.split('\n');
  const e = expected.split('\n');
  let i = 0;
  while (i < Math.max(a.length, e.length) && a[i] === e[i]) i++;
  assert.fail(
    `${path.relative(process.cwd(), SNAPSHOT)} differs from line ${i + 1}:\n- ${e[i] ?? '(end)'}\n+ ${a[i] ?? '(end)'}\n` +
      'If the change is intended, run UPDATE_SNAPSHOTS=1 npx mocha out/test/unit/reviewMarkdown.test.js and review the diff.',
  );
}

describe("reviewer's Markdown with annotations", () => {
  const dir = tempDir('pf-review-md-');
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('matches the committed snapshot (UPDATE_SNAPSHOTS=1 rewrites it)', async () => {
    const report = await sampleReport(dir);
    const markdown = renderMarkdown(report, { review: applyAnnotations(report, sampleAnnotations(report)) });
    if (process.env.UPDATE_SNAPSHOTS === '1') fs.writeFileSync(SNAPSHOT, markdown);
    assertSameAsSnapshot(markdown, fs.readFileSync(SNAPSHOT, 'utf8'));
  });

  it('badges campaigns and templates, lists confirmed, benign, needs-review and open questions, and escapes notes', async () => {
    const report = await sampleReport(dir);
    const markdown = renderMarkdown(report, { review: applyAnnotations(report, sampleAnnotations(report)) });
    const crewA = report.campaigns.find((c) => c.accounts.includes('crew-a-0'))!;
    const crewB = report.campaigns.find((c) => c.accounts.includes('crew-b-0'))!;
    const reasoning = report.templates.find((t) => t.findingFamilies?.includes('reasoning-extraction'))!;
    assert.ok(crewA.suspected && crewB.suspected);
    assert.match(markdown, new RegExp(`### ⚠ Suspected ${crewA.id} — score [0-9.]+ · ⚪ not reviewed\\n`));
    assert.match(markdown, new RegExp(`### ⚠ Suspected ${crewB.id} — score [0-9.]+ · 🟢 benign \\(earlier, 3 of 5 accounts\\)\\n\\n- \\*\\*Review\\*\\*: benign by Bo, 2026-11-01 — annotated earlier with 3 of 5 accounts \\(as c-earlier0000, which had 4\\)`));
    assert.match(markdown, new RegExp(`### ${reasoning.id} — .* · 🔴 confirmed\\n`));
    const open = report.campaigns.filter((c) => c.suspected && c.id !== crewB.id);
    const review = markdown.slice(markdown.indexOf('## Review'), markdown.indexOf('## Campaigns'));
    assert.ok(review.includes(`1 confirmed · 2 benign · 1 needs review · **${open.length} open question${open.length === 1 ? '' : 's'}**`), review);
    assert.match(review, new RegExp(`### Open questions\\n\\n(- campaign .*\\n)*- campaign ${crewA.id} — score`));
    assert.match(review, /Our \\\*own\\\* grading pipeline/);
    assert.match(review, /Ask \\<platform\\> team/);
    assert.match(review, /account `user-5`/);
    assert.match(review, /1 annotation is about subjects not in this report/);
    assert.match(review, /### Stale annotations[\s\S]*`record:week1\.jsonl:\d+`: the line now holds a different record/);
    assert.doesNotMatch(markdown, /generated|Generated/);
  });

  it('renders exactly the plain report without the review option', async () => {
    const report = await sampleReport(dir);
    const plain = renderMarkdown(report);
    assert.ok(!plain.includes('## Review') && !plain.includes('not reviewed'));
    const reviewed = renderMarkdown(report, { review: applyAnnotations(report, new Map()) });
    const open = report.summary.suspectedCampaigns;
    assert.ok(reviewed.includes(`0 confirmed · 0 benign · 0 needs review · **${open} open question${open === 1 ? '' : 's'}**`));
  });
});
