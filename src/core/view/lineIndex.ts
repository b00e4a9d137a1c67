/**
 * Byte offsets of every line start of a (possibly huge) file, built by streaming it once, so any
 * window of lines can be read back by offset without loading the file. Used by the large-file view.
 */
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { pipeline } from 'node:stream/promises';

export interface LineIndex {
  file: string;
  size: number;
  mtimeMs: number;
  /** Number of lines (a final line without newline counts; an empty file has 0). */
  lineCount: number;
  /** `starts[i]` is the byte offset where 1-based line i+1 begins; `starts[lineCount]` is the file size. */
  starts: Float64Array;
}

export async function buildLineIndex(file: string, signal?: AbortSignal): Promise<LineIndex> {
  const stat = await fs.promises.stat(file);
  let starts = new Float64Array(1024);
  let count = 0;
  const add = (offset: number) => {
    if (count === starts.length) {
      const grown = new Float64Array(starts.length * 2);
      grown.set(starts);
      starts = grown;
    }
    starts[count++] = offset;
  };
  if (stat.size > 0) add(0);
  let base = 0;
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 20, signal });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let at = chunk.indexOf(10);
    while (at !== -1) {
      const next = base + at + 1;
      if (next < stat.size) add(next);
      at = chunk.indexOf(10, at + 1);
    }
    base += chunk.length;
  }
  const lineCount = count;
  add(stat.size);
  return { file, size: stat.size, mtimeMs: stat.mtimeMs, lineCount, starts: starts.slice(0, count) };
}

/** Lines `[first, first + count)` (1-based), without their line terminators. */
export async function readLines(index: LineIndex, first: number, count: number): Promise<string[]> {
  const from = Math.max(1, first);
  const to = Math.min(index.lineCount, from + count - 1);
  if (to < from) return [];
  const start = index.starts[from - 1];
  const end = index.starts[to];
  const handle = await fs.promises.open(index.file, 'r');
  try {
    const buf = Buffer.alloc(end - start);
    await handle.read(buf, 0, buf.length, start);
    const lines = buf.toString('utf8').split('\n');
    if (lines.length > to - from + 1) lines.length = to - from + 1;
    return lines.map((l, i) => stripLine(l, from + i === 1));
  } finally {
    await handle.close();
  }
}

function stripLine(line: string, first: boolean): string {
  let out = line.endsWith('\r') ? line.slice(0, -1) : line;
  if (first && out.charCodeAt(0) === 0xfeff) out = out.slice(1);
  return out;
}

/** Decompresses a gzip file to `dest` (written to a temporary name first, then renamed). */
export async function gunzipTo(src: string, dest: string, signal?: AbortSignal): Promise<void> {
  const tmp = `${dest}.${process.pid}.partial`;
  try {
    await pipeline(fs.createReadStream(src), zlib.createGunzip(), fs.createWriteStream(tmp), { signal });
    await fs.promises.rename(tmp, dest);
  } catch (err) {
    await fs.promises.rm(tmp, { force: true });
    throw err;
  }
}
