/**
 * Runs analyses in the worker thread under a cancellable progress notification, caches reports per
 * file set (path + size + mtime of every file), re-runs when an analyzed file changes on disk, and
 * tells the views when the current report changes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AnalyzeProgress } from '../core/analyze';
import type { Report } from '../core/report/model';
import { fileKey, ReportIndex } from '../core/view/reportIndex';
import { isAbortError, runAnalysisInWorker } from '../core/worker/workerClient';
import { analyzeOptionsFrom, readSettings } from './config';
import { debounce, Disposable } from './disposable';

export type AnalysisOutcome =
  | { status: 'done'; index: ReportIndex; fromCache: boolean }
  | { status: 'cancelled' }
  | { status: 'failed'; error: string };

/** Reports of 100k+ records weigh tens of MB each: keep only a few. */
const MAX_CACHED = 4;
/** Settings whose change makes the current report stale. */
const ANALYSIS_SETTINGS = ['promptForensics.fieldMap', 'promptForensics.rulePacks', 'promptForensics.campaignThreshold'];

export class AnalysisService extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<ReportIndex | undefined>());
  /** Fires with the new current report (undefined when cleared). */
  readonly onDidChange = this.changed.event;
  private readonly progressed = this._register(new vscode.EventEmitter<AnalyzeProgress>());
  /** Fires with the worker's (throttled) progress. */
  readonly onDidProgress = this.progressed.event;
  private workers = 0;
  private readonly cache = new Map<string, Report>();
  private current: ReportIndex | undefined;
  private currentFiles: string[] = [];
  private running: AbortController | undefined;
  private watchers: vscode.Disposable[] = [];
  private readonly rerun = debounce(() => void this.analyze(this.currentFiles, { quiet: true }), 1500);

  constructor(private readonly workerScript: string, private readonly log: vscode.OutputChannel) {
    super();
    this._register({ dispose: () => this.disposeWatchers() });
    this._register({ dispose: () => this.rerun.cancel() });
    this._register({ dispose: () => this.running?.abort() });
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (this.currentFiles.length && ANALYSIS_SETTINGS.some((k) => e.affectsConfiguration(k))) this.rerun();
      }),
    );
  }

  get index(): ReportIndex | undefined {
    return this.current;
  }

  get files(): readonly string[] {
    return this.currentFiles;
  }

  /** The current report is an early one of a run still going on (`report.partial`). */
  get isPartial(): boolean {
    return this.current?.report.partial === true;
  }

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /** Worker threads still alive (a cancelled one ends shortly after its run is abandoned). */
  get activeWorkers(): number {
    return this.workers;
  }

  cancel(): void {
    this.running?.abort();
  }

  /** Analyzes `files` as one corpus (campaigns span files) and makes the result current. */
  async analyze(files: string[], opts: { quiet?: boolean; force?: boolean } = {}): Promise<AnalysisOutcome> {
    const paths = [...new Set(files.map(fileKey))].sort();
    if (!paths.length) return { status: 'failed', error: 'No log files to analyze' };
    this.running?.abort();
    const settings = readSettings();
    const options = analyzeOptionsFrom(settings);
    let key: string;
    try {
      key = await cacheKey([...paths, ...(options.rulesFiles ?? [])], JSON.stringify(options));
    } catch (err) {
      const error = String(err instanceof Error ? err.message : err);
      if (!opts.quiet) void vscode.window.showErrorMessage(`Prompt Forensics: ${error}`);
      return { status: 'failed', error };
    }
    const cached = opts.force ? undefined : this.cache.get(key);
    if (cached) {
      this.setCurrent(paths, cached);
      return { status: 'done', index: this.current!, fromCache: true };
    }
    const controller = new AbortController();
    this.running = controller;
    const before = { files: this.currentFiles, index: this.current };
    void vscode.commands.executeCommand('setContext', 'promptForensics.running', true);
    const title = `Prompt Forensics: analyzing ${paths.length === 1 ? path.basename(paths[0]) : `${paths.length} files`}`;
    try {
      const report = await vscode.window.withProgress(
        { location: opts.quiet ? vscode.ProgressLocation.Window : vscode.ProgressLocation.Notification, title, cancellable: true },
        (progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          let reported = 0;
          this.workers++;
          return runAnalysisInWorker(
            this.workerScript,
            { paths, options },
            {
              signal: controller.signal,
              onWorkerExit: () => this.workers--,
              // Early results of a long run: shown until the final report replaces them.
              onPartialReport: (partial) => {
                if (this.running !== controller) return;
                this.log.appendLine(`Partial report of ${paths.join(', ')}: ${partial.summary.records} records so far`);
                this.setCurrent(paths, partial);
              },
              onProgress: (p) => {
                this.progressed.fire(p);
                const pct = p.bytesTotal ? Math.floor((100 * p.bytesRead) / p.bytesTotal) : 0;
                progress.report({ increment: Math.max(0, pct - reported), message: `${path.basename(p.file)} · ${p.records.toLocaleString()} records` });
                reported = Math.max(reported, pct);
              },
            },
          );
        },
      );
      this.remember(key, report);
      this.setCurrent(paths, report);
      this.log.appendLine(`Analyzed ${paths.join(', ')}: ${report.summary.records} records, ${report.summary.templates} templates, ${report.summary.suspectedCampaigns} suspected campaigns`);
      return { status: 'done', index: this.current!, fromCache: false };
    } catch (err) {
      // A cancelled or failed run leaves no early report behind: back to what was shown before it.
      if (this.current?.report.partial && this.running === controller) this.restore(before.files, before.index);
      if (isAbortError(err)) {
        this.log.appendLine(`Cancelled analysis of ${paths.join(', ')}`);
        return { status: 'cancelled' };
      }
      const message = err instanceof Error ? err.message : String(err);
      this.log.appendLine(`Analysis failed: ${err instanceof Error && err.stack ? err.stack : message}`);
      if (!opts.quiet) void vscode.window.showErrorMessage(`Prompt Forensics: analysis failed: ${message}`);
      return { status: 'failed', error: message };
    } finally {
      if (this.running === controller) {
        this.running = undefined;
        void vscode.commands.executeCommand('setContext', 'promptForensics.running', false);
      }
    }
  }

  private remember(key: string, report: Report): void {
    this.cache.delete(key);
    this.cache.set(key, report);
    while (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
  }

  private setCurrent(paths: string[], report: Report): void {
    const sameFiles = paths.join('\n') === this.currentFiles.join('\n');
    this.currentFiles = paths;
    this.current = new ReportIndex(report);
    if (!sameFiles) this.watch(paths);
    void vscode.commands.executeCommand('setContext', 'promptForensics.analyzed', true);
    this.changed.fire(this.current);
  }

  private restore(files: string[], index: ReportIndex | undefined): void {
    if (files.join('\n') !== this.currentFiles.join('\n')) this.watch(files);
    this.currentFiles = files;
    this.current = index;
    void vscode.commands.executeCommand('setContext', 'promptForensics.analyzed', index !== undefined);
    this.changed.fire(index);
  }

  private watch(paths: string[]): void {
    this.disposeWatchers();
    for (const p of paths) {
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(p)), path.basename(p)));
      w.onDidChange(() => this.rerun());
      w.onDidCreate(() => this.rerun());
      this.watchers.push(w);
    }
  }

  private disposeWatchers(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
  }
}

/** Logs and rule packs by path + size + mtime, with the options: equal keys give equal reports. */
async function cacheKey(paths: string[], options: string): Promise<string> {
  const parts = await Promise.all(
    paths.map(async (p) => {
      const s = await fs.promises.stat(p);
      return `${p}\0${s.size}\0${s.mtimeMs}`;
    }),
  );
  return `${parts.join('\n')}\n${options}`;
}
