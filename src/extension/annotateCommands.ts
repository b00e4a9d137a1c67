/**
 * "Annotate…" and "Remove Annotation": from a tree item (context menu), a hover link (a plain
 * SubjectRef, as JSON) or the command palette (the record at the cursor). Tests pass the verdict
 * and note as a second argument instead of answering the quick pick and input box.
 */
import * as vscode from 'vscode';
import { VERDICTS, type Verdict } from '../core/review';
import type { ReportIndex } from '../core/view/reportIndex';
import { refOfNode, subjectOfRef, VERDICT_BADGES, type SubjectRef } from '../core/view/review';
import type { AnalysisService } from './analysisService';
import type { LargeFileView } from './largeFileView';
import type { ReviewService } from './review';
import type { TreeElement } from './views/reportTree';

export const ANNOTATE_COMMAND = 'promptForensics.annotate';
export const REMOVE_ANNOTATION_COMMAND = 'promptForensics.removeAnnotation';

export interface AnnotateDeps {
  analysis: AnalysisService;
  largeView: LargeFileView;
  review: ReviewService;
}

const VERDICT_DETAILS: Record<Verdict, string> = {
  confirmed: 'A distillation campaign / abuse',
  benign: 'Looked at: not abuse',
  'needs-review': 'Open question (say which in the note)',
};

export function registerAnnotateCommands(d: AnnotateDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(ANNOTATE_COMMAND, (target?: unknown, answer?: { verdict?: unknown; note?: unknown }) => annotate(d, target, answer)),
    vscode.commands.registerCommand(REMOVE_ANNOTATION_COMMAND, (target?: unknown) => removeAnnotation(d, target)),
    vscode.commands.registerCommand('promptForensics.hideBenign', () => d.review.setHideBenign(true)),
    vscode.commands.registerCommand('promptForensics.showBenign', () => d.review.setHideBenign(false)),
  ];
}

async function annotate(d: AnnotateDeps, target: unknown, answer?: { verdict?: unknown; note?: unknown }): Promise<boolean> {
  const found = resolveTarget(d, target);
  if (!found || !usable(d)) return false;
  const existing = d.review.state && found.index ? currentAnnotation(d, found.ref) : undefined;
  let verdict = (VERDICTS as readonly unknown[]).includes(answer?.verdict) ? (answer!.verdict as Verdict) : undefined;
  let note = typeof answer?.note === 'string' ? answer.note : undefined;
  if (!verdict) {
    const picked = await vscode.window.showQuickPick(
      VERDICTS.map((v) => ({ label: VERDICT_BADGES[v], description: existing?.verdict === v ? '(current)' : undefined, detail: VERDICT_DETAILS[v], verdict: v })),
      { title: `Annotate ${found.label}`, placeHolder: 'Verdict' },
    );
    if (!picked) return false;
    verdict = picked.verdict;
  }
  if (note === undefined) {
    note = await vscode.window.showInputBox({ title: `Annotate ${found.label}: ${VERDICT_BADGES[verdict]}`, prompt: 'Note (why; optional)', value: existing?.note ?? '' });
    if (note === undefined) return false;
  }
  return run(() => d.review.edit(found.subject, { verdict: verdict!, note: note!.trim() }));
}

async function removeAnnotation(d: AnnotateDeps, target: unknown): Promise<boolean> {
  const found = resolveTarget(d, target);
  if (!found || !usable(d)) return false;
  const removed = await run(() => d.review.edit(found.subject, null));
  if (!removed) void vscode.window.showInformationMessage(`Prompt Forensics: ${found.label} has no annotation of its own.`);
  return removed;
}

/** A tree element, a SubjectRef, or (palette) the record at the cursor. */
function resolveTarget(d: AnnotateDeps, target: unknown): (ReturnType<typeof subjectOfRef> & { ref: SubjectRef; index: ReportIndex }) | undefined {
  const index = d.analysis.index;
  if (!index) {
    void vscode.window.showWarningMessage('Prompt Forensics: analyze a log first.');
    return undefined;
  }
  const ref = isTreeElement(target) ? refOfNode(target.node) : target === undefined ? recordAtCursor(d, index) : (target as SubjectRef);
  const found = ref && subjectOfRef(index, ref);
  if (!found) {
    void vscode.window.showWarningMessage(target === undefined ? 'Prompt Forensics: put the cursor on an analyzed record to annotate it.' : 'Prompt Forensics: that is not in the current report.');
    return undefined;
  }
  return { ...found, ref: ref!, index };
}

function recordAtCursor(d: AnnotateDeps, index: ReportIndex): SubjectRef | undefined {
  const editor = vscode.window.activeTextEditor;
  const placement = editor && d.largeView.placementFor(editor.document);
  const record = placement && index.hasFile(placement.file) ? placement.recordAt(index, editor!.selection.active) : undefined;
  return record && { kind: 'record', file: record.file, line: record.line };
}

function currentAnnotation(d: AnnotateDeps, ref: SubjectRef): { verdict: Verdict; note: string } | undefined {
  const s = d.review.state!;
  const a = ref.kind === 'record' ? s.records.get(`${ref.file}:${ref.line}`) : s[`${ref.kind}s`].get(ref.id);
  return a && a.match === 'exact' ? { verdict: a.annotation.verdict, note: a.annotation.note } : undefined;
}

function usable(d: AnnotateDeps): boolean {
  const reason = d.review.readOnlyReason;
  if (reason) void vscode.window.showWarningMessage(`Prompt Forensics: cannot annotate: ${reason}`);
  return !reason;
}

async function run(edit: () => Promise<boolean>): Promise<boolean> {
  try {
    return await edit();
  } catch (e) {
    void vscode.window.showErrorMessage(`Prompt Forensics: annotation not saved: ${e instanceof Error ? e.message : String(e)}`);
    return false;
  }
}

function isTreeElement(value: unknown): value is TreeElement {
  return !!value && typeof value === 'object' && 'node' in value && typeof (value as TreeElement).id === 'string';
}
