/**
 * `prompt-forensics`: a thin shell over the analysis core.
 * Exit codes: 0 success, 2 usage error or unreadable input, 1 unexpected failure or a
 * `--fail-on` condition met.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import * as zlib from 'node:zlib';
import { analyzeFiles, mergeSummaries, type AnalyzeProgress, type FieldOverrides, type ShardSummary } from '../core/analyze';
import { loadRuleSet } from '../core/detect';
import { toSarif, type RuleInfo } from '../core/export/sarif';
import { parseFieldMapping } from '../core/formats';
import { limitHeapGrowth } from '../core/memory';
import { renderMarkdown } from '../core/report/markdown';
import type { Report } from '../core/report/model';
import { applyAnnotations, DEFAULT_FINDINGS_PATH, describeCampaignMatch, FindingsFileError, readFindingsFile, unannotatedSuspected, type AnnotationMap, type ReviewState } from '../core/review';
import { PromptIndex } from '../core/search';
import { TOOL_NAME, TOOL_VERSION } from '../core/version';

const HELP = `${TOOL_NAME} ${TOOL_VERSION} — forensics on exported LLM prompt logs

Usage:
  ${TOOL_NAME} analyze <files or folders…> [options]
  ${TOOL_NAME} search <files or folders…> <query> [--limit N] [--json]
  ${TOOL_NAME} merge <summary files…> [--out FILE] [--format json|md|sarif] [--records]
                   [--threshold N] [--findings FILE] [--fail-on new-suspected]

Inputs: .jsonl, .ndjson, .json (a top-level array) and any of them gzip'd (.gz).
Folders are searched (not recursively) for such files.

analyze options:
  --out FILE             write the report to FILE instead of standard output
  --format json|md|sarif report format (default json; md = a reviewer's Markdown report;
                         sarif = SARIF 2.1.0, one result per finding, for code-scanning tools)
  --records              include per-record entries (file, line, account, template, findings)
  --map SIGNAL=PATH      use PATH for SIGNAL (account, org, payment, ip, userAgent, time,
                         model, prompt, response); repeatable. e.g. --map account=meta.uid
  --rules FILE           add a rule pack (JSON or YAML; see docs/rules.md); repeatable
  --threshold N          campaign score at which a campaign is "suspected" (default 0.5)
  --findings FILE        reviewers' annotations to apply (docs/findings-file.md): verdict
                         badges and a Review section in md, suppressions in sarif (default
                         ${DEFAULT_FINDINGS_PATH} when it exists in the current folder)
  --fail-on new-suspected
                         exit with status 1 when a suspected campaign has no annotation
                         (the report is still written; the campaigns are listed on stderr)
  --summary-out FILE     also write this run's shard summary (mergeable; .gz to compress)
  --workers N            analyse in N worker threads (default 0: this thread); faster on
                         idle cores, but each worker has its own heap (more memory)
  --detect-threads N     run the detection rules in N worker threads beside the reading
                         one (default: none under 16 MiB of input or 4 cores, else cores - 1,
                         at most 3); the report is the same with any N

merge: builds the report of several shard summaries (from --summary-out), as if their
inputs had been analysed in one run. Give the summaries in the order of their input.
Its options mean what they mean for analyze; records (and SARIF results) need shards
analysed with --records.

search options:
  --limit N              results to show (default 20)
  --json                 print results as JSON lines

  -h, --help             show this help
  -v, --version          show the version

Exit status: 0 success, 1 a --fail-on condition was met, 2 usage error or unreadable input.`;

class UsageError extends Error {}

const LOG_FILE = /\.(jsonl|ndjson|json)(\.gz)?$|\.gz$/i;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(HELP + '\n');
    return command ? 0 : 2;
  }
  if (command === '-v' || command === '--version') {
    process.stdout.write(`${TOOL_VERSION}\n`);
    return 0;
  }
  try {
    if (command === 'analyze') return await analyzeCommand(rest);
    if (command === 'search') return await searchCommand(rest);
    if (command === 'merge') return await mergeCommand(rest);
    throw new UsageError(`unknown command "${command}" (try --help)`);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${TOOL_NAME}: ${e.message}\n`);
      return 2;
    }
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
      process.stderr.write(`${TOOL_NAME}: cannot read ${(e as NodeJS.ErrnoException).path ?? 'input'}: ${code === 'ENOENT' ? 'no such file' : code}\n`);
      return 2;
    }
    if (e instanceof Error && /rule|pack|--map|mapping/i.test(e.message)) {
      process.stderr.write(`${TOOL_NAME}: ${e.message.split('\n')[0]}\n`);
      return 2;
    }
    process.stderr.write(`${TOOL_NAME}: ${(e as Error).message}\n`);
    return 1;
  }
}

function parse<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    // Node's messages run over several lines ("…ambiguous.\nDid you forget…"): the first says it.
    throw new UsageError((e as Error).message.replace(/\. To specify.*$/s, '').split('\n')[0]);
  }
}

/** Options shared by the commands that write a report (analyze, merge). */
const REPORT_OPTIONS = {
  out: { type: 'string' },
  format: { type: 'string', default: 'json' },
  records: { type: 'boolean', default: false },
  threshold: { type: 'string' },
  findings: { type: 'string' },
  'fail-on': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

interface ReportRequest {
  format: ReportFormat;
  out: string | undefined;
  threshold: number | undefined;
  failOn: boolean;
  findingsFile: string | undefined;
  /** SARIF results are per finding, and findings live on records. */
  includeRecords: boolean;
}

function reportRequest(values: Record<string, unknown>): ReportRequest {
  const format = checkFormat(String(values.format));
  const failOn = values['fail-on'];
  if (failOn !== undefined && failOn !== 'new-suspected') throw new UsageError(`--fail-on must be new-suspected, not "${String(failOn)}"`);
  const findingsFile = values.findings === undefined ? (fs.existsSync(DEFAULT_FINDINGS_PATH) ? DEFAULT_FINDINGS_PATH : undefined) : String(values.findings);
  if (findingsFile !== undefined) assertReadable(findingsFile);
  return {
    format,
    out: values.out === undefined ? undefined : String(values.out),
    threshold: parseThreshold(values.threshold),
    failOn: failOn !== undefined,
    findingsFile,
    includeRecords: Boolean(values.records) || format === 'sarif',
  };
}

/** Writes the report as asked, applying annotations; returns the exit status. */
async function deliverReport(report: Report, request: ReportRequest, rules?: readonly RuleInfo[]): Promise<number> {
  const review = request.findingsFile === undefined ? undefined : applyAnnotations(report, await readAnnotations(request.findingsFile));
  writeReport(report, request.format, request.out, { review, rules });
  if (request.failOn) return failOnUnreviewed(report, review ?? applyAnnotations(report, new Map()), request.findingsFile);
  return 0;
}

async function analyzeCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    ...REPORT_OPTIONS,
    map: { type: 'string', multiple: true },
    rules: { type: 'string', multiple: true },
    'summary-out': { type: 'string' },
    workers: { type: 'string' },
    'detect-threads': { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const request = reportRequest(values);
  const files = expandInputs(positionals);
  const fieldMap: FieldOverrides = {};
  for (const spec of (values.map as string[] | undefined) ?? []) {
    try {
      const [key, value] = parseFieldMapping(spec);
      fieldMap[key] = value;
    } catch (e) {
      throw new UsageError(`--map ${spec}: ${(e as Error).message}`);
    }
  }
  const rulesFiles = ((values.rules as string[] | undefined) ?? []).map((f) => {
    assertReadable(f);
    return f;
  });

  const workers = threadCount(values.workers, '--workers');
  const detectionThreads = threadCount(values['detect-threads'], '--detect-threads');
  const progress = progressPrinter();
  const summaryOut = values['summary-out'] === undefined ? undefined : String(values['summary-out']);
  const { report, summary } = await analyzeFiles(files, {
    fieldMap,
    rulesFiles,
    campaignThreshold: request.threshold,
    includeRecords: request.includeRecords,
    keepSummary: summaryOut !== undefined,
    workers,
    detectionThreads,
    onProgress: progress.update,
  });
  progress.done();
  if (summaryOut) writeMaybeGzipped(summaryOut, JSON.stringify(summary));
  return deliverReport(report, request, rulesFiles.length ? loadRuleSet(rulesFiles).rules : undefined);
}

async function readAnnotations(file: string): Promise<AnnotationMap> {
  try {
    return await readFindingsFile(file);
  } catch (e) {
    if (e instanceof FindingsFileError) throw new UsageError(`${e.message} (fix the file; it was not changed)`);
    throw e;
  }
}

/** `--fail-on new-suspected`: 1, and the list on stderr, when a suspected campaign has no annotation covering it. */
function failOnUnreviewed(report: Report, review: ReviewState, findingsFile: string | undefined): number {
  const open = unannotatedSuspected(report, review);
  if (!open.length) return 0;
  process.stderr.write(`${TOOL_NAME}: ${open.length} suspected campaign${open.length === 1 ? ' has' : 's have'} no annotation in ${findingsFile ?? `${DEFAULT_FINDINGS_PATH} (not found)`}:\n`);
  for (const { campaign: c, related } of open) {
    const earlier = related ? `; ${describeCampaignMatch(related)}, too few to count` : '';
    process.stderr.write(`  ${c.id}  score ${c.score.toFixed(2)}, ${c.size} accounts, ${c.records} records${earlier}\n`);
  }
  return 1;
}

async function mergeCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, REPORT_OPTIONS);
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const request = reportRequest(values);
  if (!positionals.length) throw new UsageError('merge needs at least one summary file (from analyze --summary-out)');
  const summaries = positionals.map((file) => {
    assertReadable(file);
    const raw = fs.readFileSync(file);
    try {
      return JSON.parse((raw[0] === 0x1f && raw[1] === 0x8b ? zlib.gunzipSync(raw) : raw).toString('utf8')) as ShardSummary;
    } catch (e) {
      throw new UsageError(`${file}: not a readable shard summary (${(e as Error).message})`);
    }
  });
  if (request.includeRecords && summaries.some((s) => !s.kept)) {
    process.stderr.write(`${TOOL_NAME}: some summaries were written without --records, so their records (and SARIF results) are missing\n`);
  }
  let result;
  try {
    result = mergeSummaries(summaries, { includeRecords: request.includeRecords, campaignThreshold: request.threshold });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return deliverReport(result.report, request);
}

function writeReport(report: Report, format: ReportFormat, out: string | undefined, extras: { review?: ReviewState; rules?: readonly RuleInfo[] } = {}): void {
  const text =
    format === 'md'
      ? renderMarkdown(report, { review: extras.review })
      : format === 'sarif'
        ? JSON.stringify(toSarif(report, { review: extras.review, rules: extras.rules, baseDir: process.cwd() }), null, 2) + '\n'
        : JSON.stringify(report, null, 2) + '\n';
  if (!out) {
    process.stdout.write(text);
    return;
  }
  fs.writeFileSync(out, text);
  const malformed = report.input.files.reduce((n, f) => n + f.malformed.length, 0);
  process.stderr.write(`${TOOL_NAME}: ${report.summary.records} records, ${malformed} malformed lines, ${report.summary.templates} templates, ${report.summary.suspectedCampaigns} suspected campaigns → ${out}\n`);
}

function writeMaybeGzipped(file: string, text: string): void {
  fs.writeFileSync(file, file.endsWith('.gz') ? zlib.gzipSync(text) : text);
}

type ReportFormat = 'json' | 'md' | 'sarif';

function checkFormat(format: string): ReportFormat {
  if (format !== 'json' && format !== 'md' && format !== 'sarif') throw new UsageError(`--format must be json, md or sarif, not "${format}"`);
  return format;
}

function parseThreshold(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const threshold = Number(value);
  if (!(threshold >= 0 && threshold <= 1)) throw new UsageError(`--threshold must be a number from 0 to 1, not "${String(value)}"`);
  return threshold;
}

async function searchCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { limit: { type: 'string', default: '20' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  if (positionals.length < 2) throw new UsageError('search needs at least one file and a query');
  const query = positionals[positionals.length - 1];
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive whole number, not "${String(values.limit)}"`);
  const files = expandInputs(positionals.slice(0, -1));
  const progress = progressPrinter();
  const { report } = await analyzeFiles(files, { includeRecords: true, includePromptText: true, onProgress: progress.update });
  progress.done();
  const hits = PromptIndex.fromReport(report).search(query, limit);
  for (const h of hits) {
    if (values.json) process.stdout.write(JSON.stringify(h) + '\n');
    else if (h.kind === 'template') process.stdout.write(`template ${h.ref}  ${h.snippet}\n`);
    else process.stdout.write(`${h.ref}  account=${h.account ?? '-'} template=${h.template ?? '-'}  ${h.snippet}\n`);
  }
  if (!hits.length) process.stderr.write(`${TOOL_NAME}: no matches for "${query}"\n`);
  return 0;
}

/** Files as given, and log files inside given folders; a missing path is a usage error naming it. */
function expandInputs(inputs: string[]): string[] {
  if (!inputs.length) throw new UsageError('no input files (try --help)');
  const files: string[] = [];
  for (const input of inputs) {
    const stat = statOrThrow(input);
    if (stat.isDirectory()) {
      const inside = fs.readdirSync(input).filter((n) => LOG_FILE.test(n)).sort().map((n) => path.join(input, n));
      if (!inside.length) throw new UsageError(`${input}: no .jsonl, .ndjson, .json or .gz files in this folder`);
      files.push(...inside);
    } else {
      assertReadable(input);
      files.push(input);
    }
  }
  return files;
}

function statOrThrow(p: string): fs.Stats {
  try {
    return fs.statSync(p);
  } catch {
    throw new UsageError(`cannot read ${p}: no such file or folder`);
  }
}

/** A thread-count option: undefined when not given, else a whole number from 0 to 64. */
function threadCount(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(Number.isInteger(n) && n >= 0 && n <= 64)) throw new UsageError(`${flag} must be a whole number from 0 to 64, not "${String(value)}"`);
  return n;
}

function assertReadable(p: string): void {
  try {
    fs.accessSync(p, fs.constants.R_OK);
  } catch {
    throw new UsageError(`cannot read ${p}: ${fs.existsSync(p) ? 'permission denied' : 'no such file'}`);
  }
}

function progressPrinter(): { update: (p: AnalyzeProgress) => void; done: () => void } {
  if (!process.stderr.isTTY) return { update: () => undefined, done: () => undefined };
  const started = Date.now();
  return {
    update: (p) => {
      const pct = p.bytesTotal ? Math.min(100, Math.floor((p.bytesRead / p.bytesTotal) * 100)) : 0;
      const secs = (Date.now() - started) / 1000;
      process.stderr.write(`\r${path.basename(p.file)}: ${pct}% · ${p.records.toLocaleString('en-US')} records · ${secs.toFixed(1)} s   `);
    },
    done: () => process.stderr.write('\r\x1b[K'),
  };
}

if (require.main === module) {
  limitHeapGrowth();
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stderr.write(`${TOOL_NAME}: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 1;
    },
  );
}
