/** The `promptForensics.*` settings, read in one place. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AnalyzeOptions, FieldOverrides } from '../core/analyze';

export const SECTION = 'promptForensics';

export type DiagnosticsMode = 'auto' | 'on' | 'off';

export interface Settings {
  fieldMap: FieldOverrides;
  rulePacks: string[];
  campaignThreshold: number;
  decorationsEnabled: boolean;
  maxDecorations: number;
  summaryEnabled: boolean;
  diagnosticsMode: DiagnosticsMode;
  diagnosticsMaxFindings: number;
  largeFileWindow: number;
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration(SECTION);
  return {
    fieldMap: stringRecord(c.get('fieldMap')),
    rulePacks: (c.get<unknown[]>('rulePacks') ?? []).filter((p): p is string => typeof p === 'string'),
    campaignThreshold: clamp(c.get<number>('campaignThreshold') ?? 0.5, 0, 1),
    decorationsEnabled: c.get<boolean>('decorations.enabled') ?? true,
    maxDecorations: Math.max(0, c.get<number>('decorations.max') ?? 2000),
    summaryEnabled: c.get<boolean>('summary.enabled') ?? true,
    diagnosticsMode: (['auto', 'on', 'off'] as const).find((m) => m === c.get('diagnostics.mode')) ?? 'auto',
    diagnosticsMaxFindings: Math.max(0, c.get<number>('diagnostics.maxFindings') ?? 500),
    largeFileWindow: clamp(c.get<number>('largeFile.windowSize') ?? 400, 20, 5000),
  };
}

/** Analysis options from the settings; relative rule-pack paths are resolved against the first workspace folder. */
export function analyzeOptionsFrom(s: Settings): Omit<AnalyzeOptions, 'onProgress' | 'signal'> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const rulesFiles = s.rulePacks.map((p) => (path.isAbsolute(p) || !root ? p : path.join(root, p)));
  return {
    fieldMap: Object.keys(s.fieldMap).length ? s.fieldMap : undefined,
    rulesFiles: rulesFiles.length ? rulesFiles : undefined,
    campaignThreshold: s.campaignThreshold,
    includeRecords: true,
    includePromptText: true,
  };
}

function stringRecord(value: unknown): FieldOverrides {
  const out: Record<string, string> = {};
  if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (typeof v === 'string' && v) out[k] = v;
  return out as FieldOverrides;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}
