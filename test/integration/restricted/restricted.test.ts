// Restricted mode (an untrusted workspace): analysis works with the built-in rules, workspace rule
// packs, field maps and findings-file paths are ignored, and annotations are read-only.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AnalysisOutcome } from '../../../src/extension/analysisService';
import type { PromptForensicsApi } from '../../../src/extension/extension';
import { extensionApi, generatedDir, hoverText, shot, until } from '../suite/helpers';
import { writeSmallLog } from '../suite/sampleLogs';

describe('restricted mode (untrusted workspace)', function () {
  this.timeout(120_000);
  let api: PromptForensicsApi;
  let root: string;
  let log: string;

  before(async () => {
    root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    // Workspace settings an attacker's repository could ship: none of them may take effect.
    fs.mkdirSync(path.join(root, '.vscode'), { recursive: true });
    fs.writeFileSync(
      path.join(root, '.vscode', 'settings.json'),
      JSON.stringify({
        'promptForensics.rulePacks': ['missing-pack.yaml'],
        'promptForensics.fieldMap': { account: 'metadata.ip_address' },
        'promptForensics.findingsFile': 'elsewhere/findings.json',
        // Not restricted (its default value): tells when VS Code has read the file.
        'promptForensics.largeFile.windowSize': 400,
      }),
    );
    await until('the workspace settings are read', () => vscode.workspace.getConfiguration('promptForensics').inspect('largeFile.windowSize')?.workspaceValue === 400);
    api = await extensionApi();
    log = path.join(generatedDir(), 'restricted.jsonl');
    writeSmallLog(log);
  });

  it('runs untrusted, with the restricted workspace settings ignored', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const config = vscode.workspace.getConfiguration('promptForensics');
    assert.deepEqual(config.get('rulePacks'), []);
    assert.deepEqual(config.get('fieldMap'), {});
    assert.equal(config.get('findingsFile'), '.prompt-forensics/findings.json');
  });

  it('analyzes with the built-in rules (a workspace rule pack that does not exist would fail the run)', async () => {
    const outcome = await vscode.commands.executeCommand<AnalysisOutcome>('promptForensics.analyze', vscode.Uri.file(log));
    assert.equal(outcome?.status, 'done', JSON.stringify(outcome));
    const report = api.analysis.index!.report;
    assert.equal(report.summary.records, 48);
    // Accounts come from the log's user field, not the workspace field map's IP address.
    assert.ok(report.records!.some((r) => r.account === 'acct-1'));
    assert.ok(report.summary.suspectedCampaigns >= 1);
  });

  it('keeps annotations read-only: the command refuses, nothing is written, hovers carry no command links', async () => {
    assert.equal(api.review.file, path.join(root, '.prompt-forensics', 'findings.json'), 'the workspace findingsFile path is ignored');
    assert.match(api.review.readOnlyReason ?? '', /restricted mode/);
    const [campaign] = await api.views.campaigns.getChildren();
    assert.equal(await vscode.commands.executeCommand('promptForensics.annotate', campaign, { verdict: 'confirmed', note: 'x' }), false);
    assert.equal(fs.existsSync(path.join(root, '.prompt-forensics')), false);
    assert.equal(fs.existsSync(path.join(root, 'elsewhere')), false);
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(log));
    const hover = await hoverText(editor.document.uri, new vscode.Position(0, 5));
    assert.match(hover, /\*\*Template\*\*/);
    assert.ok(!hover.includes('command:'), hover);
    await shot('restricted-mode');
  });
});
