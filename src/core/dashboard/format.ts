/**
 * Text of the dashboard: numbers, UTC times and the one-paragraph summaries that stand in for each
 * chart for screen readers and keyboard users. Pure, so the webview and the tests share it.
 */
import type { CampaignView, DashboardData, FamilySeries, TemplateView } from './dashboardData';

const DAY = 86_400_000;

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatPercent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** UTC, at the precision the bucket size needs: "2026-01-07 03:00" or "2026-01-07". Logs are compared across time zones, so never local time. */
export function formatTime(ms: number, bucketSize = 0): string {
  const iso = new Date(ms).toISOString();
  return bucketSize >= DAY ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

export function formatIso(iso: string | null): string {
  if (iso === null) return '—';
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? formatTime(ms) : iso;
}

/** Short axis tick: the day only at day boundaries, otherwise the time of day. */
export function formatTick(ms: number, bucketSize: number): string {
  const iso = new Date(ms).toISOString();
  if (bucketSize >= DAY || ms % DAY === 0) return iso.slice(5, 10);
  return iso.slice(11, 16);
}

export function bucketTime(data: DashboardData, index: number): number {
  return data.axis ? data.axis.start + index * data.axis.size : 0;
}

function peak(counts: readonly number[]): { index: number; count: number } {
  let index = 0;
  counts.forEach((n, i) => {
    if (n > counts[index]) index = i;
  });
  return { index, count: counts[index] ?? 0 };
}

export function campaignLabel(c: CampaignView): string {
  return `${c.id} (${formatCount(c.accounts)} accounts${c.suspected ? ', suspected' : ''})`;
}

export function timelineSummary(data: DashboardData): string {
  if (!data.axis) return data.summary.recordsListed ? 'No record has a time: there is no timeline.' : 'The report lists no records: there is no timeline.';
  const size = data.axis.size;
  const parts = [`${formatCount(data.summary.timedRecords)} timed records from ${formatIso(data.summary.start)} to ${formatIso(data.summary.end)} UTC in ${data.axis.label} buckets.`];
  const total = peak(data.traffic);
  parts.push(`Busiest bucket: ${formatTime(bucketTime(data, total.index), size)} with ${formatCount(total.count)} records.`);
  for (const c of data.campaigns.slice(0, 3)) {
    const p = peak(c.counts);
    const bursts = c.bursts.length ? `, ${c.bursts.length} burst bucket${c.bursts.length === 1 ? '' : 's'}` : '';
    parts.push(`Campaign ${campaignLabel(c)}: ${formatCount(c.records)} records, peak ${formatCount(p.count)} at ${formatTime(bucketTime(data, p.index), size)}${bursts}.`);
  }
  return parts.join(' ');
}

export function pivotSummary(c: CampaignView): string {
  const models = c.models.map((m) => `${m.model} ${formatCount(m.records)} records`).join(', ');
  const base = `Campaign ${campaignLabel(c)} by model: ${models || 'no model recorded'}.`;
  if (!c.pivot) return `${base} No model pivot.`;
  const when = c.pivot.campaignFirstUse === null ? '' : ` The campaign first used it at ${formatTime(c.pivot.campaignFirstUse)} UTC.`;
  return `${base} Pivot: ${formatPercent(c.pivot.share)} of its traffic moved to ${c.pivot.to} within ${c.pivot.withinHours} h of the model's first sighting.${when}`;
}

export function familiesSummary(families: readonly FamilySeries[]): string {
  if (!families.length) return 'No findings.';
  return `Findings per detection family: ${families.map((f) => `${f.family} ${formatCount(f.total)}`).join(', ')}.`;
}

export function templatesSummary(templates: readonly TemplateView[]): string {
  if (!templates.length) return 'No templates.';
  const top = templates.slice(0, 3).map((t) => `${t.id} (${formatCount(t.size)} records, ${formatCount(t.accounts)} accounts${t.findingFamilies.length ? ', ' + t.findingFamilies.join(' and ') : ''})`);
  return `${templates.length} largest templates. Largest: ${top.join('; ')}.`;
}

export function accountsSummary(data: DashboardData): string {
  if (!data.accounts.length) return 'No accounts.';
  const inCampaigns = data.accounts.filter((a) => a.campaign !== null).length;
  return `${data.accounts.length} busiest accounts, ${inCampaigns} of them in a campaign. Busiest: ${data.accounts[0].id} with ${formatCount(data.accounts[0].records)} records.`;
}

const TICK_STEPS = [60_000, 300_000, 900_000, 1_800_000, 3_600_000, 3 * 3_600_000, 6 * 3_600_000, 12 * 3_600_000, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 90 * DAY, 365 * DAY];

/** Axis ticks on round UTC times (whole hours, midnights, …): at most `maxTicks` of them in `[min, max]`. */
export function timeTicks(min: number, max: number, maxTicks: number): number[] {
  const step = TICK_STEPS.find((s) => (max - min) / s <= maxTicks) ?? Math.ceil((max - min) / maxTicks / DAY) * DAY;
  const out: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max; t += step) out.push(t);
  return out;
}
