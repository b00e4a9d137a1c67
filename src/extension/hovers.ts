/**
 * Hover on a record line: template, campaign, findings. The Markdown is built by the pure
 * `recordHoverMarkdown` (log text escaped or fenced) and rendered without HTML; trusted only for
 * the annotate command's links (reviewHoverMarkdown), never for anything else.
 */
import * as vscode from 'vscode';
import { recordHoverMarkdown } from '../core/view/hoverText';
import { reviewHoverMarkdown } from '../core/view/review';
import type { AnalysisService } from './analysisService';
import { ANNOTATE_COMMAND } from './annotateCommands';
import { Disposable } from './disposable';
import type { LargeFileView } from './largeFileView';
import { RECORD_SCHEME } from './placement';
import type { ReviewService } from './review';

export class RecordHoverProvider extends Disposable implements vscode.HoverProvider {
  constructor(private readonly analysis: AnalysisService, private readonly largeView: LargeFileView, private readonly review?: ReviewService) {
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
    // Command links (annotate only, with JSON arguments) when annotating is possible; log text is escaped either way.
    const canAnnotate = this.review !== undefined && this.review.readOnlyReason === undefined;
    const review = reviewHoverMarkdown(this.review?.state, record, index.campaignOf(record.account), canAnnotate ? ANNOTATE_COMMAND : undefined);
    const markdown = new vscode.MarkdownString([recordHoverMarkdown(index, record, placement.rawLine(record)), review].filter(Boolean).join('\n\n---\n\n'));
    markdown.isTrusted = canAnnotate ? { enabledCommands: [ANNOTATE_COMMAND] } : false;
    markdown.supportHtml = false;
    markdown.supportThemeIcons = false;
    const spanHit = record.findings
      .map((f) => placement.spanRange(record, f.span))
      .find((r): r is vscode.Range => r !== undefined && r.contains(position));
    return new vscode.Hover(markdown, spanHit ?? placement.recordRange(record));
  }
}
