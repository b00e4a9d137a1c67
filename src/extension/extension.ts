/**
 * Activation: wires the analysis service, the large-file view, the three trees, decorations, hovers,
 * diagnostics, search and commands. Returns an API object (used by the integration tests).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PromptHit } from '../core/view/promptSearch';
import { AnalysisService } from './analysisService';
import { registerAnnotateCommands } from './annotateCommands';
import { registerCommands } from './commands';
import { CompressedLogEditorProvider } from './compressedLogEditor';
import { registerDashboard } from './dashboard';
import { DecorationController } from './decorations';
import { FindingDiagnostics } from './diagnostics';
import { RecordHoverProvider } from './hovers';
import { LargeFileView } from './largeFileView';
import { navigateTo, type NavigationKind } from './navigation';
import { revealRecord } from './reveal';
import { ReviewService } from './review';
import { PromptSearchService } from './search';
import { AnalysisStatus, LargeViewPosition } from './statusBar';
import { TemplateView } from './templateView';
import { CampaignsTreeProvider } from './views/campaignsView';
import { FindingsTreeProvider } from './views/findingsView';
import type { ReportTreeProvider, TreeElement } from './views/reportTree';
import { TemplatesTreeProvider } from './views/templatesView';

export interface PromptForensicsApi {
  analysis: AnalysisService;
  review: ReviewService;
  views: { campaigns: CampaignsTreeProvider; templates: ReportTreeProvider; findings: ReportTreeProvider };
  treeViews: { campaigns: vscode.TreeView<TreeElement>; templates: vscode.TreeView<TreeElement>; findings: vscode.TreeView<TreeElement> };
  decorations: DecorationController;
  largeView: LargeFileView;
  templates: TemplateView;
  searchPrompts(query: string): Promise<PromptHit[]>;
  /** What the dashboard's links do. */
  navigate(kind: NavigationKind, id: string): Promise<unknown>;
}

export function activate(context: vscode.ExtensionContext): PromptForensicsApi {
  const log = vscode.window.createOutputChannel('Prompt Forensics');
  const workerScript = path.join(context.extensionPath, 'dist', 'worker.js');
  const analysis = new AnalysisService(workerScript, log);
  const largeView = new LargeFileView(context.globalStorageUri.fsPath, analysis);
  const review = new ReviewService(analysis, context.workspaceState, log);
  const campaigns = new CampaignsTreeProvider(analysis, review);
  const templatesTree = new TemplatesTreeProvider(analysis, review);
  const findings = new FindingsTreeProvider(analysis, review);
  const decorations = new DecorationController(analysis, largeView, review);
  const templates = new TemplateView(analysis);
  const search = new PromptSearchService(analysis, workerScript, (hit) => (hit.kind === 'record' ? revealRecord(largeView, hit.record) : templates.show(hit.template.id)));
  const treeViews = {
    campaigns: vscode.window.createTreeView('promptForensics.campaigns', { treeDataProvider: campaigns, showCollapseAll: true }),
    templates: vscode.window.createTreeView('promptForensics.templates', { treeDataProvider: templatesTree, showCollapseAll: true }),
    findings: vscode.window.createTreeView('promptForensics.findings', { treeDataProvider: findings, showCollapseAll: true }),
  };
  const navigate = (kind: NavigationKind, id: string) => navigateTo({ analysis, largeView, templates, campaigns, campaignsView: treeViews.campaigns }, kind, id);
  context.subscriptions.push(
    log,
    analysis,
    review,
    largeView,
    campaigns,
    templatesTree,
    findings,
    decorations,
    templates,
    search,
    new RecordHoverProvider(analysis, largeView, review),
    new FindingDiagnostics(analysis),
    ...Object.values(treeViews),
    new AnalysisStatus(analysis, Object.values(treeViews), treeViews.campaigns),
    new LargeViewPosition(largeView),
    ...registerCommands({ analysis, largeView, search, templates, campaigns }),
    ...registerAnnotateCommands({ analysis, largeView, review }),
    CompressedLogEditorProvider.register(largeView),
    registerDashboard(context, {
      getReport: () => analysis.index?.report,
      onDidChangeReport: (listener, thisArg, disposables) => analysis.onDidChange((index) => listener.call(thisArg, index?.report), undefined, disposables),
      reveal: (kind, id) => void navigate(kind, id),
    }),
  );
  void vscode.commands.executeCommand('setContext', 'promptForensics.analyzed', false);
  void review.open();
  return { analysis, review, views: { campaigns, templates: templatesTree, findings }, treeViews, decorations, largeView, templates, searchPrompts: (q) => search.search(q), navigate };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
