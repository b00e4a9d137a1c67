/** Shows a record: the log opened as text when VS Code can, the large-file view otherwise; its finding span selected. */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { ViewRecord } from '../core/view/reportIndex';
import { LargeFileView, needsLargeView } from './largeFileView';
import { TextFilePlacement, type Placement } from './placement';

export async function revealRecord(largeView: LargeFileView, record: ViewRecord, findingIndex?: number): Promise<vscode.TextEditor> {
  const selectionIn = (p: Placement) => {
    const finding = record.findings[findingIndex ?? 0];
    return (finding && p.spanRange(record, finding.span)) ?? p.recordRange(record);
  };
  const size = (await fs.promises.stat(record.file)).size;
  if (needsLargeView(record.file, size)) return largeView.open(record.file, record.line, 'raw', selectionIn);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(record.file));
  const range = selectionIn(new TextFilePlacement(doc)) ?? new vscode.Range(record.line - 1, 0, record.line - 1, 0);
  return vscode.window.showTextDocument(doc, { selection: range, preview: true });
}
