/**
 * The "Show Template" document: a template's pattern, its numbers and example prompts, with the
 * ranges of its slots (in the pattern) and of the slot fillers (in each example) for highlighting.
 */
import type { TemplateReport } from '../report/model';
import type { ReportIndex } from './reportIndex';

export const SLOT = '<*>';

export interface TextRange {
  /** 0-based line and UTF-16 column range within that line. */
  line: number;
  start: number;
  end: number;
}

export interface TemplateDocument {
  text: string;
  slotRanges: TextRange[];
  fillerRanges: TextRange[];
}

/**
 * Where the slot fillers of `text` lie, matching the pattern's literal pieces in order (whitespace
 * runs compare equal). Returns undefined when the text does not follow the pattern.
 */
export function slotFillers(pattern: string, text: string): Array<[number, number]> | undefined {
  const pieces = pattern.split(SLOT);
  // Lazy groups backtrack polynomially in the number of slots: keep hostile inputs bounded.
  if (pieces.length > 12 || text.length > 20_000) return undefined;
  const regex = new RegExp(`^\\s*${pieces.map(literal).join('([\\s\\S]*?)')}\\s*$`, 'd');
  const match = regex.exec(text);
  if (!match?.indices) return undefined;
  const out: Array<[number, number]> = [];
  for (let i = 1; i < match.length; i++) {
    const at = match.indices[i];
    if (!at) continue;
    let [s, e] = at;
    while (s < e && /\s/.test(text[s])) s++;
    while (e > s && /\s/.test(text[e - 1])) e--;
    if (e > s) out.push([s, e]);
  }
  return out;
}

function literal(piece: string): string {
  return piece
    .trim()
    .split(/\s+/)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\s+');
}

export function renderTemplateDocument(index: ReportIndex, template: TemplateReport, maxExamples = 12, displayPath: (file: string) => string = (f) => f): TemplateDocument {
  const lines: string[] = [];
  const slotRanges: TextRange[] = [];
  const fillerRanges: TextRange[] = [];
  lines.push(`Template ${template.id}`);
  lines.push(`${template.size} records · ${template.accounts} accounts · first ${template.firstSeen ?? '?'} · last ${template.lastSeen ?? '?'}`);
  if (template.families.length) lines.push(`Paraphrase families: ${template.families.join(', ')}`);
  if (template.findingFamilies?.length) lines.push(`Finding families: ${template.findingFamilies.join(', ')}`);
  lines.push('', '── Pattern (slots shown as <*>) ──');
  for (const patternLine of template.pattern.split(/\r?\n/)) {
    const line = lines.length;
    for (let at = patternLine.indexOf(SLOT); at !== -1; at = patternLine.indexOf(SLOT, at + SLOT.length)) {
      slotRanges.push({ line, start: at, end: at + SLOT.length });
    }
    lines.push(patternLine);
  }
  const records = index.recordsByTemplate.get(template.id) ?? [];
  const withText = records.filter((r) => typeof r.prompt === 'string');
  lines.push('', `── Examples (${Math.min(maxExamples, withText.length || template.examples.length)} of ${template.size}) ──`);
  if (withText.length) {
    for (const r of withText.slice(0, maxExamples)) {
      lines.push('', `# ${displayPath(r.file)}:${r.line}${r.account ? ` · account ${r.account}` : ''}`);
      const prompt = r.prompt ?? '';
      const firstLine = lines.length;
      const fillers = slotFillers(template.pattern, prompt) ?? [];
      const exampleLines = prompt.split('\n');
      const lineStarts: number[] = [];
      let offset = 0;
      for (const l of exampleLines) {
        lineStarts.push(offset);
        offset += l.length + 1;
        lines.push(l);
      }
      for (const [s, e] of fillers) {
        for (let i = 0; i < exampleLines.length; i++) {
          const ls = lineStarts[i];
          const le = ls + exampleLines[i].length;
          const from = Math.max(s, ls);
          const to = Math.min(e, le);
          if (to > from) fillerRanges.push({ line: firstLine + i, start: from - ls, end: to - ls });
        }
      }
    }
  } else {
    for (const ex of template.examples.slice(0, maxExamples)) lines.push(`  ${ex}`);
  }
  return { text: lines.join('\n'), slotRanges, fillerRanges };
}
