/// <reference lib="dom" />
/** The ranked sections: campaigns, largest templates and the strongest evidence. */
import type { CampaignView, DashboardData } from '../../../core/dashboard/dashboardData';
import { formatCount, formatIso, formatPercent, templatesSummary } from '../../../core/dashboard/format';
import { countAxis, interactiveChart } from './charts';
import { actionTable, chip, dataTable, el, lazyDataTable } from './dom';
import { chartBox, section, type View } from './view';

export function campaignsTable(v: View): HTMLElement {
  const { data: d, colours } = v;
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
    (c) => ({ label: `Open campaign ${c.id}`, run: () => v.reveal('campaign', c.id) }),
  );
  const more = d.omitted.campaigns ? el('p', { class: 'hint' }, `${formatCount(d.omitted.campaigns)} more clusters below these are in the Campaigns view.`) : null;
  return section('campaigns', 'Campaigns', 'Suspected first, by score. Select a row to open it in the Campaigns view.', el('div', { class: 'table-scroll' }, table), more);
}

export function templates(v: View): HTMLElement {
  const { data: d, palette } = v;
  const text = templatesSummary(d.templates);
  if (!d.templates.length) return section('templates', 'Largest templates', text);
  const { box, canvas, live } = chartBox('templates', text, Math.max(200, 22 * d.templates.length + 60));
  const colour = (families: string[]): string => (families.length ? palette.family(families[0]) : palette.other);
  v.track(
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
        activate: (_ds, i) => v.reveal('template', d.templates[i].id),
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
      { header: 'Example', cell: (t) => (t.example ? exampleButton(v, t.example) : '—') },
    ],
    d.templates,
    (t) => ({ label: `Open template ${t.id}`, run: () => v.reveal('template', t.id) }),
  );
  const legend = el('p', { class: 'hint' }, 'Bar colour: detection family of the template’s findings (grey: none). Click a bar to open the template.');
  return section('templates', 'Largest templates', null, legend, box, el('details', { class: 'data-table' }, el('summary', {}, 'Templates table'), el('div', { class: 'table-scroll' }, table)), familiesOfTemplates(d));
}

function exampleButton(v: View, where: string): HTMLButtonElement {
  const button = el('button', { type: 'button', class: 'link', 'aria-label': `Open record ${where}` }, where.split(/[\\/]/).pop() ?? where);
  button.addEventListener('click', () => v.reveal('record', where));
  return button;
}

function familiesOfTemplates(d: DashboardData): HTMLElement | null {
  if (!d.templateFamilies.length) return null;
  return lazyDataTable(`Template families (${formatCount(d.templateFamilies.length + d.omitted.templateFamilies)} paraphrase groups)`, () =>
    dataTable('Template families', ['Family', 'Records', 'Templates'], d.templateFamilies.map((f) => [f.id, f.size, f.templates])),
  );
}

export function evidence(v: View): HTMLElement {
  const { data: d } = v;
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
    (e) => ({ label: `Open campaign ${e.campaign}`, run: () => v.reveal('campaign', e.campaign) }),
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
