/**
 * Entry point of the dashboard for activation: the `promptForensics.openDashboard` command and the
 * serializer that brings an open dashboard back after a window reload.
 */
import * as vscode from 'vscode';
import { DASHBOARD_VIEW_TYPE, DashboardController, type DashboardDeps } from './dashboardPanel';

export const OPEN_DASHBOARD_COMMAND = 'promptForensics.openDashboard';

export type { DashboardDeps } from './dashboardPanel';
export type { RevealKind } from '../../core/dashboard/protocol';

export function registerDashboard(context: vscode.ExtensionContext, deps: DashboardDeps): vscode.Disposable {
  const controller = new DashboardController(context.extensionUri, deps);
  return vscode.Disposable.from(
    controller,
    vscode.commands.registerCommand(OPEN_DASHBOARD_COMMAND, () => controller.show()),
    vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel) => controller.adopt(panel),
    }),
  );
}
