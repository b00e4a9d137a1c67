// JSON-array exports (analyzed by command): records are elements that span lines, or share one.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AnalysisOutcome } from '../../../src/extension/analysisService';
import type { PromptForensicsApi } from '../../../src/extension/extension';
import { REASONING_PHRASE, smallLogLines } from './sampleLogs';
import { closeAllEditors, extensionApi, generatedDir, hoverText, until } from './helpers';

describe('JSON array exports', function () {
  this.timeout(120_000);
  let api: PromptForensicsApi;
  before(async () => (api = await extensionApi()));
  after(closeAllEditors);

  for (const [name, indent] of [['pretty.json', 2], ['oneline.json', 0]] as const) {
    it(`places findings and hovers inside elements of ${name} (non-ASCII before them)`, async () => {
      const file = path.join(generatedDir(), name);
      const records = smallLogLines().slice(0, 6).map((l) => JSON.parse(l.raw));
      records[0].messages[0].content = `Café ☕ 😀 ${records[0].messages[0].content}`;
      fs.writeFileSync(file, JSON.stringify(records, null, indent));
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
      const outcome = await vscode.commands.executeCommand<AnalysisOutcome>('promptForensics.analyze');
      assert.equal(outcome?.status, 'done', JSON.stringify(outcome));
      api.decorations.updateAll();
      const ranges = await until('array decorations', () => api.decorations.lastApplied(editor.document.uri)?.byFamily.get('reasoning-extraction'));
      // Only visible elements are painted: all six on one line, the first ones of the pretty array.
      const visibleEnd = editor.visibleRanges[editor.visibleRanges.length - 1].end.line;
      const expected = api.analysis.index!.recordsOf(file).filter((r) => r.line - 1 <= visibleEnd + 20).length;
      assert.ok(expected >= 3);
      assert.equal(ranges.length, expected);
      for (const r of ranges) {
        const text = editor.document.getText(r);
        assert.ok(text.length > 10 && REASONING_PHRASE.includes(text), text);
      }
      // Hover in the middle of the third element's finding.
      const third = ranges[2];
      const hover = await hoverText(editor.document.uri, third.start.translate(0, 2));
      assert.match(hover, /\*\*Template\*\* `t-[0-9a-f]+`/);
      assert.match(hover, new RegExp(`line ${api.analysis.index!.recordsOf(file)[2].line}, account \`acct-3\``));
    });
  }
});
