/**
 * Analysis on several cores. The main thread only reads (and gunzips) the files and cuts them
 * into segments at line ends; worker threads parse, normalize, mine, detect and aggregate their
 * segments as independent shards; the shards' summaries are merged exactly as `merge` does for
 * summaries written by separate processes. JSON-array files are read on the main thread.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import { AnalysisSession, DETECTION_SAMPLE, emptyStageTimes, type AnalysisResult, type AnalyzeOptions, type FileReader, type ShardSummary } from '../analyze';
import { builtinRuleSet, loadRuleSet } from '../detect';
import { abortError, DEFAULT_MAX_LINE_BYTES, formatBytes, hasBom, isJsonWhitespace, readFileBytes, singleChunk, splitLines } from '../ingest/lineReader';
import type { FromShard, ShardOptions, ToShard } from './protocol';

/** Bytes per segment: big enough to amortise messaging, small enough to keep both workers busy. */
const SEGMENT_BYTES = 4 << 20;
/** Segments in flight per worker before the reader waits (bounds memory). */
const IN_FLIGHT = 3;
const NEWLINE = 0x0a;

/**
 * Old-generation heap per shard worker; `PF_SHARD_HEAP_MB` overrides it. A cap, not a reservation:
 * at 1M records (two workers, ~500k each) a shard's live state plus the summary `toSummary` builds
 * beside it exceeds 512 MB, so 384 and 512 ran out of memory at the end of the run.
 */
export function shardHeapMb(): number {
  const configured = Number(process.env.PF_SHARD_HEAP_MB);
  return Number.isFinite(configured) && configured >= 64 ? configured : 640;
}

/**
 * Workers to use by default: one per idle core, at most four, and none when fewer than two cores
 * are idle — on a busy machine the shards only add merge work and memory (each isolate has its
 * own heap), so one thread is faster there.
 */
export function defaultWorkerCount(): number {
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  const idle = cores - os.loadavg()[0];
  return idle >= 1.5 ? Math.min(4, Math.max(2, Math.floor(idle))) : 0;
}

class ShardWorker {
  private readonly worker: Worker;
  private inFlight = 0;
  private waiters: Array<() => void> = [];
  private summaryResolve?: (bytes: ArrayBuffer) => void;
  private failure?: Error;
  records = 0;
  readonly ready: Promise<void>;

  constructor(options: ShardOptions, onFailure: (e: Error) => void) {
    this.worker = new Worker(path.join(__dirname, 'shardWorker.js'), {
      workerData: options,
      // A bounded old generation makes V8 collect before the heap balloons (peak RSS), well above
      // what a shard keeps alive (bounded miner and per-account samples).
      resourceLimits: { maxOldGenerationSizeMb: shardHeapMb() },
    });
    let resolveReady!: () => void;
    this.ready = new Promise((r) => (resolveReady = r));
    this.worker.on('message', (m: FromShard) => {
      if (m.type === 'ready') resolveReady();
      else if (m.type === 'done') {
        this.records = m.records;
        releaseSegmentBuffer(m.buffer);
        this.inFlight--;
        this.waiters.shift()?.();
      } else if (m.type === 'summary') this.summaryResolve?.(m.bytes);
      else this.fail(new Error(`analysis worker failed: ${m.message}`), onFailure);
    });
    this.worker.on('error', (e) => {
      const outOfMemory = (e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.fail(outOfMemory ? new Error(`an analysis worker ran out of its ${shardHeapMb()} MB heap; set PF_SHARD_HEAP_MB higher`) : e, onFailure);
    });
    this.worker.on('exit', (code) => {
      if (code !== 0 && !this.summaryResolve) this.fail(new Error(`analysis worker exited with code ${code}`), onFailure);
    });
  }

  private fail(e: Error, onFailure: (e: Error) => void): void {
    if (this.failure) return;
    this.failure = e;
    onFailure(e);
    for (const w of this.waiters.splice(0)) w();
  }

  send(message: ToShard, transfer?: ArrayBuffer[]): void {
    this.worker.postMessage(message, transfer);
  }

  async sendSegment(message: Extract<ToShard, { type: 'segment' }>): Promise<void> {
    while (this.inFlight >= IN_FLIGHT && !this.failure) await new Promise<void>((r) => this.waiters.push(r));
    if (this.failure) throw this.failure;
    this.inFlight++;
    this.send(message, [message.bytes.buffer as ArrayBuffer]);
  }

  /** The shard's summary, serialized (see `FromShard`). */
  finish(): Promise<ArrayBuffer> {
    return new Promise((resolve) => {
      this.summaryResolve = resolve;
      this.send({ type: 'finish' });
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

export async function analyzeFilesParallel(paths: string[], options: AnalyzeOptions, workerCount: number): Promise<AnalysisResult> {
  const shardOptions: ShardOptions = {
    fieldMap: options.fieldMap,
    rulesFiles: options.rulesFiles,
    includeRecords: options.includeRecords,
    includePromptText: options.includePromptText,
    maxLineBytes: options.maxLineBytes,
    stageTimes: options.stageTimes ? emptyStageTimes() : undefined,
  };
  let failure: Error | undefined;
  let rejectRun: (e: Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (rejectRun = reject));
  failed.catch(() => undefined);
  const onFailure = (e: Error) => {
    failure = e;
    rejectRun(e);
  };
  const workers = Array.from({ length: workerCount }, () => new ShardWorker(shardOptions, onFailure));
  const abort = () => onFailure(abortError());
  options.signal?.addEventListener('abort', abort);
  try {
    await Promise.race([Promise.all(workers.map((w) => w.ready)), failed]);
    const rules = options.rulesFiles?.length ? loadRuleSet(options.rulesFiles) : builtinRuleSet();
    // The main thread's own shard: JSON-array files, and lines it must skip itself (too long to buffer).
    const main = new AnalysisSession(rules, options);
    let next = 0;
    for (let fileIndex = 0; fileIndex < paths.length; fileIndex++) {
      const file = paths[fileIndex];
      if (await startsWithArray(file)) {
        await main.readFile(file);
        continue;
      }
      await Promise.race([
        splitIntoSegments(file, fileIndex, options, main, workers, () => workers[next++ % workers.length], () => failure),
        failed,
      ]);
    }
    const summaries: Array<ArrayBuffer | undefined> = await Promise.race([Promise.all(workers.map((w) => w.finish())), failed]);
    // The workers' heaps are no longer needed: free them before the merge builds its own state.
    await Promise.all(workers.map((w) => w.terminate()));
    const merged = new AnalysisSession(rules, options);
    merged.mergeSummary(main.toSummary());
    for (let i = 0; i < summaries.length; i++) {
      // One shard's objects at a time: expanded, merged, then garbage.
      const summary = v8.deserialize(new Uint8Array(summaries[i]!)) as ShardSummary;
      summaries[i] = undefined;
      merged.mergeSummary(summary);
    }
    const summary = options.keepSummary ? merged.toSummary() : undefined;
    return { report: merged.finish(), summary };
  } finally {
    options.signal?.removeEventListener('abort', abort);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

async function startsWithArray(file: string): Promise<boolean> {
  for await (const chunk of readFileBytes(file, { chunkBytes: 1 << 16 })) {
    let i = hasBom(chunk) ? 3 : 0;
    while (i < chunk.length && isJsonWhitespace(chunk[i])) i++;
    if (i < chunk.length) return chunk[i] === 0x5b;
  }
  return false;
}

/**
 * Reads one JSONL file and hands it out in segments that end at a line end. The first records
 * (as text) go to every worker first, so each decides the format exactly as a one-thread run would.
 */
async function splitIntoSegments(
  file: string,
  fileIndex: number,
  options: AnalyzeOptions,
  main: AnalysisSession,
  workers: ShardWorker[],
  nextWorker: () => ShardWorker,
  failure: () => Error | undefined,
): Promise<void> {
  const bytesTotal = (await fs.promises.stat(file)).size;
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  let bytesRead = 0;
  let lastProgress = 0;
  let line = 0; // lines before `carry`
  let byte = 0; // file offset of `carry`
  let carry: Buffer = Buffer.alloc(0);
  let skipping = false; // inside a line too long to keep
  let samples: string[] | null = null;
  const held: Buffer[] = []; // segments read before the samples were complete
  let mainReader: FileReader | undefined;

  const dispatch = async (segment: Buffer): Promise<void> => {
    const position = { line, byte, atFileStart: byte === 0 };
    line += countNewlines(segment);
    byte += segment.length;
    if (options.onPartialReport && fileIndex === 0 && position.byte === 0) {
      // Early results: this thread analyses the very first segment itself and reports it.
      for await (const batch of splitLines(singleChunk(segment), maxLineBytes, position)) mainReader!.consume(batch);
      main.emitPartialReport();
      return;
    }
    const owned = segmentBuffer(segment.length);
    owned.set(segment);
    await nextWorker().sendSegment({ type: 'segment', fileIndex, position, bytes: owned });
  };
  const announce = async (found: string[]): Promise<void> => {
    samples = found;
    mainReader = main.openFile(file, bytesTotal, samples);
    for (const w of workers) w.send({ type: 'file', fileIndex, path: file, bytesTotal, samples });
    for (const segment of held.splice(0)) await dispatch(segment);
  };
  const emit = async (segment: Buffer): Promise<void> => {
    if (samples) return dispatch(segment);
    held.push(segment);
    const found = await firstRecordTexts(held, maxLineBytes);
    if (found.length >= DETECTION_SAMPLE) await announce(found);
  };

  const skipped = { line: 0, bytes: 0 }; // the over-long line being skipped
  const reportSkipped = async (): Promise<void> => {
    if (!samples) await announce(await firstRecordTexts(held, maxLineBytes));
    mainReader!.consume([{ kind: 'malformed', line: skipped.line, error: `line is ${formatBytes(skipped.bytes)}, longer than the ${formatBytes(maxLineBytes)} limit; skipped` }]);
  };

  for await (const chunk of readFileBytes(file, { signal: options.signal, onBytes: (n) => (bytesRead = n) })) {
    if (failure()) throw failure();
    let data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    carry = Buffer.alloc(0);
    if (skipping) {
      const nl = data.indexOf(NEWLINE);
      if (nl < 0) {
        skipped.bytes += data.length;
        byte += data.length;
        continue;
      }
      skipped.bytes += nl;
      await reportSkipped();
      line++;
      byte += nl + 1;
      data = data.subarray(nl + 1);
      skipping = false;
    }
    const cut = data.lastIndexOf(NEWLINE);
    const unfinished = data.length - (cut + 1);
    if (unfinished > maxLineBytes) {
      // A line longer than the limit: hand out the lines before it, then skip it without keeping it.
      if (cut >= 0) await emit(data.subarray(0, cut + 1));
      skipping = true;
      skipped.line = line + 1;
      skipped.bytes = unfinished;
      byte += unfinished;
    } else if (cut + 1 >= SEGMENT_BYTES) {
      await emit(data.subarray(0, cut + 1));
      carry = Buffer.from(data.subarray(cut + 1));
    } else {
      carry = data === chunk ? Buffer.from(data) : data;
    }
    const now = Date.now();
    if (options.onProgress && now - lastProgress >= 200) {
      lastProgress = now;
      options.onProgress({ file, bytesRead, bytesTotal, records: workers.reduce((n, w) => n + w.records, 0) });
    }
  }
  if (skipping) await reportSkipped();
  else if (carry.length) await emit(carry);
  if (!samples) await announce(await firstRecordTexts(held, maxLineBytes));
  mainReader!.end();
  options.onProgress?.({ file, bytesRead: bytesTotal, bytesTotal, records: workers.reduce((n, w) => n + w.records, 0) });
}

/**
 * Segment memory goes to a worker and comes back when it is done: reusing it keeps memory flat,
 * where fresh buffers would pile up until the next (rare) collection in each thread.
 */
const freeBuffers: ArrayBuffer[] = [];

function segmentBuffer(length: number): Uint8Array {
  const i = freeBuffers.findIndex((b) => b.byteLength >= length);
  const buffer = i >= 0 ? freeBuffers.splice(i, 1)[0] : new ArrayBuffer(Math.max(length, SEGMENT_BYTES + (1 << 20)));
  return new Uint8Array(buffer, 0, length);
}

function releaseSegmentBuffer(buffer: ArrayBuffer): void {
  if (freeBuffers.length < 16) freeBuffers.push(buffer);
}

function countNewlines(buf: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(NEWLINE); i >= 0; i = buf.indexOf(NEWLINE, i + 1)) n++;
  return n;
}

/** The first records of a file that parse, as text, the way the line reader would see them. */
async function firstRecordTexts(segments: Buffer[], maxLineBytes: number): Promise<string[]> {
  const found: string[] = [];
  // The same line splitting as the workers (BOM, CR, UTF-8 checks), over the file's first segments.
  for await (const batch of splitLines(segments, maxLineBytes)) {
    for (const event of batch) {
      if (event.kind !== 'text' || found.length >= DETECTION_SAMPLE) continue;
      try {
        JSON.parse(event.text);
        found.push(event.text);
      } catch {
        // malformed lines are the workers' to report
      }
    }
  }
  return found;
}
