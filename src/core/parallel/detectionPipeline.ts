/**
 * Detection beside the reading thread. Running the rules is most of an analysis's time and a pure
 * function of a record's texts, so records go out in batches to worker threads while the reading
 * thread goes on parsing, normalizing and mining; when the workers are behind, the reading thread
 * detects a batch itself, so every core stays busy. Results are delivered in input order: the
 * report is exactly the one inline detection gives.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { detectionInputOf, detectRecord, type DetectionCache, type DetectionInput, type RuleSet, type TextHit } from '../detect';

export interface DetectWorkerData {
  rulesFiles?: string[];
}

export type ToDetectWorker = { id: number; inputs: DetectionInput[] };
export type FromDetectWorker = { id: number; hits: TextHit[][]; ms: number };

/** Records per message: large enough that messaging costs little, small enough to keep all threads fed. */
const BATCH_RECORDS = 128;
/** Batches a worker may have waiting; beyond that the reading thread detects the next one itself. */
const OUTSTANDING_PER_WORKER = 2;
/**
 * Batches held in order, done or not, before the reader waits. Few: records that wait outlive the
 * young generation and are collected late, which grows the heap.
 */
const MAX_QUEUED_BATCHES = 6;
/** Below this much input, starting a worker (about a second to load and compile the rules) costs more than it saves. */
const MIN_BYTES_FOR_THREADS = 16 * 1024 * 1024;
/**
 * Cores below which threads are not started by default. On the 2-vCPU machines the bench runs on
 * (two busy threads get about 1.13× the throughput of one), one detection thread gave 0.9–1.2× the
 * speed at 200k records and 0.94× at 1M, for more peak RSS; from four cores up the detection
 * threads have cores of their own.
 */
const MIN_CORES_FOR_THREADS = 4;
const MAX_AUTO_THREADS = 3;

/** Detection threads to use when the caller did not say: none for small input or few cores. */
export function autoDetectionThreads(inputBytes: number, cores = os.availableParallelism()): number {
  if (inputBytes < MIN_BYTES_FOR_THREADS || cores < MIN_CORES_FOR_THREADS) return 0;
  return Math.min(MAX_AUTO_THREADS, cores - 1);
}

interface Batch<T> {
  id: number;
  items: T[];
  inputs: DetectionInput[];
  hits?: TextHit[][];
}

interface DetectThread<T> {
  worker: Worker;
  outstanding: Map<number, Batch<T>>;
}

export interface DetectionPipelineOptions {
  threads: number;
  rulesFiles?: string[];
  /** Milliseconds each detection thread spent, added up (the bench's thread-seconds). */
  onThreadTime?: (ms: number) => void;
  /** The worker's script; default detectWorker.js beside this file (compiled and bundled alike). */
  workerScript?: string;
}

export class DetectionPipeline<T> {
  private readonly queue: Batch<T>[] = [];
  private current: Batch<T>;
  private nextId = 0;
  private threads: DetectThread<T>[] = [];
  private waiters: Array<() => void> = [];
  private closed = false;
  /** Batches detected by worker threads and by the reading thread (for tests and the bench). */
  readonly counts = { worker: 0, local: 0 };

  constructor(
    private readonly rules: RuleSet,
    private readonly cache: DetectionCache,
    private readonly deliver: (item: T, hits: TextHit[]) => void,
    private readonly options: DetectionPipelineOptions,
  ) {
    this.current = this.newBatch();
    for (let i = 0; i < options.threads; i++) this.threads.push(this.startThread());
  }

  /** Queues a record; its hits reach `deliver` in the order records were added. */
  add(item: T, input: DetectionInput): void {
    this.current.items.push(item);
    this.current.inputs.push(detectionInputOf(input));
    if (this.current.items.length >= BATCH_RECORDS) this.dispatch();
  }

  /** True when the reader should wait (`waitForRoom`) before adding more. */
  get backlogged(): boolean {
    return this.queue.length >= MAX_QUEUED_BATCHES;
  }

  async waitForRoom(): Promise<void> {
    while (this.backlogged) await this.nextCompletion();
  }

  /** Detects and delivers everything added so far. */
  async flush(): Promise<void> {
    if (this.current.items.length) this.dispatch();
    while (this.queue.length) await this.nextCompletion();
  }

  async close(): Promise<void> {
    this.closed = true;
    const threads = this.threads;
    this.threads = [];
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }

  private newBatch(): Batch<T> {
    return { id: this.nextId++, items: [], inputs: [] };
  }

  private dispatch(): void {
    const batch = this.current;
    this.current = this.newBatch();
    this.queue.push(batch);
    const idlest = this.threads.reduce<DetectThread<T> | undefined>((best, t) => (!best || t.outstanding.size < best.outstanding.size ? t : best), undefined);
    if (idlest && idlest.outstanding.size < OUTSTANDING_PER_WORKER) {
      idlest.outstanding.set(batch.id, batch);
      idlest.worker.postMessage({ id: batch.id, inputs: batch.inputs } satisfies ToDetectWorker);
      return;
    }
    this.detectHere(batch);
    this.counts.local++;
    this.drain();
  }

  private detectHere(batch: Batch<T>): void {
    const started = performance.now();
    batch.hits = batch.inputs.map((input) => detectRecord(input, this.rules, this.cache));
    this.options.onThreadTime?.(performance.now() - started);
  }

  /** Delivers the finished batches at the head of the queue, in order. */
  private drain(): void {
    while (this.queue.length && this.queue[0].hits) {
      const batch = this.queue.shift()!;
      const hits = batch.hits!;
      for (let i = 0; i < batch.items.length; i++) this.deliver(batch.items[i], hits[i]);
    }
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  private nextCompletion(): Promise<void> {
    // Nothing out with a worker: the head can only be finished here (after a worker failed).
    if (this.threads.every((t) => t.outstanding.size === 0)) {
      for (const batch of this.queue) if (!batch.hits) this.detectHere(batch);
      this.drain();
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private startThread(): DetectThread<T> {
    const worker = new Worker(this.options.workerScript ?? path.join(__dirname, 'detectWorker.js'), {
      workerData: { rulesFiles: this.options.rulesFiles } satisfies DetectWorkerData,
      // A worker that runs out of its heap fails and hands its batches back (see `fail`).
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
    const thread: DetectThread<T> = { worker, outstanding: new Map() };
    worker.on('message', (message: FromDetectWorker) => {
      const batch = thread.outstanding.get(message.id);
      if (!batch) return;
      thread.outstanding.delete(message.id);
      batch.hits = message.hits;
      this.counts.worker++;
      this.options.onThreadTime?.(message.ms);
      this.drain();
    });
    // A worker that fails hands its batches back: the reading thread detects them (same results).
    const fail = (): void => {
      if (this.closed || !this.threads.includes(thread)) return;
      this.threads = this.threads.filter((t) => t !== thread);
      for (const batch of thread.outstanding.values()) this.detectHere(batch);
      thread.outstanding.clear();
      this.drain();
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    return thread;
  }
}
