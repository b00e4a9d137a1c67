/**
 * Hover on a record line: template, campaign, findings. The Markdown is built by the pure
 * `recordHoverMarkdown` (log text escaped or fenced) and rendered untrusted, without HTML.
 */
import * as vscode from 'vscode';
import { recordHoverMarkdown } from '../core/view/hoverText';
import type { AnalysisService } from './analysisService';
import { Disposable } from './disposable';
import type { LargeFileView } from './largeFileView';
import { RECORD_SCHEME } from './placement';

export class RecordHoverProvider extends Disposable implements vscode.HoverProvider {
  constructor(private readonly analysis: AnalysisService, private readonly largeView: LargeFileView) {
    super();
    this._register(vscode.languages.registerHoverProvider([{ scheme: 'file' }, { scheme: RECORD_SCHEME }], this));
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const index = this.analysis.index;
    if (!index) return undefined;
    const placement = this.largeView.placementFor(document);
    if (!placement || !index.hasFile(placement.file)) return undefined;
    const record = placement.recordAt(index, position);
    if (!record) return undefined;
    const markdown = new vscode.MarkdownString(recordHoverMarkdown(index, record, placement.rawLine(record)));
    markdown.isTrusted = false;
    markdown.supportHtml = false;
    markdown.supportThemeIcons = false;
    const spanHit = record.findings
      .map((f) => placement.spanRange(record, f.span))
      .find((r): r is vscode.Range => r !== undefined && r.contains(position));
    return new vscode.Hover(markdown, spanHit ?? placement.recordRange(record));
  }
}
