/// <reference lib="dom" />
/**
 * DOM helpers of the dashboard webview. Every text from the log goes through `textContent`: nothing
 * here ever parses a string as HTML.
 */

type Attrs = Record<string, string | number | boolean | undefined>;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (name === 'class') node.className = String(value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  return node;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`#${id} missing from the dashboard page`);
  return node as T;
}

export function clear(node: Element): void {
  node.replaceChildren();
}

export interface Column<T> {
  header: string;
  cell: (row: T) => Node | string;
  numeric?: boolean;
}

/**
 * A table whose rows act on activation: the first cell holds a button (tab stop, Enter/Space), and
 * clicking anywhere on the row does the same.
 */
export function actionTable<T>(caption: string, columns: Column<T>[], rows: T[], action: (row: T) => { label: string; run: () => void }): HTMLTableElement {
  const head = el('tr', {}, ...columns.map((c) => el('th', { scope: 'col', class: c.numeric ? 'num' : undefined }, c.header)));
  const body = rows.map((row) => {
    const { label, run } = action(row);
    const cells = columns.map((c, i) => {
      const content = c.cell(row);
      const inner = i === 0 ? el('button', { type: 'button', class: 'link', title: label, 'aria-label': label }, content) : content;
      return el(i === 0 ? 'th' : 'td', { scope: i === 0 ? 'row' : undefined, class: c.numeric ? 'num' : undefined }, inner);
    });
    const tr = el('tr', { class: 'clickable' }, ...cells);
    tr.addEventListener('click', (e) => {
      if ((e.target as HTMLElement).closest('button') || !window.getSelection()?.isCollapsed) return;
      run();
    });
    tr.querySelector('button')!.addEventListener('click', run);
    return tr;
  });
  return el('table', {}, el('caption', { class: 'visually-hidden' }, caption), el('thead', {}, head), el('tbody', {}, ...body));
}

/** A plain data table (the accessible alternative of a chart), built only when its <details> opens. */
export function lazyDataTable(summary: string, build: () => HTMLTableElement): HTMLDetailsElement {
  const details = el('details', { class: 'data-table' }, el('summary', {}, summary));
  details.addEventListener('toggle', () => {
    if (details.open && details.children.length === 1) details.append(el('div', { class: 'table-scroll' }, build()));
  });
  return details;
}

export function dataTable(caption: string, headers: string[], rows: Array<Array<string | number>>): HTMLTableElement {
  return el(
    'table',
    {},
    el('caption', { class: 'visually-hidden' }, caption),
    el('thead', {}, el('tr', {}, ...headers.map((h, i) => el('th', { scope: 'col', class: i > 0 ? 'num' : undefined }, h)))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((v, i) => el(i === 0 ? 'th' : 'td', { scope: i === 0 ? 'row' : undefined, class: typeof v === 'number' ? 'num' : undefined }, typeof v === 'number' ? v.toLocaleString('en-US') : v))))),
  );
}

export function chip(text: string, colour?: string): HTMLSpanElement {
  const node = el('span', { class: colour ? 'chip coloured' : 'chip' }, text);
  // CSSOM, not a style attribute: allowed under the page's CSP.
  if (colour) node.style.setProperty('--chip-colour', colour);
  return node;
}
