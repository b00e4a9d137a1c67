/**
 * The "Prompt Forensics: Open Dashboard" webview panel: one panel at a time, filled with the current
 * report's `DashboardData` and refreshed when the report changes.
 *
 * No `retainContextWhenHidden`: the page keeps its small UI state with `setState`, and the data is
 * prepared once per report here, so a hidden panel costs no renderer memory and comes back by
 * re-posting the cached data when its page says `ready`.
 */
import * as vscode from 'vscode';
import { buildDashboardData, type DashboardData } from '../../core/dashboard/dashboardData';
import { parseWebviewMessage, type HostMessage, type RevealKind } from '../../core/dashboard/protocol';
import type { Report } from '../../core/report/model';
import { Disposable } from '../disposable';
import { dashboardHtml, makeNonce } from './html';

export const DASHBOARD_VIEW_TYPE = 'promptForensics.dashboard';

export interface DashboardDeps {
  getReport(): Report | undefined;
  onDidChangeReport: vscode.Event<Report | undefined>;
  reveal(kind: RevealKind, id: string): void;
}

export class DashboardController extends Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private prepared: { report: Report | undefined; data: DashboardData | null } | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly deps: DashboardDeps,
  ) {
    super();
    this._register(
      deps.onDidChangeReport(() => {
        this.prepared = undefined;
        this.post();
      }),
    );
    this._register({ dispose: () => this.panel?.dispose() });
  }

  private get mediaRoot(): vscode.Uri {
    return vscode.Uri.joinPath(this.extensionUri, 'media', 'dashboard');
  }

  /** Opens the panel, or brings it to the front. */
  show(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, 'Prompt Forensics Dashboard', vscode.ViewColumn.Active, this.webviewOptions());
    this.adopt(panel);
  }

  /** Takes over a panel VS Code restored after a reload (see the serializer in index.ts). */
  adopt(panel: vscode.WebviewPanel): void {
    this.panel?.dispose();
    this.panel = panel;
    panel.webview.options = this.webviewOptions();
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'activity-icon.svg');
    panel.webview.html = dashboardHtml({
      cspSource: panel.webview.cspSource,
      nonce: makeNonce(),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(this.mediaRoot, 'dashboard.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(this.mediaRoot, 'dashboard.css')).toString(),
    });
    this.panelDisposables.push(
      panel.webview.onDidReceiveMessage((raw) => {
        const message = parseWebviewMessage(raw);
        if (message?.type === 'ready') this.post();
        else if (message?.type === 'reveal') this.deps.reveal(message.kind, message.id);
      }),
      panel.onDidDispose(() => {
        if (this.panel === panel) this.panel = undefined;
        while (this.panelDisposables.length) this.panelDisposables.pop()?.dispose();
      }),
    );
  }

  private webviewOptions(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return { enableScripts: true, enableForms: false, enableCommandUris: false, localResourceRoots: [this.mediaRoot], retainContextWhenHidden: false };
  }

  /** The current report's data, prepared once per report. */
  private data(): DashboardData | null {
    const report = this.deps.getReport();
    if (!this.prepared || this.prepared.report !== report) this.prepared = { report, data: report ? buildDashboardData(report) : null };
    return this.prepared.data;
  }

  private post(): void {
    // A hidden panel's page is gone; it asks again with `ready` when shown.
    if (!this.panel?.visible) return;
    const message: HostMessage = { type: 'data', data: this.data() };
    void this.panel.webview.postMessage(message);
  }
}
