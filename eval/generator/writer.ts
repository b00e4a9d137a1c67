/**
 * Runs a scenario hour by hour (bounded memory: one slice of records at a time) and writes the log
 * files, their per-line truth and the scenario truth, through streams with backpressure.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { once } from 'node:events';
import * as zlib from 'node:zlib';
import { publicPromptsDir } from '../../test/support/paths';
import { burstReasoning, lockstepCrew, proxyHarvest, proxyPoolFor } from './campaigns';
import { chooseFieldStyle, fieldsOf, FORMATS, serialize, type ExportFormat, type FieldStyle } from './formats';
import { DEFAULT_HONEST_SHARES, honestPopulations, type HonestShares } from './honest';
import type { CampaignTruth, FileTruth, GenRecord, HardNegativeKind, ScenarioTruth, TruthLine } from './model';
import { allocateIn, type Population } from './population';
import { hashHex, Rng } from './prng';
import { loadSources } from './sources';
import { makeWorld } from './world';

export interface GenerateOptions {
  seed: number;
  /** Approximate number of records (exact when noise adds none). */
  records: number;
  /** Log length in days (default 14). */
  days?: number;
  /** One shape for the whole scenario, or `mixed`: one file per shape (default). */
  format?: ExportFormat | 'mixed';
  gzip?: boolean;
  /** Broken and blank lines, a BOM and a CRLF file (default true). */
  noise?: boolean;
  /** Write `truth/<file>.truth.jsonl` and `truth/scenario.json` (default true). */
  truth?: boolean;
  /** Use only MIT/Apache-2.0 prompt sets (committed samples). */
  permissiveOnly?: boolean;
  /** Where the third-party prompt sets are (default: the shared folder). */
  promptsDir?: string;
  /** Include the campaigns (default true); false gives an all-honest log. */
  campaigns?: boolean;
  /** Base file name (default `log`). */
  name?: string;
  /** Share of records per campaign (defaults: harvest 0.18, reasoning 0.13, crew 0.025). */
  campaignShares?: { harvest: number; reasoning: number; crew: number };
}

/** Weights of the shapes in a mixed scenario. */
const MIXED_WEIGHTS: Record<ExportFormat, number> = {
  chat: 0.28,
  'openai-batch': 0.1,
  anthropic: 0.15,
  'anthropic-batch': 0.05,
  otel: 0.1,
  openinference: 0.04,
  langfuse: 0.08,
  langsmith: 0.04,
  helicone: 0.12,
  flat: 0.08,
};

const CHUNK = 1 << 20;

/** Truth lives in `<out>/truth/` so a folder of logs can be analysed as a whole without picking it up. */
export function truthPathFor(outDir: string, logName: string): string {
  return path.join(outDir, 'truth', `${logName.replace(/\.gz$/, '').replace(/\.jsonl$/, '')}.truth.jsonl`);
}

export function scenarioTruthPath(outDir: string): string {
  return path.join(outDir, 'truth', 'scenario.json');
}

class Sink {
  private buffer = '';
  private truthBuffer = '';
  private readonly out: NodeJS.WritableStream;
  private readonly file: fs.WriteStream;
  private readonly truthFile?: fs.WriteStream;
  private lastLine = '';
  line = 0;
  records = 0;
  malformed = 0;
  blank = 0;
  private counter = 0;
  private readonly idPrefix: string;

  constructor(
    readonly dir: string,
    readonly name: string,
    readonly format: ExportFormat,
    readonly style: FieldStyle,
    readonly flags: { gzip: boolean; crlf: boolean; bom: boolean; truth: boolean },
  ) {
    this.file = fs.createWriteStream(path.join(dir, name));
    if (flags.gzip) {
      const gz = zlib.createGzip();
      gz.pipe(this.file);
      this.out = gz;
    } else this.out = this.file;
    if (flags.truth) this.truthFile = fs.createWriteStream(truthPathFor(dir, name));
    if (flags.bom) this.buffer = '\uFEFF';
    this.idPrefix = hashHex(name);
  }

  private get eol(): string {
    return this.flags.crlf ? '\r\n' : '\n';
  }

  private push(text: string, truth?: () => TruthLine): void {
    this.line++;
    this.buffer += text + this.eol;
    if (this.flags.truth && truth) this.truthBuffer += JSON.stringify({ ...truth(), line: this.line }) + '\n';
  }

  writeRecord(rec: GenRecord): void {
    const id = `${this.idPrefix}${(this.counter++).toString(16).padStart(8, '0')}`;
    const text = serialize(rec, this.format, this.style, id);
    this.lastLine = text;
    this.records++;
    this.push(text, () => ({
      line: 0,
      kind: 'record',
      account: rec.account,
      campaign: rec.truth.campaign,
      template: rec.truth.template,
      templateFamily: rec.truth.templateFamily,
      families: rec.truth.families,
      hardNegative: rec.truth.hardNegative,
      promptHash: hashHex(rec.turns[rec.turns.length - 1].text.replace(/\s+/g, ' ').trim()),
      lang: rec.truth.lang,
    }));
  }

  private junk(kind: 'malformed' | 'blank', text: string): void {
    if (kind === 'blank') this.blank++;
    else this.malformed++;
    this.push(text, () => ({
      line: 0,
      kind,
      account: null,
      campaign: null,
      template: null,
      templateFamily: null,
      families: [],
      hardNegative: null,
      promptHash: null,
    }));
  }

  writeBlank(): void {
    this.junk('blank', '');
  }

  writeGarbage(rng: Rng): void {
    const options = [
      () => this.lastLine.slice(0, Math.max(1, rng.int(1, Math.max(1, this.lastLine.length - 2)))),
      () => '<<< log rotated >>>',
      () => '{"id": "partial", "request": {"model": ',
      () => `\u0000\u0000${rng.hex(24)}`,
      () => 'ERROR 502 Bad Gateway upstream timed out',
    ];
    this.junk('malformed', rng.pick(options)());
  }

  /** A last line cut off mid-record, without a line end (an export interrupted while writing). */
  async finishTruncated(rng: Rng): Promise<void> {
    this.writeGarbage(rng);
    this.buffer = this.buffer.slice(0, -this.eol.length);
    await this.flush(true);
  }

  async flush(force = false): Promise<void> {
    if (this.buffer.length >= CHUNK || (force && this.buffer.length > 0)) {
      const chunk = this.buffer;
      this.buffer = '';
      if (!this.out.write(chunk)) await once(this.out, 'drain');
    }
    if (this.truthFile && (this.truthBuffer.length >= CHUNK || (force && this.truthBuffer.length > 0))) {
      const chunk = this.truthBuffer;
      this.truthBuffer = '';
      if (!this.truthFile.write(chunk)) await once(this.truthFile, 'drain');
    }
  }

  async close(): Promise<void> {
    await this.flush(true);
    const done = once(this.file, 'finish');
    this.out.end();
    await done;
    if (this.truthFile) {
      const truthDone = once(this.truthFile, 'finish');
      this.truthFile.end();
      await truthDone;
    }
  }

  summary(): FileTruth {
    return {
      name: this.name,
      format: this.format,
      lines: this.line,
      records: this.records,
      malformed: this.malformed,
      blank: this.blank,
      gzip: this.flags.gzip,
      crlf: this.flags.crlf,
      bom: this.flags.bom,
      fields: fieldsOf(this.style),
    };
  }
}

function buildPopulations(options: GenerateOptions, rng: Rng, world: ReturnType<typeof makeWorld>): Population[] {
  const total = options.records;
  const shares = options.campaignShares ?? { harvest: 0.18, reasoning: 0.13, crew: 0.025 };
  const withCampaigns = options.campaigns !== false;
  const campaignShare = withCampaigns ? shares.harvest + shares.reasoning + shares.crew : 0;
  const honestScale = 1 - campaignShare;
  const honestShareSum = Object.values(DEFAULT_HONEST_SHARES).reduce((a, b) => a + b, 0);
  const scaled = { ...DEFAULT_HONEST_SHARES };
  for (const key of Object.keys(scaled) as (keyof HonestShares)[]) scaled[key] = (scaled[key] / honestShareSum) * honestScale;
  const proxyPool = proxyPoolFor(rng.fork('proxy-pool'), total);
  const pops = honestPopulations(world, rng.fork('honest'), total, proxyPool, scaled);
  if (withCampaigns) {
    pops.push(proxyHarvest(world, rng.fork('harvest'), Math.round(total * shares.harvest), proxyPool));
    pops.push(burstReasoning(world, rng.fork('reasoning'), Math.round(total * shares.reasoning)));
    pops.push(lockstepCrew(world, rng.fork('crew'), Math.round(total * shares.crew)));
  }
  // The ordinary population absorbs rounding so the scenario has exactly `records` records.
  pops[0].records += total - pops.reduce((sum, p) => sum + p.records, 0);
  return pops;
}

async function run(outDir: string, options: GenerateOptions, fileNames: (format: ExportFormat) => string): Promise<ScenarioTruth> {
  fs.mkdirSync(options.truth === false ? outDir : path.join(outDir, 'truth'), { recursive: true });
  const root = new Rng(options.seed);
  const pools = loadSources(options.promptsDir ?? publicPromptsDir(), { permissiveOnly: options.permissiveOnly });
  const world = makeWorld(root.fork('world'), pools, options.days ?? 14);
  const pops = buildPopulations(options, root.fork('populations'), world);
  const noise = options.noise !== false;
  const format = options.format ?? 'mixed';
  const formats: ExportFormat[] = format === 'mixed' ? [...FORMATS] : [format];
  const layout = root.fork('layout');
  const crlfIndex = noise && formats.length > 1 ? layout.int(0, formats.length - 1) : -1;
  const bomIndex = noise && formats.length > 1 ? layout.int(0, formats.length - 1) : -1;
  const truncatedIndex = noise ? layout.int(0, formats.length - 1) : -1;
  const sinks = formats.map(
    (f, i) =>
      new Sink(outDir, fileNames(f), f, chooseFieldStyle(f, layout.fork(f)), {
        gzip: options.gzip === true,
        crlf: i === crlfIndex,
        bom: i === bomIndex,
        truth: options.truth !== false,
      }),
  );
  const weights = formats.map((f) => MIXED_WEIGHTS[f]);
  const route = root.fork('route');
  const noiseRng = root.fork('noise');

  const sliceStarts = Array.from({ length: world.slices }, (_, s) => world.start + s * world.sliceMs);
  const counts = pops.map((p) => allocateIn(p.records, sliceStarts.map((t) => p.weight(t)), p.granularity));
  const campaignRecords = new Map<string, number>();
  const firstSeen = new Map<string, number>();

  for (let s = 0; s < world.slices; s++) {
    const start = sliceStarts[s];
    const batch: GenRecord[] = [];
    pops.forEach((p, i) => {
      if (counts[i][s] > 0) batch.push(...p.emit(start, start + world.sliceMs, counts[i][s]));
    });
    batch.sort((a, b) => a.time - b.time || (a.account < b.account ? -1 : a.account > b.account ? 1 : 0));
    for (const rec of batch) {
      const sink = sinks.length === 1 ? sinks[0] : sinks[route.weighted(weights)];
      if (noise && sink.records === 3) sink.writeBlank();
      if (noise && sink.records === 17) sink.writeGarbage(noiseRng);
      sink.writeRecord(rec);
      if (noise && noiseRng.chance(0.0008)) sink.writeGarbage(noiseRng);
      if (noise && noiseRng.chance(0.001)) sink.writeBlank();
      if (rec.truth.campaign) campaignRecords.set(rec.truth.campaign, (campaignRecords.get(rec.truth.campaign) ?? 0) + 1);
      if (!firstSeen.has(rec.model) || rec.time < (firstSeen.get(rec.model) ?? Infinity)) firstSeen.set(rec.model, rec.time);
    }
    for (const sink of sinks) await sink.flush();
  }
  for (let i = 0; i < sinks.length; i++) {
    if (i === truncatedIndex && sinks[i].records > 0) await sinks[i].finishTruncated(noiseRng);
    await sinks[i].close();
  }

  const hardNegatives: Partial<Record<HardNegativeKind, string[]>> = {};
  for (const p of pops) {
    if (p.hardNegative) hardNegatives[p.hardNegative] = [...(hardNegatives[p.hardNegative] ?? []), ...p.accounts()];
  }
  const campaigns: CampaignTruth[] = pops
    .filter((p) => p.campaign)
    .map((p) => {
      const c = p.campaign!();
      return { ...c, records: campaignRecords.get(c.id) ?? 0 };
    });
  const truth: ScenarioTruth = {
    seed: options.seed,
    records: sinks.reduce((sum, s) => sum + s.records, 0),
    start: new Date(world.start).toISOString(),
    end: new Date(world.end).toISOString(),
    files: sinks.map((s) => s.summary()),
    campaigns,
    hardNegatives,
    models: [...firstSeen.entries()]
      .sort((a, b) => a[1] - b[1])
      .map(([name, t]) => ({ name, firstSeen: new Date(t).toISOString() })),
  };
  if (options.truth !== false) fs.writeFileSync(scenarioTruthPath(outDir), JSON.stringify(truth, null, 2) + '\n');
  return truth;
}

/** A scenario folder: one log file per shape (`mixed`) or one file, plus truth files. */
export function generateScenario(outDir: string, options: GenerateOptions): Promise<ScenarioTruth> {
  const base = options.name ?? 'log';
  const ext = options.gzip ? '.jsonl.gz' : '.jsonl';
  return run(outDir, options, (f) => (options.format && options.format !== 'mixed' ? `${base}${ext}` : `${base}-${f}${ext}`));
}

/** One log file at `file` in a single shape (default `chat`): the bench's fast path. Truth is off unless asked. */
export function generateToFile(file: string, options: GenerateOptions): Promise<ScenarioTruth> {
  const format = options.format && options.format !== 'mixed' ? options.format : 'chat';
  return run(path.dirname(file), { truth: false, ...options, format }, () => path.basename(file));
}

/** Paths of the log files a scenario wrote. */
export function scenarioFiles(outDir: string, truth: ScenarioTruth): string[] {
  return truth.files.map((f) => path.join(outDir, f.name));
}
