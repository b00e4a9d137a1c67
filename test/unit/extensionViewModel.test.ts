import * as assert from 'node:assert/strict';
import { familyLook } from '../../src/core/view/families';
import { ReportIndex } from '../../src/core/view/reportIndex';
import { campaignRoots, childrenOf, findingRoots, MAX_CHILDREN, patternPreview, present, templateRoots, type TreeNode } from '../../src/core/view/treeModel';
import { fixture, FIXTURE_FILE } from './extensionFixture';

describe('extension view model: report index and trees', () => {
  const { report } = fixture();
  const index = new ReportIndex(report);

  it('indexes records by file and line, template, account and finding family/rule', () => {
    assert.equal(index.recordAt(FIXTURE_FILE, 1)?.template, 'T-reason');
    assert.equal(index.recordAt('/logs/../logs/small.jsonl', 25)?.template, 'T-rubric');
    assert.equal(index.recordsByTemplate.get('T-reason')?.length, 24);
    assert.deepEqual(index.recordsInLines(FIXTURE_FILE, 24, 26).map((r) => r.line), [24, 25, 26]);
    assert.deepEqual(index.recordsStartingAtOrBefore(FIXTURE_FILE, 3, 5).map((r) => r.line), [3, 2, 1]);
    assert.equal(index.recordStartingAtOrBefore(FIXTURE_FILE, 0), undefined);
    assert.equal(index.recordStartingAtOrBefore(FIXTURE_FILE, 999)?.line, 48);
    assert.equal(index.findingsByFamily.get('reasoning-extraction')?.get('reasoning.answer-then-explain')?.length, 24);
    assert.equal(index.campaignOf('acct-3')?.id, 'C-acct');
    assert.equal(index.findingCount, 40);
  });

  it('lists suspected campaigns by score, and below-threshold clusters only when asked', () => {
    assert.deepEqual(campaignRoots(index, false).map((n) => (n.kind === 'campaign' ? n.campaign.id : n.kind)), ['C-acct']);
    assert.deepEqual(campaignRoots(index, true).map((n) => (n.kind === 'campaign' ? n.campaign.id : n.kind)), ['C-acct', 'C-small']);
  });

  it('goes campaign → evidence + accounts → templates → records', () => {
    const campaign = campaignRoots(index, false)[0];
    const children = childrenOf(index, campaign);
    assert.equal(children[0].kind, 'evidenceGroup');
    assert.deepEqual(childrenOf(index, children[0]).map((n) => (n.kind === 'evidence' ? n.evidence.kind : '')), ['template', 'network']);
    const account = children.find((n) => n.kind === 'account' && n.account === 'acct-1')!;
    const templates = childrenOf(index, account);
    assert.deepEqual(templates.map((n) => (n.kind === 'template' ? n.template.id : n.kind)), ['T-reason', 'T-rubric']);
    const records = childrenOf(index, templates[0]);
    assert.ok(records.length > 0 && records.every((n) => n.kind === 'record' && n.record.account === 'acct-1' && n.record.template === 'T-reason'));
  });

  it('shows templates by size with accounts, and findings by family → rule → records', () => {
    const roots = templateRoots(index);
    assert.deepEqual(roots.map((n) => (n.kind === 'template' ? n.template.id : '')), ['T-reason', 'T-rubric']);
    const [accounts, ...records] = childrenOf(index, roots[0]);
    assert.equal(accounts.kind, 'templateAccounts');
    assert.equal(childrenOf(index, accounts).length, 8);
    assert.equal(records.length, 24);
    const families = findingRoots(index);
    assert.deepEqual(families.map((n) => (n.kind === 'family' ? n.family : '')), ['reasoning-extraction', 'rubric-grading']);
    const rules = childrenOf(index, families[1]);
    const recs = childrenOf(index, rules[0]);
    assert.equal(recs.length, 16);
    assert.ok(recs.every((n) => n.kind === 'record' && n.findingIndex === 0));
  });

  it('presents nodes with counts, scores, first/last seen and family colours', () => {
    const p = present(index, campaignRoots(index, false)[0]);
    assert.equal(p.label, 'reasoning-extraction + rubric-grading');
    assert.equal(p.description, 'score 0.87 · 8 accounts · 40 records · C-acct');
    assert.match(p.tooltip ?? '', /Seen 2026-02-10 08:00Z → 2026-02-10 08:05Z/);
    assert.equal(p.icon, 'flame');
    const t = present(index, templateRoots(index)[0]);
    assert.equal(t.label, patternPreview(report.templates[1].pattern));
    assert.match(t.label, /Problem: ⟨…⟩ Answer: ⟨…⟩/);
    assert.equal(t.iconColor, 'promptForensics.family.reasoningExtraction');
    const rec = present(index, { kind: 'record', record: index.recordAt(FIXTURE_FILE, 3)! });
    assert.equal(rec.label, 'small.jsonl:3');
  });

  it('caps long child lists with a "more" node', () => {
    const many = new ReportIndex({ ...report, records: Array.from({ length: MAX_CHILDREN + 5 }, (_, i) => ({ file: FIXTURE_FILE, line: i + 1, account: 'a', template: 'T-reason', findings: [] })) });
    const kids = childrenOf(many, { kind: 'template', template: report.templates[1], account: 'a' } as TreeNode);
    assert.equal(kids.length, MAX_CHILDREN + 1);
    const last = kids[kids.length - 1];
    assert.ok(last.kind === 'more' && last.hidden === 5);
  });

  it('maps family ids to looks, unknown ones to "other"', () => {
    assert.equal(familyLook('reasoning-extraction').key, 'reasoning-extraction');
    assert.equal(familyLook('cot-harvest').key, 'reasoning-extraction');
    assert.equal(familyLook('llm-judge').key, 'rubric-grading');
    assert.equal(familyLook('agentic-harvest').key, 'agentic-harvest');
    assert.equal(familyLook('my-custom-pack').key, 'other');
  });
});
