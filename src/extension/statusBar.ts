/** Status-bar summary of the current analysis, the analyzed files as the views' description ("partial…" for early reports), the campaign count as a badge. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ReportIndex } from '../core/view/reportIndex';
import type { AnalysisService } from './analysisService';
import { Disposable } from './disposable';
import type { LargeFileView } from './largeFileView';
import { RECORD_SCHEME } from './placement';

export class AnalysisStatus extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('promptForensics.status', vscode.StatusBarAlignment.Left, 10));

  constructor(analysis: AnalysisService, private readonly views: ReadonlyArray<vscode.TreeView<unknown>>, private readonly campaignsView: vscode.TreeView<unknown>) {
    super();
    this.item.name = 'Prompt Forensics';
    this.item.command = 'promptForensics.campaigns.focus';
    this._register(analysis.onDidChange((index) => this.update(index, analysis.files)));
  }

  private update(index: ReportIndex | undefined, files: readonly string[]): void {
    const described = files.length === 1 ? path.basename(files[0]) : files.length ? `${files.length} files` : '';
    const partial = index?.report.partial === true;
    for (const v of this.views) v.description = partial ? `${described} · partial…` : described;
    const s = index?.report.summary;
    this.campaignsView.badge = s?.suspectedCampaigns ? { value: s.suspectedCampaigns, tooltip: `${s.suspectedCampaigns} suspected campaign${s.suspectedCampaigns === 1 ? '' : 's'}` } : undefined;
    if (!s) {
      this.item.hide();
      return;
    }
    const campaigns = `${s.suspectedCampaigns} campaign${s.suspectedCampaigns === 1 ? '' : 's'}`;
    this.item.text = partial ? `$(sync~spin) ${campaigns} so far (partial…)` : `$(${s.suspectedCampaigns ? 'flame' : 'pass'}) ${campaigns}`;
    this.item.tooltip = `Prompt Forensics — ${described}${partial ? ' (partial: the analysis is still running)' : ''}\n${s.records.toLocaleString()} records · ${s.accounts.toLocaleString()} accounts · ${s.templates.toLocaleString()} templates\n${Object.entries(s.findingsByFamily)
      .map(([f, n]) => `${f}: ${n.toLocaleString()}`)
      .join('\n')}`;
    this.item.show();
  }
}

/** In the large-file view, where the cursor is in the file (the editor's own line numbers count the window). */
export class LargeViewPosition extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('promptForensics.largeViewPosition', vscode.StatusBarAlignment.Right, 200));

  constructor(private readonly largeView: LargeFileView) {
    super();
    this.item.name = 'Prompt Forensics: line in file';
    this.item.command = 'promptForensics.goToLine';
    this.item.tooltip = 'Line in the log file (Go to Line…)';
    this._register(vscode.window.onDidChangeActiveTextEditor(() => void this.update()));
    this._register(vscode.window.onDidChangeTextEditorSelection((e) => e.textEditor === vscode.window.activeTextEditor && void this.update()));
    this._register(largeView.onDidRender(() => void this.update()));
  }

  private async update(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const placement = editor?.document.uri.scheme === RECORD_SCHEME ? this.largeView.placementOf(editor.document.uri) : undefined;
    const fileLine = placement?.fileLineAt(editor!.selection.active.line);
    if (!placement || fileLine === undefined) {
      this.item.hide();
      return;
    }
    const total = await this.largeView.lineCount(placement.file).catch(() => undefined);
    this.item.text = `$(list-ordered) File line ${fileLine.toLocaleString()}${total ? ` of ${total.toLocaleString()}` : ''}`;
    this.item.show();
  }
}
