/**
 * The dashboard page as VS Code would show it, outside VS Code: the real HTML (with its CSP), the real
 * stylesheet and the webview bundle, served from loopback into headless Chromium with a stub
 * `acquireVsCodeApi` that posts the data of an analysis of samples/sample.jsonl. Skipped when no
 * Chromium is installed. Screenshots go to test-results/dashboard/.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { analyzeFiles } from '../../src/core/analyze';
import { buildDashboardData, type DashboardData } from '../../src/core/dashboard/dashboardData';
import { contentSecurityPolicy, dashboardHtml, makeNonce } from '../../src/extension/dashboard/html';
import { repoRoot } from '../support/paths';
import { tempDir } from '../support/tmp';

const CHROMIUM = [process.env.PF_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((f): f is string => !!f && fs.existsSync(f));
const HOSTILE = '<img src=x id=pwned onerror="document.title=1">';

/**
 * A subset of the theme colours VS Code puts on the webview's <html> (Default Dark Modern / Light
 * Modern), by colour id; like VS Code, the stub names the variable `--vscode-` + the id with its first
 * dot made a dash. Light Modern's charts.orange is translucent in VS Code (it derives from the minimap).
 */
const THEMES: Record<'dark' | 'light', { bodyClass: string; vars: Record<string, string> }> = {
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      'font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif', 'font-size': '13px', 'editor-font-family': 'monospace',
      foreground: '#cccccc', descriptionForeground: '#9d9d9d', 'editor.background': '#1f1f1f', 'editorWidget.background': '#202020',
      'widget.border': '#313131', 'panel.border': '#2b2b2b', focusBorder: '#0078d4', 'textLink.foreground': '#4daafc',
      'list.hoverBackground': '#2a2d2e', 'badge.background': '#616161', 'badge.foreground': '#f8f8f8', 'dropdown.background': '#313131',
      'dropdown.foreground': '#cccccc', 'dropdown.border': '#3c3c3c', 'charts.lines': 'rgba(204, 204, 204, 0.5)', 'charts.red': '#f14c4c',
      'charts.blue': '#3794ff', 'charts.yellow': '#cca700', 'charts.orange': '#d18616', 'charts.green': '#89d185', 'charts.purple': '#b180d7',
      'promptForensics.family.reasoningExtraction': '#e5a50a', 'promptForensics.family.rubricGrading': '#4aa3df',
      'promptForensics.family.censorshipRewrite': '#d16dd6', 'promptForensics.family.agentic': '#4ec9a0', 'promptForensics.family.other': '#e06c75',
      'promptForensics.campaign.suspected': '#f14c4c',
    },
  },
  light: {
    bodyClass: 'vscode-light',
    vars: {
      'font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif', 'font-size': '13px', 'editor-font-family': 'monospace',
      foreground: '#3b3b3b', descriptionForeground: '#3b3b3b', 'editor.background': '#ffffff', 'editorWidget.background': '#f8f8f8',
      'widget.border': '#e5e5e5', 'panel.border': '#e5e5e5', focusBorder: '#005fb8', 'textLink.foreground': '#005fb8',
      'list.hoverBackground': '#f2f2f2', 'badge.background': '#cccccc', 'badge.foreground': '#3b3b3b', 'dropdown.background': '#ffffff',
      'dropdown.foreground': '#3b3b3b', 'dropdown.border': '#cecece', 'charts.lines': 'rgba(59, 59, 59, 0.5)', 'charts.red': '#e51400',
      'charts.blue': '#1a85ff', 'charts.yellow': '#bf8803', 'charts.orange': '#d186167e', 'charts.green': '#388a34', 'charts.purple': '#652d90',
      'promptForensics.family.reasoningExtraction': '#b07d00', 'promptForensics.family.rubricGrading': '#1a6fa8',
      'promptForensics.family.censorshipRewrite': '#9a2fa0', 'promptForensics.family.agentic': '#1f8a66', 'promptForensics.family.other': '#b0303c',
      'promptForensics.campaign.suspected': '#c72e2e',
    },
  },
};

/** What VS Code does on theme load and change: variables on <html>, a theme class on <body>. */
function applyTheme(theme: { bodyClass: string; vars: Record<string, string> }): void {
  for (const [id, value] of Object.entries(theme.vars)) document.documentElement.style.setProperty(`--vscode-${id.replace('.', '-')}`, value);
  document.body.classList.remove('vscode-dark', 'vscode-light');
  document.body.classList.add(theme.bodyClass);
}

/** The stub runs before the dashboard script: it records CSP violations and what the page posts, and answers `ready` with the data. */
function stubScript(data: DashboardData | null, theme: keyof typeof THEMES): string {
  return `window.__pf = { posted: [], violations: [], errors: [] };
document.addEventListener('securitypolicyviolation', (e) => window.__pf.violations.push(e.violatedDirective + ' ' + e.blockedURI));
window.addEventListener('error', (e) => window.__pf.errors.push(String(e.message)));
(${applyTheme.toString()})(${JSON.stringify(THEMES[theme])});
window.acquireVsCodeApi = () => ({
  postMessage(m) { window.__pf.posted.push(m); if (m.type === 'ready') setTimeout(() => window.postMessage({ type: 'data', data: ${JSON.stringify(data).replace(/</g, '\\u003c')} }, '*'), 0); },
  getState() { return undefined; },
  setState() {},
});
`;
}

interface Served {
  origin: string;
  close(): Promise<void>;
}

async function serve(files: Record<string, { type: string; body: () => string }>): Promise<Served> {
  const server = http.createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://127.0.0.1').pathname];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' });
    res.end(file.body());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

(CHROMIUM ? describe : describe.skip)('dashboard page in Chromium', function () {
  this.timeout(120_000);
  const shots = path.join(repoRoot(), 'test-results', 'dashboard');
  let browser: Browser;
  let served: Served;
  let bundle: string;
  let data: DashboardData;
  let current: { data: DashboardData | null; theme: keyof typeof THEMES } = { data: null, theme: 'dark' };

  before(async () => {
    const out = path.join(tempDir('pf-dashboard-web-'), 'dashboard.js');
    await esbuild.build({ entryPoints: [path.join(repoRoot(), 'src/extension/dashboard/webview/main.ts')], bundle: true, platform: 'browser', format: 'iife', target: 'es2022', outfile: out, logLevel: 'silent' });
    bundle = fs.readFileSync(out, 'utf8');
    const { report } = await analyzeFiles([path.join(repoRoot(), 'samples', 'sample.jsonl')], { includeRecords: true });
    // Log text must come out as text: a template whose pattern is markup.
    report.templates[0] = { ...report.templates[0], pattern: `${HOSTILE} ${report.templates[0].pattern}` };
    data = buildDashboardData(report);
    const nonce = makeNonce();
    served = await serve({
      '/': {
        type: 'text/html',
        body: () => {
          const html = dashboardHtml({ cspSource: served.origin, nonce, scriptUri: `${served.origin}/media/dashboard.js`, styleUri: `${served.origin}/media/dashboard.css` });
          const harness = `<script nonce="${nonce}" src="/stub.js"></script>\n`;
          return html.replace(`<script nonce="${nonce}" src=`, `${harness}<script nonce="${nonce}" src=`);
        },
      },
      '/stub.js': { type: 'text/javascript', body: () => stubScript(current.data, current.theme) },
      '/media/dashboard.js': { type: 'text/javascript', body: () => bundle },
      '/media/dashboard.css': { type: 'text/css', body: () => fs.readFileSync(path.join(repoRoot(), 'media', 'dashboard', 'dashboard.css'), 'utf8') },
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    fs.mkdirSync(shots, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await served?.close();
  });

  async function open(pageData: DashboardData | null, theme: keyof typeof THEMES): Promise<Page> {
    current = { data: pageData, theme };
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(served.origin + '/');
    await page.waitForFunction(() => document.getElementById('dashboard')?.getAttribute('aria-busy') === 'false');
    return page;
  }

  /** Opaque pixels of exactly this colour on the canvas. */
  const pixelsOf = (page: Page, canvasId: string, rgb: [number, number, number]): Promise<number> =>
    page.evaluate(
      ([id, [r, g, b]]) => {
        const c = document.getElementById(id) as HTMLCanvasElement;
        const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < px.length; i += 4) if (px[i] === r && px[i + 1] === g && px[i + 2] === b && px[i + 3] === 255) n++;
        return n;
      },
      [canvasId, rgb] as const,
    );

  type PageState = { posted: Array<{ type: string; kind?: string; id?: string }>; violations: string[]; errors: string[] };
  const pageState = (page: Page): Promise<PageState> => page.evaluate(() => (window as unknown as { __pf: PageState }).__pf);

  it('renders every chart under the strict CSP without violations or errors (dark theme)', async () => {
    const page = await open(data, 'dark');
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.equal(csp, contentSecurityPolicy(served.origin, csp!.match(/nonce-([^' ]+)/)![1]));
    const drawn = await page.evaluate(() =>
      Array.from(document.querySelectorAll('canvas')).map((c) => {
        const pixels = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let painted = 0;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
        return { id: c.id, painted, label: c.getAttribute('aria-label') ?? '' };
      }),
    );
    assert.deepEqual(drawn.map((c) => c.id), ['timeline-canvas', 'models-canvas', 'families-canvas', 'templates-canvas', 'accounts-canvas']);
    for (const c of drawn) {
      assert.ok(c.painted > 2000, `${c.id} drew ${c.painted} pixels`);
      assert.ok(c.label.length > 20, `${c.id} has a summary`);
    }
    // Family colours are the extension's contributed theme colours (reasoning-extraction: #e5a50a in dark themes).
    assert.ok((await pixelsOf(page, 'families-canvas', [0xe5, 0xa5, 0x0a])) > 100, 'reasoning-extraction bars in their theme colour');
    await page.screenshot({ path: path.join(shots, 'dashboard-dark.png'), fullPage: true });
    for (const id of ['timeline', 'models', 'accounts']) await page.locator(`#${id}`).screenshot({ path: path.join(shots, `dashboard-dark-${id}.png`) });
    const state = await pageState(page);
    assert.deepEqual(state.violations, []);
    assert.deepEqual(state.errors, []);
    await page.close();
  });

  it('shows log text as text, never as markup', async () => {
    const page = await open(data, 'dark');
    assert.equal(await page.$('#pwned'), null);
    assert.equal(await page.$('main img'), null);
    const text = await page.textContent('#templates');
    assert.ok(text!.includes(HOSTILE));
    assert.notEqual(await page.title(), '1');
    await page.close();
  });

  it('drills in from tables and charts by keyboard', async () => {
    const page = await open(data, 'dark');
    const top = data.campaigns[0];
    await page.focus('#campaigns tbody tr:first-child button');
    await page.keyboard.press('Enter');
    await page.focus('#timeline-canvas');
    await page.keyboard.press('ArrowRight');
    const live = await page.textContent('#timeline .live');
    assert.match(live!, new RegExp(`^${top.id} .*records at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC`));
    await page.keyboard.press('Enter');
    await page.focus('#templates-canvas');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    const example = data.templates.find((t) => t.example)!;
    await page.click('#templates details > summary');
    await page.click(`#templates tbody button[aria-label="Open record ${example.example}"]`);
    const posted = (await pageState(page)).posted.filter((m) => m.type === 'reveal');
    assert.deepEqual(posted, [
      { type: 'reveal', kind: 'campaign', id: top.id },
      { type: 'reveal', kind: 'campaign', id: top.id },
      { type: 'reveal', kind: 'template', id: data.templates[0].id },
      { type: 'reveal', kind: 'record', id: example.example },
    ]);
    await page.close();
  });

  it('puts the charts and the controls in the tab order, in reading order', async () => {
    const page = await open(data, 'dark');
    const stops: string[] = [];
    for (let i = 0; i < 7; i++) {
      await page.keyboard.press('Tab');
      stops.push(await page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent?.trim() || document.activeElement?.tagName || ''));
    }
    assert.deepEqual(stops, ['timeline-canvas', 'Data table', 'models-campaign', 'models-canvas', 'Data table', 'families-canvas', 'Data table']);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.closest('section')?.id), 'campaigns');
    await page.close();
  });

  it('clicking a bar opens its template', async () => {
    const page = await open(data, 'dark');
    const canvas = page.locator('#templates-canvas');
    const box = (await canvas.boundingBox())!;
    // The largest template is the top bar; a click near it resolves to the nearest bar.
    await canvas.click({ position: { x: box.width * 0.5, y: 14 } });
    // Chart.js handles pointer events on the next animation frame.
    await page.waitForFunction(() => (window as unknown as { __pf: PageState }).__pf.posted.length > 1);
    const posted = (await pageState(page)).posted.filter((m) => m.type === 'reveal');
    assert.deepEqual(posted, [{ type: 'reveal', kind: 'template', id: data.templates[0].id }]);
    await page.close();
  });

  it('follows a theme change (dark → light) and renders the empty state', async () => {
    const page = await open(data, 'dark');
    await page.evaluate(`(${applyTheme.toString()})(${JSON.stringify(THEMES.light)})`);
    await page.waitForFunction(() => getComputedStyle(document.body).backgroundColor === 'rgb(255, 255, 255)');
    await page.waitForTimeout(100);
    // Re-rendered with the light palette; the translucent charts.orange is drawn opaque.
    assert.ok((await pixelsOf(page, 'families-canvas', [0xb0, 0x7d, 0x00])) > 100, 'light reasoning-extraction colour');
    assert.equal(await pixelsOf(page, 'families-canvas', [0xe5, 0xa5, 0x0a]), 0, 'no dark colour left');
    assert.ok((await pixelsOf(page, 'models-canvas', [0xd1, 0x86, 0x16])) > 100, 'opaque orange');
    await page.screenshot({ path: path.join(shots, 'dashboard-light.png'), fullPage: true });
    assert.deepEqual((await pageState(page)).errors, []);
    await page.close();
    const empty = await open(null, 'light');
    assert.match((await empty.textContent('#dashboard'))!, /No analysis yet/);
    await empty.close();
  });
});
