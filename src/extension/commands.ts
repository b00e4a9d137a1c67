/** The command palette and context-menu commands. Each returns a value tests can check. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ViewRecord } from '../core/view/reportIndex';
import type { TemplateReport } from '../core/report/model';
import type { AnalysisOutcome, AnalysisService } from './analysisService';
import { LargeFileView } from './largeFileView';
import { RECORD_SCHEME } from './placement';
import { revealRecord } from './reveal';
import type { PromptSearchService } from './search';
import type { TemplateView } from './templateView';
import type { CampaignsTreeProvider } from './views/campaignsView';
import type { TreeElement } from './views/reportTree';

/** Log files found when a folder is analyzed (`.json` arrays only when picked one by one). */
const LOG_FILE = /\.(jsonl|ndjson)(\.gz)?$/i;
const ANY_LOG_FILE = /\.(jsonl|ndjson|json)(\.gz)?$/i;
const MAX_FOLDER_FILES = 500;

export interface CommandDeps {
  analysis: AnalysisService;
  largeView: LargeFileView;
  search: PromptSearchService;
  templates: TemplateView;
  campaigns: CampaignsTreeProvider;
}

export function registerCommands(d: CommandDeps): vscode.Disposable[] {
  const reg = (id: string, fn: (...args: never[]) => unknown) => vscode.commands.registerCommand(`promptForensics.${id}`, fn);
  return [
    reg('analyze', (uri?: vscode.Uri, uris?: vscode.Uri[]) => analyzeCommand(d, uri, uris)),
    reg('cancelAnalysis', () => d.analysis.cancel()),
    reg('refresh', () => (d.analysis.files.length ? d.analysis.analyze([...d.analysis.files], { force: true }) : analyzeCommand(d))),
    reg('revealRecord', (record?: ViewRecord, findingIndex?: number) => record && revealRecord(d.largeView, record, findingIndex)),
    reg('searchPrompts', (query?: string) => d.search.pick(typeof query === 'string' ? query : '')),
    reg('showTemplate', (arg?: TreeElement | string) => showTemplate(d, arg)),
    reg('openLargeView', (uri?: vscode.Uri) => openLargeView(d, uri)),
    reg('goToRecord', (n?: number) => goTo(d, 'record', n)),
    reg('goToLine', (n?: number) => goTo(d, 'line', n)),
    reg('nextWindow', () => d.largeView.shift(1)),
    reg('previousWindow', () => d.largeView.shift(-1)),
    reg('toggleRawPretty', () => d.largeView.toggleMode()),
    reg('showUnsuspected', () => d.campaigns.setShowUnsuspected(true)),
    reg('hideUnsuspected', () => d.campaigns.setShowUnsuspected(false)),
  ];
}

async function analyzeCommand(d: CommandDeps, uri?: vscode.Uri, uris?: vscode.Uri[]): Promise<AnalysisOutcome | undefined> {
  let targets = (uris?.length ? uris : uri instanceof vscode.Uri ? [uri] : []).map((u) => (u.scheme === RECORD_SCHEME ? vscode.Uri.file(LargeFileView.fileOf(u)) : u));
  if (!targets.length) {
    const active = d.largeView.activeFile();
    if (active && ANY_LOG_FILE.test(active)) targets = [vscode.Uri.file(active)];
  }
  if (!targets.length) {
    const picked = await vscode.window.showOpenDialog({
      canSelectFiles: true,
      canSelectFolders: true,
      canSelectMany: true,
      openLabel: 'Analyze',
      title: 'Prompt Forensics: choose log files or folders',
      filters: { 'Prompt logs': ['jsonl', 'ndjson', 'gz', 'json'], 'All files': ['*'] },
    });
    if (!picked?.length) return undefined;
    targets = picked;
  }
  const files = (await Promise.all(targets.map((t) => expand(t.fsPath)))).flat();
  if (!files.length) {
    void vscode.window.showWarningMessage('Prompt Forensics: no .jsonl, .ndjson or .jsonl.gz files there.');
    return undefined;
  }
  const outcome = await d.analysis.analyze(files);
  if (outcome.status === 'done' && !outcome.fromCache) {
    const s = outcome.index.report.summary;
    void vscode.window.setStatusBarMessage(`Prompt Forensics: ${s.records.toLocaleString()} records, ${s.templates} templates, ${s.suspectedCampaigns} suspected campaigns`, 8000);
  }
  return outcome;
}

async function expand(p: string): Promise<string[]> {
  const stat = await fs.promises.stat(p);
  if (!stat.isDirectory()) return [p];
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const e of await fs.promises.readdir(dir, { withFileTypes: true })) {
      if (out.length >= MAX_FOLDER_FILES) return;
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (LOG_FILE.test(e.name)) out.push(full);
    }
  };
  await walk(p);
  return out.sort();
}

async function showTemplate(d: CommandDeps, arg?: TreeElement | string): Promise<vscode.TextEditor | undefined> {
  let id = typeof arg === 'string' ? arg : arg?.node.kind === 'template' ? arg.node.template.id : undefined;
  const index = d.analysis.index;
  if (!id && index) {
    const items = [...index.report.templates]
      .sort((a, b) => b.size - a.size)
      .map((t: TemplateReport) => ({ label: t.id, description: `×${t.size} · ${t.accounts} accounts`, detail: t.pattern.replace(/\s+/g, ' ').replace(/\$\(/g, '$\u200b(').slice(0, 200) }));
    id = (await vscode.window.showQuickPick(items, { placeHolder: 'Template to show', matchOnDetail: true }))?.label;
  }
  return id ? d.templates.show(id) : undefined;
}

async function openLargeView(d: CommandDeps, uri?: vscode.Uri): Promise<vscode.TextEditor | undefined> {
  const file = uri?.scheme === 'file' ? uri.fsPath : d.largeView.activeFile() ?? d.analysis.files[0];
  return file ? d.largeView.open(file, 1) : undefined;
}

async function goTo(d: CommandDeps, what: 'record' | 'line', n?: number): Promise<vscode.TextEditor | undefined> {
  const active = d.largeView.activeFile();
  const inView = vscode.window.activeTextEditor?.document.uri.scheme === RECORD_SCHEME;
  const file = active && (inView || d.analysis.index?.hasFile(active)) ? active : d.analysis.files[0];
  if (!file) return undefined;
  const records = d.analysis.index?.recordsOf(file) ?? [];
  if (typeof n !== 'number') {
    const max = what === 'record' && records.length ? records.length : await d.largeView.lineCount(file);
    const answer = await vscode.window.showInputBox({
      title: what === 'record' ? 'Go to Record' : 'Go to Line',
      prompt: `${what === 'record' ? 'Record' : 'Line'} number, 1 – ${max.toLocaleString()}`,
      validateInput: (v) => (/^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= max ? undefined : `A number from 1 to ${max}`),
    });
    if (!answer) return undefined;
    n = Number(answer);
  }
  // Record n is the n-th analyzed record of the file; without a report, the n-th line.
  const record = what === 'record' ? records[n - 1] : d.analysis.index?.recordAt(file, n);
  const line = what === 'record' ? record?.line ?? n : n;
  const editor = vscode.window.activeTextEditor;
  if (editor?.document.uri.scheme === 'file' && editor.document.uri.fsPath === file) {
    const target = editor.document.lineAt(Math.min(line, editor.document.lineCount) - 1).range;
    editor.selection = new vscode.Selection(target.start, target.end);
    editor.revealRange(target, vscode.TextEditorRevealType.InCenter);
    return editor;
  }
  if (record) return revealRecord(d.largeView, record);
  return d.largeView.open(file, line);
}
