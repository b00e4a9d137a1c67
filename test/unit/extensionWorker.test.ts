import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Report } from '../../src/core/report/model';
import { SearchWorker } from '../../src/core/worker/searchClient';
import { isAbortError, runAnalysisInWorker } from '../../src/core/worker/workerClient';

/** Stand-in worker scripts speaking the worker protocol (the real one needs the bundled core). */
const FAST = `const { parentPort, workerData } = require('node:worker_threads');
parentPort.postMessage({ type: 'progress', progress: { file: workerData.paths[0], bytesRead: 5, bytesTotal: 10, records: 1 } });
parentPort.postMessage({ type: 'result', report: { schemaVersion: 1, echo: workerData } });`;
const SLOW = `const { parentPort } = require('node:worker_threads');
parentPort.postMessage({ type: 'progress', progress: { file: 'x', bytesRead: 1, bytesTotal: 10, records: 0 } });
setInterval(() => {}, 1000); // ignores cancel: must be terminated`;
const PARTIAL = `const { parentPort, workerData } = require('node:worker_threads');
if (workerData.partialReports) parentPort.postMessage({ type: 'partial', report: { schemaVersion: 1, partial: true, n: 1 } });
parentPort.postMessage({ type: 'result', report: { schemaVersion: 1, n: 2 } });`;
const FAILING = `const { parentPort } = require('node:worker_threads');
parentPort.postMessage({ type: 'error', name: 'SyntaxError', message: 'bad rule pack' });`;

describe('extension analysis worker client', () => {
  let dir: string;
  const script = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pf-worker-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('passes the job, relays progress and resolves with the report', async () => {
    const progress: number[] = [];
    const report = await runAnalysisInWorker(script('fast.js', FAST), { paths: ['/a.jsonl'], options: { includeRecords: true } }, { onProgress: (p) => progress.push(p.bytesRead) });
    assert.deepEqual(progress, [5]);
    assert.deepEqual((report as unknown as { echo: unknown }).echo, { paths: ['/a.jsonl'], options: { includeRecords: true } });
  });

  it('asks for early reports only when they are wanted, relays them, and resolves with the final one', async () => {
    const file = script('partial.js', PARTIAL);
    const partials: unknown[] = [];
    const report = await runAnalysisInWorker(file, { paths: [], options: {} }, { onPartialReport: (r) => partials.push(r) });
    assert.deepEqual(partials, [{ schemaVersion: 1, partial: true, n: 1 }]);
    assert.deepEqual(report, { schemaVersion: 1, n: 2 });
    assert.deepEqual(await runAnalysisInWorker(file, { paths: [], options: {} }), { schemaVersion: 1, n: 2 } as unknown as Report);
  });

  it('rejects with the worker error', async () => {
    await assert.rejects(runAnalysisInWorker(script('fail.js', FAILING), { paths: [], options: {} }), (e: Error) => e.name === 'SyntaxError' && e.message === 'bad rule pack');
  });

  it('cancels: rejects with AbortError and terminates a worker that does not stop', async () => {
    const controller = new AbortController();
    let exited!: (code: number) => void;
    const exit = new Promise<number>((resolve) => (exited = resolve));
    const running = runAnalysisInWorker(script('slow.js', SLOW), { paths: [], options: {} }, {
      signal: controller.signal,
      terminateAfterMs: 50,
      onProgress: () => controller.abort(),
      onWorkerExit: (code) => exited(code),
    });
    await assert.rejects(running, (e) => isAbortError(e));
    // terminate() ends the thread with exit code 1; a worker left running would time this test out.
    assert.equal(await exit, 1);
  });

  it('rejects at once when already aborted', async () => {
    const c = new AbortController();
    c.abort();
    await assert.rejects(runAnalysisInWorker(script('fast2.js', FAST), { paths: [], options: {} }, { signal: c.signal }), (e) => isAbortError(e));
  });
});

const SEARCH_ECHO = `const { parentPort, workerData } = require('node:worker_threads');
parentPort.on('message', (m) => {
  if (m.type !== 'search') return;
  if (m.query === 'die') process.exit(3);
  parentPort.postMessage({ type: 'searchResult', id: m.id, hits: [{ kind: 'record', ref: 'f:1', file: 'f', line: 1, score: workerData.report.summary.records, snippet: m.query + '/' + m.limit }] });
});`;

describe('extension search worker client', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pf-search-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('sends the report once and answers concurrent searches by id', async () => {
    const file = path.join(dir, 'echo.js');
    fs.writeFileSync(file, SEARCH_ECHO);
    const worker = new SearchWorker(file, { summary: { records: 7 } } as unknown as Report);
    try {
      const [a, b] = await Promise.all([worker.search('alpha', 5), worker.search('beta', 9)]);
      assert.deepEqual([a[0].snippet, a[0].score, b[0].snippet], ['alpha/5', 7, 'beta/9']);
      await assert.rejects(worker.search('die'), /exited \(3\)/);
      await assert.rejects(worker.search('after'), /exited/);
    } finally {
      worker.dispose();
    }
  });
});
