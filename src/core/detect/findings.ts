/**
 * From text hits (offsets in decoded turn text) to report findings (columns in the raw line),
 * and how template context moves a finding's severity.
 */
import { locateStringValue, rawColumnAt } from '../spans';
import type { Finding, JsonPath, NormalizedRecord, Severity, Span } from '../types';
import type { TextHit } from './index';

/** The triggering phrase on one line, long ones cut in the middle. */
export function quote(phrase: string, max = 90): string {
  const flat = phrase.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const head = Math.ceil(max * 0.6);
  return `${flat.slice(0, head)} … ${flat.slice(flat.length - (max - head))}`;
}

/** Where adapters usually keep a top-level system prompt; tried (and checked) when it has no path. */
const SYSTEM_PATHS: JsonPath[] = [['system'], ['body', 'system'], ['request', 'system'], ['params', 'system'], ['request', 'body', 'system']];

export function toFindings(raw: string, record: NormalizedRecord, hits: TextHit[]): Finding[] {
  return hits.map((hit) => {
    const valueSpan = textSpan(raw, record, hit.turnIndex);
    if (!valueSpan) {
      return {
        rule: hit.rule,
        family: hit.family,
        severity: hit.severity,
        span: [0, 0],
        explanation: `${hit.explanation} [position in the raw line unknown: the text was assembled from several JSON values]`,
      };
    }
    const start = rawColumnAt(raw, valueSpan, hit.start);
    const end = rawColumnAt(raw, valueSpan, hit.end);
    return { rule: hit.rule, family: hit.family, severity: hit.severity, span: [start, end], explanation: hit.explanation };
  });
}

function textSpan(raw: string, record: NormalizedRecord, turnIndex: number | 'system'): Span | null {
  if (turnIndex === 'system') {
    const text = record.system ?? '';
    for (const p of SYSTEM_PATHS) {
      const span = locateStringValue(raw, p);
      if (span && decodes(raw, span, text)) return span;
    }
    return null;
  }
  const turn = record.turns[turnIndex];
  if (!turn) return null;
  if (turn.span) return turn.span;
  return turn.path ? locateStringValue(raw, turn.path) : null;
}

function decodes(raw: string, span: Span, expected: string): boolean {
  try {
    return JSON.parse(`"${raw.slice(span[0], span[1])}"`) === expected;
  } catch {
    return false;
  }
}

const LADDER: Severity[] = ['low', 'medium', 'high'];

/** Templates at least this large, sent by at least this many accounts, make a request look industrial. */
export const CAMPAIGN_TEMPLATE_SIZE = 20;
export const CAMPAIGN_TEMPLATE_ACCOUNTS = 3;

/**
 * Template context: the same request sent many times by many accounts with swapped payloads
 * strengthens a finding (one step up); a one-off (template of one record) weakens it (one step
 * down). A repeated request from a single account stays as it is: that is one team's workload.
 */
export function severityInContext(base: Severity, ctx: { templateSize: number; templateAccounts: number }): Severity {
  const rank = LADDER.indexOf(base);
  if (ctx.templateSize >= CAMPAIGN_TEMPLATE_SIZE && ctx.templateAccounts >= CAMPAIGN_TEMPLATE_ACCOUNTS) {
    return LADDER[Math.min(rank + 1, LADDER.length - 1)];
  }
  if (ctx.templateSize <= 1) return LADDER[Math.max(rank - 1, 0)];
  return base;
}
