/// <reference lib="dom" />
/**
 * The dashboard's charts (Chart.js, canvas only: it needs neither eval nor inline styles, so it runs
 * under the page's strict CSP). Every chart is clickable and keyboard-operable: arrows move through
 * the points, Enter drills in, and a live region reads the focused point.
 */
import {
  BarController,
  BarElement,
  BubbleController,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ActiveDataPoint,
  type ChartConfiguration,
  type ChartType,
  type Plugin,
  type Scale,
} from 'chart.js';
import { formatTick, formatTime, timeTicks } from '../../../core/dashboard/format';
import type { Palette } from './theme';

Chart.register(LineController, BarController, BubbleController, LineElement, PointElement, BarElement, LinearScale, CategoryScale, Filler, Legend, Tooltip);

export interface Marker {
  /** Epoch ms on a time axis. */
  x: number;
  label: string;
  color: string;
  dash?: number[];
}

declare module 'chart.js' {
  interface PluginOptionsByType<TType extends ChartType> {
    pfMarkers?: { markers: Marker[]; background: string; _type?: TType };
  }
}

/** Vertical lines with a label at the top: first sightings, pivots. */
const markersPlugin: Plugin = {
  id: 'pfMarkers',
  afterDatasetsDraw(chart, _args, options: { markers?: Marker[]; background?: string }) {
    const markers = options.markers ?? [];
    const x = chart.scales.x;
    if (!markers.length || !x) return;
    const { ctx, chartArea } = chart;
    ctx.save();
    let labelRow = 0;
    for (const m of markers) {
      const px = x.getPixelForValue(m.x);
      if (px < chartArea.left - 1 || px > chartArea.right + 1) continue;
      ctx.strokeStyle = m.color;
      ctx.lineWidth = 1.5;
      ctx.setLineDash(m.dash ?? []);
      ctx.beginPath();
      ctx.moveTo(px, chartArea.top);
      ctx.lineTo(px, chartArea.bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.font = `600 11px ${Chart.defaults.font.family ?? 'sans-serif'}`;
      const width = ctx.measureText(m.label).width + 8;
      const left = Math.min(Math.max(px + 4, chartArea.left), chartArea.right - width);
      const top = chartArea.top + 2 + labelRow * 17;
      ctx.fillStyle = options.background ?? 'transparent';
      ctx.fillRect(left, top, width, 15);
      ctx.strokeStyle = m.color;
      ctx.lineWidth = 1;
      ctx.strokeRect(left + 0.5, top + 0.5, width - 1, 14);
      ctx.fillStyle = m.color;
      ctx.textBaseline = 'middle';
      ctx.fillText(m.label, left + 4, top + 8);
      labelRow = (labelRow + 1) % 3;
    }
    ctx.restore();
  },
};
Chart.register(markersPlugin);

export function applyDefaults(palette: Palette, fontFamily: string): void {
  Chart.defaults.color = palette.foreground;
  Chart.defaults.borderColor = palette.grid;
  Chart.defaults.font.family = fontFamily;
  Chart.defaults.font.size = 12;
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.plugins.legend.labels.boxWidth = 12;
  Chart.defaults.plugins.legend.labels.boxHeight = 12;
  Chart.defaults.plugins.tooltip.backgroundColor = palette.background;
  Chart.defaults.plugins.tooltip.titleColor = palette.foreground;
  Chart.defaults.plugins.tooltip.bodyColor = palette.foreground;
  Chart.defaults.plugins.tooltip.borderColor = palette.focus;
  Chart.defaults.plugins.tooltip.borderWidth = 1;
}

/** A linear x axis of epoch ms with ticks on round UTC times. */
export function timeAxis(min: number, max: number, bucketSize: number, title: string) {
  return {
    type: 'linear' as const,
    min,
    max,
    title: { display: true, text: title },
    grid: { display: false },
    afterBuildTicks(scale: Scale) {
      scale.ticks = timeTicks(min, max, Math.max(2, Math.floor(scale.width / 70))).map((value) => ({ value }));
    },
    ticks: { maxRotation: 0, autoSkip: false, callback: (value: number | string) => formatTick(Number(value), bucketSize) },
  };
}

export function countAxis(title: string, stacked = false) {
  return { type: 'linear' as const, beginAtZero: true, stacked, title: { display: true, text: title }, ticks: { precision: 0 } };
}

export interface Interaction {
  /** What the live region reads for a point. */
  describe(datasetIndex: number, index: number): string;
  /** Drill in (click or Enter); absent when the chart has nothing to open. */
  activate?(datasetIndex: number, index: number): void;
}

/**
 * Creates the chart on `canvas` and makes it operable: click drills in; with the canvas focused,
 * ←/→ (PageUp/PageDown by ten) move along a series, ↑/↓ switch series, Enter opens, Esc clears.
 */
export function interactiveChart(canvas: HTMLCanvasElement, live: HTMLElement, config: ChartConfiguration, interaction: Interaction): Chart {
  config.options = config.options ?? {};
  config.options.onClick = (event, _elements, chart) => {
    const native = event.native;
    if (!native || !interaction.activate) return;
    const hit = chart.getElementsAtEventForMode(native, 'nearest', { intersect: true }, false)[0] ?? chart.getElementsAtEventForMode(native, 'nearest', { intersect: false, axis: 'xy' }, false)[0];
    if (hit) interaction.activate(hit.datasetIndex, hit.index);
  };
  config.options.onHover = (event, elements) => {
    const target = event.native?.target as HTMLElement | undefined;
    if (target) target.style.cursor = elements.length && interaction.activate ? 'pointer' : 'default';
  };
  const chart = new Chart(canvas, config);
  let current: { d: number; i: number } | null = null;

  const visible = (): number[] => chart.data.datasets.map((_, d) => d).filter((d) => chart.isDatasetVisible(d) && chart.data.datasets[d].data.length > 0);
  const show = (d: number, i: number): void => {
    current = { d, i };
    const active: ActiveDataPoint[] = [{ datasetIndex: d, index: i }];
    chart.setActiveElements(active);
    const element = chart.getDatasetMeta(d).data[i];
    chart.tooltip?.setActiveElements(active, { x: element?.x ?? 0, y: element?.y ?? 0 });
    chart.update('none');
    live.textContent = interaction.describe(d, i);
  };
  canvas.addEventListener('keydown', (e) => {
    const sets = visible();
    if (!sets.length) return;
    const { d, i } = current && sets.includes(current.d) ? current : { d: sets[0], i: -1 };
    const length = chart.data.datasets[d].data.length;
    const pos = sets.indexOf(d);
    let next: { d: number; i: number } | null = null;
    switch (e.key) {
      case 'ArrowRight': next = { d, i: Math.min(length - 1, i + 1) }; break;
      case 'ArrowLeft': next = { d, i: Math.max(0, i - 1) }; break;
      case 'PageDown': next = { d, i: Math.min(length - 1, i + 10) }; break;
      case 'PageUp': next = { d, i: Math.max(0, i - 10) }; break;
      case 'Home': next = { d, i: 0 }; break;
      case 'End': next = { d, i: length - 1 }; break;
      case 'ArrowDown': { const nd = sets[Math.min(sets.length - 1, pos + 1)]; next = { d: nd, i: Math.min(Math.max(0, i), chart.data.datasets[nd].data.length - 1) }; break; }
      case 'ArrowUp': { const nd = sets[Math.max(0, pos - 1)]; next = { d: nd, i: Math.min(Math.max(0, i), chart.data.datasets[nd].data.length - 1) }; break; }
      case 'Enter':
      case ' ':
        if (current && interaction.activate) interaction.activate(current.d, current.i);
        break;
      case 'Escape':
        current = null;
        chart.setActiveElements([]);
        chart.tooltip?.setActiveElements([], { x: 0, y: 0 });
        chart.update('none');
        live.textContent = '';
        break;
      default:
        return;
    }
    e.preventDefault();
    if (next) show(next.d, next.i);
  });
  canvas.addEventListener('blur', () => {
    chart.tooltip?.setActiveElements([], { x: 0, y: 0 });
    chart.update('none');
  });
  return chart;
}

/** Tooltip title of a time-bucket point. */
export function bucketTitle(bucketStart: number, bucketSize: number): string {
  return `${formatTime(bucketStart, bucketSize)} UTC`;
}
