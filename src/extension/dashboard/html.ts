/**
 * The dashboard page: a static shell, one stylesheet and one script, both from `media/dashboard`,
 * under a CSP that allows nothing else (no inline script or style, no eval, no network). No vscode
 * import, so the unit tests check it directly.
 */
import { randomBytes } from 'node:crypto';

export interface DashboardHtmlInput {
  /** `webview.cspSource`. */
  cspSource: string;
  nonce: string;
  /** Webview URIs (`webview.asWebviewUri`) of media/dashboard/dashboard.js and dashboard.css. */
  scriptUri: string;
  styleUri: string;
}

export function makeNonce(): string {
  return randomBytes(18).toString('base64').replace(/[+/=]/g, '');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ') + ';';
}

export function dashboardHtml(input: DashboardHtmlInput): string {
  const attr = escapeAttribute;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(input.cspSource, input.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(input.styleUri)}" nonce="${attr(input.nonce)}">
<title>Prompt Forensics Dashboard</title>
</head>
<body>
<main id="dashboard" aria-busy="true" aria-label="Prompt Forensics dashboard">
<p class="hint">Loading the dashboard…</p>
</main>
<script nonce="${attr(input.nonce)}" src="${attr(input.scriptUri)}"></script>
</body>
</html>
`;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
