/**
 * The whole analysis of one or more log files: ingest → normalize → mine templates →
 * detect findings → link accounts → report. Pure core: used by the CLI, the extension's
 * worker thread, the eval and the bench.
 */
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { builtinRuleSet, DetectionCache, detectRecord, loadRuleSet, severityInContext, toFindings, type RuleSet, type TextHit } from './detect';
import { detectAdapter, type Adapter } from './formats';
import { readLogLines, abortError, type LineEvent } from './ingest/lineReader';
import { parseRecordText } from './ingest/parseRecord';
import { AccountLinker } from './link';
import { groupFamilies } from './mining/families';
import { TemplateMiner, type MinerState } from './mining/templateMiner';
import { autoDetectionThreads, DetectionPipeline } from './parallel/detectionPipeline';
import { analyzeFilesParallel } from './parallel/parallelAnalyze';
import type { CampaignReport, RecordReport, Report, TemplateReport } from './report/model';
import { SCHEMA_VERSION } from './report/model';
import { attachSpans } from './spans';
import { SIGNALS, type FileSummary, type Finding, type NormalizedRecord, type Signal } from './types';
import { TOOL_NAME, TOOL_VERSION } from './version';

export type FieldOverrides = Partial<Record<Signal | 'prompt' | 'response', string>>;

export interface AnalyzeProgress {
  file: string;
  bytesRead: number;
  bytesTotal: number;
  records: number;
}

export interface AnalyzeOptions {
  /** `signal=dotted.path` overrides from `--map` or the extension setting. */
  fieldMap?: FieldOverrides;
  /** User rule packs (JSON/YAML files) in addition to the built-in ones. */
  rulesFiles?: string[];
  /** Score at or above which a campaign is `suspected` (default 0.5). */
  campaignThreshold?: number;
  /** Put `records[]` in the report. */
  includeRecords?: boolean;
  /** With includeRecords: also keep each record's prompt text (truncated) as `prompt`, for search. */
  includePromptText?: boolean;
  onProgress?: (p: AnalyzeProgress) => void;
  /**
   * Early results while a long run goes on: a report of what was read so far (`partial: true`),
   * first after about two seconds of reading, then every `partialEveryMs` (default 15 s). With
   * worker threads, one early report of the first segment, then the final one.
   */
  onPartialReport?: (report: Report) => void;
  partialEveryMs?: number;
  /** Abort the run; the promise rejects with an AbortError. */
  signal?: AbortSignal;
  /** Lines longer than this are reported as malformed (default 64 MiB). */
  maxLineBytes?: number;
  /**
   * Worker threads for the analysis: 0 analyses on the calling thread; N ≥ 1 reads on the calling
   * thread and analyses in N workers with a bounded heap. Default 0: at 1M records two workers
   * were about 1.2× faster on two cores but peaked at ~1.8 GB RSS (merge state), so they are opt-in.
   */
  workers?: number;
  /**
   * Worker threads that run the detection rules beside the reading thread (which also detects when
   * they are behind); the report is the same with any number. Default: none for input under 16 MiB
   * or under four cores, else one less than the cores (at most 3). Not used with `workers`.
   */
  detectionThreads?: number;
  /** Also return the run's shard summary (taken before the report is built). */
  keepSummary?: boolean;
  /** When given, milliseconds spent per stage are added to it (for the bench). */
  stageTimes?: StageTimes;
}

export interface StageTimes {
  read: number;
  parse: number;
  normalize: number;
  mine: number;
  detect: number;
  link: number;
  report: number;
}

export function emptyStageTimes(): StageTimes {
  return { read: 0, parse: 0, normalize: 0, mine: 0, detect: 0, link: 0, report: 0 };
}

export interface AnalysisResult {
  report: Report;
  /** With `keepSummary`: the run's shard summary (for `--summary-out`). */
  summary?: ShardSummary;
}

/** Records read before the format is decided. */
export const DETECTION_SAMPLE = 50;
const PROMPT_TEXT_LIMIT = 2000;
const PROGRESS_EVERY_MS = 200;
const FIRST_PARTIAL_AFTER_MS = 1_200;

/** A record whose template is known, on its way to detection. */
interface MinedRecord {
  record: NormalizedRecord;
  raw: string;
  prompt: string;
  templateKey: number | null;
}

export interface KeptRecord {
  file: string;
  line: number;
  bytes: [number, number];
  account: string | null;
  time?: number;
  model?: string;
  templateKey: number | null;
  findings: Finding[];
  prompt?: string;
}

/** Builds the report of several shard summaries, as if their input had been analysed in one run. */
export function mergeSummaries(summaries: ShardSummary[], options: AnalyzeOptions = {}): AnalysisResult {
  const session = new AnalysisSession(builtinRuleSet(), options);
  for (const summary of summaries) session.mergeSummary(summary);
  return { report: session.finish() };
}

/** Analyses the files as one body of traffic (templates and campaigns span files). */
export async function analyzeFiles(paths: string[], options: AnalyzeOptions = {}): Promise<AnalysisResult> {
  const workers = options.workers ?? 0;
  if (workers >= 1) return analyzeFilesParallel(paths, options, workers);
  const rules = options.rulesFiles?.length ? loadRuleSet(options.rulesFiles) : builtinRuleSet();
  const session = new AnalysisSession(rules, options);
  const threads = options.detectionThreads ?? autoDetectionThreads(await totalBytes(paths));
  if (threads > 0) session.detectInThreads(threads);
  try {
    for (const path of paths) await session.readFile(path);
  } finally {
    await session.close();
  }
  const summary = options.keepSummary ? session.toSummary() : undefined;
  return { report: session.finish(), summary };
}

/** Sizes of the files that exist (the reader reports the others, naming them). */
async function totalBytes(paths: string[]): Promise<number> {
  const sizes = await Promise.all(paths.map((p) => fs.promises.stat(p).then((s) => s.size, () => 0)));
  return sizes.reduce((a, b) => a + b, 0);
}

/**
 * A shard's state, for `--summary-out` and `merge` (and worker threads): everything the report
 * needs, with memory bounded like the analysis itself (templates, per-account aggregates).
 */
export interface ShardSummary {
  kind: typeof SUMMARY_KIND;
  version: 1;
  tool: { name: string; version: string };
  files: FileSummary[];
  records: number;
  findingsByFamily: Array<[string, number]>;
  findingsByTemplate: Array<[number, Array<[string, number]>]>;
  miner: MinerState;
  linker: unknown;
  kept?: KeptRecord[];
  /** Per-stage milliseconds of the shard, when it was asked to measure them. */
  stageTimes?: StageTimes;
}

const SUMMARY_KIND = 'prompt-forensics-shard-summary';

/** One file being read by a session (see `AnalysisSession.openFile`). */
export interface FileReader {
  readonly summary: FileSummary;
  consume(batch: LineEvent[]): void;
  end(): void;
}

export class AnalysisSession {
  readonly files: FileSummary[] = [];
  private miner = new TemplateMiner();
  private linker = new AccountLinker();
  private kept: KeptRecord[] = [];
  /** Records with findings, by template key, to weigh their severity once template sizes are known. */
  private findingsByTemplate = new Map<number, Map<string, number>>();
  private readonly findingsByFamily = new Map<string, number>();
  private records = 0;
  private nextPartialAt = Date.now() + FIRST_PARTIAL_AFTER_MS;
  private readonly detection: DetectionCache;
  /** With detection threads: records waiting for their findings, delivered in order. */
  private pipeline?: DetectionPipeline<MinedRecord>;

  constructor(
    private readonly rules: RuleSet,
    private readonly options: AnalyzeOptions,
  ) {
    this.detection = new DetectionCache(rules);
  }

  /** Runs detection in `threads` worker threads beside this one (see DetectionPipeline); `close` ends them. */
  detectInThreads(threads: number): void {
    const times = this.options.stageTimes;
    this.pipeline = new DetectionPipeline(this.rules, this.detection, (mined, hits) => this.afterDetection(mined, hits), {
      threads,
      rulesFiles: this.options.rulesFiles,
      onThreadTime: times ? (ms) => (times.detect += ms) : undefined,
    });
  }

  async close(): Promise<void> {
    await this.pipeline?.close();
  }

  toSummary(): ShardSummary {
    return {
      kind: SUMMARY_KIND,
      version: 1,
      tool: { name: TOOL_NAME, version: TOOL_VERSION },
      files: this.files,
      records: this.records,
      findingsByFamily: [...this.findingsByFamily],
      findingsByTemplate: [...this.findingsByTemplate].map(([k, m]) => [k, [...m]]),
      miner: this.miner.toJSON(),
      linker: this.linker.toJSON(),
      kept: this.options.includeRecords ? this.kept : undefined,
      stageTimes: this.options.stageTimes,
    };
  }

  /**
   * Adds another shard of the same traffic (files in input order: merge shards in the order
   * of the input they cover). Templates split across shards are joined, their keys remapped.
   */
  mergeSummary(summary: ShardSummary): void {
    if (summary?.kind !== SUMMARY_KIND) throw new Error('not a prompt-forensics shard summary');
    if (summary.version !== 1) throw new Error(`unsupported shard summary version ${String(summary.version)} (this tool reads version 1)`);
    for (const file of summary.files) this.mergeFileSummary(file);
    this.records += summary.records;
    for (const [family, n] of summary.findingsByFamily) this.findingsByFamily.set(family, (this.findingsByFamily.get(family) ?? 0) + n);

    const keyMap = this.miner.merge(TemplateMiner.fromJSON(summary.miner));
    for (const [key, tally] of summary.findingsByTemplate) {
      const ours = this.findingsByTemplate.get(keyMap[key]) ?? new Map<string, number>();
      for (const [family, n] of tally) ours.set(family, (ours.get(family) ?? 0) + n);
      this.findingsByTemplate.set(keyMap[key], ours);
    }
    if (summary.stageTimes && this.options.stageTimes) {
      for (const [stage, ms] of Object.entries(summary.stageTimes)) this.options.stageTimes[stage as keyof StageTimes] += ms;
    }
    const linker = AccountLinker.fromJSON(summary.linker);
    linker.remapTemplates((key) => keyMap[key]);
    this.linker.merge(linker);
    if (this.options.includeRecords) {
      for (const k of summary.kept ?? []) this.kept.push({ ...k, templateKey: k.templateKey === null ? null : keyMap[k.templateKey] });
    }
  }

  private mergeFileSummary(file: FileSummary): void {
    const ours = this.files.find((f) => f.path === file.path);
    if (!ours) {
      this.files.push({ ...file, malformed: [...file.malformed] });
      return;
    }
    ours.lines += file.lines;
    ours.records += file.records;
    ours.blank += file.blank;
    ours.malformed.push(...file.malformed);
    ours.malformed.sort((a, b) => a.line - b.line);
    // A signal one shard found late is in the file; where both found it, the first line wins.
    if (file.lateSignals?.length) {
      const late = new Map((ours.lateSignals ?? []).map((s) => [s.signal, s]));
      for (const s of file.lateSignals) if (!late.has(s.signal) || late.get(s.signal)!.line > s.line) late.set(s.signal, { ...s });
      ours.lateSignals = [...late.values()].sort((a, b) => a.line - b.line);
      ours.fields = { ...file.fields, ...ours.fields };
      for (const s of ours.lateSignals) ours.fields[s.signal] ??= s.field;
      ours.missingSignals = ours.missingSignals.filter((signal) => !late.has(signal));
    }
  }

  async readFile(path: string): Promise<FileSummary> {
    const bytesTotal = (await fs.promises.stat(path)).size;
    const file = this.openFile(path, bytesTotal);
    let bytesRead = 0;
    let lastProgress = 0;
    const times = this.options.stageTimes;
    let waitStart = times ? performance.now() : 0;
    for await (const batch of readLogLines(path, { signal: this.options.signal, maxLineBytes: this.options.maxLineBytes, onBytes: (n) => (bytesRead = n) })) {
      if (times) times.read += performance.now() - waitStart;
      if (this.options.signal?.aborted) throw abortError();
      file.consume(batch);
      const now = Date.now();
      if (this.options.onProgress && now - lastProgress >= PROGRESS_EVERY_MS) {
        lastProgress = now;
        this.options.onProgress({ file: path, bytesRead, bytesTotal, records: this.records });
      }
      if (this.options.onPartialReport && now >= this.nextPartialAt) this.emitPartialReport();
      if (this.pipeline?.backlogged) await this.pipeline.waitForRoom();
      if (times) waitStart = performance.now();
    }
    await this.pipeline?.flush();
    file.end();
    this.options.onProgress?.({ file: path, bytesRead: bytesTotal, bytesTotal, records: this.records });
    return file.summary;
  }

  /**
   * Starts reading a file: line events go to `consume`, in order. The format is decided on the
   * first records that parse, or at once from `samples` (the same first records, as text) when
   * a worker thread reads a later part of the file.
   */
  openFile(path: string, bytesTotal: number, samples?: string[]): FileReader {
    const summary: FileSummary = { path, format: 'unknown', lines: 0, records: 0, blank: 0, malformed: [], fields: {}, missingSignals: [], bytes: bytesTotal };
    this.files.push(summary);
    let adapter: Adapter | undefined;
    const pending: Array<{ event: Extract<LineEvent, { kind: 'text' }>; value: unknown }> = [];
    const times = this.options.stageTimes;
    const decide = (values: unknown[]): Adapter => {
      const chosen = detectAdapter(values, this.options.fieldMap);
      summary.format = chosen.name;
      summary.fields = { ...chosen.fields };
      summary.missingSignals = [...chosen.missingSignals];
      return chosen;
    };
    const flushPending = (): void => {
      adapter = decide(pending.map((p) => p.value));
      for (const p of pending) this.accept(adapter, p.event, p.value, summary);
      pending.length = 0;
    };
    if (samples?.length) adapter = decide(samples.map((text) => JSON.parse(text) as unknown));
    return {
      summary,
      consume: (batch) => {
        for (const event of batch) {
          summary.lines++;
          if (event.kind === 'blank') summary.blank++;
          else if (event.kind === 'malformed') summary.malformed.push({ line: event.line, error: event.error });
          else {
            const t0 = times ? performance.now() : 0;
            const parsed = parseRecordText(event.text, event.last);
            if (times) times.parse += performance.now() - t0;
            if ('error' in parsed) summary.malformed.push({ line: event.line, error: parsed.error });
            else if (adapter) this.accept(adapter, event, parsed.value, summary);
            else {
              pending.push({ event, value: parsed.value });
              if (pending.length >= DETECTION_SAMPLE) flushPending();
            }
          }
        }
      },
      end: () => {
        if (!adapter && pending.length) flushPending();
        if (!adapter) summary.missingSignals = [...SIGNALS];
        summary.malformed.sort((a, b) => a.line - b.line);
      },
    };
  }

  private accept(adapter: Adapter, event: Extract<LineEvent, { kind: 'text' }>, value: unknown, summary: FileSummary): void {
    const times = this.options.stageTimes;
    const t0 = times ? performance.now() : 0;
    let record: NormalizedRecord | string;
    try {
      record = adapter.normalize(value, { file: summary.path, line: event.line, bytes: event.bytes, text: event.text });
    } catch (e) {
      record = e instanceof RangeError ? 'JSON nesting is too deep to read' : `could not read the record: ${(e as Error).message}`;
    }
    if (times) times.normalize += performance.now() - t0;
    if (adapter.lateSignals.length !== (summary.lateSignals?.length ?? 0)) takeLateSignals(summary, adapter);
    if (typeof record === 'string') {
      summary.malformed.push({ line: event.line, error: `${record} (${adapter.name})` });
      return;
    }
    summary.records++;
    this.records++;
    this.analyzeRecord(record, event.text);
  }

  private analyzeRecord(record: NormalizedRecord, raw: string): void {
    const prompt = record.promptIndex >= 0 ? record.turns[record.promptIndex].text : '';
    const where = `${record.file}:${record.line}`;
    const times = this.options.stageTimes;
    const t = times ? performance.now() : 0;
    const templateKey = prompt ? this.miner.add(prompt, { account: record.account, time: record.time, where }) : null;
    if (times) times.mine += performance.now() - t;
    const mined: MinedRecord = { record, raw, prompt, templateKey };
    if (this.pipeline) {
      this.pipeline.add(mined, record);
    } else {
      const t0 = times ? performance.now() : 0;
      const hits = detectRecord(record, this.rules, this.detection);
      if (times) times.detect += performance.now() - t0;
      this.afterDetection(mined, hits);
    }
  }

  /** Findings from the record's hits, then what the linker and the record list keep of it. */
  private afterDetection({ record, raw, prompt, templateKey }: MinedRecord, hits: TextHit[]): void {
    const times = this.options.stageTimes;
    let t = times ? performance.now() : 0;
    let findings: Finding[] = [];
    if (hits.length) {
      attachSpans(raw, record);
      findings = toFindings(raw, record, hits);
      for (const f of findings) {
        this.findingsByFamily.set(f.family, (this.findingsByFamily.get(f.family) ?? 0) + 1);
        if (templateKey !== null) {
          const tally = this.findingsByTemplate.get(templateKey) ?? new Map<string, number>();
          tally.set(f.family, (tally.get(f.family) ?? 0) + 1);
          this.findingsByTemplate.set(templateKey, tally);
        }
      }
    }
    if (times) times.detect += -t + (t = performance.now());
    if (record.account !== undefined) {
      this.linker.add({
        account: record.account,
        time: record.time,
        ip: record.ip,
        payment: record.payment,
        userAgent: record.userAgent,
        org: record.org,
        model: record.model,
        turnCount: record.turnCount,
        userTurns: countUserTurns(record),
        templateKey,
        families: [...new Set(findings.map((f) => f.family))],
      });
    }
    if (times) times.link += performance.now() - t;
    if (this.options.includeRecords) {
      this.kept.push({
        file: record.file,
        line: record.line,
        bytes: record.bytes,
        account: record.account ?? null,
        time: record.time,
        model: record.model,
        templateKey,
        findings,
        prompt: this.options.includePromptText ? prompt.slice(0, PROMPT_TEXT_LIMIT) : undefined,
      });
    }
  }

  /** Sends a report of what was read so far to `onPartialReport` (the session goes on). */
  emitPartialReport(): void {
    if (!this.options.onPartialReport) return;
    const started = Date.now();
    this.options.onPartialReport({ ...this.buildReport(), partial: true });
    // Never spend more than about a tenth of the time on early reports.
    this.nextPartialAt = Date.now() + Math.max(this.options.partialEveryMs ?? 15_000, 10 * (Date.now() - started));
  }

  /**
   * The final report. Ends the session: once the templates are taken, what only reading needs
   * (the miner's indexes, the detection cache) is released, so that linking reuses its memory.
   */
  finish(): Report {
    const started = performance.now();
    const report = this.buildReport(true);
    if (this.options.stageTimes) this.options.stageTimes.report += performance.now() - started;
    return report;
  }

  private buildReport(final = false): Report {
    const mined = this.miner.results(2);
    const families = groupFamilies(mined.map((t) => ({ id: t.id, skeleton: t.skeleton, size: t.size, pattern: t.pattern })));
    const familyOf = new Map<string, string>();
    for (const f of families) for (const id of f.templates) familyOf.set(id, f.id);
    const byKey = new Map(mined.map((t) => [t.key, t]));

    const templates: TemplateReport[] = mined.map((t) => ({
      id: t.id,
      pattern: t.pattern,
      size: t.size,
      accounts: t.accounts,
      families: familyOf.has(t.id) ? [familyOf.get(t.id)!] : [],
      findingFamilies: [...(this.findingsByTemplate.get(t.key)?.keys() ?? [])].sort(),
      firstSeen: isoTime(t.firstSeen),
      lastSeen: isoTime(t.lastSeen),
      examples: t.examples,
    }));
    if (final) {
      this.miner.freeze();
      this.detection.clear();
    }

    const campaigns: CampaignReport[] = this.linker.finish(
      (key) => {
        const t = byKey.get(key);
        return t ? { id: t.id, family: familyOf.get(t.id) ?? null, size: t.size, accounts: t.accounts } : undefined;
      },
      { threshold: this.options.campaignThreshold },
    );

    const report: Report = {
      schemaVersion: SCHEMA_VERSION,
      tool: { name: TOOL_NAME, version: TOOL_VERSION },
      input: { files: this.files },
      summary: {
        records: this.records,
        // Distinct accounts, as the linker keeps them (one aggregate each).
        accounts: this.linker.accountCount,
        templates: templates.length,
        findingsByFamily: Object.fromEntries([...this.findingsByFamily].sort(([a], [b]) => a.localeCompare(b))),
        suspectedCampaigns: campaigns.filter((c) => c.suspected).length,
      },
      templates,
      families,
      campaigns,
    };
    if (this.options.includeRecords) report.records = this.recordReports(byKey, campaigns);
    return report;
  }

  private recordReports(byKey: Map<number, { id: string }>, campaigns: CampaignReport[]): RecordReport[] {
    const fileOrder = new Map(this.files.map((f, i) => [f.path, i]));
    this.kept.sort((a, b) => fileOrder.get(a.file)! - fileOrder.get(b.file)! || a.line - b.line);
    const campaignOf = new Map<string, string>();
    for (const c of campaigns) for (const a of c.accounts) if (!campaignOf.has(a)) campaignOf.set(a, c.id);
    return this.kept.map((k) => {
      const template = k.templateKey === null ? undefined : byKey.get(k.templateKey);
      const context = k.templateKey === null ? { templateSize: 1, templateAccounts: 1 } : { templateSize: this.miner.sizeOf(k.templateKey), templateAccounts: this.miner.accountsOf(k.templateKey) };
      const out: RecordReport = {
        file: k.file,
        line: k.line,
        account: k.account,
        template: template?.id ?? null,
        findings: k.findings.map((f) => ({ ...f, severity: severityInContext(f.severity, context) })),
        campaign: k.account === null ? null : (campaignOf.get(k.account) ?? null),
        bytes: k.bytes,
      };
      if (k.time !== undefined) out.time = new Date(k.time).toISOString();
      if (k.model !== undefined) out.model = k.model;
      if (k.prompt !== undefined) out.prompt = k.prompt;
      return out;
    });
  }
}

function countUserTurns(record: NormalizedRecord): number {
  let n = 0;
  for (const turn of record.turns) if (turn.role === 'user') n++;
  return n;
}

/** The file summary follows the adapter once it found signals its detection sample lacked. */
function takeLateSignals(summary: FileSummary, adapter: Adapter): void {
  summary.fields = { ...adapter.fields };
  summary.missingSignals = [...adapter.missingSignals];
  summary.lateSignals = adapter.lateSignals.map((s) => ({ ...s }));
}

function isoTime(ms: number | undefined): string | null {
  return ms === undefined ? null : new Date(ms).toISOString();
}
