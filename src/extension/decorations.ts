/**
 * Inline marks: one decoration type per detection family (themable colours) plus one for the
 * end-of-line record summaries. Only the visible ranges of visible editors are painted, capped by a
 * setting, and repainting is debounced while scrolling.
 */
import * as vscode from 'vscode';
import { planDecorations, type PlacedRecord } from '../core/view/decorationPlan';
import { FAMILY_LOOKS } from '../core/view/families';
import type { AnalysisService } from './analysisService';
import { readSettings } from './config';
import { debounce, Disposable } from './disposable';
import type { LargeFileView } from './largeFileView';
import { RECORD_SCHEME } from './placement';
import type { ReviewService } from './review';

/** Lines painted above and below the visible ranges, so small scrolls need no repaint to look right. */
const MARGIN_LINES = 20;

export interface AppliedDecorations {
  /** Family key → ranges last applied. */
  byFamily: Map<string, vscode.Range[]>;
  summaries: Array<{ line: number; text: string }>;
  dropped: number;
}

export class DecorationController extends Disposable {
  private readonly familyTypes = new Map<string, vscode.TextEditorDecorationType>();
  private readonly summaryType = this._register(
    vscode.window.createTextEditorDecorationType({
      after: { color: new vscode.ThemeColor('promptForensics.summaryForeground'), margin: '0 0 0 2em', fontStyle: 'italic' },
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    }),
  );
  /** The large view's raw windows show document line numbers: each line also shows its line in the file. */
  private readonly fileLineType = this._register(
    vscode.window.createTextEditorDecorationType({
      before: { color: new vscode.ThemeColor('editorLineNumber.foreground'), margin: '0 1em 0 0', fontStyle: 'normal' },
    }),
  );
  private readonly applied = new Map<string, AppliedDecorations>();
  private readonly scheduleAll = debounce(() => this.updateAll(), 80);

  constructor(private readonly analysis: AnalysisService, private readonly largeView: LargeFileView, private readonly review?: ReviewService) {
    super();
    for (const look of FAMILY_LOOKS) {
      this.familyTypes.set(
        look.key,
        this._register(
          vscode.window.createTextEditorDecorationType({
            backgroundColor: new vscode.ThemeColor(`${look.colorId}.background`),
            border: '1px solid',
            borderColor: new vscode.ThemeColor(look.colorId),
            borderRadius: '2px',
            overviewRulerColor: new vscode.ThemeColor(look.colorId),
            overviewRulerLane: vscode.OverviewRulerLane.Right,
            rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
          }),
        ),
      );
    }
    this._register({ dispose: () => this.scheduleAll.cancel() });
    this._register(analysis.onDidChange(() => this.scheduleAll()));
    if (review) this._register(review.onDidChange(() => this.scheduleAll()));
    this._register(largeView.onDidRender(() => this.scheduleAll()));
    this._register(vscode.window.onDidChangeVisibleTextEditors(() => this.scheduleAll()));
    this._register(vscode.window.onDidChangeTextEditorVisibleRanges(() => this.scheduleAll()));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length && this.scheduleAll()));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('promptForensics') && this.scheduleAll()));
    this.scheduleAll();
  }

  private showFileLines(editor: vscode.TextEditor): void {
    const placement = editor.document.uri.scheme === RECORD_SCHEME ? this.largeView.placementOf(editor.document.uri) : undefined;
    if (!placement || placement.mode !== 'raw') return;
    const options: vscode.DecorationOptions[] = [];
    const width = String(placement.fileLineAt(editor.document.lineCount - 1) ?? 1).length;
    for (const visible of editor.visibleRanges) {
      for (let line = visible.start.line; line <= visible.end.line; line++) {
        const fileLine = placement.fileLineAt(line);
        if (fileLine === undefined) continue;
        options.push({ range: new vscode.Range(line, 0, line, 0), renderOptions: { before: { contentText: `${String(fileLine).padStart(width, '\u2007')} │` } } });
      }
    }
    editor.setDecorations(this.fileLineType, options);
  }

  /** What was last applied to the editor(s) showing `uri` (for tests and diagnostics). */
  lastApplied(uri: vscode.Uri): AppliedDecorations | undefined {
    return this.applied.get(uri.toString());
  }

  /** Repaints now (tests call this instead of waiting for the debounce). */
  updateAll(): void {
    for (const editor of vscode.window.visibleTextEditors) this.update(editor);
  }

  private update(editor: vscode.TextEditor): void {
    this.showFileLines(editor);
    const settings = readSettings();
    const index = this.analysis.index;
    const placement = index && settings.decorationsEnabled ? this.largeView.placementFor(editor.document) : undefined;
    const placed: PlacedRecord[] = [];
    if (index && placement && index.hasFile(placement.file)) {
      for (const visible of editor.visibleRanges) {
        const from = Math.max(0, visible.start.line - MARGIN_LINES);
        const to = Math.min(editor.document.lineCount - 1, visible.end.line + MARGIN_LINES);
        const [first, last] = placement.fileLinesIn(new vscode.Range(from, 0, to, 0));
        // A record starting above the range can reach into it (multi-line JSON array elements).
        const above = index.recordStartingAtOrBefore(placement.file, first - 1);
        for (const record of [...(above ? [above] : []), ...index.recordsInLines(placement.file, first, last)]) {
          const docLine = placement.docLineOf(record.line);
          if (docLine !== undefined && !placed.some((p) => p.record === record)) placed.push({ docLine, record });
        }
      }
    }
    const plan = index ? planDecorations(index, placed, settings.maxDecorations, settings.summaryEnabled, this.review?.state) : undefined;
    const byFamily = new Map<string, vscode.Range[]>();
    for (const [key, type] of this.familyTypes) {
      const ranges: vscode.Range[] = [];
      for (const mark of plan?.byFamily.get(key) ?? []) {
        const range = placement?.spanRange(mark.record, mark.span);
        if (range) ranges.push(range);
      }
      editor.setDecorations(type, ranges);
      if (ranges.length) byFamily.set(key, ranges);
    }
    const summaries = (plan?.summaries ?? []).filter((s) => s.text);
    editor.setDecorations(
      this.summaryType,
      summaries.map((s) => {
        const end = editor.document.lineAt(s.docLine).range.end;
        return { range: new vscode.Range(end, end), renderOptions: { after: { contentText: s.text } } };
      }),
    );
    if (!plan && !this.applied.has(editor.document.uri.toString())) return;
    this.applied.set(editor.document.uri.toString(), {
      byFamily,
      summaries: summaries.map((s) => ({ line: s.docLine, text: s.text })),
      dropped: plan?.dropped ?? 0,
    });
  }
}
