/**
 * Reviewers' annotations in the editor: the shared findings file (FindingsStore from core/review),
 * reloaded live when it changes on disk (a `git pull`), applied to the current report, and the
 * "Hide Benign" UI state. A damaged file is reported with "Open File" / "Reset (keep a backup)"
 * and never written. In restricted mode annotations are shown but cannot be changed.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { applyAnnotations, DEFAULT_FINDINGS_PATH, FindingsStore, type AnnotationInput, type ReviewState, type Subject } from '../core/review';
import type { AnalysisService } from './analysisService';
import { SECTION } from './config';
import { debounce, Disposable } from './disposable';

const HIDE_BENIGN_KEY = 'promptForensics.hideBenign';
export const RESET_ACTION = 'Reset (keep a backup)';
export const OPEN_ACTION = 'Open File';

export class ReviewService extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires when the annotations, the report they apply to, or the filter changed. */
  readonly onDidChange = this.changed.event;
  private store: FindingsStore | undefined;
  private reviewState: ReviewState | undefined;
  private watcher: vscode.Disposable | undefined;
  /** Loads, reloads and edits run one after another, so a reload never drops an edit being saved. */
  private queue: Promise<unknown> = Promise.resolve();
  private lastErrorShown: string | undefined;
  private readonly reloadSoon = debounce(() => void this.reload(), 150);

  constructor(private readonly analysis: AnalysisService, private readonly memento: vscode.Memento, private readonly log: vscode.OutputChannel) {
    super();
    this._register({ dispose: () => this.watcher?.dispose() });
    this._register({ dispose: () => this.reloadSoon.cancel() });
    this._register(analysis.onDidChange(() => this.recompute()));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SECTION}.findingsFile`) || e.affectsConfiguration(`${SECTION}.author`)) void this.open();
      }),
    );
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.open()));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => void this.open()));
    void vscode.commands.executeCommand('setContext', HIDE_BENIGN_KEY, this.hideBenign);
  }

  /** Loads the configured findings file (again) and starts watching it. */
  open(): Promise<void> {
    return this.enqueue(async () => {
      const file = findingsPath();
      this.watcher?.dispose();
      this.watcher = undefined;
      if (!file) {
        this.store = undefined;
        this.recompute();
        return;
      }
      const author = vscode.workspace.getConfiguration(SECTION).get<string>('author') || undefined;
      this.store = await FindingsStore.load(file, { author, cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath });
      this.watcher = this.watch(file);
      this.afterLoad();
    });
  }

  /** Re-reads the file (the watcher calls this; tests may too). */
  reload(): Promise<void> {
    return this.enqueue(async () => {
      if (!this.store) return;
      await this.store.reload();
      this.afterLoad();
    });
  }

  get file(): string | undefined {
    return this.store?.path;
  }

  get state(): ReviewState | undefined {
    return this.reviewState;
  }

  get error(): Error | undefined {
    return this.store?.error;
  }

  /** Annotating needs a trusted workspace and a usable findings file. */
  get readOnlyReason(): string | undefined {
    if (!vscode.workspace.isTrusted) return 'annotations are read-only in restricted mode (trust the workspace to annotate)';
    if (!this.store) return `open a folder (annotations are kept in ${DEFAULT_FINDINGS_PATH} of the workspace) or set an absolute promptForensics.findingsFile`;
    if (this.store.error) return this.store.error.message;
    return undefined;
  }

  get hideBenign(): boolean {
    return this.memento.get<boolean>(HIDE_BENIGN_KEY, false);
  }

  async setHideBenign(hide: boolean): Promise<void> {
    await this.memento.update(HIDE_BENIGN_KEY, hide);
    await vscode.commands.executeCommand('setContext', HIDE_BENIGN_KEY, hide);
    this.changed.fire();
  }

  /** Sets (input) or removes (null) the annotation of `subject` and saves the file. Throws when read-only or the file is damaged. */
  edit(subject: Subject, input: AnnotationInput | null): Promise<boolean> {
    return this.enqueue(async () => {
      const reason = this.readOnlyReason;
      if (reason) throw new Error(reason);
      const store = this.store!;
      const changed = input ? (store.set(subject, input), true) : store.remove(subject);
      try {
        if (changed) await store.save();
      } catch (e) {
        // The file became damaged meanwhile: forget the edit, show the file's state.
        await store.reload();
        this.afterLoad();
        throw e;
      }
      this.recompute();
      return changed;
    });
  }

  /** Keeps the damaged file as `<file>.damaged-<time>` and starts an empty one. */
  reset(): Promise<string | undefined> {
    return this.enqueue(async () => {
      if (!this.store) return undefined;
      const backup = await this.store.reset();
      this.lastErrorShown = undefined;
      this.log.appendLine(`Findings file reset; the damaged one was kept as ${backup ?? '(none)'}`);
      this.recompute();
      return backup;
    });
  }

  private afterLoad(): void {
    const error = this.store?.error;
    if (error && error.message !== this.lastErrorShown) {
      this.lastErrorShown = error.message;
      this.log.appendLine(`Findings file unusable: ${error.message}`);
      void this.showDamaged(error.message);
    }
    if (!error) this.lastErrorShown = undefined;
    this.recompute();
  }

  private async showDamaged(message: string): Promise<void> {
    const file = this.store?.path;
    const choice = await vscode.window.showErrorMessage(`Prompt Forensics: the findings file cannot be used; annotations are read-only until it is fixed. ${message}`, OPEN_ACTION, RESET_ACTION);
    if (!file) return;
    if (choice === OPEN_ACTION) await vscode.window.showTextDocument(vscode.Uri.file(file));
    else if (choice === RESET_ACTION) {
      const backup = await this.reset();
      void vscode.window.showInformationMessage(`Prompt Forensics: started an empty findings file${backup ? `; the damaged one is kept as ${path.basename(backup)}` : ''}.`);
    }
  }

  private recompute(): void {
    const index = this.analysis.index;
    this.reviewState = index && this.store ? applyAnnotations(index.report, this.store.annotations()) : undefined;
    this.changed.fire();
  }

  private watch(file: string): vscode.Disposable {
    const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)));
    w.onDidChange(() => this.reloadSoon());
    w.onDidCreate(() => this.reloadSoon());
    w.onDidDelete(() => this.reloadSoon());
    return w;
  }

  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch((e: unknown) => this.log.appendLine(`Findings file: ${e instanceof Error ? e.message : String(e)}`));
    return run;
  }
}

/** The findings file: the setting (relative to the first workspace folder), by default `.prompt-forensics/findings.json`. */
export function findingsPath(): string | undefined {
  const configured = vscode.workspace.getConfiguration(SECTION).get<string>('findingsFile')?.trim() || DEFAULT_FINDINGS_PATH;
  if (path.isAbsolute(configured)) return configured;
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  return root ? path.join(root, configured) : undefined;
}
