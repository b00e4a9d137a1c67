// The review workflow in the workbench: annotate from the tree, a hover link and the palette; the
// shared findings file (stable sorted JSON), live reload when it changes on disk, Hide Benign, and a
// damaged file that is never overwritten.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AnalysisOutcome } from '../../../src/extension/analysisService';
import type { PromptForensicsApi } from '../../../src/extension/extension';
import type { TreeElement } from '../../../src/extension/views/reportTree';
import { parseFindingsFile, serializeFindingsFile } from '../../../src/core/review';
import { RUBRIC_PHRASE, writeSmallLog, type SmallLogLine } from './sampleLogs';
import { closeAllEditors, extensionApi, generatedDir, hoverText, shot, showView, until } from './helpers';

describe('review workflow (annotations)', function () {
  this.timeout(120_000);
  let api: PromptForensicsApi;
  let log: string;
  let lines: SmallLogLine[];
  let findingsFile: string;
  let campaign: TreeElement;

  const description = (e: TreeElement) => String(api.views.campaigns.getTreeItem(e).description ?? '');
  const fileJson = () => JSON.parse(fs.readFileSync(findingsFile, 'utf8')) as { version: number; annotations: Record<string, Record<string, unknown>> };
  const topCampaign = async () => (await api.views.campaigns.getChildren()).find((e) => e.node.kind === 'campaign' && e.node.campaign.id === campaignId());
  const campaignId = () => (campaign.node.kind === 'campaign' ? campaign.node.campaign.id : '');

  before(async () => {
    api = await extensionApi();
    const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    findingsFile = path.join(root, '.prompt-forensics', 'findings.json');
    fs.rmSync(findingsFile, { force: true });
    await vscode.workspace.getConfiguration('promptForensics').update('author', 'Integration Tester', vscode.ConfigurationTarget.Global);
    await api.review.open();
    log = path.join(generatedDir(), 'review.jsonl');
    lines = writeSmallLog(log);
    const outcome = await vscode.commands.executeCommand<AnalysisOutcome>('promptForensics.analyze', vscode.Uri.file(log));
    assert.equal(outcome?.status, 'done', JSON.stringify(outcome));
    [campaign] = await api.views.campaigns.getChildren();
    assert.equal(campaign.node.kind, 'campaign');
  });
  after(async () => {
    await vscode.workspace.getConfiguration('promptForensics').update('author', undefined, vscode.ConfigurationTarget.Global);
    if (api.review.hideBenign) await vscode.commands.executeCommand('promptForensics.showBenign');
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    for (let i = 0; i < 12; i++) await vscode.commands.executeCommand('workbench.action.increaseViewWidth');
    await closeAllEditors();
  });

  it('annotates a campaign from its tree item: the file is canonical sorted JSON and the view shows the verdict', async () => {
    const saved = await vscode.commands.executeCommand<boolean>('promptForensics.annotate', campaign, { verdict: 'confirmed', note: 'shared card, round-robin' });
    assert.equal(saved, true);
    const text = fs.readFileSync(findingsFile, 'utf8');
    assert.equal(text, serializeFindingsFile(parseFindingsFile(text, findingsFile)), 'the file is in canonical form');
    const data = fileJson();
    assert.equal(data.version, 1);
    const entry = data.annotations[`campaign:${campaignId()}`];
    assert.ok(entry, text);
    assert.equal(entry.verdict, 'confirmed');
    assert.equal(entry.note, 'shared card, round-robin');
    assert.equal(entry.author, 'Integration Tester');
    assert.deepEqual(entry.accounts, ['acct-1', 'acct-2', 'acct-3', 'acct-4', 'acct-5', 'acct-6', 'acct-7', 'acct-8']);
    assert.deepEqual(Object.keys(entry), [...Object.keys(entry)].sort(), 'fields sorted');

    const item = api.views.campaigns.getTreeItem((await topCampaign())!);
    assert.match(String(item.description), /^✓ confirmed · score/);
    assert.equal(item.contextValue, 'campaign;annotated');
    assert.match(String(item.tooltip), /Annotation: confirmed — Integration Tester/);
  });

  it('annotates an account and a template from the tree: keys stay sorted whatever the order of annotation', async () => {
    const children = await api.views.campaigns.getChildren((await topCampaign())!);
    const account = children.find((e) => e.node.kind === 'account')!;
    const [template] = await api.views.campaigns.getChildren(account);
    assert.equal(template.node.kind, 'template');
    assert.equal(await vscode.commands.executeCommand('promptForensics.annotate', template, { verdict: 'needs-review', note: 'ask the customer' }), true);
    assert.equal(await vscode.commands.executeCommand('promptForensics.annotate', account, { verdict: 'confirmed', note: '' }), true);
    const keys = Object.keys(fileJson().annotations);
    assert.deepEqual(keys, [...keys].sort());
    assert.deepEqual(keys.map((k) => k.split(':')[0]), ['account', 'campaign', 'template']);
    const templateItem = api.views.campaigns.getTreeItem((await api.views.campaigns.getChildren(account))[0]);
    assert.match(String(templateItem.description), /^needs review · t-/);
    // Its records inherit the template's verdict.
    const [record] = await api.views.campaigns.getChildren((await api.views.campaigns.getChildren(account))[0]);
    assert.match(String(api.views.campaigns.getTreeItem(record).description), /^needs review \(template\)/);
  });

  it('offers an annotate link in the hover and annotates the record it names', async () => {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(log));
    const line = lines.findIndex((l) => l.raw.includes(RUBRIC_PHRASE));
    const text = await hoverText(editor.document.uri, new vscode.Position(line, lines[line].raw.indexOf('Grade the candidate') + 3));
    const link = /\[Annotate record…\]\(command:promptForensics\.annotate\?([^)]+)\)/.exec(text);
    assert.ok(link, text);
    assert.match(text, /\[Annotate campaign…\]\(command:promptForensics\.annotate\?/);
    const args = JSON.parse(decodeURIComponent(link[1])) as unknown[];
    assert.deepEqual(args, [{ kind: 'record', file: log, line: line + 1 }]);
    assert.equal(await vscode.commands.executeCommand('promptForensics.annotate', ...args, { verdict: 'benign', note: 'our own eval' }), true);
    const entry = fileJson().annotations[`record:review.jsonl:${line + 1}`];
    assert.equal(entry?.verdict, 'benign');
    assert.match(String(entry.fingerprint), /^m1-[0-9a-f]{16}$/);
    assert.match(await hoverText(editor.document.uri, new vscode.Position(line, 5)), /\*\*Review:\*\* benign — Integration Tester: “our own eval”/);
    editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.InCenter);
    const summary = await until('the end-of-line summary shows the verdict', () => {
      api.decorations.updateAll();
      return api.decorations.lastApplied(editor.document.uri)?.summaries.find((x) => x.line === line && / · benign$/.test(x.text));
    });
    assert.match(summary.text, /account acct-\d · campaign c-/);
  });

  it('annotates the record at the cursor from the command palette, and removes it again', async () => {
    const editor = vscode.window.activeTextEditor!;
    editor.selection = new vscode.Selection(2, 10, 2, 10);
    assert.equal(await vscode.commands.executeCommand('promptForensics.annotate', undefined, { verdict: 'confirmed', note: 'palette' }), true);
    assert.equal(fileJson().annotations['record:review.jsonl:3']?.note, 'palette');
    assert.equal(await vscode.commands.executeCommand('promptForensics.removeAnnotation', { kind: 'record', file: log, line: 3 }), true);
    assert.equal(fileJson().annotations['record:review.jsonl:3'], undefined);
    // An ordinary user's record (a short hover) for the screenshot of the review section.
    const ordinary = lines.findIndex((l) => l.account === 'user-1');
    editor.selection = new vscode.Selection(ordinary, 20, ordinary, 20);
    assert.equal(await vscode.commands.executeCommand('promptForensics.annotate', undefined, { verdict: 'benign', note: 'known customer, checked with sales' }), true);
    editor.revealRange(editor.selection, vscode.TextEditorRevealType.InCenter);
    await vscode.commands.executeCommand('editor.action.showHover');
    await shot('12a-annotation-hover');
    await vscode.commands.executeCommand('editor.action.hideHover').then(undefined, () => undefined);
  });

  it('reloads when the file changes on disk (a git pull) and hides benign campaigns on request', async () => {
    const map = parseFindingsFile(fs.readFileSync(findingsFile, 'utf8'), findingsFile);
    const key = `campaign:${campaignId()}`;
    map.set(key, { ...map.get(key)!, verdict: 'benign', author: 'Colleague', note: 'university lab' });
    fs.writeFileSync(findingsFile, serializeFindingsFile(map));
    await until('the view shows the colleague verdict', async () => /^benign · score/.test(description((await topCampaign())!)));
    await vscode.commands.executeCommand('promptForensics.hideBenign');
    assert.equal(await topCampaign(), undefined, 'benign campaign hidden');
    const roots = await api.views.campaigns.getChildren();
    assert.ok(roots.length === 1 && roots[0].node.kind === 'message' && /hidden as benign/.test(roots[0].node.text), JSON.stringify(roots.map((r) => r.node.kind)));
    await vscode.commands.executeCommand('promptForensics.showBenign');
    assert.ok(await topCampaign());
    // Back to confirmed for the screenshot.
    await vscode.commands.executeCommand('promptForensics.annotate', await topCampaign(), { verdict: 'confirmed', note: 'shared card, round-robin' });
    await showView('promptForensics.campaigns');
    // A wider side bar, so the verdicts in the descriptions are readable in the screenshot.
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    for (let i = 0; i < 12; i++) await vscode.commands.executeCommand('workbench.action.decreaseViewWidth');
    await new Promise((r) => setTimeout(r, 500)); // the save's own reload
    const top = (await topCampaign())!;
    await api.treeViews.campaigns.reveal(top, { expand: true, focus: false, select: false });
    const account = (await api.views.campaigns.getChildren(top)).find((e) => e.node.kind === 'account')!;
    const [template] = await api.views.campaigns.getChildren(account);
    await api.treeViews.campaigns.reveal(template, { expand: true, focus: true, select: true });
    await shot('12-annotations');
  });

  it('refuses to change a damaged file, never overwrites it, and resets it only on request (keeping a backup)', async () => {
    const damaged = '{\n  "version": 1,\n  "annotations": { ,\n';
    fs.writeFileSync(findingsFile, damaged);
    await until('the damaged file is noticed', () => api.review.error);
    assert.match(api.review.error!.message, /findings\.json:3:\d+: invalid JSON/);
    await vscode.commands.executeCommand('notifications.showList');
    await shot('13-damaged-findings');
    await vscode.commands.executeCommand('notifications.hideList');
    assert.equal(await vscode.commands.executeCommand('promptForensics.annotate', campaign, { verdict: 'benign', note: 'x' }), false);
    assert.equal(await vscode.commands.executeCommand('promptForensics.removeAnnotation', campaign), false);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(fs.readFileSync(findingsFile, 'utf8'), damaged, 'damaged file untouched');
    const backup = await api.review.reset();
    assert.ok(backup && fs.readFileSync(backup, 'utf8') === damaged);
    assert.deepEqual(fileJson(), { annotations: {}, version: 1 });
    assert.equal(api.review.error, undefined);
    fs.rmSync(backup);
  });
});
