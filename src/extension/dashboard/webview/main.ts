/// <reference lib="dom" />
/**
 * The dashboard webview: draws the `DashboardData` the panel posts and posts `reveal` messages back
 * when the user drills into a campaign, account, template or record.
 */
import type { Chart } from 'chart.js';
import type { DashboardData } from '../../../core/dashboard/dashboardData';
import { formatCount, formatIso } from '../../../core/dashboard/format';
import type { HostMessage, WebviewMessage } from '../../../core/dashboard/protocol';
import { applyDefaults } from './charts';
import { byId, clear, el } from './dom';
import { campaignsTable, evidence, templates } from './listSections';
import { readPalette, watchTheme } from './theme';
import { accounts, families, modelUse, timeline } from './timeSections';
import type { View, ViewState } from './view';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
let data: DashboardData | null = null;
let charts: Chart[] = [];
let state: ViewState = (vscode.getState() as ViewState | undefined) ?? {};

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
  const view: View = {
    data,
    palette,
    colours: new Map(data.campaigns.map((c, i) => [c.id, palette.series[i % palette.series.length]])),
    state,
    reveal: (kind, id) => vscode.postMessage({ type: 'reveal', kind, id }),
    track: (chart) => void charts.push(chart),
    changeState(change, focusId) {
      state = { ...state, ...change };
      vscode.setState(state);
      render();
      document.getElementById(focusId)?.focus();
    },
  };
  root.append(
    summary(data),
    timeline(view),
    el('div', { class: 'grid' }, modelUse(view), families(view)),
    campaignsTable(view),
    el('div', { class: 'grid' }, templates(view), accounts(view)),
    evidence(view),
  );
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
