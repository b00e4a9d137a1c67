import { format } from 'node:util';

// The workbench has no network here: it logs about the extension gallery, chat models and sign-in.
// Those lines say nothing about our extension and bury the test output, so the runner drops them.
const noise: readonly RegExp[] = [
  /gallery|marketplace|open-?vsx|vscode-unpkg|extensionsControlManifest/i,
  /\bchat\b|copilot|languageModel|language model|mcp server|\bmcp\b/i,
  /authentication|auth provider|github\.com\/login|sign[- ]in|AccountPolicyGate/i,
  // Connection bookkeeping of the remote workbench.
  /connection token|Creating a socket|reconnection-grace-time|builtin extensions cache|\[Service Worker\]|AgentHost/i,
  /ERR_INTERNET_DISCONNECTED|ERR_NAME_NOT_RESOLVED|getaddrinfo|ENOTFOUND|ECONNREFUSED.*(443|:80\b)/i,
  /update\.code\.visualstudio|vscode-sync|settings sync|experiments?\s+service|tas client|telemetry/i,
];

/** Mocha's own lines are never noise, whatever words a test title contains. */
const testOutput = /^\s*(\d+ (passing|failing|pending)|✔|✓|✗|\d+\)|AssertionError|Error:|\s+at\s)/;

export function isNoise(line: string): boolean {
  if (testOutput.test(line)) return false;
  return noise.some((pattern) => pattern.test(line));
}

/**
 * Text of one `codeAutomationLog(level, args)` call: `args` are the extension host's console arguments
 * (mocha passes printf-style formats such as `"  ✔ %s"`), so they are formatted like console.log would.
 */
export function formatAutomationLog(args: unknown): string {
  return Array.isArray(args) ? format(...(args as unknown[])) : format(args);
}
