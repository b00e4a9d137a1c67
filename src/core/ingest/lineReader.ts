/**
 * Streams a log file as numbered lines (JSONL/NDJSON) or array elements (a top-level JSON
 * array), gzip'd or not, with memory bounded by the longest accepted line. Every physical
 * line (or array element) comes out exactly once as a record candidate, a blank, or a
 * malformed entry with a reason, so totals always add up.
 */
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { splitArrayElements } from './arraySplitter';

export type LineEvent =
  | { kind: 'text'; line: number; text: string; bytes: [number, number]; last: boolean }
  | { kind: 'blank'; line: number }
  | { kind: 'malformed'; line: number; error: string };

export interface ReadOptions {
  /** Lines longer than this many bytes are reported as malformed and skipped without buffering them. */
  maxLineBytes?: number;
  signal?: AbortSignal;
  /** Called with the compressed (on-disk) bytes read so far. */
  onBytes?: (bytesRead: number) => void;
  /** Read size; larger is faster, smaller bounds memory. */
  chunkBytes?: number;
}

export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;

const GZIP_MAGIC = [0x1f, 0x8b];
const UTF8_BOM = [0xef, 0xbb, 0xbf];
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const REPLACEMENT_CHAR = '\uFFFD';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Opens the file and yields its bytes, decompressed when the file starts with the gzip magic number. */
export async function* readFileBytes(path: string, options: ReadOptions = {}): AsyncGenerator<Buffer> {
  const head = Buffer.alloc(2);
  const fd = await fs.promises.open(path, 'r');
  try {
    await fd.read(head, 0, 2, 0);
  } finally {
    await fd.close();
  }
  // No 'data' listener here: it would switch the stream to flowing mode and read the whole file
  // into memory ahead of a slower consumer. The async iterator below keeps backpressure.
  const raw = fs.createReadStream(path, { highWaterMark: options.chunkBytes ?? 1 << 20 });
  const gzipped = head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  const source: AsyncIterable<Buffer> = gzipped ? raw.pipe(zlib.createGunzip({ chunkSize: 1 << 18 })) : raw;
  if (gzipped) raw.on('error', (e) => (source as zlib.Gunzip).destroy(e));
  try {
    for await (const chunk of source) {
      if (options.signal?.aborted) throw abortError();
      options.onBytes?.(raw.bytesRead);
      yield chunk;
    }
  } catch (e) {
    throw gzipped && isZlibError(e) ? new Error(`gzip stream is corrupt or truncated: ${(e as Error).message}`) : e;
  } finally {
    raw.destroy();
  }
}

function isZlibError(e: unknown): boolean {
  return typeof (e as { code?: unknown }).code === 'string' && String((e as { code: string }).code).startsWith('Z_');
}

export function abortError(): Error {
  const e = new Error('The analysis was cancelled.');
  e.name = 'AbortError';
  return e;
}

/**
 * Yields batches of line events. Detects a top-level JSON array by its first non-blank byte
 * and then yields one event per array element (its first line as `line`).
 */
export async function* readLogLines(path: string, options: ReadOptions = {}): AsyncGenerator<LineEvent[]> {
  const chunks = readFileBytes(path, options);
  const first = await firstMeaningfulChunk(chunks);
  if (!first) return;
  const rest = prepend(first.chunk, chunks);
  if (first.startsArray) {
    yield* splitArrayElements(rest, options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
  } else {
    yield* splitLines(rest, options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
  }
}

async function firstMeaningfulChunk(chunks: AsyncGenerator<Buffer>): Promise<{ chunk: Buffer; startsArray: boolean } | null> {
  let collected: Buffer = Buffer.alloc(0);
  // Pull with next(): a for-await loop would close the generator when we return early.
  for (let step = await chunks.next(); !step.done; step = await chunks.next()) {
    const chunk = step.value;
    collected = collected.length ? Buffer.concat([collected, chunk]) : chunk;
    let i = hasBom(collected) ? UTF8_BOM.length : 0;
    while (i < collected.length && isJsonWhitespace(collected[i])) i++;
    if (i < collected.length) return { chunk: collected, startsArray: collected[i] === 0x5b };
    if (collected.length > 1 << 20) return { chunk: collected, startsArray: false };
  }
  return collected.length ? { chunk: collected, startsArray: false } : null;
}

async function* prepend(first: Buffer, rest: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
  yield first;
  yield* rest;
}

/** One buffer as a chunk stream, for splitting a segment that is already in memory. */
export async function* singleChunk(buffer: Buffer): AsyncGenerator<Buffer> {
  yield buffer;
}

export function hasBom(buf: Buffer): boolean {
  return buf.length >= 3 && buf[0] === UTF8_BOM[0] && buf[1] === UTF8_BOM[1] && buf[2] === UTF8_BOM[2];
}

export function isJsonWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/**
 * Decodes one line's bytes. Node's toString() replaces invalid sequences with U+FFFD; only when
 * that character shows up do we pay for a strict decode to tell a real U+FFFD from broken bytes.
 */
export function decodeUtf8(bytes: Buffer): { text: string } | { error: string } {
  const text = bytes.toString('utf8');
  if (text.includes(REPLACEMENT_CHAR)) {
    try {
      strictUtf8.decode(bytes);
    } catch {
      return { error: `invalid UTF-8 at byte ${firstInvalidUtf8Byte(bytes)} of the line` };
    }
  }
  return { text };
}

function firstInvalidUtf8Byte(bytes: Buffer): number {
  let lo = 0;
  let hi = bytes.length;
  // Binary search for the shortest invalid prefix; a prefix ending mid-character is also "invalid", so step back over continuation bytes.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    try {
      strictUtf8.decode(bytes.subarray(0, mid + 1));
      lo = mid + 1;
    } catch {
      hi = mid;
    }
  }
  while (lo > 0 && (bytes[lo] & 0xc0) === 0x80) lo--;
  return lo;
}

/** Where a run of bytes starts in its file, for splitting a segment of a file (worker threads). */
export interface LinePosition {
  /** Lines before the first byte. */
  line: number;
  /** Byte offset (decompressed) of the first byte. */
  byte: number;
  /** True when the first byte is the file's first (a BOM is stripped only there). */
  atFileStart: boolean;
}

export async function* splitLines(chunks: AsyncIterable<Buffer> | Iterable<Buffer>, maxLineBytes: number, from: LinePosition = { line: 0, byte: 0, atFileStart: true }): AsyncGenerator<LineEvent[]> {
  let lineNo = from.line;
  let offset = from.byte; // byte offset (decompressed) of the start of `pending`
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let overlongBytes = 0; // > 0 while skipping the rest of a too-long line
  let firstLine = from.atFileStart;

  const finishLine = (bytes: Buffer | null, start: number, length: number, last: boolean, out: LineEvent[]): void => {
    lineNo++;
    if (overlongBytes > 0 || bytes === null) {
      out.push({ kind: 'malformed', line: lineNo, error: `line is ${formatBytes(length)}, longer than the ${formatBytes(maxLineBytes)} limit; skipped` });
      overlongBytes = 0;
      return;
    }
    let s = 0;
    let e = bytes.length;
    if (firstLine && hasBom(bytes)) s = UTF8_BOM.length;
    firstLine = false;
    if (e > s && bytes[e - 1] === CARRIAGE_RETURN) e--;
    let i = s;
    while (i < e && isJsonWhitespace(bytes[i])) i++;
    if (i === e) {
      out.push({ kind: 'blank', line: lineNo });
      return;
    }
    const decoded = decodeUtf8(bytes.subarray(s, e));
    if ('error' in decoded) out.push({ kind: 'malformed', line: lineNo, error: decoded.error });
    else out.push({ kind: 'text', line: lineNo, text: decoded.text, bytes: [start + s, start + e], last });
  };

  for await (const chunk of chunks) {
    const out: LineEvent[] = [];
    let pos = 0;
    for (;;) {
      const nl = chunk.indexOf(NEWLINE, pos);
      if (nl < 0) break;
      const piece = chunk.subarray(pos, nl);
      const length = pendingBytes + overlongBytes + piece.length;
      if (overlongBytes > 0 || length > maxLineBytes) {
        finishLine(null, offset, length, false, out);
      } else {
        const line = pending.length ? Buffer.concat([...pending, piece]) : piece;
        finishLine(line, offset, line.length, false, out);
      }
      offset += length + 1;
      pending = [];
      pendingBytes = 0;
      pos = nl + 1;
    }
    if (pos < chunk.length) {
      const piece = chunk.subarray(pos);
      if (overlongBytes > 0 || pendingBytes + piece.length > maxLineBytes) {
        overlongBytes += pendingBytes + piece.length;
        pending = [];
        pendingBytes = 0;
      } else {
        // Copy: the stream may reuse the chunk's memory.
        pending.push(Buffer.from(piece));
        pendingBytes += piece.length;
      }
    }
    if (out.length) yield out;
  }
  if (pendingBytes > 0 || overlongBytes > 0) {
    const out: LineEvent[] = [];
    if (overlongBytes > 0) finishLine(null, offset, overlongBytes, true, out);
    else finishLine(Buffer.concat(pending), offset, pendingBytes, true, out);
    yield out;
  }
}

export function formatBytes(n: number): string {
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MB`;
  if (n >= 1 << 10) return `${(n / (1 << 10)).toFixed(1)} KB`;
  return `${n} bytes`;
}
