/**
 * How reviewers' annotations (src/core/review) show in the views and hovers: which subject a tree
 * node stands for, the badge and tooltip line of its annotation, the "Hide Benign" filter, and the
 * hover's review section with its command links. Pure data; the extension maps it to TreeItems
 * and MarkdownStrings.
 */
import type { CampaignReport } from '../report/model';
import {
  accountSubject,
  campaignSubject,
  describeCampaignMatch,
  effectiveAnnotation,
  recordSubject,
  templateSubject,
  type AppliedAnnotation,
  type ReviewState,
  type Subject,
  type Verdict,
} from '../review';
import { escapeMarkdown, truncate } from './markdown';
import type { ReportIndex, ViewRecord } from './reportIndex';
import type { TreeNode } from './treeModel';

/** What a hover link or a caller names: a subject by kind and id (records by file and line). Plain JSON. */
export type SubjectRef = { kind: 'campaign' | 'template' | 'account'; id: string } | { kind: 'record'; file: string; line: number };

export const VERDICT_BADGES: Record<Verdict, string> = { confirmed: '✓ confirmed', benign: 'benign', 'needs-review': 'needs review' };

export interface NodeReview {
  verdict: Verdict;
  /** Short text put before the node's description. */
  badge: string;
  /** Plain-text tooltip line(s). */
  tooltip: string;
  /** The node has its own annotation (not one inherited from its template, campaign or account). */
  own: boolean;
}

export function subjectOfRef(index: ReportIndex, ref: unknown): { subject: Subject; label: string } | undefined {
  if (!ref || typeof ref !== 'object') return undefined;
  const r = ref as Record<string, unknown>;
  switch (r.kind) {
    case 'campaign': {
      const c = typeof r.id === 'string' ? index.campaignsById.get(r.id) : undefined;
      return c ? { subject: campaignSubject(c), label: `campaign ${c.id}` } : undefined;
    }
    case 'template': {
      const t = typeof r.id === 'string' ? index.templatesById.get(r.id) : undefined;
      return t ? { subject: templateSubject(t), label: `template ${t.id}` } : undefined;
    }
    case 'account':
      return typeof r.id === 'string' && (index.recordsByAccount.has(r.id) || index.campaignByAccount.has(r.id)) ? { subject: accountSubject(r.id), label: `account ${r.id}` } : undefined;
    case 'record': {
      const record = typeof r.file === 'string' && typeof r.line === 'number' ? index.recordAt(r.file, r.line) : undefined;
      return record ? { subject: recordSubject(record), label: `record ${baseName(record.file)}:${record.line}` } : undefined;
    }
    default:
      return undefined;
  }
}

/** The subject a tree node stands for (campaigns, accounts, templates and records can be annotated). */
export function refOfNode(node: TreeNode): SubjectRef | undefined {
  switch (node.kind) {
    case 'campaign':
      return { kind: 'campaign', id: node.campaign.id };
    case 'account':
      return { kind: 'account', id: node.account };
    case 'template':
      return { kind: 'template', id: node.template.id };
    case 'record':
      return { kind: 'record', file: node.record.file, line: node.record.line };
    default:
      return undefined;
  }
}

/** The annotation state of a node: its own annotation, or for records the one that speaks for them. */
export function reviewOfNode(state: ReviewState, node: TreeNode): NodeReview | undefined {
  switch (node.kind) {
    case 'campaign': {
      const m = state.campaigns.get(node.campaign.id);
      if (!m) return undefined;
      const partial = describeCampaignMatch(m);
      const badge = partial ? `${VERDICT_BADGES[m.annotation.verdict]}? (${m.overlap} of ${m.of} accounts annotated earlier)` : VERDICT_BADGES[m.annotation.verdict];
      return { verdict: m.annotation.verdict, badge, tooltip: tooltipLine(m, partial ? `${partial}${m.covers ? '' : ' — too few to count as reviewed'}` : ''), own: m.match === 'exact' };
    }
    case 'account':
      return applied(state.accounts.get(node.account));
    case 'template':
      return applied(state.templates.get(node.template.id));
    case 'record': {
      const e = effectiveAnnotation(state, node.record);
      if (!e) return undefined;
      const own = e.source === 'record';
      const moved = e.applied.match === 'moved' ? 'annotated on another line; found by its fingerprint' : '';
      return { verdict: e.verdict, badge: own ? VERDICT_BADGES[e.verdict] : `${VERDICT_BADGES[e.verdict]} (${e.source})`, tooltip: tooltipLine(e.applied, own ? moved : `via its ${e.source}`), own };
    }
    default:
      return undefined;
  }
}

function applied(a: AppliedAnnotation | undefined): NodeReview | undefined {
  return a && { verdict: a.annotation.verdict, badge: VERDICT_BADGES[a.annotation.verdict], tooltip: tooltipLine(a, ''), own: true };
}

function tooltipLine(a: AppliedAnnotation, extra: string): string {
  const { verdict, author, time, note } = a.annotation;
  return [`Annotation: ${verdict} — ${author}, ${time.slice(0, 16).replace('T', ' ')} UTC`, note ? `“${truncate(note, 500)}”` : '', extra].filter(Boolean).join('\n');
}

/**
 * "Hide Benign": a node is hidden when it (or, for a record, the annotation that speaks for it) is
 * benign. A campaign only by an annotation that counts for it (exact, or a majority of its members).
 */
export function hiddenAsBenign(state: ReviewState, node: TreeNode): boolean {
  if (node.kind === 'campaign') {
    const m = state.campaigns.get(node.campaign.id);
    return !!m?.covers && m.annotation.verdict === 'benign';
  }
  return reviewOfNode(state, node)?.verdict === 'benign';
}

/** A `command:` link with JSON arguments, for a MarkdownString trusted for that command only. */
export function commandLink(label: string, command: string, args: unknown[]): string {
  // encodeURIComponent leaves ( ) unencoded, and a ")" would end the Markdown link early.
  const query = encodeURIComponent(JSON.stringify(args)).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `[${escapeMarkdown(label)}](command:${command}?${query})`;
}

/**
 * The hover's review section for a record: the annotation that speaks for it, the campaign's, and
 * (when `annotateCommand` is given: trusted workspaces) links to annotate the record or its campaign.
 * Notes come from a shared file and are escaped like log text.
 */
export function reviewHoverMarkdown(state: ReviewState | undefined, record: ViewRecord, campaign: CampaignReport | undefined, annotateCommand?: string): string {
  const out: string[] = [];
  const effective = state ? effectiveAnnotation(state, record) : undefined;
  if (effective) {
    const { author, note } = effective.applied.annotation;
    out.push(`**Review:** ${VERDICT_BADGES[effective.verdict]}${effective.source === 'record' ? '' : ` (${effective.source})`} — ${escapeMarkdown(author)}${note ? `: “${escapeMarkdown(truncate(note, 300))}”` : ''}`);
  }
  const m = campaign && state?.campaigns.get(campaign.id);
  if (m && m.match === 'partial') out.push(`Campaign ${escapeMarkdown(describeCampaignMatch(m))}: ${VERDICT_BADGES[m.annotation.verdict]}`);
  if (annotateCommand) {
    const links = [commandLink('Annotate record…', annotateCommand, [{ kind: 'record', file: record.file, line: record.line } satisfies SubjectRef])];
    if (campaign) links.push(commandLink('Annotate campaign…', annotateCommand, [{ kind: 'campaign', id: campaign.id } satisfies SubjectRef]));
    out.push(links.join(' · '));
  }
  return out.join('\n\n');
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}
