/**
 * A worker thread that analyses the segments of files it is sent, as one shard, and returns its
 * shard summary at the end. Bundled as dist/shardWorker.js (and compiled beside this file).
 */
import * as v8 from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { AnalysisSession, type FileReader } from '../analyze';
import { builtinRuleSet, loadRuleSet } from '../detect';
import { singleChunk, splitLines } from '../ingest/lineReader';
import type { FromShard, ShardOptions, ToShard } from './protocol';
import { DEFAULT_MAX_LINE_BYTES } from '../ingest/lineReader';

const options = workerData as ShardOptions;
const port = parentPort!;
const send = (message: FromShard): void => port.postMessage(message);

const rules = options.rulesFiles?.length ? loadRuleSet(options.rulesFiles) : builtinRuleSet();
const session = new AnalysisSession(rules, options);
const files = new Map<number, FileReader>();
let records = 0;

async function handle(message: ToShard): Promise<void> {
  if (message.type === 'file') {
    files.set(message.fileIndex, session.openFile(message.path, message.bytesTotal, message.samples));
  } else if (message.type === 'segment') {
    const reader = files.get(message.fileIndex)!;
    const bytes = Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength);
    for await (const batch of splitLines(singleChunk(bytes), options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES, message.position)) {
      reader.consume(batch);
      for (const e of batch) if (e.kind === 'text') records++;
    }
    const done: FromShard = { type: 'done', records, buffer: message.bytes.buffer as ArrayBuffer };
    port.postMessage(done, [done.buffer]);
  } else {
    for (const reader of files.values()) reader.end();
    // Posting the summary object would clone its whole graph into the main thread's heap while
    // this heap still holds it (both shards' at once, on top of the serializer's buffers). One
    // flat buffer, transferred, lets the main thread expand and merge one shard at a time.
    const serialized = v8.serialize(session.toSummary());
    const bytes =
      serialized.byteOffset === 0 && serialized.byteLength === serialized.buffer.byteLength ? (serialized.buffer as ArrayBuffer) : new Uint8Array(serialized).buffer;
    port.postMessage({ type: 'summary', bytes } satisfies FromShard, [bytes]);
  }
}

let queue = Promise.resolve();
port.on('message', (message: ToShard) => {
  queue = queue.then(() => handle(message)).catch((e: Error) => send({ type: 'error', message: e.message, stack: e.stack }));
});
send({ type: 'ready' });
