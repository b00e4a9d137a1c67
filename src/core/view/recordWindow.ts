/**
 * The large-file view's text: a window of lines of a log, raw (one line per record, so the core's
 * spans apply unchanged) or pretty-printed (a JSONC array, each record indented under a `// line N` comment).
 * Also the URI query that names a window, so the view can be reopened and navigated.
 */

export type WindowMode = 'raw' | 'pretty';

export interface WindowRequest {
  /** 1-based first line of the window. */
  start: number;
  count: number;
  mode: WindowMode;
}

export const DEFAULT_WINDOW = 400;

export function windowQuery(w: WindowRequest): string {
  return `start=${w.start}&count=${w.count}&mode=${w.mode}`;
}

export function parseWindowQuery(query: string): WindowRequest {
  const params = new URLSearchParams(query);
  const num = (k: string, d: number) => {
    const n = Number(params.get(k));
    return Number.isInteger(n) && n > 0 ? n : d;
  };
  return { start: num('start', 1), count: Math.min(num('count', DEFAULT_WINDOW), 5000), mode: params.get('mode') === 'pretty' ? 'pretty' : 'raw' };
}

/** A window of `count` lines that contains `line`, with `line` near its top third. */
export function windowAround(line: number, lineCount: number, count = DEFAULT_WINDOW, mode: WindowMode = 'raw'): WindowRequest {
  const start = Math.max(1, Math.min(line - Math.floor(count / 3), Math.max(1, lineCount - count + 1)));
  return { start, count, mode };
}

export interface RenderedWindow {
  text: string;
  /** For each file line shown: the 0-based document line where it starts. */
  docLineOf: Map<number, number>;
  /** For each document line: the file line it belongs to. */
  fileLineOf: number[];
  /** Rendered text of each file line (same as raw in raw mode). */
  renderedOf: Map<number, string>;
}

export function renderWindow(lines: readonly string[], start: number, mode: WindowMode): RenderedWindow {
  const docLineOf = new Map<number, number>();
  const fileLineOf: number[] = [];
  const renderedOf = new Map<number, string>();
  const out: string[] = [];
  if (mode === 'raw') {
    lines.forEach((raw, i) => {
      docLineOf.set(start + i, out.length);
      fileLineOf.push(start + i);
      renderedOf.set(start + i, raw);
      out.push(raw);
    });
    return { text: out.join('\n'), docLineOf, fileLineOf, renderedOf };
  }
  // Pretty: one JSON(C) array of the window's records, each under a `// line N` comment, so the
  // document is valid JSON with comments and only malformed records show errors.
  const shown = lines.map((raw, i) => ({ raw, fileLine: start + i })).filter((l) => l.raw.trim());
  out.push('[');
  fileLineOf.push(shown[0]?.fileLine ?? start);
  shown.forEach(({ raw, fileLine }, i) => {
    out.push(`// line ${fileLine}`);
    fileLineOf.push(fileLine);
    docLineOf.set(fileLine, out.length);
    const pretty = prettyJson(raw);
    renderedOf.set(fileLine, pretty);
    const prettyLines = pretty.split('\n');
    if (i < shown.length - 1) prettyLines[prettyLines.length - 1] += ',';
    for (const l of prettyLines) {
      out.push(l);
      fileLineOf.push(fileLine);
    }
  });
  out.push(']');
  fileLineOf.push(shown[shown.length - 1]?.fileLine ?? start);
  return { text: out.join('\n'), docLineOf, fileLineOf, renderedOf };
}

function prettyJson(raw: string): string {
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw;
  }
}

/** Converts an offset in a multi-line string to (line, character), both 0-based. */
export function offsetToPosition(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

/** The UTF-16 column in `line` of a UTF-8 byte offset into it (clamped to the line). */
export function charColumnOfByte(line: string, byte: number): number {
  let bytes = 0;
  let i = 0;
  while (i < line.length && bytes < byte) {
    const code = line.codePointAt(i)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    i += code > 0xffff ? 2 : 1;
  }
  return i;
}
