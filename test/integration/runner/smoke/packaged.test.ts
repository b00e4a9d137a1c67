// Smoke test of the packaged artefact (run.js --vsix): the extension installed from prompt-forensics.vsix,
// not the repository, activates and registers every command its manifest contributes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { repoRoot as projectRoot } from '../../../support/paths';
import { screenshot } from '../screenshot-client';

const extensionId = 'prompt-forensics.prompt-forensics';

describe('packaged extension (.vsix) smoke test', () => {
  it('is installed from the .vsix, not loaded from the repository', () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is installed`);
    assert.notEqual(path.resolve(extension.extensionPath), projectRoot());
    assert.equal(extension.extensionKind, vscode.ExtensionKind.Workspace);
  });

  it('activates and registers every contributed command', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension);
    await extension.activate();
    assert.equal(extension.isActive, true);
    const contributed: Array<{ command: string }> = extension.packageJSON?.contributes?.commands ?? [];
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.map((entry) => entry.command).filter((command) => !registered.has(command));
    assert.deepEqual(missing, [], 'contributed commands without a registration');
  });

  it('analyzes a log with the packaged worker bundle', async function () {
    this.timeout(180_000);
    const log = path.join(process.env.PF_TEST_WORKSPACE ?? '', 'sample.jsonl');
    fs.copyFileSync(path.join(projectRoot(), 'samples', 'sample.jsonl'), log);
    const outcome = await vscode.commands.executeCommand<{ status: string; error?: string }>(
      'promptForensics.analyze',
      vscode.Uri.file(log),
    );
    assert.equal(outcome?.status, 'done', `analysis outcome: ${JSON.stringify(outcome?.error ?? outcome?.status)}`);
  });

  it('shows its views in the workbench', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    const containers: Array<{ id: string }> = vscode.extensions.getExtension(extensionId)?.packageJSON?.contributes
      ?.viewsContainers?.activitybar ?? [];
    if (containers[0]) await vscode.commands.executeCommand(`workbench.view.extension.${containers[0].id}`);
    await screenshot('packaged-smoke');
  });
});
