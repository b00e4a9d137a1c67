/**
 * Worker-thread entry (bundled to dist/worker.js). With an analyze job: runs `analyzeFiles`, posts
 * throttled progress, early partial reports when asked, and the report, aborts on `cancel`, then ends. With a search job: builds the
 * prompt index of a report once and answers searches, so neither blocks the editor's thread.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { analyzeFiles, type AnalyzeProgress } from '../analyze';
import type { Report } from '../report/model';
import { PromptIndex } from '../search';
import type { AnalyzeJob, ClientMessage, SearchJob, WorkerJob, WorkerMessage } from './protocol';

const PROGRESS_INTERVAL_MS = 100;

function post(port: MessagePort, m: WorkerMessage): void {
  port.postMessage(m);
}

async function analyze(port: MessagePort, job: AnalyzeJob): Promise<void> {
  const controller = new AbortController();
  port.on('message', (m: ClientMessage) => {
    if (m.type === 'cancel') controller.abort();
  });
  let lastProgress = 0;
  const onProgress = (progress: AnalyzeProgress) => {
    const now = Date.now();
    if (now - lastProgress < PROGRESS_INTERVAL_MS) return;
    lastProgress = now;
    post(port, { type: 'progress', progress });
  };
  try {
    const onPartialReport = job.partialReports ? (report: Report) => post(port, { type: 'partial', report }) : undefined;
    const { report } = await analyzeFiles(job.paths, { ...job.options, onProgress, onPartialReport, signal: controller.signal });
    post(port, { type: 'result', report });
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    post(port, { type: 'error', name: e.name, message: e.message, stack: e.stack });
  } finally {
    port.close();
  }
}

function serveSearch(port: MessagePort, job: SearchJob): void {
  let index: PromptIndex | undefined;
  port.on('message', (m: ClientMessage) => {
    if (m.type !== 'search') return;
    try {
      index ??= PromptIndex.fromReport(job.report);
      post(port, { type: 'searchResult', id: m.id, hits: index.search(m.query, m.limit) });
    } catch (err) {
      post(port, { type: 'searchError', id: m.id, message: err instanceof Error ? err.message : String(err) });
    }
  });
}

const port = parentPort;
if (!port) throw new Error('analysisWorker must run in a worker thread');
const job = workerData as WorkerJob;
if (job.kind === 'search') serveSearch(port, job);
else void analyze(port, job);
