/**
 * Look-up tables over one analysis report, built once per report, so that views, hovers and
 * decorations never scan the whole record list.
 */
import * as path from 'node:path';
import type { CampaignReport, RecordReport, Report, TemplateReport } from '../report/model';

/** A report record as the editor sees it (`prompt` and `bytes` are there when the analysis kept them). */
export type ViewRecord = RecordReport;

export interface FindingRef {
  record: ViewRecord;
  findingIndex: number;
}

/** Files are keyed by their resolved path so `a/../b.jsonl` and `b.jsonl` meet. */
export function fileKey(file: string): string {
  return path.resolve(file);
}

export class ReportIndex {
  readonly templatesById = new Map<string, TemplateReport>();
  readonly campaignsById = new Map<string, CampaignReport>();
  /** Every account that belongs to a campaign (suspected or not), to its campaign. */
  readonly campaignByAccount = new Map<string, CampaignReport>();
  readonly recordsByTemplate = new Map<string, ViewRecord[]>();
  readonly recordsByAccount = new Map<string, ViewRecord[]>();
  /** family → rule → finding occurrences. */
  readonly findingsByFamily = new Map<string, Map<string, FindingRef[]>>();
  /** file key → records of that file sorted by line. */
  readonly recordsByFile = new Map<string, ViewRecord[]>();
  private readonly recordByFileLine = new Map<string, Map<number, ViewRecord>>();
  readonly records: ViewRecord[];

  constructor(readonly report: Report) {
    this.records = (report.records ?? []) as ViewRecord[];
    for (const t of report.templates) this.templatesById.set(t.id, t);
    for (const c of report.campaigns) {
      this.campaignsById.set(c.id, c);
      for (const a of c.accounts) {
        const known = this.campaignByAccount.get(a);
        if (!known || c.score > known.score) this.campaignByAccount.set(a, c);
      }
    }
    for (const r of this.records) this.addRecord(r);
    for (const list of this.recordsByFile.values()) list.sort((a, b) => a.line - b.line);
  }

  private addRecord(r: ViewRecord): void {
    const key = fileKey(r.file);
    push(this.recordsByFile, key, r);
    let byLine = this.recordByFileLine.get(key);
    if (!byLine) this.recordByFileLine.set(key, (byLine = new Map()));
    byLine.set(r.line, r);
    if (r.template) push(this.recordsByTemplate, r.template, r);
    if (r.account) push(this.recordsByAccount, r.account, r);
    r.findings.forEach((f, findingIndex) => {
      let rules = this.findingsByFamily.get(f.family);
      if (!rules) this.findingsByFamily.set(f.family, (rules = new Map()));
      push(rules, f.rule, { record: r, findingIndex });
    });
  }

  recordAt(file: string, line: number): ViewRecord | undefined {
    return this.recordByFileLine.get(fileKey(file))?.get(line);
  }

  recordsOf(file: string): readonly ViewRecord[] {
    return this.recordsByFile.get(fileKey(file)) ?? [];
  }

  /** Records of `file` whose line lies in `[fromLine, toLine]` (1-based, inclusive). */
  recordsInLines(file: string, fromLine: number, toLine: number): ViewRecord[] {
    const list = this.recordsOf(file);
    const out: ViewRecord[] = [];
    for (let i = lowerBound(list, fromLine); i < list.length && list[i].line <= toLine; i++) out.push(list[i]);
    return out;
  }

  /** The last record of `file` starting at or before `line` (a record can span lines in JSON arrays). */
  recordStartingAtOrBefore(file: string, line: number): ViewRecord | undefined {
    return this.recordsStartingAtOrBefore(file, line, 1)[0];
  }

  /** Up to `max` records starting at or before `line`, nearest first. */
  recordsStartingAtOrBefore(file: string, line: number, max: number): ViewRecord[] {
    const list = this.recordsOf(file);
    const end = lowerBound(list, line + 1);
    return list.slice(Math.max(0, end - max), end).reverse();
  }

  hasFile(file: string): boolean {
    return this.recordsByFile.has(fileKey(file)) || this.report.input.files.some((f) => fileKey(f.path) === fileKey(file));
  }

  campaignOf(account: string | null | undefined): CampaignReport | undefined {
    return account ? this.campaignByAccount.get(account) : undefined;
  }

  /** The templates an account used, largest first. */
  templatesOfAccount(account: string): TemplateReport[] {
    const ids = new Set<string>();
    for (const r of this.recordsByAccount.get(account) ?? []) if (r.template) ids.add(r.template);
    return [...ids]
      .map((id) => this.templatesById.get(id))
      .filter((t): t is TemplateReport => t !== undefined)
      .sort((a, b) => b.size - a.size || a.id.localeCompare(b.id));
  }

  /** Accounts that sent a template, most records first. */
  accountsOfTemplate(templateId: string): Array<{ account: string; records: number }> {
    const counts = new Map<string, number>();
    for (const r of this.recordsByTemplate.get(templateId) ?? []) {
      if (r.account) counts.set(r.account, (counts.get(r.account) ?? 0) + 1);
    }
    return [...counts].map(([account, records]) => ({ account, records })).sort((a, b) => b.records - a.records || a.account.localeCompare(b.account));
  }

  recordsOfAccountAndTemplate(account: string, templateId: string): ViewRecord[] {
    return (this.recordsByAccount.get(account) ?? []).filter((r) => r.template === templateId);
  }

  get findingCount(): number {
    let n = 0;
    for (const r of this.records) n += r.findings.length;
    return n;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function lowerBound(list: readonly ViewRecord[], line: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].line < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
