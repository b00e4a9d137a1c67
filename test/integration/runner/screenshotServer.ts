import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Page } from 'playwright-core';

/** Loopback endpoint `GET /screenshot?name=x` that saves `<dir>/x.png` from the workbench page. */
export interface ScreenshotServer {
  url: string;
  attach(page: Page): void;
  saved(): string[];
  close(): Promise<void>;
}

export function safeScreenshotName(name: string): string {
  const cleaned = name.trim().replace(/[^\w.-]+/g, '-').replace(/^[-.]+|-+$/g, '').slice(0, 120);
  return cleaned || 'screenshot';
}

export async function startScreenshotServer(dir: string): Promise<ScreenshotServer> {
  let page: Page | undefined;
  const saved: string[] = [];
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const reply = (status: number, text: string): void => {
      response.writeHead(status, { 'content-type': 'text/plain' });
      response.end(text);
    };
    if (url.pathname !== '/screenshot') return reply(404, 'use /screenshot?name=...');
    if (!page) return reply(503, 'the workbench page is not open yet');
    const file = path.join(dir, `${safeScreenshotName(url.searchParams.get('name') ?? '')}.png`);
    capture(page, file).then(
      () => {
        saved.push(file);
        console.log(`[screenshot] ${path.relative(process.cwd(), file)}`);
        reply(200, file);
      },
      (error: unknown) => reply(500, String(error)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/screenshot`,
    attach: (p) => (page = p),
    saved: () => [...saved],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Lets the workbench paint what the test just did (two frames plus a short settle) before capturing. */
export async function capture(page: Page, file: string): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // A string, because this project compiles without DOM typings.
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
  await page.waitForTimeout(250);
  await page.screenshot({ path: file });
}
