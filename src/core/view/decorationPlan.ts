/**
 * Which finding spans to paint and which end-of-line summaries to show for the records in view.
 * Pure: the editor adapter turns each `(docLine, span)` into a Range (spans are UTF-16 columns of
 * the record's raw text, so for JSONL they are columns of the document line).
 */
import { effectiveAnnotation, type ReviewState } from '../review';
import type { Span } from '../types';
import { familyLook } from './families';
import type { ReportIndex, ViewRecord } from './reportIndex';
import { VERDICT_BADGES } from './review';

export interface PlacedRecord {
  /** 0-based line of the record's first line in the shown document. */
  docLine: number;
  record: ViewRecord;
}

export interface SpanMark {
  docLine: number;
  span: Span;
  record: ViewRecord;
  findingIndex: number;
}

export interface DecorationPlan {
  /** Family look key → marks, in document order. */
  byFamily: Map<string, SpanMark[]>;
  summaries: Array<{ docLine: number; text: string }>;
  /** Marks left out because of the cap. */
  dropped: number;
}

/** Plans decorations for `placed` records, at most `maxMarks` spans in total (document order); summaries end with the record's verdict when `review` has one. */
export function planDecorations(index: ReportIndex, placed: readonly PlacedRecord[], maxMarks: number, withSummaries: boolean, review?: ReviewState): DecorationPlan {
  const byFamily = new Map<string, SpanMark[]>();
  const summaries: DecorationPlan['summaries'] = [];
  let count = 0;
  let dropped = 0;
  const ordered = [...placed].sort((a, b) => a.docLine - b.docLine);
  for (const { docLine, record } of ordered) {
    record.findings.forEach((f, findingIndex) => {
      if (!validSpan(f.span)) return;
      if (count >= maxMarks) {
        dropped++;
        return;
      }
      count++;
      const key = familyLook(f.family).key;
      const list = byFamily.get(key) ?? [];
      list.push({ docLine, span: f.span, record, findingIndex });
      byFamily.set(key, list);
    });
    if (withSummaries) summaries.push({ docLine, text: recordSummary(index, record, review) });
  }
  return { byFamily, summaries, dropped };
}

function validSpan(span: Span | undefined): span is Span {
  return Array.isArray(span) && span.length === 2 && Number.isInteger(span[0]) && Number.isInteger(span[1]) && span[0] >= 0 && span[1] >= span[0];
}

/** The end-of-line text for a record: template, account, campaign (when the account is in one), the reviewers' verdict. */
export function recordSummary(index: ReportIndex, record: ViewRecord, review?: ReviewState): string {
  const parts: string[] = [];
  if (record.template) {
    const t = index.templatesById.get(record.template);
    parts.push(`template ${record.template}${t ? ` (×${t.size})` : ''}`);
  }
  if (record.account) parts.push(`account ${record.account}`);
  const campaign = index.campaignOf(record.account);
  if (campaign) parts.push(`${campaign.suspected ? 'campaign' : 'cluster'} ${campaign.id} (${campaign.score.toFixed(2)})`);
  if (record.findings.length) parts.push(`${record.findings.length} finding${record.findings.length === 1 ? '' : 's'}`);
  const verdict = review && effectiveAnnotation(review, record);
  if (verdict) parts.push(`${VERDICT_BADGES[verdict.verdict]}${verdict.source === 'record' ? '' : ` (${verdict.source})`}`);
  return parts.length ? `  ⟵ ${parts.join(' · ')}` : '';
}

/**
 * Where a raw-line span sits in a reformatted rendering of the record (the large-file view's
 * pretty mode): the first occurrence of the span's raw text at or after `from`. JSON string
 * escapes are kept by pretty-printing, so the raw text usually reappears unchanged.
 */
export function relocateSpan(rawLine: string, span: Span, rendered: string, from = 0): [number, number] | undefined {
  const needle = rawLine.slice(span[0], span[1]);
  if (!needle) return undefined;
  const at = rendered.indexOf(needle, from);
  return at < 0 ? undefined : [at, at + needle.length];
}
