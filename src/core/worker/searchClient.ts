/**
 * A worker thread that holds a report's full-text prompt index and answers searches. The index is
 * built on the first search; the thread lives until `dispose`.
 */
import { Worker } from 'node:worker_threads';
import type { Report } from '../report/model';
import type { SearchHit } from '../search';
import type { ClientMessage, SearchJob, WorkerMessage } from './protocol';

export class SearchWorker {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (hits: SearchHit[]) => void; reject: (e: Error) => void }>();
  private failed: Error | undefined;

  constructor(workerScript: string, report: Report) {
    this.worker = new Worker(workerScript, { workerData: { kind: 'search', report } satisfies SearchJob });
    this.worker.on('message', (m: WorkerMessage) => {
      if (m.type !== 'searchResult' && m.type !== 'searchError') return;
      const waiting = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.type === 'searchResult') waiting?.resolve(m.hits);
      else waiting?.reject(new Error(m.message));
    });
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => this.fail(new Error(`search worker exited (${code})`)));
  }

  search(query: string, limit = 200): Promise<SearchHit[]> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'search', id, query, limit } satisfies ClientMessage);
    });
  }

  dispose(): void {
    void this.worker.terminate();
  }

  private fail(e: Error): void {
    this.failed ??= e;
    for (const p of this.pending.values()) p.reject(this.failed);
    this.pending.clear();
  }
}
