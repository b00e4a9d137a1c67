/**
 * Which parts of a report are annotated, and with what, matching annotations made on an earlier
 * report of the same traffic (see docs/findings-file.md, "Matching a new report"):
 * - templates and accounts by id (template ids are content-derived, accounts are the log's strings);
 * - campaigns by id, which is derived from the sorted member accounts, so an identical membership
 *   matches exactly; otherwise by overlap with the accounts stored in the annotation ("partial"),
 *   which covers the campaign for CI gating only when a strict majority of its current members
 *   were in the annotated one;
 * - records by `<basename>:<line>` checked against the stored fingerprint; a record that moved to
 *   another line is found by its fingerprint when that is unique, and an annotation whose line now
 *   holds a different record is reported as stale rather than applied.
 */
import type { CampaignReport, RecordReport, Report } from '../report/model';
import { compareKeys } from './findingsFile';
import { parseSubjectKey, recordFingerprint, recordId, type StoredAnnotation, type Verdict } from './model';

export type Annotations = ReadonlyMap<string, StoredAnnotation>;

export interface AppliedAnnotation {
  /** The annotation's key in the findings file (may differ from the subject's own key for moved/partial matches). */
  key: string;
  annotation: StoredAnnotation;
  match: 'exact' | 'moved' | 'partial';
}

export interface CampaignAnnotation extends AppliedAnnotation {
  /** Current members that were in the annotated campaign (partial matches; equals `of` for exact ones). */
  overlap: number;
  /** Current member count. */
  of: number;
  /** Members of the annotated campaign, when the annotation recorded them. */
  annotatedSize?: number;
  /** Counts as reviewed (CI gating): exact, or a strict majority of current members annotated earlier. */
  covers: boolean;
}

export interface StaleAnnotation {
  key: string;
  annotation: StoredAnnotation;
  reason: string;
}

export interface ReviewState {
  campaigns: Map<string, CampaignAnnotation>;
  templates: Map<string, AppliedAnnotation>;
  accounts: Map<string, AppliedAnnotation>;
  /** By `recordRef(record)` (full file path and line). */
  records: Map<string, AppliedAnnotation>;
  /** Record annotations whose line now holds a different record. */
  stale: StaleAnnotation[];
  /** Keys of annotations about nothing in this report (other dumps, other campaigns). */
  unmatched: string[];
}

export function recordRef(r: Pick<RecordReport, 'file' | 'line'>): string {
  return `${r.file}:${r.line}`;
}

export function applyAnnotations(report: Report, annotations: Annotations): ReviewState {
  const state: ReviewState = { campaigns: new Map(), templates: new Map(), accounts: new Map(), records: new Map(), stale: [], unmatched: [] };
  const used = new Set<string>();
  const byKind = { template: [] as string[], account: [] as string[], campaign: [] as string[], record: [] as string[] };
  for (const key of [...annotations.keys()].sort(compareKeys)) {
    const subject = parseSubjectKey(key);
    if (subject) byKind[subject.kind].push(key);
  }
  const exact = (key: string): AppliedAnnotation => {
    used.add(key);
    return { key, annotation: annotations.get(key)!, match: 'exact' };
  };

  for (const t of report.templates) if (annotations.has(`template:${t.id}`)) state.templates.set(t.id, exact(`template:${t.id}`));
  const accounts = new Set<string>(report.campaigns.flatMap((c) => c.accounts));
  for (const r of report.records ?? []) if (r.account !== null) accounts.add(r.account);
  for (const key of byKind.account) {
    const id = key.slice('account:'.length);
    if (accounts.has(id)) state.accounts.set(id, exact(key));
  }

  matchCampaigns(report.campaigns, byKind.campaign, annotations, state, used);
  matchRecords(report.records ?? [], byKind.record, annotations, state, used);
  state.unmatched = [...annotations.keys()].filter((k) => !used.has(k)).sort(compareKeys);
  return state;
}

function matchCampaigns(campaigns: CampaignReport[], keys: string[], annotations: Annotations, state: ReviewState, used: Set<string>): void {
  const keysByAccount = new Map<string, string[]>();
  for (const key of keys) {
    for (const account of annotations.get(key)!.accounts ?? []) {
      const list = keysByAccount.get(account) ?? [];
      list.push(key);
      keysByAccount.set(account, list);
    }
  }
  for (const c of campaigns) {
    const key = `campaign:${c.id}`;
    const of = c.accounts.length;
    const own = annotations.get(key);
    if (own) {
      used.add(key);
      state.campaigns.set(c.id, { key, annotation: own, match: 'exact', overlap: of, of, annotatedSize: own.accounts?.length, covers: true });
      continue;
    }
    const overlaps = new Map<string, number>();
    for (const account of c.accounts) for (const k of keysByAccount.get(account) ?? []) overlaps.set(k, (overlaps.get(k) ?? 0) + 1);
    const best = [...overlaps].sort(([ka, na], [kb, nb]) => nb - na || compareTime(annotations.get(kb)!, annotations.get(ka)!) || compareKeys(ka, kb))[0];
    if (!best) continue;
    const [bestKey, overlap] = best;
    const annotation = annotations.get(bestKey)!;
    used.add(bestKey);
    state.campaigns.set(c.id, { key: bestKey, annotation, match: 'partial', overlap, of, annotatedSize: annotation.accounts?.length, covers: overlap * 2 > of });
  }
}

function matchRecords(records: RecordReport[], keys: string[], annotations: Annotations, state: ReviewState, used: Set<string>): void {
  if (!keys.length) return;
  const byId = new Map<string, RecordReport[]>();
  const byFingerprint = new Map<string, RecordReport[]>();
  for (const r of records) {
    push(byId, recordId(r), r);
    push(byFingerprint, recordFingerprint(r), r);
  }
  for (const key of keys) {
    const annotation = annotations.get(key)!;
    const candidates = byId.get(key.slice('record:'.length)) ?? [];
    const wanted = annotation.fingerprint;
    const same = wanted === undefined ? (candidates.length === 1 ? candidates : []) : candidates.filter((r) => recordFingerprint(r) === wanted);
    if (same.length === 1) {
      used.add(key);
      state.records.set(recordRef(same[0]), { key, annotation, match: 'exact' });
      continue;
    }
    const moved = wanted === undefined ? [] : (byFingerprint.get(wanted) ?? []);
    if (moved.length === 1) {
      used.add(key);
      if (!state.records.has(recordRef(moved[0]))) state.records.set(recordRef(moved[0]), { key, annotation, match: 'moved' });
      continue;
    }
    if (candidates.length) {
      used.add(key);
      const reason = wanted === undefined ? `${candidates.length} records share this file name and line` : 'the line now holds a different record (fingerprint differs)';
      state.stale.push({ key, annotation, reason });
    }
  }
}

export interface EffectiveAnnotation {
  /** Which annotation applies: the record's own, else its template's, campaign's (when covered) or account's. */
  source: 'record' | 'template' | 'campaign' | 'account';
  applied: AppliedAnnotation;
  verdict: Verdict;
}

/** The most specific annotation that speaks for a record. */
export function effectiveAnnotation(state: ReviewState, record: RecordReport): EffectiveAnnotation | undefined {
  const pick = (source: EffectiveAnnotation['source'], applied: AppliedAnnotation | undefined): EffectiveAnnotation | undefined => (applied ? { source, applied, verdict: applied.annotation.verdict } : undefined);
  const campaign = record.campaign ? state.campaigns.get(record.campaign) : undefined;
  return (
    pick('record', state.records.get(recordRef(record))) ??
    pick('template', record.template ? state.templates.get(record.template) : undefined) ??
    pick('campaign', campaign?.covers ? campaign : undefined) ??
    pick('account', record.account !== null ? state.accounts.get(record.account) : undefined)
  );
}

export interface UnreviewedCampaign {
  campaign: CampaignReport;
  /** An earlier annotation that covers too few of its members to count, when there is one. */
  related?: CampaignAnnotation;
}

/** Suspected campaigns no annotation covers (any verdict counts as reviewed): the CI gate. */
export function unannotatedSuspected(report: Report, annotations: Annotations | ReviewState): UnreviewedCampaign[] {
  const state = isReviewState(annotations) ? annotations : applyAnnotations(report, annotations);
  return report.campaigns
    .filter((c) => c.suspected && !state.campaigns.get(c.id)?.covers)
    .map((campaign) => {
      const related = state.campaigns.get(campaign.id);
      return related ? { campaign, related } : { campaign };
    });
}

/** "annotated earlier with 3 of 5 accounts (as c-…, which had 4)" for partial matches, "" for exact ones. */
export function describeCampaignMatch(m: CampaignAnnotation): string {
  if (m.match !== 'partial') return '';
  const earlier = parseSubjectKey(m.key)?.id ?? m.key;
  return `annotated earlier with ${m.overlap} of ${m.of} accounts (as ${earlier}${m.annotatedSize !== undefined ? `, which had ${m.annotatedSize}` : ''})`;
}

function isReviewState(value: Annotations | ReviewState): value is ReviewState {
  return 'campaigns' in value && 'stale' in value;
}

function compareTime(a: StoredAnnotation, b: StoredAnnotation): number {
  return Date.parse(a.time) - Date.parse(b.time);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
