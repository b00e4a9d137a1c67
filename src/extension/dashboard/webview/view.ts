/// <reference lib="dom" />
/**
 * What every section of the dashboard draws with: the data, the theme palette, one colour per
 * campaign shared by all charts and tables, and the ways back to the host.
 */
import type { Chart } from 'chart.js';
import type { DashboardData } from '../../../core/dashboard/dashboardData';
import type { RevealKind } from '../../../core/dashboard/protocol';
import { el } from './dom';
import type { Palette } from './theme';

/** UI state kept across re-renders and panel hide/show (VS Code's webview state). */
export interface ViewState {
  pivotCampaign?: string;
}

export interface View {
  data: DashboardData;
  palette: Palette;
  colours: Map<string, string>;
  state: ViewState;
  reveal(kind: RevealKind, id: string): void;
  /** Registers a chart so the next render destroys it. */
  track(chart: Chart): void;
  /** Updates the UI state, re-renders, and puts the focus back on `focusId`. */
  changeState(change: Partial<ViewState>, focusId: string): void;
}

export function section(id: string, title: string, hint: string | null, ...children: Array<Node | null>): HTMLElement {
  const heading = el('h2', { id: `${id}-title` }, title);
  return el('section', { class: 'card', id, 'aria-labelledby': `${id}-title` }, heading, ...(hint ? [el('p', { class: 'hint' }, hint)] : []), ...children.filter((c): c is Node => c !== null));
}

/** A focusable canvas whose accessible name is the chart's summary, plus a live region for the focused point. */
export function chartBox(id: string, summaryText: string, height = 260): { box: HTMLElement; canvas: HTMLCanvasElement; live: HTMLElement } {
  const canvas = el('canvas', { id: `${id}-canvas`, role: 'img', tabindex: 0, 'aria-label': summaryText, 'aria-describedby': `${id}-keys` });
  const live = el('p', { class: 'live', 'aria-live': 'polite' });
  const holder = el('div', { class: 'chart-box' }, canvas);
  holder.style.height = `${height}px`;
  const box = el('div', {}, holder, el('p', { id: `${id}-keys`, class: 'visually-hidden' }, 'Arrow keys move between points and series, Enter opens the point, Escape clears.'), live);
  return { box, canvas, live };
}
