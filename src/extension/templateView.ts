/**
 * "Show Template": a read-only document (`prompt-forensics-template:`) with the pattern, numbers and
 * example prompts of a template; slots and slot fillers highlighted.
 */
import * as vscode from 'vscode';
import { renderTemplateDocument, type TemplateDocument } from '../core/view/templateDocument';
import type { AnalysisService } from './analysisService';
import { Disposable } from './disposable';

export const TEMPLATE_SCHEME = 'prompt-forensics-template';

export class TemplateView extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly docs = new Map<string, TemplateDocument>();
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changed.event;
  private readonly slotType = this._register(
    vscode.window.createTextEditorDecorationType({ backgroundColor: new vscode.ThemeColor('promptForensics.templateSlot.background'), fontWeight: 'bold' }),
  );
  private readonly fillerType = this._register(
    vscode.window.createTextEditorDecorationType({ backgroundColor: new vscode.ThemeColor('promptForensics.templateFiller.background'), borderRadius: '2px' }),
  );

  constructor(private readonly analysis: AnalysisService) {
    super();
    this._register(vscode.workspace.registerTextDocumentContentProvider(TEMPLATE_SCHEME, this));
    this._register(vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.decorate(e))));
    this._register(
      analysis.onDidChange(() => {
        for (const d of vscode.workspace.textDocuments) if (d.uri.scheme === TEMPLATE_SCHEME) this.changed.fire(d.uri);
      }),
    );
  }

  static uriFor(templateId: string): vscode.Uri {
    return vscode.Uri.from({ scheme: TEMPLATE_SCHEME, path: `/Template ${templateId.replace(/[/\\]/g, '_')}.txt`, query: `id=${encodeURIComponent(templateId)}` });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const id = new URLSearchParams(uri.query).get('id') ?? '';
    const index = this.analysis.index;
    const template = index?.templatesById.get(id);
    if (!index || !template) return `Template ${id} is not in the current analysis.`;
    const doc = renderTemplateDocument(index, template, 12, (f) => vscode.workspace.asRelativePath(f));
    this.docs.set(uri.toString(), doc);
    return doc.text;
  }

  async show(templateId: string): Promise<vscode.TextEditor> {
    const doc = await vscode.workspace.openTextDocument(TemplateView.uriFor(templateId));
    const editor = await vscode.window.showTextDocument(doc, { preview: true });
    this.decorate(editor);
    return editor;
  }

  /** Ranges last set on a template editor (for tests). */
  rangesOf(uri: vscode.Uri): TemplateDocument | undefined {
    return this.docs.get(uri.toString());
  }

  private decorate(editor: vscode.TextEditor): void {
    const doc = this.docs.get(editor.document.uri.toString());
    if (!doc) return;
    const toRange = (r: { line: number; start: number; end: number }) => new vscode.Range(r.line, r.start, r.line, r.end);
    editor.setDecorations(this.slotType, doc.slotRanges.map(toRange));
    editor.setDecorations(this.fillerType, doc.fillerRanges.map(toRange));
  }
}
