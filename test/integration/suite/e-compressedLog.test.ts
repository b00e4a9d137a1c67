// Opening a gzip-compressed log from the explorer shows the large-file view (not the binary-file notice).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import * as vscode from 'vscode';
import { COMPRESSED_LOG_VIEW_TYPE } from '../../../src/extension/compressedLogEditor';
import { LargeFileView } from '../../../src/extension/largeFileView';
import { RECORD_SCHEME } from '../../../src/extension/placement';
import { smallLogLines } from './sampleLogs';
import { closeAllEditors, extensionApi, generatedDir, shot, until } from './helpers';

describe('compressed logs (.jsonl.gz, .ndjson.gz)', function () {
  this.timeout(120_000);
  const lines = smallLogLines();
  const customTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputCustom && t.input.viewType === COMPRESSED_LOG_VIEW_TYPE);

  before(async () => {
    await extensionApi();
    await closeAllEditors();
  });
  after(closeAllEditors);

  for (const name of ['opened.jsonl.gz', 'opened.ndjson.gz']) {
    it(`opens ${name} with vscode.open in the large-file view, decompressed`, async () => {
      const file = path.join(generatedDir(), name);
      fs.writeFileSync(file, zlib.gzipSync(lines.map((l) => l.raw).join('\n') + '\n'));
      await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(file));
      const editor = await until('the large-file view of the compressed log', () => {
        const e = vscode.window.activeTextEditor;
        return e?.document.uri.scheme === RECORD_SCHEME && LargeFileView.fileOf(e.document.uri) === file ? e : undefined;
      });
      assert.equal(editor.document.lineAt(0).text, lines[0].raw);
      assert.equal(editor.document.lineAt(lines.length - 1).text, lines[lines.length - 1].raw);
      await until('the opening placeholder closes', () => customTabs().length === 0);
      if (name.startsWith('opened.jsonl')) await shot('14-compressed-log-opened');
      await closeAllEditors();
    });
  }
});
