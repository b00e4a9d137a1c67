/// <reference lib="dom" />
/**
 * The dashboard webview: draws the `DashboardData` the panel posts and posts `reveal` messages back
 * when the user drills into a campaign, account, template or record.
 */
import type { Chart } from 'chart.js';
import type { CampaignView, DashboardData } from '../../../core/dashboard/dashboardData';
import {
  accountsSummary,
  bucketTime,
  campaignLabel,
  familiesSummary,
  formatCount,
  formatIso,
  formatPercent,
  formatTime,
  pivotSummary,
  templatesSummary,
  timelineSummary,
} from '../../../core/dashboard/format';
import type { HostMessage, RevealKind, WebviewMessage } from '../../../core/dashboard/protocol';
import { bucketLabel, mergeBuckets } from '../../../core/dashboard/timeBuckets';
import { applyDefaults, bucketTitle, countAxis, interactiveChart, timeAxis, type Marker } from './charts';
import { actionTable, byId, chip, clear, dataTable, el, lazyDataTable } from './dom';
import { readPalette, watchTheme, withAlpha, type Palette } from './theme';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface ViewState {
  pivotCampaign?: string;
}

/** Most buckets of the model-share chart. */
const MODEL_BUCKETS = 48;

const vscode = acquireVsCodeApi();
let data: DashboardData | null = null;
let charts: Chart[] = [];
const state: ViewState = (vscode.getState() as ViewState | undefined) ?? {};

function reveal(kind: RevealKind, id: string): void {
  vscode.postMessage({ type: 'reveal', kind, id });
}

function saveState(): void {
  vscode.setState(state);
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  if (message?.type !== 'data') return;
  data = message.data;
  render();
});

watchTheme(() => render());
vscode.postMessage({ type: 'ready' });

function render(): void {
  for (const c of charts) c.destroy();
  charts = [];
  const root = byId('dashboard');
  clear(root);
  root.setAttribute('aria-busy', 'false');
  if (!data) {
    root.append(el('section', { class: 'empty' }, el('h2', {}, 'No analysis yet'), el('p', {}, 'Run “Prompt Forensics: Analyze Log” on a prompt log; the dashboard fills in when the analysis finishes.')));
    return;
  }
  const palette = readPalette();
  applyDefaults(palette, getComputedStyle(document.body).fontFamily);
  const colours = new Map(data.campaigns.map((c, i) => [c.id, palette.series[i % palette.series.length]]));
  root.append(summary(data));
  const sections: Array<HTMLElement | null> = [
    timeline(data, palette, colours),
    el('div', { class: 'grid' }, modelUse(data, palette), families(data, palette)),
    campaignsTable(data, colours),
    el('div', { class: 'grid' }, templates(data, palette), accounts(data, palette, colours)),
    evidence(data),
  ];
  for (const s of sections) if (s) root.append(s);
}

function section(id: string, title: string, hint: string | null, ...children: Array<Node | null>): HTMLElement {
  const heading = el('h2', { id: `${id}-title` }, title);
  return el('section', { class: 'card', id, 'aria-labelledby': `${id}-title` }, heading, ...(hint ? [el('p', { class: 'hint' }, hint)] : []), ...children.filter((c): c is Node => c !== null));
}

/** A focusable canvas whose accessible name is the chart's summary, plus a live region for the focused point. */
function chartBox(id: string, summaryText: string, height = 260): { box: HTMLElement; canvas: HTMLCanvasElement; live: HTMLElement } {
  const canvas = el('canvas', { id: `${id}-canvas`, role: 'img', tabindex: 0, 'aria-label': summaryText, 'aria-describedby': `${id}-keys` });
  const live = el('p', { class: 'live', 'aria-live': 'polite' });
  const holder = el('div', { class: 'chart-box' }, canvas);
  holder.style.height = `${height}px`;
  const box = el('div', {}, holder, el('p', { id: `${id}-keys`, class: 'visually-hidden' }, 'Arrow keys move between points and series, Enter opens the point, Escape clears.'), live);
  return { box, canvas, live };
}

function summary(d: DashboardData): HTMLElement {
  const card = (label: string, value: string, note?: string, alert = false): HTMLElement =>
    el('div', { class: alert ? 'stat alert' : 'stat' }, el('div', { class: 'stat-value' }, value), el('div', { class: 'stat-label' }, label), ...(note ? [el('div', { class: 'stat-note' }, note)] : []));
  const files = d.files.length === 1 ? d.files[0] : `${d.files.length} files`;
  const range = d.summary.start ? `${formatIso(d.summary.start)} → ${formatIso(d.summary.end)} UTC` : 'no timestamps';
  const header = el('header', { class: 'page-header' }, el('h1', {}, 'Prompt Forensics'), el('p', { class: 'subtitle' }, `${files} · ${range}${d.axis ? ` · ${d.axis.label} buckets` : ''}`));
  const stats = el(
    'div',
    { class: 'stats', role: 'list', 'aria-label': 'Summary' },
    card('suspected campaigns', formatCount(d.summary.suspectedCampaigns), `of ${formatCount(d.summary.campaigns)} account clusters`, d.summary.suspectedCampaigns > 0),
    card('records', formatCount(d.summary.records), d.summary.timedRecords < d.summary.records ? `${formatCount(d.summary.timedRecords)} with a time` : undefined),
    card('accounts', formatCount(d.summary.accounts)),
    card('templates', formatCount(d.summary.templates)),
    card('findings', formatCount(d.summary.findings)),
  );
  for (const s of Array.from(stats.children)) s.setAttribute('role', 'listitem');
  return el('div', {}, header, stats);
}

function timeline(d: DashboardData, palette: Palette, colours: Map<string, string>): HTMLElement {
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
        if (c) reveal('campaign', c.id);
      },
    },
  );
  charts.push(chart);
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

function pickPivotCampaign(d: DashboardData): CampaignView | undefined {
  return d.campaigns.find((c) => c.id === state.pivotCampaign) ?? d.campaigns.find((c) => c.pivot) ?? d.campaigns[0];
}

function modelUse(d: DashboardData, palette: Palette): HTMLElement {
  if (!d.axis || !d.campaigns.length) return section('models', 'Model use', 'No campaign with timed records.');
  const axis = d.axis;
  const campaign = pickPivotCampaign(d)!;
  const select = el('select', { id: 'models-campaign', 'aria-label': 'Campaign' }, ...d.campaigns.map((c) => el('option', { value: c.id, selected: c.id === campaign.id }, `${c.id}${c.pivot ? ` (pivot → ${c.pivot.to})` : ''}`)));
  select.addEventListener('change', () => {
    state.pivotCampaign = select.value;
    saveState();
    render();
    byId('models-campaign').focus();
  });
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
  charts.push(
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
        activate: () => reveal('campaign', campaign.id),
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

function families(d: DashboardData, palette: Palette): HTMLElement {
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
  charts.push(
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

function campaignsTable(d: DashboardData, colours: Map<string, string>): HTMLElement {
  if (!d.campaigns.length) return section('campaigns', 'Campaigns', 'No account cluster was found.');
  const table = actionTable<CampaignView>(
    'Campaigns',
    [
      { header: 'Campaign', cell: (c) => el('span', { class: 'swatch-label' }, chip('', colours.get(c.id)), c.id) },
      { header: 'Score', cell: (c) => el('span', { class: c.suspected ? 'score suspected' : 'score' }, c.score.toFixed(2)), numeric: true },
      { header: 'Accounts', cell: (c) => formatCount(c.accounts), numeric: true },
      { header: 'Records', cell: (c) => formatCount(c.records), numeric: true },
      { header: 'Families', cell: (c) => el('span', {}, ...c.families.map((f) => chip(f))) },
      { header: 'Active (UTC)', cell: (c) => `${formatIso(c.firstSeen)} → ${formatIso(c.lastSeen)}` },
      { header: 'Model pivot', cell: (c) => (c.pivot ? `→ ${c.pivot.to}, ${formatPercent(c.pivot.share)} in ${c.pivot.withinHours} h` : '—') },
    ],
    d.campaigns,
    (c) => ({ label: `Open campaign ${c.id}`, run: () => reveal('campaign', c.id) }),
  );
  const more = d.omitted.campaigns ? el('p', { class: 'hint' }, `${formatCount(d.omitted.campaigns)} more clusters below these are in the Campaigns view.`) : null;
  return section('campaigns', 'Campaigns', 'Suspected first, by score. Select a row to open it in the Campaigns view.', el('div', { class: 'table-scroll' }, table), more);
}

function templates(d: DashboardData, palette: Palette): HTMLElement {
  const text = templatesSummary(d.templates);
  if (!d.templates.length) return section('templates', 'Largest templates', text);
  const { box, canvas, live } = chartBox('templates', text, Math.max(200, 22 * d.templates.length + 60));
  const colour = (families: string[]): string => (families.length ? palette.family(families[0]) : palette.other);
  charts.push(
    interactiveChart(
      canvas,
      live,
      {
        type: 'bar',
        data: {
          labels: d.templates.map((t) => t.id),
          datasets: [{ label: 'records', data: d.templates.map((t) => t.size), backgroundColor: d.templates.map((t) => colour(t.findingFamilies)), borderWidth: 0 }],
        },
        options: {
          indexAxis: 'y',
          scales: { x: countAxis('records'), y: { type: 'category', grid: { display: false }, ticks: { autoSkip: false } } },
          plugins: {
            legend: { display: false },
            tooltip: {
              callbacks: {
                afterTitle: (items) => wrap(d.templates[items[0].dataIndex].pattern, 60),
                label: (item) => {
                  const t = d.templates[item.dataIndex];
                  return `${formatCount(t.size)} records · ${formatCount(t.accounts)} accounts${t.findingFamilies.length ? ' · ' + t.findingFamilies.join(', ') : ''}`;
                },
              },
            },
          },
        },
      },
      {
        describe: (_ds, i) => `${d.templates[i].id}: ${formatCount(d.templates[i].size)} records, ${formatCount(d.templates[i].accounts)} accounts. ${d.templates[i].pattern}`,
        activate: (_ds, i) => reveal('template', d.templates[i].id),
      },
    ),
  );
  const table = actionTable(
    'Largest templates',
    [
      { header: 'Template', cell: (t) => t.id },
      { header: 'Records', cell: (t) => formatCount(t.size), numeric: true },
      { header: 'Accounts', cell: (t) => formatCount(t.accounts), numeric: true },
      { header: 'Family', cell: (t) => t.templateFamily ?? '—' },
      { header: 'Findings', cell: (t) => el('span', {}, ...t.findingFamilies.map((f) => chip(f, palette.family(f)))) },
      { header: 'Pattern', cell: (t) => el('code', { class: 'pattern', title: t.pattern }, t.pattern) },
      { header: 'Example', cell: (t) => (t.example ? exampleButton(t.example) : '—') },
    ],
    d.templates,
    (t) => ({ label: `Open template ${t.id}`, run: () => reveal('template', t.id) }),
  );
  const legend = el('p', { class: 'hint' }, 'Bar colour: detection family of the template’s findings (grey: none). Click a bar to open the template.');
  return section('templates', 'Largest templates', null, legend, box, el('details', { class: 'data-table' }, el('summary', {}, 'Templates table'), el('div', { class: 'table-scroll' }, table)), familiesOfTemplates(d));
}

function exampleButton(where: string): HTMLButtonElement {
  const button = el('button', { type: 'button', class: 'link', 'aria-label': `Open record ${where}` }, where.split(/[\\/]/).pop() ?? where);
  button.addEventListener('click', () => reveal('record', where));
  return button;
}

function familiesOfTemplates(d: DashboardData): HTMLElement | null {
  if (!d.templateFamilies.length) return null;
  return lazyDataTable(`Template families (${formatCount(d.templateFamilies.length + d.omitted.templateFamilies)} paraphrase groups)`, () =>
    dataTable('Template families', ['Family', 'Records', 'Templates'], d.templateFamilies.map((f) => [f.id, f.size, f.templates])),
  );
}

function accounts(d: DashboardData, palette: Palette, colours: Map<string, string>): HTMLElement {
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
  charts.push(
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
        activate: (ds) => reveal('account', d.accounts[ds].id),
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
    (a) => ({ label: `Open account ${a.id}`, run: () => reveal('account', a.id) }),
  );
  const hint = 'Records per account and bucket (bubble area); colour: the account’s campaign. Accounts of one campaign lighting up together show coordinated, round-robin traffic.';
  return section('accounts', 'Busiest accounts', hint, box, el('details', { class: 'data-table' }, el('summary', {}, 'Accounts table'), el('div', { class: 'table-scroll' }, table)));
}

function evidence(d: DashboardData): HTMLElement {
  if (!d.evidence.length) return section('evidence', 'Strongest evidence', 'No evidence items.');
  const table = actionTable(
    'Strongest evidence',
    [
      { header: 'Campaign', cell: (e) => e.campaign },
      { header: 'Kind', cell: (e) => chip(e.kind) },
      { header: 'Weight', cell: (e) => e.weight.toFixed(2), numeric: true },
      { header: 'Accounts', cell: (e) => formatCount(e.accounts), numeric: true },
      { header: 'Detail', cell: (e) => e.detail },
    ],
    d.evidence,
    (e) => ({ label: `Open campaign ${e.campaign}`, run: () => reveal('campaign', e.campaign) }),
  );
  return section('evidence', 'Strongest evidence', 'Evidence items of the suspected campaigns, by how much each raised the score.', el('div', { class: 'table-scroll' }, table));
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(' ')) {
      if (line && line.length + word.length + 1 > width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
  }
  return lines.slice(0, 6);
}
