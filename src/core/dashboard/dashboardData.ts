/**
 * What the dashboard webview draws, prepared from a report in two passes over its records. The result
 * is bounded whatever the log size (top N campaigns, accounts and templates; at most `maxBuckets` time
 * buckets per series), so a million-record report crosses the webview boundary as a few hundred kB.
 */
import type { CampaignReport, Report } from '../report/model';
import { bucketAxis, bucketIndex, bucketLabel, burstBuckets, timeOf, type BucketAxis } from './timeBuckets';

export interface DashboardOptions {
  topCampaigns?: number;
  topAccounts?: number;
  topTemplates?: number;
  topTemplateFamilies?: number;
  topEvidence?: number;
  /** Models drawn per campaign; the rest are summed as "other models". */
  modelsPerCampaign?: number;
  maxBuckets?: number;
  /** Template patterns are cut to this many characters. */
  patternChars?: number;
}

const DEFAULTS: Required<DashboardOptions> = {
  topCampaigns: 8,
  topAccounts: 20,
  topTemplates: 15,
  topTemplateFamilies: 10,
  topEvidence: 25,
  modelsPerCampaign: 5,
  maxBuckets: 200,
  patternChars: 160,
};

export const OTHER_MODELS = 'other models';

export interface ModelSeries {
  model: string;
  records: number;
  /** When the campaign first used it (ISO). */
  firstSeen: string | null;
  counts: number[];
}

export interface PivotView {
  to: string;
  share: number;
  withinHours: number;
  /** Epoch ms when the campaign first used the new model. */
  campaignFirstUse: number | null;
  /** Epoch ms when the new model was first seen anywhere in the log. */
  logFirstSeen: number | null;
}

export interface CampaignView {
  id: string;
  score: number;
  suspected: boolean;
  accounts: number;
  records: number;
  families: string[];
  firstSeen: string | null;
  lastSeen: string | null;
  /** Records per bucket (only those with a time). */
  counts: number[];
  /** Bucket indexes far above the campaign's usual level. */
  bursts: number[];
  models: ModelSeries[];
  pivot: PivotView | null;
}

export interface AccountView {
  id: string;
  records: number;
  campaign: string | null;
  counts: number[];
}

export interface FamilySeries {
  family: string;
  /** Findings of the family (all records, timed or not). */
  total: number;
  counts: number[];
}

export interface TemplateView {
  id: string;
  pattern: string;
  size: number;
  accounts: number;
  /** The paraphrase group (template family) it belongs to. */
  templateFamily: string | null;
  findingFamilies: string[];
  /** Campaigns (among those shown) whose shared templates include it. */
  campaigns: string[];
  /** An example record, `file:line`. */
  example: string | null;
}

export interface TemplateFamilyView {
  id: string;
  size: number;
  templates: number;
  pattern: string;
}

export interface EvidenceView {
  campaign: string;
  suspected: boolean;
  kind: string;
  detail: string;
  accounts: number;
  weight: number;
}

export interface DashboardData {
  generatedAt: string | null;
  files: string[];
  summary: {
    records: number;
    accounts: number;
    templates: number;
    campaigns: number;
    suspectedCampaigns: number;
    findings: number;
    /** Whether the report listed its records (without them there is no timeline). */
    recordsListed: boolean;
    timedRecords: number;
    start: string | null;
    end: string | null;
  };
  /** Null when no record has a time. */
  axis: (BucketAxis & { label: string }) | null;
  /** All timed records per bucket. */
  traffic: number[];
  /** Timed records per bucket that belong to none of the campaigns shown. */
  otherTraffic: number[];
  campaigns: CampaignView[];
  accounts: AccountView[];
  families: FamilySeries[];
  templates: TemplateView[];
  templateFamilies: TemplateFamilyView[];
  evidence: EvidenceView[];
  /** How many items each list left out. */
  omitted: { campaigns: number; accounts: number; templates: number; templateFamilies: number; evidence: number };
}

/** Suspected first, then by score, then by volume. */
function campaignRank(a: CampaignReport, b: CampaignReport): number {
  return Number(b.suspected) - Number(a.suspected) || b.score - a.score || b.records - a.records || (a.id < b.id ? -1 : 1);
}

export function buildDashboardData(report: Report, options: DashboardOptions = {}): DashboardData {
  const o = { ...DEFAULTS, ...options };
  const records = report.records ?? [];
  const campaigns = [...report.campaigns].sort(campaignRank);
  const shown = campaigns.slice(0, o.topCampaigns);
  const campaignByAccount = new Map<string, string>();
  for (const c of campaigns) for (const a of c.accounts) if (!campaignByAccount.has(a)) campaignByAccount.set(a, c.id);
  const campaignOf = (r: { account: string | null; campaign?: string | null }): string | null =>
    r.campaign !== undefined ? r.campaign : r.account === null ? null : (campaignByAccount.get(r.account) ?? null);

  // Pass 1: time range, per-account volume, first sighting of each model in the whole log.
  let min = Infinity;
  let max = -Infinity;
  let timed = 0;
  const perAccount = new Map<string, number>();
  const modelFirstSeen = new Map<string, number>();
  const times = new Float64Array(records.length);
  records.forEach((r, i) => {
    if (r.account !== null) perAccount.set(r.account, (perAccount.get(r.account) ?? 0) + 1);
    const t = timeOf(r.time);
    times[i] = t ?? NaN;
    if (t === undefined) return;
    timed++;
    if (t < min) min = t;
    if (t > max) max = t;
    if (r.model !== undefined) {
      const seen = modelFirstSeen.get(r.model);
      if (seen === undefined || t < seen) modelFirstSeen.set(r.model, t);
    }
  });
  const axis = timed > 0 ? bucketAxis(min, max, o.maxBuckets) : null;
  const zeros = (): number[] => new Array<number>(axis?.count ?? 0).fill(0);

  const topAccounts = pickAccounts(perAccount, shown.filter((c) => c.suspected), o.topAccounts);
  const accountSeries = new Map(topAccounts.map(([id]) => [id, zeros()]));
  const campaignSeries = new Map(shown.map((c) => [c.id, { counts: zeros(), models: new Map<string, number[]>() }]));
  const keptModels = new Map(shown.map((c) => [c.id, new Set(c.models.slice(0, o.modelsPerCampaign).map((m) => m.model))]));
  const familyCounts = new Map<string, { total: number; counts: number[] }>();
  const traffic = zeros();
  const otherTraffic = zeros();

  // Pass 2: fill the bucketed series.
  records.forEach((r, i) => {
    const t = times[i];
    const bucket = axis && !Number.isNaN(t) ? bucketIndex(axis, t) : -1;
    for (const f of r.findings) {
      let fam = familyCounts.get(f.family);
      if (!fam) familyCounts.set(f.family, (fam = { total: 0, counts: zeros() }));
      fam.total++;
      if (bucket >= 0) fam.counts[bucket]++;
    }
    if (bucket < 0) return;
    traffic[bucket]++;
    if (r.account !== null) {
      const acc = accountSeries.get(r.account);
      if (acc) acc[bucket]++;
    }
    const campaign = campaignOf(r);
    const series = campaign === null ? undefined : campaignSeries.get(campaign);
    if (!series) {
      otherTraffic[bucket]++;
      return;
    }
    series.counts[bucket]++;
    const model = r.model === undefined ? undefined : keptModels.get(campaign!)!.has(r.model) ? r.model : OTHER_MODELS;
    if (model !== undefined) {
      let m = series.models.get(model);
      if (!m) series.models.set(model, (m = zeros()));
      m[bucket]++;
    }
  });

  const campaignViews = shown.map((c): CampaignView => {
    const series = campaignSeries.get(c.id)!;
    const models: ModelSeries[] = c.models
      .filter((m) => keptModels.get(c.id)!.has(m.model))
      .map((m) => ({ model: m.model, records: m.records, firstSeen: m.firstSeen, counts: series.models.get(m.model) ?? zeros() }));
    const other = series.models.get(OTHER_MODELS);
    if (other) models.push({ model: OTHER_MODELS, records: c.models.slice(o.modelsPerCampaign).reduce((s, m) => s + m.records, 0), firstSeen: null, counts: other });
    return {
      id: c.id,
      score: c.score,
      suspected: c.suspected,
      accounts: c.accounts.length,
      records: c.records,
      families: c.families,
      firstSeen: c.firstSeen,
      lastSeen: c.lastSeen,
      counts: series.counts,
      bursts: burstBuckets(series.counts),
      models,
      pivot: c.pivot && {
        ...c.pivot,
        campaignFirstUse: timeOf(c.models.find((m) => m.model === c.pivot!.to)?.firstSeen) ?? null,
        logFirstSeen: modelFirstSeen.get(c.pivot.to) ?? null,
      },
    };
  });

  const campaignsOfTemplate = new Map<string, string[]>();
  for (const c of shown) for (const t of c.templates) campaignsOfTemplate.set(t, [...(campaignsOfTemplate.get(t) ?? []), c.id]);
  const templates = [...report.templates].sort((a, b) => b.size - a.size || (a.id < b.id ? -1 : 1));
  const families = [...report.families].sort((a, b) => b.size - a.size || (a.id < b.id ? -1 : 1));
  const evidenceFrom = campaigns.some((c) => c.suspected) ? campaigns.filter((c) => c.suspected) : campaigns;
  const evidence = evidenceFrom
    .flatMap((c) => c.evidence.map((e): EvidenceView => ({ campaign: c.id, suspected: c.suspected, kind: e.kind, detail: e.detail, accounts: e.accounts.length, weight: e.weight ?? 0 })))
    .sort((a, b) => b.weight - a.weight || (a.campaign < b.campaign ? -1 : a.campaign > b.campaign ? 1 : 0));
  const findingsByFamily = Object.entries(report.summary.findingsByFamily);

  return {
    generatedAt: report.generatedAt ?? null,
    files: report.input.files.map((f) => f.path),
    summary: {
      records: report.summary.records,
      accounts: report.summary.accounts,
      templates: report.summary.templates,
      campaigns: report.campaigns.length,
      suspectedCampaigns: report.summary.suspectedCampaigns,
      findings: findingsByFamily.reduce((s, [, n]) => s + n, 0),
      recordsListed: report.records !== undefined,
      timedRecords: timed,
      start: timed ? new Date(min).toISOString() : null,
      end: timed ? new Date(max).toISOString() : null,
    },
    axis: axis && { ...axis, label: bucketLabel(axis.size) },
    traffic,
    otherTraffic,
    campaigns: campaignViews,
    accounts: topAccounts.map(([id, n]) => ({ id, records: n, campaign: campaignByAccount.get(id) ?? null, counts: accountSeries.get(id)! })),
    families: [...familyCounts.entries()]
      .map(([family, f]) => ({ family, total: f.total, counts: f.counts }))
      .sort((a, b) => b.total - a.total || (a.family < b.family ? -1 : 1)),
    templates: templates.slice(0, o.topTemplates).map((t) => ({
      id: t.id,
      pattern: clip(t.pattern, o.patternChars),
      size: t.size,
      accounts: t.accounts,
      templateFamily: t.families[0] ?? null,
      findingFamilies: t.findingFamilies ?? [],
      campaigns: campaignsOfTemplate.get(t.id) ?? [],
      example: t.examples[0] ?? null,
    })),
    templateFamilies: families.slice(0, o.topTemplateFamilies).map((f) => ({ id: f.id, size: f.size, templates: f.templates.length, pattern: clip(f.pattern, o.patternChars) })),
    evidence: evidence.slice(0, o.topEvidence),
    omitted: {
      campaigns: Math.max(0, campaigns.length - shown.length),
      accounts: Math.max(0, perAccount.size - topAccounts.length),
      templates: Math.max(0, templates.length - o.topTemplates),
      templateFamilies: Math.max(0, families.length - o.topTemplateFamilies),
      evidence: Math.max(0, evidence.length - o.topEvidence),
    },
  };
}

/**
 * Rows of the account chart, grouped so coordinated accounts sit together: the busiest accounts of
 * each suspected campaign shown (an equal share of the rows each), then the busiest of the rest.
 */
function pickAccounts(perAccount: Map<string, number>, suspected: CampaignReport[], limit: number): Array<[string, number]> {
  const busiest = (ids: Iterable<string>): Array<[string, number]> =>
    [...ids].flatMap((id): Array<[string, number]> => (perAccount.has(id) ? [[id, perAccount.get(id)!]] : [])).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const perCampaign = Math.max(2, Math.floor(limit / (suspected.length + 1)));
  const rows: Array<[string, number]> = [];
  const taken = new Set<string>();
  for (const c of suspected) {
    for (const row of busiest(c.accounts).slice(0, Math.min(perCampaign, limit - rows.length))) {
      if (taken.has(row[0])) continue;
      taken.add(row[0]);
      rows.push(row);
    }
  }
  for (const row of busiest(perAccount.keys())) {
    if (rows.length >= limit) break;
    if (!taken.has(row[0])) rows.push(row);
  }
  return rows;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}
