/// <reference lib="dom" />
/** The time-based sections: traffic per campaign, model use and pivot, findings per family, account activity. */
import type { CampaignView, DashboardData } from '../../../core/dashboard/dashboardData';
import { accountsSummary, bucketTime, campaignLabel, familiesSummary, formatCount, formatPercent, formatTime, pivotSummary, timelineSummary } from '../../../core/dashboard/format';
import { bucketLabel, mergeBuckets } from '../../../core/dashboard/timeBuckets';
import { bucketTitle, countAxis, interactiveChart, timeAxis, type Marker } from './charts';
import { actionTable, chip, dataTable, el, lazyDataTable } from './dom';
import { withAlpha } from './theme';
import { chartBox, section, type View, type ViewState } from './view';

/** Most buckets of the model-share chart. */
const MODEL_BUCKETS = 48;

export function timeline(v: View): HTMLElement {
  const { data: d, palette, colours } = v;
  const text = timelineSummary(d);
  if (!d.axis) return section('timeline', 'Traffic over time', text);
  const axis = d.axis;
  const at = (i: number): number => axis.start + i * axis.size + axis.size / 2;
  const { box, canvas, live } = chartBox('timeline', text, 320);
  const markers: Marker[] = d.campaigns
    .filter((c) => c.pivot?.campaignFirstUse != null)
    .map((c) => ({ x: c.pivot!.campaignFirstUse!, label: `${c.id} → ${c.pivot!.to}`, color: colours.get(c.id)!, dash: [4, 3] }));
  const series = [
    ...d.campaigns.map((c) => ({
      label: campaignLabel(c),
      data: c.counts.map((y, i) => ({ x: at(i), y })),
      borderColor: colours.get(c.id),
      backgroundColor: colours.get(c.id),
      borderWidth: c.suspected ? 2 : 1.25,
      borderDash: c.suspected ? [] : [5, 4],
      pointRadius: c.counts.map((_, i) => (c.bursts.includes(i) ? 4 : 0)),
      pointHoverRadius: 5,
      cubicInterpolationMode: 'monotone' as const,
    })),
    {
      label: 'Other traffic',
      data: d.otherTraffic.map((y, i) => ({ x: at(i), y })),
      borderColor: palette.other,
      backgroundColor: withAlpha(palette.muted, 0.12),
      borderWidth: 1,
      fill: 'origin',
      pointRadius: 0,
      pointHoverRadius: 4,
      cubicInterpolationMode: 'monotone' as const,
    },
  ];
  const chart = interactiveChart(
    canvas,
    live,
    {
      type: 'line',
      data: { datasets: series },
      options: {
        interaction: { mode: 'index', intersect: false },
        scales: { x: timeAxis(axis.start, axis.start + axis.count * axis.size, axis.size, 'UTC'), y: countAxis(`records per ${axis.label}`) },
        plugins: {
          legend: { position: 'bottom' },
          tooltip: { callbacks: { title: (items) => bucketTitle(axis.start + items[0].dataIndex * axis.size, axis.size) } },
          pfMarkers: { markers, background: palette.background },
        },
      },
    },
    {
      describe: (ds, i) => `${series[ds].label}: ${formatCount(series[ds].data[i].y)} records at ${formatTime(bucketTime(d, i), axis.size)} UTC${d.campaigns[ds]?.bursts.includes(i) ? ' (burst)' : ''}`,
      activate: (ds) => {
        const c = d.campaigns[ds];
        if (c) v.reveal('campaign', c.id);
      },
    },
  );
  v.track(chart);
  const table = lazyDataTable('Data table', () =>
    dataTable(
      'Records per bucket and campaign',
      ['Bucket (UTC)', ...d.campaigns.map((c) => c.id), 'Other', 'All'],
      d.traffic.map((n, i) => [formatTime(bucketTime(d, i), axis.size), ...d.campaigns.map((c) => c.counts[i]), d.otherTraffic[i], n]),
    ),
  );
  const hint = `Records per ${axis.label} by campaign (solid: suspected; dashed: below threshold). Dots mark bursts, dashed verticals the model pivots. Click a line to open its campaign.`;
  return section('timeline', 'Traffic over time', hint, box, table);
}

function pickPivotCampaign(d: DashboardData, state: ViewState): CampaignView | undefined {
  return d.campaigns.find((c) => c.id === state.pivotCampaign) ?? d.campaigns.find((c) => c.pivot) ?? d.campaigns[0];
}

export function modelUse(v: View): HTMLElement {
  const { data: d, palette } = v;
  if (!d.axis || !d.campaigns.length) return section('models', 'Model use', 'No campaign with timed records.');
  const axis = d.axis;
  const campaign = pickPivotCampaign(d, v.state)!;
  const select = el('select', { id: 'models-campaign', 'aria-label': 'Campaign' }, ...d.campaigns.map((c) => el('option', { value: c.id, selected: c.id === campaign.id }, `${c.id}${c.pivot ? ` (pivot → ${c.pivot.to})` : ''}`)));
  select.addEventListener('change', () => v.changeState({ pivotCampaign: select.value }, 'models-campaign'));
  const text = pivotSummary(campaign);
  const { box, canvas, live } = chartBox('models', text);
  const markers: Marker[] = [];
  if (campaign.pivot?.logFirstSeen != null) markers.push({ x: campaign.pivot.logFirstSeen, label: `${campaign.pivot.to} first seen`, color: palette.muted, dash: [2, 3] });
  if (campaign.pivot?.campaignFirstUse != null) markers.push({ x: campaign.pivot.campaignFirstUse, label: `pivot: ${formatPercent(campaign.pivot.share)} within ${campaign.pivot.withinHours} h`, color: palette.family('other') });
  // Shares over coarser buckets: the pivot reads as a step in the stack, not as hourly noise.
  const merged = campaign.models.map((m) => mergeBuckets(m.counts, MODEL_BUCKETS));
  const factor = merged[0]?.factor ?? 1;
  const totals = merged.reduce<number[]>((sum, m) => sum.map((n, i) => n + m.counts[i]), new Array<number>(merged[0]?.counts.length ?? 0).fill(0));
  const size = axis.size * factor;
  const datasets = campaign.models.map((m, i) => {
    const colour = m.model === campaign.pivot?.to ? palette.family('other') : palette.series[(i + 1) % palette.series.length];
    return {
      label: m.model,
      data: merged[i].counts.map((n, b) => ({ x: axis.start + b * size + size / 2, y: totals[b] ? (100 * n) / totals[b] : 0 })),
      borderColor: colour,
      backgroundColor: withAlpha(colour, 0.55),
      borderWidth: 1.5,
      fill: i === 0 ? 'origin' : '-1',
      pointRadius: 0,
      pointHoverRadius: 4,
      stepped: 'middle' as const,
    };
  });
  const share = (ds: number, b: number): string => `${datasets[ds].label}: ${Math.round(datasets[ds].data[b].y)}% (${formatCount(merged[ds].counts[b])} of ${formatCount(totals[b])} records)`;
  v.track(
    interactiveChart(
      canvas,
      live,
      {
        type: 'line',
        data: { datasets },
        options: {
          interaction: { mode: 'index', intersect: false },
          scales: {
            x: timeAxis(axis.start, axis.start + axis.count * axis.size, size, 'UTC'),
            y: { type: 'linear', stacked: true, min: 0, max: 100, title: { display: true, text: `share per ${bucketLabel(size)}` }, ticks: { callback: (v: number | string) => `${v}%` } },
          },
          plugins: {
            legend: { position: 'bottom' },
            tooltip: { callbacks: { title: (items) => bucketTitle(axis.start + items[0].dataIndex * size, size), label: (item) => share(item.datasetIndex, item.dataIndex) } },
            pfMarkers: { markers, background: palette.background },
          },
        },
      },
      {
        describe: (ds, b) => `${share(ds, b)} at ${formatTime(axis.start + b * size, size)} UTC`,
        activate: () => v.reveal('campaign', campaign.id),
      },
    ),
  );
  const headline = campaign.pivot
    ? `${formatPercent(campaign.pivot.share)} of this campaign’s traffic moved to ${campaign.pivot.to} within ${campaign.pivot.withinHours} h of its first sighting.`
    : 'No model pivot in this campaign.';
  const table = lazyDataTable('Data table', () =>
    dataTable(
      `Records of ${campaign.id} per model`,
      ['Bucket (UTC)', ...campaign.models.map((m) => m.model)],
      totals.map((_, b) => [formatTime(axis.start + b * size, size), ...merged.map((m) => m.counts[b])]),
    ),
  );
  return section('models', 'Model use and pivot', headline, el('label', { class: 'field', for: 'models-campaign' }, 'Campaign '), select, box, table);
}

export function families(v: View): HTMLElement {
  const { data: d, palette } = v;
  const text = familiesSummary(d.families);
  if (!d.axis || !d.families.length) return section('families', 'Findings per family', text);
  const axis = d.axis;
  const { box, canvas, live } = chartBox('families', text);
  const datasets = d.families.map((f) => ({
    label: `${f.family} (${formatCount(f.total)})`,
    data: f.counts.map((y, b) => ({ x: axis.start + b * axis.size + axis.size / 2, y })),
    backgroundColor: palette.family(f.family),
    borderWidth: 0,
    barPercentage: 1,
    categoryPercentage: 1,
  }));
  v.track(
    interactiveChart(
      canvas,
      live,
      {
        type: 'bar',
        data: { datasets },
        options: {
          interaction: { mode: 'index', intersect: false },
          scales: { x: { ...timeAxis(axis.start, axis.start + axis.count * axis.size, axis.size, 'UTC'), stacked: true }, y: countAxis(`findings per ${axis.label}`, true) },
          plugins: { legend: { position: 'bottom' }, tooltip: { callbacks: { title: (items) => bucketTitle(axis.start + items[0].dataIndex * axis.size, axis.size) } } },
        },
      },
      { describe: (ds, i) => `${d.families[ds].family}: ${formatCount(d.families[ds].counts[i])} findings at ${formatTime(bucketTime(d, i), axis.size)} UTC` },
    ),
  );
  const table = lazyDataTable('Data table', () => dataTable('Findings per family', ['Family', 'Findings'], d.families.map((f) => [f.family, f.total])));
  return section('families', 'Findings per family over time', 'Detection families of the findings, stacked per bucket.', box, table);
}

export function accounts(v: View): HTMLElement {
  const { data: d, palette, colours } = v;
  const text = accountsSummary(d);
  if (!d.axis || !d.accounts.length) return section('accounts', 'Busiest accounts', text);
  const axis = d.axis;
  const { box, canvas, live } = chartBox('accounts', text, Math.max(200, 22 * d.accounts.length + 60));
  const biggest = Math.max(1, ...d.accounts.flatMap((a) => a.counts));
  const points = d.accounts.map((a) => a.counts.flatMap((n, b) => (n > 0 ? [{ x: axis.start + b * axis.size + axis.size / 2, y: a.id, r: 1.5 + 7 * Math.sqrt(n / biggest), n, b }] : [])));
  const datasets = d.accounts.map((a, i) => {
    const colour = (a.campaign && colours.get(a.campaign)) || palette.other;
    return { label: a.id, data: points[i], backgroundColor: withAlpha(colour, 0.7), borderColor: colour, borderWidth: 1 };
  });
  v.track(
    interactiveChart(
      canvas,
      live,
      {
        type: 'bubble',
        // Bubble data is typed {x, y: number}; a category y axis takes the account names.
        data: { datasets: datasets as never },
        options: {
          scales: { x: timeAxis(axis.start, axis.start + axis.count * axis.size, axis.size, 'UTC'), y: { type: 'category', labels: d.accounts.map((a) => a.id), offset: true, grid: { color: palette.grid }, ticks: { autoSkip: false } } },
          plugins: {
            legend: { display: false },
            tooltip: {
              callbacks: {
                title: (items) => d.accounts[items[0].datasetIndex].id,
                label: (item) => {
                  const p = points[item.datasetIndex][item.dataIndex];
                  return `${formatCount(p.n)} records at ${formatTime(bucketTime(d, p.b), axis.size)} UTC`;
                },
              },
            },
          },
        },
      },
      {
        describe: (ds, i) => `${d.accounts[ds].id}${d.accounts[ds].campaign ? ` (campaign ${d.accounts[ds].campaign})` : ''}: ${formatCount(points[ds][i].n)} records at ${formatTime(bucketTime(d, points[ds][i].b), axis.size)} UTC`,
        activate: (ds) => v.reveal('account', d.accounts[ds].id),
      },
    ),
  );
  const table = actionTable(
    'Busiest accounts',
    [
      { header: 'Account', cell: (a) => a.id },
      { header: 'Records', cell: (a) => formatCount(a.records), numeric: true },
      { header: 'Campaign', cell: (a) => (a.campaign ? el('span', { class: 'swatch-label' }, chip('', colours.get(a.campaign) ?? palette.other), a.campaign) : '—') },
    ],
    d.accounts,
    (a) => ({ label: `Open account ${a.id}`, run: () => v.reveal('account', a.id) }),
  );
  const hint = 'Records per account and bucket (bubble area); colour: the account’s campaign. Accounts of one campaign lighting up together show coordinated, round-robin traffic.';
  return section('accounts', 'Busiest accounts', hint, box, el('details', { class: 'data-table' }, el('summary', {}, 'Accounts table'), el('div', { class: 'table-scroll' }, table)));
}
