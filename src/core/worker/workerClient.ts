/**
 * Runs one analysis in a worker thread. Cancelling asks the worker to abort and terminates it
 * if it has not stopped shortly after; the promise then rejects with an `AbortError`.
 */
import { Worker } from 'node:worker_threads';
import type { AnalyzeProgress } from '../analyze';
import type { Report } from '../report/model';
import type { AnalyzeJob, ClientMessage, WorkerMessage } from './protocol';

export interface WorkerRunOptions {
  onProgress?: (p: AnalyzeProgress) => void;
  /** Early reports (`partial: true`) of what was read so far; the promise still resolves with the final one. */
  onPartialReport?: (report: Report) => void;
  signal?: AbortSignal;
  /** How long a cancelled worker may take to stop by itself before it is terminated. */
  terminateAfterMs?: number;
  /** Called when the worker thread has ended, whatever the outcome. */
  onWorkerExit?: (code: number) => void;
}

export function abortError(): Error {
  const e = new Error('Analysis cancelled');
  e.name = 'AbortError';
  return e;
}

export function isAbortError(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}

export function runAnalysisInWorker(workerScript: string, job: AnalyzeJob, opts: WorkerRunOptions = {}): Promise<Report> {
  return new Promise<Report>((resolve, reject) => {
    if (opts.signal?.aborted) return reject(abortError());
    const worker = new Worker(workerScript, { workerData: opts.onPartialReport ? ({ ...job, partialReports: true } satisfies AnalyzeJob) : job });
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => {
      worker.postMessage({ type: 'cancel' } satisfies ClientMessage);
      killTimer = setTimeout(() => void worker.terminate(), opts.terminateAfterMs ?? 500);
      settle(() => reject(abortError()));
    };
    opts.signal?.addEventListener('abort', onAbort);
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') {
        if (!settled) opts.onProgress?.(m.progress);
      } else if (m.type === 'partial') {
        if (!settled) opts.onPartialReport?.(m.report);
      } else if (m.type === 'result') {
        settle(() => resolve(m.report));
      } else if (m.type === 'error') {
        const e = new Error(m.message);
        e.name = m.name;
        if (m.stack) e.stack = m.stack;
        settle(() => reject(e));
      }
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) => {
      if (killTimer) clearTimeout(killTimer);
      opts.onWorkerExit?.(code);
      settle(() => reject(new Error(`analysis worker exited with code ${code} before answering`)));
    });
  });
}
