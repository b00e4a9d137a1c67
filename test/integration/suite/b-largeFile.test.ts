// Logs VS Code does not hand to extensions (> 50 MB) and gzip logs: the large-file view, its
// decorations and hovers, go-to-record, and cancelling a running analysis.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as zlib from 'node:zlib';
import * as vscode from 'vscode';
import type { AnalysisOutcome } from '../../../src/extension/analysisService';
import type { PromptForensicsApi } from '../../../src/extension/extension';
import { RECORD_SCHEME } from '../../../src/extension/placement';
import { REASONING_PHRASE, smallLogLines, writeLargeLog } from './sampleLogs';
import { closeAllEditors, extensionApi, generatedDir, hoverText, shot, showView, until } from './helpers';

describe('large-file view', function () {
  this.timeout(300_000);
  let api: PromptForensicsApi;
  let large: string;
  let lineCount: number;

  before(async () => {
    api = await extensionApi();
    large = path.join(generatedDir(), 'large.jsonl');
    const written = writeLargeLog(large);
    lineCount = written.lines;
    assert.ok(written.bytes > 50 * 1024 * 1024);
  });
  after(closeAllEditors);

  it('cancels a running analysis: the run reports cancelled and its worker ends', async () => {
    const progressed = new Promise<void>((resolve) => {
      const sub = api.analysis.onDidProgress(() => {
        sub.dispose();
        resolve();
      });
    });
    const run = vscode.commands.executeCommand<AnalysisOutcome>('promptForensics.analyze', vscode.Uri.file(large));
    await progressed;
    assert.ok(api.analysis.isRunning);
    await vscode.commands.executeCommand('promptForensics.cancelAnalysis');
    assert.equal((await run)?.status, 'cancelled');
    assert.equal(api.analysis.isRunning, false);
    await until('worker exit', () => api.analysis.activeWorkers === 0);
  });

  it('analyzes the large file (early partial reports first) and opens it in the large-file view at a record', async () => {
    await showView('promptForensics.campaigns');
    const started = performance.now();
    const partials: Array<{ ms: number; records: number; description?: string; status: boolean }> = [];
    const sub = api.analysis.onDidChange((index) => {
      if (!index?.report.partial) return;
      partials.push({ ms: performance.now() - started, records: index.report.summary.records, description: api.treeViews.campaigns.description, status: api.analysis.isPartial });
      if (partials.length === 1) void shot('08a-partial-report');
    });
    const outcome = await vscode.commands.executeCommand<AnalysisOutcome>('promptForensics.analyze', vscode.Uri.file(large));
    const finalMs = performance.now() - started;
    sub.dispose();
    assert.equal(outcome?.status, 'done', JSON.stringify(outcome));
    assert.equal(api.analysis.index!.report.summary.records, lineCount);
    assert.equal(api.analysis.index!.report.partial, undefined, 'the final report replaced the early ones');
    assert.equal(api.analysis.isPartial, false);
    assert.doesNotMatch(String(api.treeViews.campaigns.description), /partial/);
    // Whether an early report comes depends on the machine's speed (the first after ~2 s of reading): check it when it did.
    for (const p of partials) {
      assert.ok(p.records > 0 && p.records < lineCount, JSON.stringify(p));
      assert.match(String(p.description), /· partial…$/);
      assert.ok(p.status);
    }
    console.log(
      `[measure] ${(fs.statSync(large).size / 1048576).toFixed(1)} MB, ${lineCount} lines: first partial report after ${partials[0] ? `${Math.round(partials[0].ms)} ms (${partials[0].records} records)` : 'none'}, ` +
        `${partials.length} partial report(s), final report after ${Math.round(finalMs)} ms`,
    );

    await closeAllEditors();
    const target = 100_001; // a campaign record (every 5th line from line 1)
    const shown = await vscode.commands.executeCommand<vscode.TextEditor>('promptForensics.goToLine', target);
    assert.equal(shown.document.uri.scheme, RECORD_SCHEME);
    const placement = api.largeView.placementOf(shown.document.uri)!;
    assert.equal(placement.fileLineAt(shown.selection.start.line), target);
    const raw = await readLine(large, target);
    assert.equal(shown.document.lineAt(shown.selection.start.line).text, raw);
  });

  it('goes to the n-th record and selects its finding span', async () => {
    const n = 90_001;
    const record = api.analysis.index!.recordsOf(large)[n - 1];
    assert.ok(record.findings.length > 0);
    const shown = await vscode.commands.executeCommand<vscode.TextEditor>('promptForensics.goToRecord', n);
    const placement = api.largeView.placementOf(shown.document.uri)!;
    assert.equal(placement.fileLineAt(shown.selection.start.line), record.line);
    const selected = shown.document.getText(shown.selection);
    assert.ok(selected.length > 10 && REASONING_PHRASE.includes(selected), selected);
  });

  it('decorates and hovers records in the virtual document', async () => {
    const editor = vscode.window.activeTextEditor!;
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      api.decorations.updateAll();
      times.push(performance.now() - t);
    }
    const applied = await until('decorations on the large view', () => api.decorations.lastApplied(editor.document.uri)?.byFamily.get('reasoning-extraction'));
    console.log(`[measure] visible-range decorations of the large view (${editor.visibleRanges[0].end.line - editor.visibleRanges[0].start.line + 1} lines visible, ${applied.length} reasoning spans): ${times.map((t) => t.toFixed(1)).join(', ')} ms over 5 runs`);
    for (const range of applied) {
      const text = editor.document.getText(range);
      assert.ok(REASONING_PHRASE.includes(text) && text.length > 10, text);
    }
    const line = editor.selection.start.line;
    const hover = await hoverText(editor.document.uri, new vscode.Position(line, editor.selection.start.character + 2));
    assert.match(hover, /\*\*Template\*\* `t-[0-9a-f]+`/);
    assert.match(hover, /Reasoning\\-trace extraction/);
    await shot('09-large-file-view');
    editor.selection = new vscode.Selection(editor.selection.start, editor.selection.start);
    await vscode.commands.executeCommand('editor.action.showHover');
    await shot('10-large-file-hover');
  });

  it('pages and switches to pretty records with the span still highlighted', async () => {
    const before = vscode.window.activeTextEditor!.document.uri;
    const next = await vscode.commands.executeCommand<vscode.TextEditor>('promptForensics.nextWindow');
    assert.notEqual(next.document.uri.toString(), before.toString());
    const pretty = await vscode.commands.executeCommand<vscode.TextEditor>('promptForensics.toggleRawPretty');
    assert.match(pretty.document.uri.query, /mode=pretty/);
    assert.match(pretty.document.getText(), /^\[\n\/\/ line \d+\n\{\n {2}"id"/);
    api.decorations.updateAll();
    const ranges = await until('pretty decorations', () => api.decorations.lastApplied(pretty.document.uri)?.byFamily.get('reasoning-extraction'));
    assert.ok(ranges.every((r) => REASONING_PHRASE.includes(pretty.document.getText(r))));
    pretty.revealRange(ranges[0], vscode.TextEditorRevealType.InCenter);
    await shot('11-large-file-pretty');
  });

  it('analyzes from the large view title button: its URI maps back to the log (cached report)', async () => {
    const uri = vscode.window.activeTextEditor!.document.uri;
    assert.equal(uri.scheme, RECORD_SCHEME);
    const outcome = await vscode.commands.executeCommand<AnalysisOutcome>('promptForensics.analyze', uri);
    assert.ok(outcome?.status === 'done' && outcome.fromCache, JSON.stringify(outcome));
    assert.deepEqual(api.analysis.files, [large]);
  });

  it('opens a .jsonl.gz log in the large-file view (decompressed once)', async () => {
    const gz = path.join(generatedDir(), 'small.jsonl.gz');
    const lines = smallLogLines();
    fs.writeFileSync(gz, zlib.gzipSync(lines.map((l) => l.raw).join('\n') + '\n'));
    const outcome = await vscode.commands.executeCommand<AnalysisOutcome>('promptForensics.analyze', vscode.Uri.file(gz));
    assert.equal(outcome?.status, 'done', JSON.stringify(outcome));
    const record = api.analysis.index!.recordsOf(gz).find((r) => r.findings.length)!;
    const shown = await vscode.commands.executeCommand<vscode.TextEditor>('promptForensics.revealRecord', record, 0);
    assert.equal(shown.document.uri.scheme, RECORD_SCHEME);
    assert.equal(shown.document.lineAt(shown.selection.start.line).text, lines[record.line - 1].raw);
    const span = record.findings[0].span;
    assert.equal(shown.document.getText(shown.selection), lines[record.line - 1].raw.slice(span[0], span[1]));
  });
});

async function readLine(file: string, line: number): Promise<string> {
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  let n = 0;
  for await (const text of rl) {
    if (++n === line) {
      rl.close();
      return text;
    }
  }
  throw new Error(`no line ${line}`);
}
