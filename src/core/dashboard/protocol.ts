/**
 * Messages between the dashboard panel (extension host) and its webview. The webview is treated as
 * untrusted input: the host accepts only messages that `parseWebviewMessage` recognises.
 */
import type { DashboardData } from './dashboardData';

export const REVEAL_KINDS = ['campaign', 'account', 'template', 'record'] as const;
export type RevealKind = (typeof REVEAL_KINDS)[number];

/** Host → webview. */
export type HostMessage = { type: 'data'; data: DashboardData | null };

/** Webview → host. A record id is `file:line`. */
export type WebviewMessage = { type: 'ready' } | { type: 'reveal'; kind: RevealKind; id: string };

const MAX_ID_LENGTH = 4096;

export function parseWebviewMessage(message: unknown): WebviewMessage | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const m = message as Record<string, unknown>;
  if (m.type === 'ready') return { type: 'ready' };
  if (m.type !== 'reveal') return undefined;
  const kind = REVEAL_KINDS.find((k) => k === m.kind);
  if (!kind || typeof m.id !== 'string' || m.id.length === 0 || m.id.length > MAX_ID_LENGTH) return undefined;
  return { type: 'reveal', kind, id: m.id };
}
