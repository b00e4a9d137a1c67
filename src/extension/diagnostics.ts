/**
 * Findings in the Problems panel. Off, on, or "auto" (on while the report has at most
 * `diagnostics.maxFindings` findings, so a huge corpus does not flood the panel). Logs shown only in
 * the large-file view get none: their Problems entries could not be opened.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { Severity } from '../core/types';
import { familyLook } from '../core/view/families';
import type { ReportIndex } from '../core/view/reportIndex';
import type { AnalysisService } from './analysisService';
import { readSettings } from './config';
import { Disposable } from './disposable';
import { needsLargeView } from './largeFileView';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  high: vscode.DiagnosticSeverity.Warning,
  medium: vscode.DiagnosticSeverity.Information,
  low: vscode.DiagnosticSeverity.Hint,
};

export class FindingDiagnostics extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('promptForensics'));

  constructor(private readonly analysis: AnalysisService) {
    super();
    this._register(analysis.onDidChange((index) => this.update(index)));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('promptForensics.diagnostics') && this.update(this.analysis.index)));
  }

  update(index: ReportIndex | undefined): void {
    this.collection.clear();
    if (!index) return;
    const s = readSettings();
    const enabled = s.diagnosticsMode === 'on' || (s.diagnosticsMode === 'auto' && index.findingCount <= s.diagnosticsMaxFindings);
    if (!enabled) return;
    for (const [file, records] of index.recordsByFile) {
      if (!records.some((r) => r.findings.length) || !fs.existsSync(file) || needsLargeView(file, fs.statSync(file).size)) continue;
      const isArray = /\.json$/i.test(file);
      const diagnostics: vscode.Diagnostic[] = [];
      for (const r of records) {
        for (const f of r.findings) {
          // Array elements' spans are relative to the element, not the line: mark the line start there.
          const range = isArray ? new vscode.Range(r.line - 1, 0, r.line - 1, 0) : new vscode.Range(r.line - 1, f.span[0], r.line - 1, f.span[1]);
          const d = new vscode.Diagnostic(range, `${familyLook(f.family).label}: ${f.explanation}`, SEVERITY[f.severity] ?? vscode.DiagnosticSeverity.Information);
          d.source = 'Prompt Forensics';
          d.code = f.rule;
          diagnostics.push(d);
        }
      }
      this.collection.set(vscode.Uri.file(file), diagnostics);
    }
  }
}
