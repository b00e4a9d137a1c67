/**
 * The reviewer's Markdown report: read top to bottom, every claim next to its evidence.
 * Log text (patterns, evidence details) is untrusted: it goes into code spans/blocks or is
 * escaped, never interpreted as Markdown.
 */
import { codeBlock } from '../view/markdown';
import type { Report } from './model';
import { SIGNALS } from '../types';
import type { ReviewState } from '../review/apply';
import { renderReviewSection, reviewBadge, reviewLine } from '../export/reviewMarkdown';

const MAX_TEMPLATES = 20;
const MAX_MALFORMED = 20;
const MAX_ACCOUNTS_SHOWN = 12;
const MAX_PATTERN_CHARS = 600;

export interface MarkdownOptions {
  /** Annotations applied to the report (applyAnnotations): verdict badges and a "Review" section. */
  review?: ReviewState;
}

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const review = options.review;
  const out: string[] = [];
  const s = report.summary;
  out.push(`# Prompt Forensics report`, '');
  out.push(`${report.tool.name} ${report.tool.version} · ${s.records.toLocaleString('en-US')} records · ${s.accounts.toLocaleString('en-US')} accounts · ${s.templates.toLocaleString('en-US')} templates · **${s.suspectedCampaigns} suspected campaign${s.suspectedCampaigns === 1 ? '' : 's'}**`, '');
  if (review) out.push(...renderReviewSection(report, review));

  out.push('## Campaigns', '');
  const campaigns = report.campaigns;
  if (!campaigns.length) out.push('No linked groups of accounts were found.', '');
  for (const c of campaigns) {
    const verdict = review?.campaigns.get(c.id);
    out.push(`### ${c.suspected ? '⚠ Suspected' : 'Cluster'} ${c.id} — score ${c.score.toFixed(2)}${review ? reviewBadge(verdict, c.suspected) : ''}`, '');
    out.push(...reviewLine(verdict));
    out.push(`- **${c.size} accounts**, ${c.records.toLocaleString('en-US')} records, ${c.firstSeen ?? '?'} → ${c.lastSeen ?? '?'}`);
    if (c.families.length) out.push(`- Families: ${c.families.map(code).join(', ')}`);
    if (c.templates.length) out.push(`- Templates: ${c.templates.slice(0, 10).map(code).join(', ')}${c.templates.length > 10 ? ` and ${c.templates.length - 10} more` : ''}`);
    if (c.models.length) out.push(`- Models: ${c.models.map((m) => `${code(m.model)} (${m.records}, first ${m.firstSeen ?? '?'})`).join(', ')}`);
    if (c.pivot) out.push(`- **Model pivot**: ${Math.round(c.pivot.share * 100)}% of traffic moved to ${code(c.pivot.to)} within ${c.pivot.withinHours.toFixed(1)} h of its first sighting`);
    out.push(`- Accounts: ${listAccounts(c.accounts)}`, '');
    if (c.evidence.length) {
      out.push('| evidence | detail | accounts |', '|---|---|---|');
      for (const e of c.evidence) out.push(`| ${e.kind} | ${escapeInline(e.detail)} | ${e.accounts.length} |`);
      out.push('');
    }
  }

  out.push('## Findings by family', '');
  const families = Object.entries(s.findingsByFamily);
  if (!families.length) out.push('No findings.', '');
  else {
    out.push('| family | findings |', '|---|---:|');
    for (const [family, n] of families) out.push(`| ${code(family)} | ${n.toLocaleString('en-US')} |`);
    out.push('');
  }

  out.push('## Top templates', '');
  if (!report.templates.length) out.push('No repeated templates.', '');
  for (const t of report.templates.slice(0, MAX_TEMPLATES)) {
    const tags = [...(t.findingFamilies ?? []), ...t.families].map(code).join(' ');
    const verdict = review?.templates.get(t.id);
    out.push(`### ${t.id} — ${t.size.toLocaleString('en-US')} records, ${t.accounts} accounts ${tags}`.trimEnd() + reviewBadge(verdict), '');
    if (verdict) out.push(...reviewLine(verdict), '');
    out.push(`${t.firstSeen ?? '?'} → ${t.lastSeen ?? '?'}; examples: ${t.examples.slice(0, 3).map(code).join(', ')}`, '');
    out.push(codeBlock(truncate(t.pattern, MAX_PATTERN_CHARS)), '');
  }
  if (report.templates.length > MAX_TEMPLATES) out.push(`…and ${report.templates.length - MAX_TEMPLATES} more templates in the JSON report.`, '');

  out.push('## Input', '');
  out.push('| file | format | lines | records | blank | malformed |', '|---|---|---:|---:|---:|---:|');
  for (const f of report.input.files) out.push(`| ${code(f.path)} | ${f.format} | ${f.lines} | ${f.records} | ${f.blank} | ${f.malformed.length} |`);
  out.push('');
  for (const f of report.input.files) {
    const used = SIGNALS.filter((sig) => f.fields[sig]).map((sig) => `${sig} ← ${code(f.fields[sig]!)}`);
    out.push(`**${escapeInline(f.path)}**: ${used.length ? used.join(', ') : 'no signal fields found'}.`);
    if (f.missingSignals.length) out.push(`Not in this log, so not checked: ${f.missingSignals.join(', ')}.`);
    if (f.lateSignals?.length) out.push(`Absent from the first records, read from where first noticed: ${f.lateSignals.map((s) => `${s.signal} (line ${s.line})`).join(', ')}.`);
    for (const m of f.malformed.slice(0, MAX_MALFORMED)) out.push(`- line ${m.line}: ${escapeInline(m.error)}`);
    if (f.malformed.length > MAX_MALFORMED) out.push(`- …and ${f.malformed.length - MAX_MALFORMED} more malformed lines`);
    out.push('');
  }
  return out.join('\n');
}

function listAccounts(accounts: string[]): string {
  const shown = accounts.slice(0, MAX_ACCOUNTS_SHOWN).map(code).join(', ');
  return accounts.length > MAX_ACCOUNTS_SHOWN ? `${shown} and ${accounts.length - MAX_ACCOUNTS_SHOWN} more` : shown;
}

/** An inline code span that survives backticks in the text. */
export function code(text: string): string {
  const clean = text.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((m) => m.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${clean}${pad}${ticks}`;
}

/** Escapes what could turn running text into markup mid-line (emphasis, links, HTML, code, table cells). */
export function escapeInline(text: string): string {
  return text.replace(/[\\`*_[\]<>|~]/g, '\\$&').replace(/[\r\n]+/g, ' ');
}

function truncate(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) + '…' : text;
}
