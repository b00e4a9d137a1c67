// Lets a test running in the extension host ask the runner (which owns the browser page) for a screenshot.
// The runner passes its endpoint in PF_SCREENSHOT_URL; without it (desktop runner) screenshots are skipped.
import * as http from 'node:http';

export const screenshotUrlEnv = 'PF_SCREENSHOT_URL';

/** Saves `<screenshots dir>/<name>.png` of the whole workbench; resolves once the file is written. */
export function screenshot(name: string): Promise<void> {
  const endpoint = process.env[screenshotUrlEnv];
  if (!endpoint) {
    console.log(`[screenshot] skipped "${name}" (${screenshotUrlEnv} not set: not running under the code-server runner)`);
    return Promise.resolve();
  }
  const url = new URL(endpoint);
  url.searchParams.set('name', name);
  return new Promise((resolve, reject) => {
    const request = http.get(url, { timeout: 60_000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        if (response.statusCode === 200) resolve();
        else reject(new Error(`screenshot "${name}" failed: HTTP ${response.statusCode} ${body}`));
      });
    });
    request.on('timeout', () => request.destroy(new Error(`screenshot "${name}" timed out`)));
    request.on('error', reject);
  });
}
