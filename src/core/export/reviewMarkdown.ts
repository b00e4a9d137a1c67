/**
 * The review parts of the reviewer's Markdown report (`renderMarkdown(report, { review })`):
 * verdict badges for campaign and template headings and the "Review" section. Notes and authors
 * are user text: escaped like log text.
 */
import type { Report } from '../report/model';
import { code, escapeInline } from '../report/markdown';
import { describeCampaignMatch, unannotatedSuspected, type AppliedAnnotation, type CampaignAnnotation, type ReviewState } from '../review/apply';
import { parseSubjectKey, type Verdict } from '../review/model';

const BADGE: Record<Verdict, string> = { confirmed: '🔴 confirmed', benign: '🟢 benign', 'needs-review': '🟡 needs review' };
const NOT_REVIEWED = '⚪ not reviewed';
const MAX_LISTED = 50;

/** The heading suffix for an annotated subject; for a suspected campaign without one, "not reviewed". */
export function reviewBadge(applied: AppliedAnnotation | undefined, suspected = false): string {
  if (!applied) return suspected ? ` · ${NOT_REVIEWED}` : '';
  const partial = applied.match === 'partial' ? ` (earlier, ${(applied as CampaignAnnotation).overlap} of ${(applied as CampaignAnnotation).of} accounts)` : '';
  return ` · ${BADGE[applied.annotation.verdict]}${partial}`;
}

/** One line under a campaign or template heading with the note, who and when. */
export function reviewLine(applied: AppliedAnnotation | undefined): string[] {
  if (!applied) return [];
  const a = applied.annotation;
  const match = applied.match === 'partial' ? ` — ${describeCampaignMatch(applied as CampaignAnnotation)}` : '';
  return [`- **Review**: ${a.verdict} by ${escapeInline(a.author)}, ${a.time.slice(0, 10)}${match}${a.note ? `: ${escapeInline(a.note)}` : ''}`];
}

interface Item {
  label: string;
  applied: AppliedAnnotation;
}

export function renderReviewSection(report: Report, review: ReviewState): string[] {
  const items: Item[] = [];
  for (const c of report.campaigns) {
    const m = review.campaigns.get(c.id);
    if (m) items.push({ label: `campaign ${c.id}${m.match === 'partial' ? `, ${describeCampaignMatch(m)}` : ''}`, applied: m });
  }
  for (const t of report.templates) {
    const m = review.templates.get(t.id);
    if (m) items.push({ label: `template ${t.id}`, applied: m });
  }
  for (const [account, m] of [...review.accounts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) items.push({ label: `account ${code(account)}`, applied: m });
  for (const r of report.records ?? []) {
    const m = review.records.get(`${r.file}:${r.line}`);
    if (m) items.push({ label: `record ${code(`${r.file}:${r.line}`)}${m.match === 'moved' ? ` (annotated as ${code(parseSubjectKey(m.key)?.id ?? m.key)})` : ''}`, applied: m });
  }
  const open = unannotatedSuspected(report, review);
  const by = (v: Verdict) => items.filter((i) => i.applied.annotation.verdict === v);

  const out: string[] = ['## Review', ''];
  out.push(`${by('confirmed').length} confirmed · ${by('benign').length} benign · ${by('needs-review').length} needs review · **${open.length} open question${open.length === 1 ? '' : 's'}** (suspected, not reviewed)`, '');
  section(out, 'Confirmed', by('confirmed'));
  section(out, 'Benign', by('benign'));
  section(out, 'Needs review', by('needs-review'));
  out.push('### Open questions', '');
  if (!open.length) out.push('Every suspected campaign has a review.', '');
  else {
    for (const { campaign: c, related } of open.slice(0, MAX_LISTED)) {
      const earlier = related ? `; ${describeCampaignMatch(related)} as ${related.annotation.verdict}, too few to count` : '';
      out.push(`- campaign ${c.id} — score ${c.score.toFixed(2)}, ${c.size} accounts, ${c.records.toLocaleString('en-US')} records${earlier}`);
    }
    if (open.length > MAX_LISTED) out.push(`- …and ${open.length - MAX_LISTED} more`);
    out.push('');
  }
  if (review.stale.length) {
    out.push('### Stale annotations', '', 'These record annotations were not applied: their line now holds something else.', '');
    for (const s of review.stale.slice(0, MAX_LISTED)) out.push(`- ${code(s.key)}: ${s.reason} (${s.annotation.verdict}${s.annotation.note ? `: ${escapeInline(s.annotation.note)}` : ''})`);
    out.push('');
  }
  if (review.unmatched.length) {
    const hint = report.records ? '' : ' (record annotations, and those of accounts outside campaigns, apply only to a report with records: `--records`)';
    out.push(`${review.unmatched.length} annotation${review.unmatched.length === 1 ? ' is' : 's are'} about subjects not in this report${hint}.`, '');
  }
  return out;
}

function section(out: string[], title: string, items: Item[]): void {
  if (!items.length) return;
  out.push(`### ${title}`, '');
  for (const { label, applied } of items.slice(0, MAX_LISTED)) {
    const a = applied.annotation;
    out.push(`- ${label} — ${escapeInline(a.author)}, ${a.time.slice(0, 10)}${a.note ? `: ${escapeInline(a.note)}` : ''}`);
  }
  if (items.length > MAX_LISTED) out.push(`- …and ${items.length - MAX_LISTED} more`);
  out.push('');
}
