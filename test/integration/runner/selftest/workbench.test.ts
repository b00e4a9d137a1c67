// Checks the runner itself: the workbench opens the test workspace, the extension host sees the runner's
// environment, and a test can take a screenshot of the real UI.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { repoRoot as projectRoot } from '../../../support/paths';
import { pngSize } from '../pngSize';
import { screenshot } from '../screenshot-client';

describe('integration runner self-test', () => {
  it('opens the test workspace named by PF_TEST_WORKSPACE', () => {
    const workspace = process.env.PF_TEST_WORKSPACE;
    assert.ok(workspace, 'PF_TEST_WORKSPACE reaches the extension host');
    assert.equal(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath, workspace);
  });

  it('loads the repository as the development extension', () => {
    const extension = vscode.extensions.getExtension('prompt-forensics.prompt-forensics');
    assert.ok(extension, 'prompt-forensics.prompt-forensics is known to the extension host');
    assert.equal(extension.extensionPath, projectRoot());
  });

  it('opens a file in an editor and screenshots it', async () => {
    const file = path.join(process.env.PF_TEST_WORKSPACE ?? '', 'selftest.md');
    fs.writeFileSync(file, '# Runner self-test\n\nThis editor was opened by a test in the extension host.\n');
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, file);
    assert.equal(document.lineAt(0).text, '# Runner self-test');
    assert.equal(document.languageId, 'markdown');

    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    await screenshot('runner-selftest-editor');
    const screenshotsDir = process.env.PF_SCREENSHOTS_DIR;
    assert.ok(screenshotsDir, 'PF_SCREENSHOTS_DIR reaches the extension host');
    assert.deepEqual(pngSize(path.join(screenshotsDir, 'runner-selftest-editor.png')), { width: 1600, height: 1000 });
  });
});
