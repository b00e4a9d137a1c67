/** Shared helpers of the integration suite (they run inside the extension host). */
import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { PromptForensicsApi } from '../../../src/extension/extension';
import type { TreeElement } from '../../../src/extension/views/reportTree';
import type { ReportTreeProvider } from '../../../src/extension/views/reportTree';

export const EXTENSION_ID = 'prompt-forensics.prompt-forensics';

export async function extensionApi(): Promise<PromptForensicsApi> {
  const ext = vscode.extensions.getExtension<PromptForensicsApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded`);
  return ext.isActive ? ext.exports : ext.activate();
}

/** Where generated logs go: the runner's scratch workspace (never the repository). */
export function generatedDir(): string {
  const root = process.env.PF_TEST_WORKSPACE ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? fs.mkdtempSync(path.join(os.tmpdir(), 'pf-it-'));
  const dir = path.join(root, 'generated');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Polls `probe` until it returns a value other than undefined/false, or fails after `ms`. */
export async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The tree as label paths, depth-first up to `depth` levels (for asserting a view's content). */
export async function treeLabels(provider: ReportTreeProvider, depth: number, parent?: TreeElement): Promise<string[]> {
  const out: string[] = [];
  for (const child of await provider.getChildren(parent)) {
    const item = provider.getTreeItem(child);
    const label = typeof item.label === 'string' ? item.label : item.label?.label ?? '';
    out.push(`${label}${item.description ? ` — ${item.description}` : ''}`);
    if (depth > 1 && item.collapsibleState !== vscode.TreeItemCollapsibleState.None) {
      for (const line of await treeLabels(provider, depth - 1, child)) out.push(`  ${line}`);
    }
  }
  return out;
}

export async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n---\n');
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Takes a screenshot when running under the code-server runner (which sets PF_SCREENSHOT_URL). */
export async function shot(name: string): Promise<void> {
  await new Promise((r) => setTimeout(r, 400)); // let the workbench paint
  const { screenshot } = await import('../runner/screenshot-client');
  await screenshot(name);
}

export async function showView(viewId: string): Promise<void> {
  await vscode.commands.executeCommand(`${viewId}.focus`);
}
