/**
 * The read-only view of logs VS Code cannot hand to extensions (over 50 MB) or show as text
 * (`.gz`): a window of lines read by byte offset from a streamed line index, as a virtual document
 * of the `prompt-forensics-record:` scheme. Gzip files are decompressed once into global storage.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { buildLineIndex, gunzipTo, readLines, type LineIndex } from '../core/view/lineIndex';
import { parseWindowQuery, renderWindow, windowAround, windowQuery, type WindowMode, type WindowRequest } from '../core/view/recordWindow';
import { fileKey } from '../core/view/reportIndex';
import type { AnalysisService } from './analysisService';
import { readSettings } from './config';
import { Disposable } from './disposable';
import { RECORD_SCHEME, TextFilePlacement, WindowPlacement, type Placement } from './placement';

/** VS Code does not sync documents above this size to extensions. */
export const LARGE_FILE_BYTES = 50 * 1024 * 1024;

export function needsLargeView(file: string, size: number): boolean {
  return /\.gz$/i.test(file) || size > LARGE_FILE_BYTES;
}

const MAX_PLACEMENTS = 32;
const WINDOW_LABEL = ' · lines ';

interface Source {
  stamp: string;
  index: LineIndex;
}

export class LargeFileView extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changed.event;
  private readonly rendered = this._register(new vscode.EventEmitter<vscode.Uri>());
  /** Fires after a window was (re)rendered: its placement is then available. */
  readonly onDidRender = this.rendered.event;
  private readonly sources = new Map<string, Promise<Source>>();
  private readonly placements = new Map<string, WindowPlacement>();

  constructor(private readonly storageDir: string, analysis: AnalysisService) {
    super();
    this._register(vscode.workspace.registerTextDocumentContentProvider(RECORD_SCHEME, this));
    // A re-analysis follows a change on disk: re-read the windows of the files analyzed.
    this._register(analysis.onDidChange(() => analysis.files.forEach((f) => this.refresh(f))));
  }

  /** The tab shows `large.jsonl · lines 1001–1400`; the query names the window exactly. */
  static uriFor(file: string, w: WindowRequest): vscode.Uri {
    const label = `${WINDOW_LABEL}${w.start}–${w.start + w.count - 1}${w.mode === 'pretty' ? ' (pretty)' : ''}`;
    return vscode.Uri.from({ scheme: RECORD_SCHEME, path: `${vscode.Uri.file(file).path}${label}`, query: windowQuery(w) });
  }

  static fileOf(uri: vscode.Uri): string {
    const at = uri.path.lastIndexOf(WINDOW_LABEL);
    return vscode.Uri.file(at < 0 ? uri.path : uri.path.slice(0, at)).fsPath;
  }

  placementOf(uri: vscode.Uri): WindowPlacement | undefined {
    return this.placements.get(uri.toString());
  }

  /** How records sit in any document: a large-view window, or a log opened as text. */
  placementFor(document: vscode.TextDocument): Placement | undefined {
    if (document.uri.scheme === RECORD_SCHEME) return this.placementOf(document.uri);
    return document.uri.scheme === 'file' ? new TextFilePlacement(document) : undefined;
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const file = LargeFileView.fileOf(uri);
    const w = parseWindowQuery(uri.query);
    const { index } = await this.source(file);
    if (token.isCancellationRequested) return '';
    const lines = await readLines(index, w.start, w.count);
    const window = renderWindow(lines, w.start, w.mode);
    const raw = new Map(lines.map((l, i) => [w.start + i, l] as const));
    this.placements.delete(uri.toString());
    this.placements.set(uri.toString(), new WindowPlacement(file, window, raw, w.mode));
    // Kept past document close: a language change closes and reopens the same document.
    while (this.placements.size > MAX_PLACEMENTS) this.placements.delete(this.placements.keys().next().value as string);
    setTimeout(() => this.rendered.fire(uri), 0);
    return window.text;
  }

  /** The line index (decompressing first for `.gz`), rebuilt when the file changed. */
  async lineCount(file: string): Promise<number> {
    return (await this.source(file)).index.lineCount;
  }

  private async source(file: string): Promise<Source> {
    const key = fileKey(file);
    const stat = await fs.promises.stat(key);
    const stamp = `${stat.size}:${stat.mtimeMs}`;
    const known = this.sources.get(key);
    if (known) {
      const s = await known.catch(() => undefined);
      if (s && s.stamp === stamp) return s;
    }
    const building = this.buildSource(key, stamp);
    this.sources.set(key, building);
    building.catch(() => this.sources.delete(key));
    return building;
  }

  private async buildSource(file: string, stamp: string): Promise<Source> {
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Indexing ${path.basename(file)}` }, async () => {
      let readable = file;
      if (/\.gz$/i.test(file)) {
        const dir = path.join(this.storageDir, 'gunzip');
        await fs.promises.mkdir(dir, { recursive: true });
        // One decompressed copy per source file: older copies of the same file are removed.
        const prefix = createHash('sha1').update(file).digest('hex').slice(0, 16);
        readable = path.join(dir, `${prefix}-${createHash('sha1').update(stamp).digest('hex').slice(0, 8)}.jsonl`);
        if (!fs.existsSync(readable)) {
          await gunzipTo(file, readable);
          for (const old of await fs.promises.readdir(dir)) {
            if (old.startsWith(`${prefix}-`) && path.join(dir, old) !== readable) await fs.promises.rm(path.join(dir, old), { force: true });
          }
        }
      }
      return { stamp, index: await buildLineIndex(readable) };
    });
  }

  /** Opens the window containing `line` (1-based) and selects `selection` or the line. */
  async open(file: string, line = 1, mode: WindowMode = 'raw', select?: (p: WindowPlacement) => vscode.Range | undefined): Promise<vscode.TextEditor> {
    const lineCount = await this.lineCount(file);
    const target = Math.min(Math.max(1, line), Math.max(1, lineCount));
    const current = vscode.window.activeTextEditor;
    let uri: vscode.Uri | undefined;
    if (current?.document.uri.scheme === RECORD_SCHEME && fileKey(LargeFileView.fileOf(current.document.uri)) === fileKey(file)) {
      const w = parseWindowQuery(current.document.uri.query);
      if (w.mode === mode && target >= w.start && target < w.start + w.count) uri = current.document.uri;
    }
    uri ??= LargeFileView.uriFor(fileKey(file), windowAround(target, lineCount, readSettings().largeFileWindow, mode));
    const doc = await setLanguage(await vscode.workspace.openTextDocument(uri), mode);
    const editor = await vscode.window.showTextDocument(doc, { preview: true });
    const placement = this.placementOf(uri);
    const docLine = placement?.docLineOf(target) ?? 0;
    const range = (placement && select?.(placement)) ?? doc.lineAt(Math.min(docLine, doc.lineCount - 1)).range;
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return editor;
  }

  /** Moves the active large view by whole windows (`direction` ±1). */
  async shift(direction: number): Promise<vscode.TextEditor | undefined> {
    const editor = vscode.window.activeTextEditor;
    if (editor?.document.uri.scheme !== RECORD_SCHEME) return undefined;
    const file = LargeFileView.fileOf(editor.document.uri);
    const w = parseWindowQuery(editor.document.uri.query);
    const start = Math.max(1, Math.min(w.start + direction * w.count, (await this.lineCount(file)) - w.count + 1));
    const doc = await setLanguage(await vscode.workspace.openTextDocument(LargeFileView.uriFor(file, { ...w, start })), w.mode);
    return vscode.window.showTextDocument(doc, { preview: true });
  }

  async toggleMode(): Promise<vscode.TextEditor | undefined> {
    const editor = vscode.window.activeTextEditor;
    if (editor?.document.uri.scheme !== RECORD_SCHEME) return undefined;
    const w = parseWindowQuery(editor.document.uri.query);
    const placement = this.placementOf(editor.document.uri);
    const line = placement?.fileLineAt(editor.selection.active.line) ?? w.start;
    return this.open(LargeFileView.fileOf(editor.document.uri), line, w.mode === 'raw' ? 'pretty' : 'raw');
  }

  /** Re-renders open windows of files that changed on disk. */
  refresh(file?: string): void {
    for (const d of vscode.workspace.textDocuments) {
      if (d.uri.scheme === RECORD_SCHEME && (!file || fileKey(LargeFileView.fileOf(d.uri)) === fileKey(file))) this.changed.fire(d.uri);
    }
  }

  /** The analyzed file behind the active editor (large view or plain file). */
  activeFile(): string | undefined {
    const uri = vscode.window.activeTextEditor?.document.uri;
    if (!uri) return undefined;
    if (uri.scheme === RECORD_SCHEME) return LargeFileView.fileOf(uri);
    return uri.scheme === 'file' ? uri.fsPath : undefined;
  }
}

async function setLanguage(doc: vscode.TextDocument, mode: WindowMode): Promise<vscode.TextDocument> {
  const wanted = mode === 'raw' ? 'jsonl' : 'jsonc';
  if (doc.languageId === wanted) return doc;
  const known = await vscode.languages.getLanguages();
  const language = known.includes(wanted) ? wanted : 'plaintext';
  return doc.languageId === language ? doc : vscode.languages.setTextDocumentLanguage(doc, language);
}
