// The analyst's workbench on a small log: analyze, trees, decorations, hover, reveal, search, template view.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PromptForensicsApi } from '../../../src/extension/extension';
import type { AnalysisOutcome } from '../../../src/extension/analysisService';
import { REASONING_PHRASE, RUBRIC_PHRASE, writeSmallLog, type SmallLogLine } from './sampleLogs';
import { closeAllEditors, extensionApi, generatedDir, hoverText, shot, showView, treeLabels, until } from './helpers';

describe('workbench on a small log', function () {
  this.timeout(120_000);
  let api: PromptForensicsApi;
  let file: string;
  let lines: SmallLogLine[];
  let editor: vscode.TextEditor;

  before(async () => {
    file = path.join(generatedDir(), 'small.jsonl');
    lines = writeSmallLog(file);
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    const doc = await vscode.workspace.openTextDocument(file);
    editor = await vscode.window.showTextDocument(doc);
    api = await extensionApi();
  });
  after(closeAllEditors);

  it('activates on a .jsonl file and shows the welcome content before any analysis', async () => {
    assert.equal(api.analysis.index, undefined);
    assert.deepEqual(await api.views.campaigns.getChildren(), []);
    await showView('promptForensics.campaigns');
    await shot('01-welcome');
  });

  it('analyzes the active file in the worker and fills the three views', async () => {
    const outcome = await vscode.commands.executeCommand<AnalysisOutcome>('promptForensics.analyze');
    assert.equal(outcome?.status, 'done', JSON.stringify(outcome));
    const report = api.analysis.index!.report;
    assert.equal(report.summary.records, lines.length);

    const campaigns = await api.views.campaigns.getChildren();
    assert.ok(campaigns.length >= 1);
    const top = api.views.campaigns.getTreeItem(campaigns[0]);
    assert.match(String(top.description), /score \d\.\d\d · 8 accounts · 40 records/);
    const topAccounts = (await api.views.campaigns.getChildren(campaigns[0])).filter((e) => e.node.kind === 'account');
    assert.deepEqual(topAccounts.map((e) => (e.node.kind === 'account' ? e.node.account : '')).sort(), ['acct-1', 'acct-2', 'acct-3', 'acct-4', 'acct-5', 'acct-6', 'acct-7', 'acct-8']);
    const evidence = (await api.views.campaigns.getChildren(campaigns[0])).find((e) => e.node.kind === 'evidenceGroup');
    assert.ok(evidence && (await api.views.campaigns.getChildren(evidence)).length > 0);
    // account → templates → records
    const templatesOfAccount = await api.views.campaigns.getChildren(topAccounts[0]);
    assert.equal(templatesOfAccount.length, 2);
    const records = await api.views.campaigns.getChildren(templatesOfAccount[0]);
    assert.ok(records.length > 0 && records.every((r) => r.node.kind === 'record'));

    const templates = await treeLabels(api.views.templates, 1);
    assert.match(templates[0], /^Here is a problem and its final answer\. Problem: ⟨…⟩ Answer: [^—]*⟨…⟩.* — t-[0-9a-f]+ · ×24 · 8 accounts · reasoning-extraction/);
    assert.match(templates[1], /^Rubric: correctness .* — t-[0-9a-f]+ · ×16 · 8 accounts · rubric-grading/);

    const findings = await treeLabels(api.views.findings, 2);
    assert.match(findings[0], /^reasoning-extraction — 24 findings$/);
    assert.ok(findings.some((l) => /^rubric-grading — 16 findings$/.test(l)), findings.join('\n'));

    const evidenceItems = await api.views.campaigns.getChildren(evidence);
    await api.treeViews.campaigns.reveal(evidenceItems[0], { expand: true, focus: false, select: false });
    await api.treeViews.campaigns.reveal(records[0], { expand: true, focus: true, select: true });
    await shot('02-campaigns-view');
    const topTemplate = (await api.views.templates.getChildren())[0];
    await api.treeViews.templates.reveal(topTemplate, { expand: 1, focus: false, select: true });
    const [family] = await api.views.findings.getChildren();
    const [rule] = await api.views.findings.getChildren(family);
    await api.treeViews.findings.reveal(rule, { expand: true, focus: true, select: true });
    await shot('03-views-expanded');
  });

  it('toggles clusters below the threshold into the Campaigns view', async () => {
    const before = (await api.views.campaigns.getChildren()).length;
    const all = api.analysis.index!.report.campaigns.length;
    await vscode.commands.executeCommand('promptForensics.showUnsuspected');
    assert.equal((await api.views.campaigns.getChildren()).filter((e) => e.node.kind === 'campaign').length, all);
    await vscode.commands.executeCommand('promptForensics.hideUnsuspected');
    assert.equal((await api.views.campaigns.getChildren()).length, before);
  });

  it('decorates finding spans of visible records with the family decoration', async () => {
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('editor.action.toggleWordWrap');
    api.decorations.updateAll();
    const applied = await until('decorations', () => api.decorations.lastApplied(editor.document.uri));
    const reasoning = applied.byFamily.get('reasoning-extraction') ?? [];
    assert.ok(reasoning.length > 0, 'reasoning spans painted');
    for (const range of reasoning) {
      const text = editor.document.getText(range);
      assert.ok(text.length > 10 && REASONING_PHRASE.includes(text), `line ${range.start.line + 1}: ${text}`);
    }
    const visible = editor.visibleRanges[0];
    assert.ok(reasoning.every((r) => r.start.line <= visible.end.line + 20), 'only visible lines (plus margin) are painted');
    assert.ok(applied.summaries.some((s) => s.line === 0 && /template t-[0-9a-f]+ \(×24\) · account acct-1 · campaign c-/.test(s.text)), JSON.stringify(applied.summaries[0]));
    await shot('05-decorations');
  });

  it('hovers a record with its template, campaign and findings, log text escaped', async () => {
    const line = lines.findIndex((l) => l.raw.includes(RUBRIC_PHRASE));
    const col = lines[line].raw.indexOf('Grade the candidate');
    const text = await hoverText(editor.document.uri, new vscode.Position(line, col + 3));
    assert.match(text, /\*\*Template\*\* `t-[0-9a-f]+` — 16 records from 8 accounts/);
    assert.match(text, /suspected campaign\*\* `c-[0-9a-f]+` — score/);
    assert.match(text, /\*\*Findings\*\* \(1\)/);
    assert.match(text, /Rubric grading/);
    assert.ok(!/<[a-z]/i.test(text.replace(/```[\s\S]*?```/g, '')), 'no raw HTML outside code blocks');
    editor.selection = new vscode.Selection(line, col + 3, line, col + 3);
    editor.revealRange(new vscode.Range(line, col, line, col), vscode.TextEditorRevealType.InCenter);
    await vscode.commands.executeCommand('editor.action.showHover');
    await shot('06-hover');
    await vscode.commands.executeCommand('editor.action.hideHover').then(undefined, () => undefined);
  });

  it('reveals a record from the Findings view with its finding span selected', async () => {
    const [family] = await api.views.findings.getChildren();
    const [rule] = await api.views.findings.getChildren(family);
    const recs = await api.views.findings.getChildren(rule);
    const target = recs[5];
    const item = api.views.findings.getTreeItem(target);
    assert.equal(item.command?.command, 'promptForensics.revealRecord');
    await closeAllEditors();
    const shown = await vscode.commands.executeCommand<vscode.TextEditor>(item.command!.command, ...(item.command!.arguments ?? []));
    assert.equal(shown.document.uri.fsPath, file);
    assert.ok(target.node.kind === 'record');
    assert.equal(shown.selection.start.line, target.node.record.line - 1);
    const selected = shown.document.getText(shown.selection);
    assert.ok(selected.length > 10 && REASONING_PHRASE.includes(selected), selected);
    editor = shown;
  });

  it('navigates to accounts, templates and records by id (the dashboard links)', async () => {
    await api.navigate('account', 'acct-3');
    const selected = api.treeViews.campaigns.selection[0];
    assert.ok(selected?.node.kind === 'account' && selected.node.account === 'acct-3');
    const shown = (await api.navigate('record', `${file}:5`)) as vscode.TextEditor;
    assert.equal(shown.document.uri.fsPath, file);
    assert.equal(shown.selection.start.line, 4);
    const template = (await api.navigate('template', api.analysis.index!.recordAt(file, 5)!.template!)) as vscode.TextEditor;
    assert.equal(template.document.uri.scheme, 'prompt-forensics-template');
  });

  it('searches prompts and reveals the hit', async () => {
    const hits = await api.searchPrompts('irrational');
    const records = hits.filter((h) => h.kind === 'record');
    assert.ok(records.length > 0);
    for (const h of records) assert.ok(h.kind === 'record' && lines[h.record.line - 1].prompt.includes('irrational'));
    const first = records[0];
    assert.ok(first.kind === 'record');
    const shown = await vscode.commands.executeCommand<vscode.TextEditor>('promptForensics.revealRecord', first.record);
    assert.equal(shown.selection.start.line, first.record.line - 1);
    const search = vscode.commands.executeCommand('promptForensics.searchPrompts', 'photosynthesis');
    await new Promise((r) => setTimeout(r, 800));
    await shot('07-search');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal(await search, undefined);
  });

  it('shows a template as a read-only document with slots highlighted', async () => {
    const template = [...api.analysis.index!.report.templates].sort((a, b) => b.size - a.size)[0];
    const shown = await vscode.commands.executeCommand<vscode.TextEditor>('promptForensics.showTemplate', template.id);
    assert.equal(shown.document.uri.scheme, 'prompt-forensics-template');
    assert.match(shown.document.getText(), new RegExp(`Template ${template.id}`));
    assert.match(shown.document.getText(), new RegExp(REASONING_PHRASE));
    const ranges = api.templates.rangesOf(shown.document.uri)!;
    assert.ok(ranges.slotRanges.length >= 2);
    for (const r of ranges.slotRanges) assert.equal(shown.document.lineAt(r.line).text.slice(r.start, r.end), '<*>');
    assert.ok(ranges.fillerRanges.length > 0);
    await shot('08-template');
  });

  it('lists findings in the Problems panel (auto mode, few findings)', async () => {
    const diagnostics = await until('diagnostics', () => {
      const d = vscode.languages.getDiagnostics(vscode.Uri.file(file));
      return d.length ? d : undefined;
    });
    assert.equal(diagnostics.length, api.analysis.index!.findingCount);
    assert.ok(diagnostics.length > 0);
    assert.ok(diagnostics.every((d) => d.source === 'Prompt Forensics'));
  });

  it('follows the settings: summaries off, decorations capped, diagnostics off', async () => {
    const config = vscode.workspace.getConfiguration('promptForensics');
    await vscode.window.showTextDocument(editor.document);
    try {
      await config.update('summary.enabled', false, vscode.ConfigurationTarget.Workspace);
      await config.update('decorations.max', 3, vscode.ConfigurationTarget.Workspace);
      await config.update('diagnostics.mode', 'off', vscode.ConfigurationTarget.Workspace);
      api.decorations.updateAll();
      const applied = api.decorations.lastApplied(editor.document.uri)!;
      assert.equal(applied.summaries.length, 0);
      assert.equal([...applied.byFamily.values()].reduce((n, r) => n + r.length, 0), 3);
      assert.ok(applied.dropped > 0);
      await until('diagnostics cleared', () => vscode.languages.getDiagnostics(vscode.Uri.file(file)).length === 0);
    } finally {
      for (const key of ['summary.enabled', 'decorations.max', 'diagnostics.mode']) await config.update(key, undefined, vscode.ConfigurationTarget.Workspace);
    }
    api.decorations.updateAll();
    assert.ok(api.decorations.lastApplied(editor.document.uri)!.summaries.length > 0);
  });

  it('re-analyzes when the file changes on disk', async () => {
    const before = api.analysis.index;
    const changed = new Promise<void>((resolve) => {
      const sub = api.analysis.onDidChange((index) => {
        if (index && index !== before) {
          sub.dispose();
          resolve();
        }
      });
    });
    const fs = await import('node:fs');
    fs.appendFileSync(file, `${lines[0].raw}\n`);
    await changed;
    assert.equal(api.analysis.index!.report.summary.records, lines.length + 1);
  });
});
