/**
 * The hover shown on a record line: its template, its account's campaign and its findings.
 * Returns Markdown in which every piece of log text is escaped or fenced; the editor renders it
 * untrusted, without HTML.
 */
import { codeBlock, escapeMarkdown, truncate } from './markdown';
import { familyLook } from './families';
import type { ReportIndex, ViewRecord } from './reportIndex';

const MAX_PATTERN = 600;
const MAX_PHRASE = 200;

export function recordHoverMarkdown(index: ReportIndex, record: ViewRecord, rawLine?: string): string {
  const out: string[] = [];
  out.push(`**Prompt Forensics** — line ${record.line}${record.account ? `, account \`${inlineCode(record.account)}\`` : ''}`);

  if (record.findings.length) {
    out.push(`**Findings** (${record.findings.length})`);
    for (const f of record.findings) {
      const phrase = rawLine ? rawLine.slice(f.span[0], f.span[1]) : '';
      out.push(
        `- **${escapeMarkdown(familyLook(f.family).label)}** · ${escapeMarkdown(f.rule)} · ${f.severity}` +
          (phrase ? ` — “${escapeMarkdown(truncate(phrase, MAX_PHRASE))}”` : '') +
          `  \n  ${escapeMarkdown(truncate(f.explanation, 400))}`,
      );
    }
  }

  const template = record.template ? index.templatesById.get(record.template) : undefined;
  if (template) {
    out.push(
      `**Template** \`${inlineCode(template.id)}\` — ${template.size} records from ${template.accounts} account${template.accounts === 1 ? '' : 's'}` +
        (template.families.length ? `; paraphrase family ${template.families.map((f) => `\`${inlineCode(f)}\``).join(', ')}` : ''),
    );
    out.push(codeBlock(truncate(template.pattern, MAX_PATTERN)));
  } else if (record.template) {
    out.push(`**Template** \`${inlineCode(record.template)}\``);
  }

  const campaign = index.campaignOf(record.account);
  if (campaign) {
    const verdict = campaign.suspected ? '⚠ suspected campaign' : 'account cluster (below threshold)';
    out.push(`**${verdict}** \`${inlineCode(campaign.id)}\` — score ${campaign.score.toFixed(2)}, ${campaign.accounts.length} accounts, ${campaign.records} records`);
    const top = [...campaign.evidence].sort((a, b) => (b.weight ?? 0) - (a.weight ?? 0)).slice(0, 3);
    for (const e of top) out.push(`- ${escapeMarkdown(e.kind)}: ${escapeMarkdown(truncate(e.detail, 160))}`);
  }

  return out.join('\n\n');
}

/** Text for an inline code span: backticks cannot be escaped inside one, so they are replaced. */
function inlineCode(text: string): string {
  return truncate(text.replace(/[\r\n]+/g, ' ').replace(/`/g, 'ˋ'), 120);
}
