/**
 * Splits a top-level JSON array into its elements without parsing them, so a multi-gigabyte
 * `.json` export streams like JSONL. Works on bytes: in UTF-8 every byte of a multi-byte
 * character is >= 0x80, so structural characters can never be confused with string content.
 */
import type { LineEvent } from './lineReader';
import { decodeUtf8, formatBytes, hasBom, isJsonWhitespace } from './lineReader';

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const NEWLINE = 0x0a;

export async function* splitArrayElements(chunks: AsyncIterable<Buffer>, maxElementBytes: number): AsyncGenerator<LineEvent[]> {
  let lineNo = 1;
  let offset = 0; // absolute byte offset of the current chunk's start
  let depth = 0; // 0 = before the array, 1 = inside the top-level array, > 1 = inside an element
  let inString = false;
  let escaped = false;
  let ended = false;
  let first = true;

  let element: Buffer[] = [];
  let elementBytes = 0;
  let elementStart = -1; // absolute offset of the element's first byte, -1 when between elements
  let elementLine = 0;
  let overlong = false;

  const emit = (out: LineEvent[], end: number): void => {
    if (elementStart < 0) return;
    if (overlong) {
      out.push({ kind: 'malformed', line: elementLine, error: `array element is ${formatBytes(end - elementStart)}, longer than the ${formatBytes(maxElementBytes)} limit; skipped` });
    } else {
      const bytes = Buffer.concat(element);
      let e = bytes.length;
      while (e > 0 && isJsonWhitespace(bytes[e - 1])) e--;
      const decoded = decodeUtf8(bytes.subarray(0, e));
      if ('error' in decoded) out.push({ kind: 'malformed', line: elementLine, error: decoded.error });
      else out.push({ kind: 'text', line: elementLine, text: decoded.text, bytes: [elementStart, elementStart + e], last: false });
    }
    element = [];
    elementBytes = 0;
    elementStart = -1;
    overlong = false;
  };

  for await (let chunk of chunks) {
    const out: LineEvent[] = [];
    if (first && hasBom(chunk)) {
      chunk = chunk.subarray(3);
      offset += 3;
    }
    first = false;
    let sliceFrom = elementStart >= 0 ? 0 : -1; // where the current element's bytes start within this chunk
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === NEWLINE) lineNo++;
      if (ended) {
        if (!isJsonWhitespace(b)) {
          out.push({ kind: 'malformed', line: lineNo, error: 'unexpected content after the end of the top-level JSON array' });
          ended = false; // report once; the rest is ignored
          depth = -1;
        }
        continue;
      }
      if (depth < 0) continue;
      if (inString) {
        if (escaped) escaped = false;
        else if (b === BACKSLASH) escaped = true;
        else if (b === QUOTE) inString = false;
        continue;
      }
      if (depth === 1 && elementStart < 0) {
        if (isJsonWhitespace(b) || b === COMMA) continue;
        if (b === CLOSE_BRACKET) {
          depth = 0;
          ended = true;
          continue;
        }
        elementStart = offset + i;
        elementLine = lineNo;
        sliceFrom = i;
      }
      if (b === QUOTE) inString = true;
      else if (b === OPEN_BRACE || b === OPEN_BRACKET) depth++;
      else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
        if (depth === 1) {
          // `]` closing the array right after an element without a comma.
          flushSlice(chunk, sliceFrom, i);
          emit(out, offset + i);
          sliceFrom = -1;
          depth = 0;
          ended = true;
          continue;
        }
        depth--;
      } else if (b === COMMA && depth === 1) {
        flushSlice(chunk, sliceFrom, i);
        emit(out, offset + i);
        sliceFrom = -1;
      }
    }
    if (elementStart >= 0) flushSlice(chunk, sliceFrom, chunk.length);
    offset += chunk.length;
    if (out.length) yield out;
  }
  if (elementStart >= 0) {
    const out: LineEvent[] = [];
    if (depth === 1 && !inString) emit(out, offset); // complete element, only the closing `]` is missing
    else out.push({ kind: 'malformed', line: elementLine, error: 'truncated array element: the file ends before the element is closed' });
    yield out;
  }

  function flushSlice(chunk: Buffer, from: number, to: number): void {
    if (from < 0 || to <= from) return;
    if (overlong) return;
    elementBytes += to - from;
    if (elementBytes > maxElementBytes) {
      overlong = true;
      element = [];
      return;
    }
    element.push(Buffer.from(chunk.subarray(from, to)));
  }
}
