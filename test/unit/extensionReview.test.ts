import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyAnnotations, campaignSubject, recordSubject, subjectKey, toStored, type AnnotationMap, type StoredAnnotation, type Subject, type Verdict } from '../../src/core/review';
import { ReportIndex } from '../../src/core/view/reportIndex';
import { recordSummary } from '../../src/core/view/decorationPlan';
import { commandLink, hiddenAsBenign, refOfNode, reviewHoverMarkdown, reviewOfNode, subjectOfRef } from '../../src/core/view/review';
import { campaignRoots, childrenOf, type TreeNode } from '../../src/core/view/treeModel';
import { repoRoot } from '../support/paths';
import { fixture, FIXTURE_FILE } from './extensionFixture';

const TIME = '2026-11-20T09:30:00.000Z';

function annotations(entries: Array<[Subject, Verdict, string?]>): AnnotationMap {
  return new Map(entries.map(([subject, verdict, note]): [string, StoredAnnotation] => [subjectKey(subject), toStored(subject, { verdict, note: note ?? '', author: 'Ana', time: TIME })]));
}

describe('extension review view model: annotations in trees and hovers', () => {
  const { report } = fixture();
  const index = new ReportIndex(report);
  const campaign = index.campaignsById.get('C-acct')!;
  const campaignNode: TreeNode = { kind: 'campaign', campaign };
  const record = index.recordAt(FIXTURE_FILE, 1)!;

  it('maps tree nodes to subject refs and refs back to subjects of the current report', () => {
    assert.deepEqual(refOfNode(campaignNode), { kind: 'campaign', id: 'C-acct' });
    assert.deepEqual(refOfNode({ kind: 'record', record }), { kind: 'record', file: FIXTURE_FILE, line: 1 });
    assert.equal(refOfNode({ kind: 'evidenceGroup', campaign }), undefined);
    assert.deepEqual(subjectOfRef(index, { kind: 'campaign', id: 'C-acct' })?.subject, campaignSubject(campaign));
    assert.deepEqual(subjectOfRef(index, { kind: 'record', file: FIXTURE_FILE, line: 1 })?.subject, recordSubject(record));
    assert.equal(subjectOfRef(index, { kind: 'template', id: 'T-reason' })?.label, 'template T-reason');
    assert.equal(subjectOfRef(index, { kind: 'account', id: 'acct-3' })?.label, 'account acct-3');
    // Hover link arguments are data from a URI: anything unknown or malformed resolves to nothing.
    for (const bad of [undefined, null, 'C-acct', { kind: 'campaign', id: 'C-nope' }, { kind: 'record', file: FIXTURE_FILE, line: '1' }, { kind: 'evil', id: 'x' }, { kind: 'account', id: 'nobody' }]) {
      assert.equal(subjectOfRef(index, bad), undefined, JSON.stringify(bad));
    }
  });

  it('shows own verdicts on campaigns, accounts and templates, and inherited ones on records', () => {
    const state = applyAnnotations(report, annotations([
      [campaignSubject(campaign), 'confirmed', 'shared card'],
      [{ kind: 'account', id: 'acct-2' }, 'benign'],
      [{ kind: 'template', id: 'T-rubric' }, 'needs-review'],
    ]));
    const c = reviewOfNode(state, campaignNode)!;
    assert.equal(c.badge, '✓ confirmed');
    assert.ok(c.own);
    assert.match(c.tooltip, /^Annotation: confirmed — Ana, 2026-11-20 09:30 UTC\n“shared card”$/);
    assert.equal(reviewOfNode(state, { kind: 'account', account: 'acct-2', campaign })?.badge, 'benign');
    assert.equal(reviewOfNode(state, { kind: 'account', account: 'acct-3', campaign }), undefined);
    const rubricRecord = index.recordsByTemplate.get('T-rubric')![0];
    const r = reviewOfNode(state, { kind: 'record', record: rubricRecord })!;
    assert.equal(r.badge, 'needs review (template)');
    assert.equal(r.own, false);
    assert.match(r.tooltip, /via its template/);
    // A reasoning record of acct-1 in the campaign: the campaign's verdict speaks for it.
    assert.equal(reviewOfNode(state, { kind: 'record', record: { ...record, campaign: 'C-acct' } })?.badge, '✓ confirmed (campaign)');
  });

  it('describes a partial campaign match and hides benign nodes only when the annotation counts', () => {
    const earlier = { id: 'C-old', accounts: ['acct-1', 'acct-2', 'acct-3', 'x-9'] };
    const few = applyAnnotations(report, annotations([[campaignSubject(earlier), 'benign', 'lab']]));
    const p = reviewOfNode(few, campaignNode)!;
    assert.equal(p.badge, 'benign? (3 of 8 accounts annotated earlier)');
    assert.equal(p.own, false);
    assert.match(p.tooltip, /annotated earlier with 3 of 8 accounts \(as C-old, which had 4\) — too few to count as reviewed/);
    assert.equal(hiddenAsBenign(few, campaignNode), false, 'a minority match does not hide the campaign');
    const most = applyAnnotations(report, annotations([[campaignSubject({ id: 'C-old', accounts: ['acct-1', 'acct-2', 'acct-3', 'acct-4', 'acct-5'] }), 'benign']]));
    assert.equal(hiddenAsBenign(most, campaignNode), true);
    assert.deepEqual(campaignRoots(index, false).filter((n) => !hiddenAsBenign(most, n)), []);
    const accounts = childrenOf(index, campaignNode).filter((n) => n.kind === 'account');
    const state = applyAnnotations(report, annotations([[{ kind: 'account', id: 'acct-2' }, 'benign']]));
    assert.deepEqual(accounts.filter((n) => !hiddenAsBenign(state, n)).map((n) => (n.kind === 'account' ? n.account : '')), ['acct-1', 'acct-3', 'acct-4', 'acct-5', 'acct-6', 'acct-7', 'acct-8']);
  });

  it('ends the end-of-line summary with the verdict that speaks for the record', () => {
    const state = applyAnnotations(report, annotations([[{ kind: 'template', id: 'T-reason' }, 'benign'], [recordSubject(index.recordAt(FIXTURE_FILE, 2)!), 'confirmed']]));
    assert.match(recordSummary(index, record, state), / · benign \(template\)$/);
    assert.match(recordSummary(index, index.recordAt(FIXTURE_FILE, 2)!, state), / · ✓ confirmed$/);
    assert.equal(recordSummary(index, record), recordSummary(index, record, applyAnnotations(report, new Map())));
    assert.doesNotMatch(recordSummary(index, record), /benign|confirmed/);
  });

  it('builds hover links with JSON arguments and escapes notes from the shared file', () => {
    const link = commandLink('Annotate record…', 'promptForensics.annotate', [{ kind: 'record', file: '/a b/(x).jsonl', line: 3 }]);
    const m = /^\[Annotate record…\]\(command:promptForensics\.annotate\?([^)\s]+)\)$/.exec(link);
    assert.ok(m, link);
    assert.deepEqual(JSON.parse(decodeURIComponent(m[1])), [{ kind: 'record', file: '/a b/(x).jsonl', line: 3 }]);

    const evil = '[click](command:workbench.action.terminal.new) <img src=x>';
    const state = applyAnnotations(report, annotations([[recordSubject(record), 'benign', evil]]));
    const md = reviewHoverMarkdown(state, record, campaign, 'promptForensics.annotate');
    assert.match(md, /\*\*Review:\*\* benign — Ana: “/);
    assert.ok(!md.includes('](command:workbench'), md);
    assert.ok(!md.includes('<img'), md);
    const commands = [...md.matchAll(/\]\(command:([^?)]+)/g)].map((x) => x[1]);
    assert.deepEqual(commands, ['promptForensics.annotate', 'promptForensics.annotate']);
    // Without the command (restricted mode): no links at all.
    assert.ok(!reviewHoverMarkdown(state, record, campaign).includes('command:'));
    assert.equal(reviewHoverMarkdown(undefined, record, undefined), '');
  });
});

describe('extension manifest: annotations and restricted mode', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8'));
  const menus: Record<string, Array<{ command: string; when?: string }>> = pkg.contributes.menus;
  const commands: Array<{ command: string; enablement?: string }> = pkg.contributes.commands;

  it('offers annotating only in trusted workspaces, wherever the commands appear', () => {
    for (const id of ['promptForensics.annotate', 'promptForensics.removeAnnotation']) {
      assert.equal(commands.find((c) => c.command === id)?.enablement, 'isWorkspaceTrusted', id);
      const entries = Object.values(menus).flat().filter((e) => e.command === id);
      assert.ok(entries.length >= 2, id);
      for (const e of entries) assert.match(e.when ?? '', /(^|&& )isWorkspaceTrusted( &&|$)/, `${id}: ${e.when}`);
    }
  });

  it('puts Annotate… on campaign, account, template and record items, Remove Annotation only on annotated ones', () => {
    const item = menus['view/item/context'];
    const annotate = new RegExp(/viewItem =~ \/(.*)\//.exec(item.find((e) => e.command === 'promptForensics.annotate')!.when!)![1]);
    for (const v of ['campaign', 'account', 'template', 'record', 'campaign;annotated', 'record;annotated']) assert.ok(annotate.test(v), v);
    for (const v of ['evidence', 'evidenceGroup', 'family', 'rule', 'more', 'templateAccounts', 'message']) assert.ok(!annotate.test(v), v);
    const remove = new RegExp(/viewItem =~ \/(.*)\//.exec(item.find((e) => e.command === 'promptForensics.removeAnnotation')!.when!)![1]);
    assert.ok(remove.test('template;annotated') && !remove.test('template'));
  });

  it('declares limited support for untrusted workspaces and ignores rule packs, field maps and the findings path there', () => {
    const u = pkg.capabilities.untrustedWorkspaces;
    assert.equal(u.supported, 'limited');
    assert.deepEqual([...u.restrictedConfigurations].sort(), ['promptForensics.fieldMap', 'promptForensics.findingsFile', 'promptForensics.rulePacks']);
    const props = pkg.contributes.configuration.properties;
    assert.equal(props['promptForensics.findingsFile'].default, '.prompt-forensics/findings.json');
    assert.equal(props['promptForensics.author'].scope, 'application', 'a workspace cannot set who annotates');
  });
});
