/**
 * Full-text search over prompts and templates (minisearch). Chinese has no spaces, so CJK runs
 * are indexed as character bigrams (plus single characters for one-character queries); Latin
 * text as lower-cased words. The index serialises with toJSON/loadJSON so the extension can
 * cache it beside the analysis.
 */
import MiniSearch, { type SearchResult } from 'minisearch';
import type { Report } from './report/model';

export interface SearchDocument {
  id: number;
  kind: 'record' | 'template';
  /** `file:line` for records, the template id for templates. */
  ref: string;
  file?: string;
  line?: number;
  account?: string | null;
  template?: string | null;
  text: string;
}

export interface SearchHit {
  kind: 'record' | 'template';
  ref: string;
  file?: string;
  line?: number;
  account?: string | null;
  template?: string | null;
  score: number;
  snippet: string;
}

const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/u;
const WORDS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[\p{L}\p{N}_]+/gu;

export function searchTokens(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(WORDS)) {
    const w = m[0];
    if (!CJK_RUN.test(w)) {
      out.push(w.toLowerCase());
      continue;
    }
    if (w.length === 1) out.push(w);
    for (let i = 0; i + 1 < w.length; i++) out.push(w.slice(i, i + 2));
  }
  return out;
}

const INDEX_OPTIONS = {
  fields: ['text'],
  storeFields: ['kind', 'ref', 'file', 'line', 'account', 'template', 'text'],
  tokenize: searchTokens,
  processTerm: (term: string) => term,
  searchOptions: { prefix: (term: string) => term.length > 2, fuzzy: 0, combineWith: 'AND' as const },
};

export class PromptIndex {
  private constructor(private readonly index: MiniSearch<SearchDocument>) {}

  static empty(): PromptIndex {
    return new PromptIndex(new MiniSearch<SearchDocument>(INDEX_OPTIONS));
  }

  static loadJSON(json: string): PromptIndex {
    return new PromptIndex(MiniSearch.loadJSON<SearchDocument>(json, INDEX_OPTIONS));
  }

  /** Indexes a report's templates and, when the report kept them, its records' prompt text. */
  static fromReport(report: Report): PromptIndex {
    const index = PromptIndex.empty();
    let id = 0;
    const docs: SearchDocument[] = report.templates.map((t) => ({ id: id++, kind: 'template', ref: t.id, template: t.id, text: t.pattern }));
    for (const r of report.records ?? []) {
      if (r.prompt) docs.push({ id: id++, kind: 'record', ref: `${r.file}:${r.line}`, file: r.file, line: r.line, account: r.account, template: r.template, text: r.prompt });
    }
    index.index.addAll(docs);
    return index;
  }

  get size(): number {
    return this.index.documentCount;
  }

  search(query: string, limit = 50): SearchHit[] {
    const results = this.index.search(query);
    return results.slice(0, limit).map((r) => toHit(r, query));
  }

  toJSON(): unknown {
    return this.index.toJSON();
  }
}

function toHit(r: SearchResult, query: string): SearchHit {
  const text = String(r.text ?? '');
  return {
    kind: r.kind,
    ref: r.ref,
    file: r.file,
    line: r.line,
    account: r.account ?? null,
    template: r.template ?? null,
    score: Math.round(r.score * 1000) / 1000,
    snippet: snippetAround(text, r.terms[0] ?? searchTokens(query)[0] ?? ''),
  };
}

/** A one-line excerpt of `text` around the first occurrence of `term`. */
export function snippetAround(text: string, term: string, width = 120): string {
  const at = term ? text.toLowerCase().indexOf(term.toLowerCase()) : -1;
  const start = Math.max(0, (at < 0 ? 0 : at) - Math.floor(width / 3));
  const piece = text.slice(start, start + width).replace(/\s+/g, ' ').trim();
  return (start > 0 ? '…' : '') + piece + (start + width < text.length ? '…' : '');
}
