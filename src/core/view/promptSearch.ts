/**
 * "Search Prompts" results: hits of the core's full-text index (records' prompt text and template
 * patterns, see core/search.ts) resolved to the report's records and templates.
 */
import type { TemplateReport } from '../report/model';
import type { SearchHit } from '../search';
import type { ReportIndex, ViewRecord } from './reportIndex';

export type PromptHit =
  | { kind: 'record'; record: ViewRecord; score: number; snippet: string }
  | { kind: 'template'; template: TemplateReport; score: number; snippet: string };

export function resolveHits(index: ReportIndex, hits: readonly SearchHit[]): PromptHit[] {
  const out: PromptHit[] = [];
  for (const h of hits) {
    if (h.kind === 'record' && h.file !== undefined && h.line !== undefined) {
      const record = index.recordAt(h.file, h.line);
      if (record) out.push({ kind: 'record', record, score: h.score, snippet: h.snippet });
    } else if (h.kind === 'template') {
      const template = index.templatesById.get(h.ref);
      if (template) out.push({ kind: 'template', template, score: h.score, snippet: h.snippet });
    }
  }
  return out;
}
