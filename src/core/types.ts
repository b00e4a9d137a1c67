/**
 * The shared vocabulary of the analysis core. Everything here is plain data
 * (JSON-serialisable) so it can cross worker-thread boundaries and be written
 * into reports unchanged.
 */

/** `[start, end)` as 0-based UTF-16 columns of the raw line (or of the raw JSON element for array files). */
export type Span = [number, number];

/** A JSON path into a parsed record, e.g. `["body", "messages", 2, "content"]`. */
export type JsonPath = ReadonlyArray<string | number>;

/** The forensic signals every adapter tries to fill, in the order reports list them. */
export const SIGNALS = [
  'time',
  'account',
  'org',
  'payment',
  'ip',
  'userAgent',
  'model',
] as const;
export type Signal = (typeof SIGNALS)[number];

export type Role = 'system' | 'user' | 'assistant' | 'tool' | 'other';

export interface ToolCall {
  name: string;
  /** Arguments as the log had them, stringified when they were an object. */
  arguments?: string;
}

export interface Turn {
  role: Role;
  /** The text of the turn; parts are joined with "\n". Empty string when the turn has no text. */
  text: string;
  /**
   * Where the text lives in the parsed record. When the text came from a single JSON
   * string value, its span in the raw line can be recovered from this path (see spans.ts).
   * Absent when the text was assembled from several values.
   */
  path?: JsonPath;
  /**
   * When the string at `path` holds JSON text (OTel exporters write `gen_ai.input.messages` as a
   * string, gateways store whole request bodies as strings): the path of the turn's text inside
   * that JSON text. `span` then covers the text as the raw line writes it (two levels of escapes):
   * map ranges of the text with `rawRangeOfText` (spans.ts), not with `rawColumnAt`.
   */
  innerPath?: JsonPath;
  /** Filled by `attachSpans`: the text's span in the raw line, escape-aware. */
  span?: Span;
  toolCalls?: ToolCall[];
}

export interface Usage {
  inputTokens?: number;
  outputTokens?: number;
}

/** One log record, whatever its export shape, in the product's own terms. */
export interface NormalizedRecord {
  file: string;
  /** 1-based line number where the record starts. */
  line: number;
  /** Byte range of the raw record in the (decompressed) file: `[start, end)`. */
  bytes: [number, number];
  /** Epoch milliseconds, when the record has a time. */
  time?: number;
  account?: string;
  org?: string;
  payment?: string;
  ip?: string;
  userAgent?: string;
  model?: string;
  system?: string;
  /** Where the system prompt lives when it is one JSON string, like `Turn.path`; absent when assembled from several values. */
  systemPath?: JsonPath;
  /** Like `Turn.innerPath`, for the system prompt. */
  systemInnerPath?: JsonPath;
  turns: Turn[];
  /** Number of user + assistant turns in the request (conversation depth). */
  turnCount: number;
  /** Index into `turns` of the prompt of interest (the last user turn), or -1 when there is none. */
  promptIndex: number;
  response?: string;
  usage?: Usage;
  stopReason?: string;
}

export interface MalformedLine {
  line: number;
  error: string;
}

/** Per-file accounting and what format detection decided. Totals always add up: records + malformed + blank = lines. */
export interface FileSummary {
  path: string;
  format: string;
  lines: number;
  records: number;
  blank: number;
  malformed: MalformedLine[];
  /** For each signal, the field path that was used (dotted), when one was found. */
  fields: Partial<Record<Signal | 'prompt' | 'response', string>>;
  missingSignals: Signal[];
  /** Signals absent from the records format detection looked at, found further on (their field is in `fields`). */
  lateSignals?: LateSignal[];
  bytes: number;
}

/** A signal first seen after the detection sample: its field and the 1-based line where it was noticed (every record is checked at first, then one in eight). */
export interface LateSignal {
  signal: Signal;
  field: string;
  line: number;
}

export type Severity = 'high' | 'medium' | 'low';

export interface Finding {
  rule: string;
  family: string;
  severity: Severity;
  /** Span of the triggering phrase in the raw line (UTF-16 columns). */
  span: Span;
  explanation: string;
}
