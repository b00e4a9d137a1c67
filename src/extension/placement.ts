/**
 * Where records sit in a shown document: a log opened as text (JSONL: one line a record; JSON
 * arrays: elements located by their byte range), or a window of the large-file view. Decorations,
 * hovers and reveal all go through this.
 */
import * as vscode from 'vscode';
import type { Span } from '../core/types';
import { relocateSpan } from '../core/view/decorationPlan';
import { charColumnOfByte, offsetToPosition, type RenderedWindow } from '../core/view/recordWindow';
import type { ReportIndex, ViewRecord } from '../core/view/reportIndex';

export const RECORD_SCHEME = 'prompt-forensics-record';

export interface Placement {
  /** The analyzed file whose records the document shows. */
  readonly file: string;
  /** File lines (1-based, inclusive) shown in a document line range. */
  fileLinesIn(range: vscode.Range): [number, number];
  /** 0-based document line where a record starts, when shown. */
  docLineOf(fileLine: number): number | undefined;
  fileLineAt(docLine: number): number | undefined;
  /** The raw text of a record's line, when cheaply available. */
  rawLine(record: ViewRecord): string | undefined;
  spanRange(record: ViewRecord, span: Span): vscode.Range | undefined;
  recordRange(record: ViewRecord): vscode.Range | undefined;
  /** The record shown at a position. */
  recordAt(index: ReportIndex, position: vscode.Position): ViewRecord | undefined;
}

export class TextFilePlacement implements Placement {
  readonly file: string;
  private readonly isJsonArray: boolean;
  private lineBytes: number[] | undefined;

  constructor(private readonly document: vscode.TextDocument) {
    this.file = document.uri.fsPath;
    this.isJsonArray = /\.json$/i.test(this.file);
  }

  fileLinesIn(range: vscode.Range): [number, number] {
    return [range.start.line + 1, range.end.line + 1];
  }

  docLineOf(fileLine: number): number | undefined {
    return fileLine >= 1 && fileLine <= this.document.lineCount ? fileLine - 1 : undefined;
  }

  fileLineAt(docLine: number): number | undefined {
    return docLine + 1;
  }

  rawLine(record: ViewRecord): string | undefined {
    if (this.isJsonArray) {
      const range = this.recordRange(record);
      return range && this.document.getText(range);
    }
    const docLine = this.docLineOf(record.line);
    return docLine === undefined ? undefined : this.document.lineAt(docLine).text;
  }

  spanRange(record: ViewRecord, span: Span): vscode.Range | undefined {
    const docLine = this.docLineOf(record.line);
    if (docLine === undefined) return undefined;
    if (!this.isJsonArray) {
      const length = this.document.lineAt(docLine).text.length;
      if (span[1] > length) return undefined;
      return new vscode.Range(docLine, span[0], docLine, span[1]);
    }
    // Array files: spans are columns of the element's raw text.
    const base = this.elementStart(record);
    return base === undefined ? undefined : new vscode.Range(this.document.positionAt(base + span[0]), this.document.positionAt(base + span[1]));
  }

  recordRange(record: ViewRecord): vscode.Range | undefined {
    const docLine = this.docLineOf(record.line);
    if (docLine === undefined) return undefined;
    if (!this.isJsonArray) return this.document.lineAt(docLine).range;
    const start = this.elementStart(record);
    const end = record.bytes ? this.offsetOfByte(record.bytes[1]) : undefined;
    if (start === undefined) return undefined;
    return new vscode.Range(this.document.positionAt(start), end === undefined ? this.document.lineAt(docLine).range.end : this.document.positionAt(end));
  }

  recordAt(index: ReportIndex, position: vscode.Position): ViewRecord | undefined {
    if (!this.isJsonArray) return index.recordAt(this.file, position.line + 1);
    // Elements can span lines, and several can share one line: check the nearest ones starting here or above.
    return index.recordsStartingAtOrBefore(this.file, position.line + 1, 50).find((r) => this.recordRange(r)?.contains(position));
  }

  /** Character offset in the document where an array element starts. */
  private elementStart(record: ViewRecord): number | undefined {
    if (record.bytes) return this.offsetOfByte(record.bytes[0]);
    const docLine = record.line - 1;
    const text = this.document.lineAt(docLine).text;
    const lead = /^[\s,[]*/.exec(text)?.[0].length ?? 0;
    return this.document.offsetAt(new vscode.Position(docLine, lead));
  }

  /** Character offset of a UTF-8 byte offset of the file (line byte starts computed once per version). */
  private offsetOfByte(byte: number): number | undefined {
    if (!this.lineBytes) {
      const eol = this.document.eol === vscode.EndOfLine.CRLF ? 2 : 1;
      this.lineBytes = [];
      let acc = 0;
      for (let i = 0; i < this.document.lineCount; i++) {
        this.lineBytes.push(acc);
        acc += Buffer.byteLength(this.document.lineAt(i).text, 'utf8') + eol;
      }
    }
    let lo = 0;
    let hi = this.lineBytes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.lineBytes[mid] <= byte) lo = mid;
      else hi = mid - 1;
    }
    const text = this.document.lineAt(lo).text;
    return this.document.offsetAt(new vscode.Position(lo, charColumnOfByte(text, byte - this.lineBytes[lo])));
  }
}

export class WindowPlacement implements Placement {
  constructor(readonly file: string, private readonly window: RenderedWindow, private readonly rawLines: Map<number, string>, readonly mode: 'raw' | 'pretty') {}

  fileLinesIn(range: vscode.Range): [number, number] {
    const first = this.window.fileLineOf[Math.min(range.start.line, this.window.fileLineOf.length - 1)] ?? 1;
    const last = this.window.fileLineOf[Math.min(range.end.line, this.window.fileLineOf.length - 1)] ?? first;
    return [first, last];
  }

  docLineOf(fileLine: number): number | undefined {
    return this.window.docLineOf.get(fileLine);
  }

  fileLineAt(docLine: number): number | undefined {
    return this.window.fileLineOf[docLine];
  }

  rawLine(record: ViewRecord): string | undefined {
    return this.rawLines.get(record.line);
  }

  spanRange(record: ViewRecord, span: Span): vscode.Range | undefined {
    const docLine = this.docLineOf(record.line);
    const raw = this.rawLines.get(record.line);
    if (docLine === undefined || raw === undefined || span[1] > raw.length) return undefined;
    if (this.mode === 'raw') return new vscode.Range(docLine, span[0], docLine, span[1]);
    const rendered = this.window.renderedOf.get(record.line) ?? '';
    const at = relocateSpan(raw, span, rendered);
    if (!at) return undefined;
    const s = offsetToPosition(rendered, at[0]);
    const e = offsetToPosition(rendered, at[1]);
    return new vscode.Range(docLine + s.line, s.character, docLine + e.line, e.character);
  }

  recordRange(record: ViewRecord): vscode.Range | undefined {
    const docLine = this.docLineOf(record.line);
    if (docLine === undefined) return undefined;
    const rendered = this.window.renderedOf.get(record.line) ?? '';
    const lines = rendered.split('\n');
    return new vscode.Range(docLine, 0, docLine + lines.length - 1, lines[lines.length - 1].length);
  }

  recordAt(index: ReportIndex, position: vscode.Position): ViewRecord | undefined {
    const fileLine = this.fileLineAt(position.line);
    return fileLine === undefined ? undefined : index.recordAt(this.file, fileLine);
  }
}
