import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { contentSecurityPolicy, dashboardHtml, makeNonce } from '../../src/extension/dashboard/html';
import { repoRoot } from '../support/paths';

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';
const MEDIA = `${CSP_SOURCE}/ext/media/dashboard`;

function page(nonce = makeNonce()): { html: string; nonce: string } {
  return { html: dashboardHtml({ cspSource: CSP_SOURCE, nonce, scriptUri: `${MEDIA}/dashboard.js`, styleUri: `${MEDIA}/dashboard.css` }), nonce };
}

describe('dashboard page HTML', () => {
  it('carries a strict CSP with a fresh nonce', () => {
    const { html, nonce } = page();
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    assert.equal(csp, contentSecurityPolicy(CSP_SOURCE, nonce));
    assert.equal(csp, `default-src 'none'; script-src 'nonce-${nonce}'; style-src ${CSP_SOURCE} 'nonce-${nonce}'; img-src ${CSP_SOURCE} data:; font-src ${CSP_SOURCE};`);
    assert.doesNotMatch(csp!, /unsafe-|\*|https?:\/\/(?!file\+)/);
    assert.match(nonce, /^[A-Za-z0-9]{20,}$/);
    assert.notEqual(makeNonce(), makeNonce());
    // The CSP comes before anything it governs.
    assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<link'));
  });

  it('loads only the local script and stylesheet, each with the nonce, and has no inline code or handlers', () => {
    const { html, nonce } = page();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.equal(scripts[0][1].trim(), `nonce="${nonce}" src="${MEDIA}/dashboard.js"`);
    assert.equal(scripts[0][2], '', 'no inline script body');
    const links = [...html.matchAll(/<link\b[^>]*>/g)].map((m) => m[0]);
    assert.deepEqual(links, [`<link rel="stylesheet" href="${MEDIA}/dashboard.css" nonce="${nonce}">`]);
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'no inline event handlers');
    assert.doesNotMatch(html, /\sstyle\s*=|<style/i, 'no inline styles');
    assert.doesNotMatch(html, /javascript:/i);
  });

  it('escapes what it puts in attributes', () => {
    const html = dashboardHtml({ cspSource: CSP_SOURCE, nonce: 'n', scriptUri: 'https://x/a.js?q="><script>alert(1)</script>', styleUri: 'https://x/a.css' });
    assert.equal([...html.matchAll(/<script\b/g)].length, 1);
    assert.match(html, /src="https:\/\/x\/a\.js\?q=&quot;&gt;&lt;script&gt;/);
  });

  it('bundles a webview script (Chart.js included) that needs neither eval nor HTML parsing', async () => {
    const result = await esbuild.build({ entryPoints: [path.join(repoRoot(), 'src/extension/dashboard/webview/main.ts')], bundle: true, platform: 'browser', format: 'iife', target: 'es2022', write: false, logLevel: 'silent' });
    const code = result.outputFiles[0].text;
    assert.match(code, /Chart/);
    for (const risky of [/\beval\s*\(/, /new Function\s*\(/, /\.innerHTML\s*=/, /\.outerHTML\s*=/, /insertAdjacentHTML/, /document\.write/, /setAttribute\(\s*["']style["']/]) {
      assert.doesNotMatch(code, risky, `bundle uses ${risky}`);
    }
  });
});
