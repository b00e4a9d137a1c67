/**
 * The findings file's text form: parse with errors a person can act on, and a canonical
 * serialisation (keys sorted at every level, 2-space indent, trailing newline) so that two
 * reviewers' additions of different subjects land on different lines and merge in git.
 */
import { parseSubjectKey, VERDICTS, type StoredAnnotation } from './model';

export const FINDINGS_FILE_VERSION = 1;
export const DEFAULT_FINDINGS_PATH = '.prompt-forensics/findings.json';

export class FindingsFileError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(`${file}${line !== undefined ? `:${line}:${column ?? 1}` : ''}: ${problem}`);
  }
}

export type AnnotationMap = Map<string, StoredAnnotation>;

const ENTRY_FIELDS = new Set(['verdict', 'note', 'author', 'time', 'accounts', 'fingerprint']);

/** Parses and validates the whole file; the first problem found is thrown as a FindingsFileError. */
export function parseFindingsFile(text: string, file: string): AnnotationMap {
  const body = text.replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (e) {
    const { line, column } = jsonErrorPosition((e as Error).message, body);
    const reason = (e as Error).message.split(/,? "|\bin JSON\b/)[0].trim().replace(/\.$/, '');
    throw new FindingsFileError(file, `invalid JSON: ${reason}`, line, column);
  }
  const fail = (problem: string): never => {
    throw new FindingsFileError(file, problem);
  };
  if (!isObject(data)) return fail('must be a JSON object {"version": 1, "annotations": {…}}');
  for (const key of Object.keys(data)) if (key !== 'version' && key !== 'annotations') fail(`unknown top-level field "${key}" (allowed: version, annotations)`);
  if (data.version !== FINDINGS_FILE_VERSION) {
    fail(`unsupported version ${JSON.stringify(data.version)} (this tool reads version ${FINDINGS_FILE_VERSION}${typeof data.version === 'number' && data.version > FINDINGS_FILE_VERSION ? '; written by a newer prompt-forensics?' : ''})`);
  }
  if (!isObject(data.annotations)) return fail('"annotations" must be an object of "<kind>:<id>": {verdict, note, author, time}');
  const out: AnnotationMap = new Map();
  for (const [key, raw] of Object.entries(data.annotations)) out.set(key, validateEntry(key, raw, fail));
  return out;
}

function validateEntry(key: string, raw: unknown, fail: (problem: string) => never): StoredAnnotation {
  const where = `annotation "${key}"`;
  const subject = parseSubjectKey(key);
  if (!subject) fail(`${where}: the key must be "<kind>:<id>" with kind template, account, campaign or record`);
  if (!isObject(raw)) return fail(`${where}: must be an object`);
  for (const field of Object.keys(raw)) if (!ENTRY_FIELDS.has(field)) fail(`${where}: unknown field "${field}"`);
  if (typeof raw.verdict !== 'string' || !(VERDICTS as readonly string[]).includes(raw.verdict)) {
    fail(`${where}: "verdict" must be one of ${VERDICTS.join(', ')} (got ${JSON.stringify(raw.verdict)})`);
  }
  for (const field of ['note', 'author', 'time'] as const) if (typeof raw[field] !== 'string') fail(`${where}: "${field}" must be a string`);
  if (Number.isNaN(Date.parse(raw.time as string))) fail(`${where}: "time" must be an ISO 8601 time (got ${JSON.stringify(raw.time)})`);
  const entry: StoredAnnotation = { verdict: raw.verdict as StoredAnnotation['verdict'], note: raw.note as string, author: raw.author as string, time: raw.time as string };
  if (raw.accounts !== undefined) {
    if (subject!.kind !== 'campaign') fail(`${where}: "accounts" belongs to campaign annotations only`);
    if (!Array.isArray(raw.accounts) || !raw.accounts.every((a) => typeof a === 'string')) fail(`${where}: "accounts" must be a list of strings`);
    entry.accounts = raw.accounts as string[];
  }
  if (raw.fingerprint !== undefined) {
    if (subject!.kind !== 'record') fail(`${where}: "fingerprint" belongs to record annotations only`);
    if (typeof raw.fingerprint !== 'string') fail(`${where}: "fingerprint" must be a string`);
    entry.fingerprint = raw.fingerprint as string;
  }
  return entry;
}

/** The canonical text: same annotations → same bytes, whatever order they were added in. */
export function serializeFindingsFile(annotations: AnnotationMap): string {
  const sorted: Record<string, StoredAnnotation> = {};
  for (const key of [...annotations.keys()].sort(compareKeys)) {
    const entry = annotations.get(key)!;
    sorted[key] = entry.accounts ? { ...entry, accounts: [...entry.accounts].sort(compareKeys) } : entry;
  }
  return JSON.stringify(sortKeysDeep({ version: FINDINGS_FILE_VERSION, annotations: sorted }), null, 2) + '\n';
}

/** Code-unit order, not locale order: the same on every machine. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(compareKeys)) if (value[key] !== undefined) out[key] = sortKeysDeep(value[key]);
  return out;
}

/** 1-based line and column of a V8 JSON.parse error (the end of the text when it has no position). */
export function jsonErrorPosition(message: string, text: string): { line: number; column: number } {
  const match = /position (\d+)/.exec(message) ?? /line (\d+) column (\d+)/.exec(message);
  let offset = text.length;
  if (match && match.length === 3) return { line: Number(match[1]), column: Number(match[2]) };
  if (match) offset = Number(match[1]);
  const before = text.slice(0, offset);
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
