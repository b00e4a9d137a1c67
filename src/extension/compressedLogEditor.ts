/**
 * Opening a `.jsonl.gz` / `.ndjson.gz` log from the explorer: instead of VS Code's "binary file"
 * notice, a read-only custom editor that hands the file to the large-file view (which decompresses
 * it once into its cache) and then closes itself. If that fails it stays and says why.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LargeFileView } from './largeFileView';

export const COMPRESSED_LOG_VIEW_TYPE = 'promptForensics.compressedLog';

export class CompressedLogEditorProvider implements vscode.CustomReadonlyEditorProvider {
  constructor(private readonly largeView: LargeFileView) {}

  static register(largeView: LargeFileView): vscode.Disposable {
    return vscode.window.registerCustomEditorProvider(COMPRESSED_LOG_VIEW_TYPE, new CompressedLogEditorProvider(largeView), { supportsMultipleEditorsPerDocument: true });
  }

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  async resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): Promise<void> {
    const name = path.basename(document.uri.path);
    panel.webview.options = { enableScripts: false };
    panel.webview.html = page(`Opening ${name} in the large-file view…`);
    if (document.uri.scheme !== 'file') {
      panel.webview.html = page(`${name} is not a local file; Prompt Forensics reads logs from the local disk only.`);
      return;
    }
    try {
      await this.largeView.open(document.uri.fsPath, 1);
      panel.dispose();
    } catch (e) {
      panel.webview.html = page(`Could not open ${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

function page(message: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline';"></head>
<body style="font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 2em;"><p>${escapeHtml(message)}</p></body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
