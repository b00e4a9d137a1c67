/**
 * `npm run bench`: generates a realistic log (default ~1M records, ~1 GB, mixed export shapes,
 * EN + ZH, a few broken lines), then measures in the same run
 *   - the floor: a bare per-line JSON.parse scan of the same files, and
 *   - the full analysis (templates, findings, campaigns),
 * each in its own process, and prints records/s, MB/s, peak RSS, the ratio to the floor and
 * per-stage times. `--check` turns it into a regression gate on the *ratio* (never on seconds).
 *
 *   node out/bench/run.js [--records N] [--seed S] [--workers W] [--detect-threads T] [--heap-growing-percent P] [--gzip] [--check] [--max-ratio R] [--max-rss-mb M]
 *
 * `--detect-threads` (default: what the CLI would pick, see autoDetectionThreads) runs detection in
 * T worker threads beside the reading thread; 0 measures one thread alone. The analysis child
 * limits heap growth as the CLI does (`--heap-growing-percent P`, 0: V8's default growth).
 *
 * `--gzip` also analyzes a gzip'd copy of the same files and prints its time against the
 * uncompressed analysis plus bare decompression (target ≤ 1.5×).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import { generateScenario, scenarioFiles } from '../eval/generator/writer';
import { autoDetectionThreads } from '../src/core/parallel/detectionPipeline';
import { repoRoot } from '../test/support/paths';

interface Measured {
  ms: number;
  records: number;
  maxRssMb: number;
  bytes?: number;
  stageTimes?: Record<string, number>;
  templates?: number;
  suspected?: number;
  malformed?: number;
}

const OPTIONS = {
  records: { type: 'string', default: '1000000' },
  seed: { type: 'string', default: '1' },
  check: { type: 'boolean', default: false },
  'max-ratio': { type: 'string', default: '3' },
  'max-rss-mb': { type: 'string', default: '600' },
  workers: { type: 'string' },
  'detect-threads': { type: 'string' },
  'heap-growing-percent': { type: 'string' },
  gzip: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

const USAGE =
  'usage: npm run bench -- [--records N] [--seed S] [--workers N | --detect-threads N] [--gzip] [--heap-growing-percent P] [--check [--max-ratio X] [--max-rss-mb M]]';

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ options: OPTIONS });
  } catch (e) {
    process.stderr.write(`bench: ${(e as Error).message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const { values } = parsed;
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const records = Number(values.records);
  const seed = Number(values.seed);
  const dataDir = path.join(repoRoot(), 'bench', '.data', `seed${seed}-${records}`);
  const files = await ensureData(dataDir, seed, records);
  const totalBytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
  console.log(`bench: ${files.length} files, ${(totalBytes / 1e6).toFixed(1)} MB, ~${records.toLocaleString('en-US')} records (seed ${seed})`);

  const workers = values.workers === undefined ? 0 : Number(values.workers);
  const detectThreads = workers > 0 ? 0 : values['detect-threads'] === undefined ? autoDetectionThreads(totalBytes) : Number(values['detect-threads']);
  const analysisArgs = [String(workers), String(detectThreads)];
  if (values['heap-growing-percent'] !== undefined) process.env.PF_HEAP_GROWING_PERCENT = values['heap-growing-percent'];
  const floor = measure('floor.js', files);
  const full = measure('analyzeChild.js', [...analysisArgs, ...files]);
  const ratio = full.ms / floor.ms;
  const mb = totalBytes / 1e6;
  const row = (name: string, m: Measured) =>
    `${name.padEnd(22)} ${(m.ms / 1000).toFixed(2).padStart(8)} s ${Math.round(m.records / (m.ms / 1000)).toLocaleString('en-US').padStart(12)} rec/s ${(mb / (m.ms / 1000)).toFixed(1).padStart(8)} MB/s ${Math.round(m.maxRssMb).toString().padStart(6)} MB peak RSS`;
  console.log(row('bare JSON.parse scan', floor));
  const threads = workers > 0 ? `${workers} shard worker${workers === 1 ? '' : 's'}` : `+${detectThreads} detect thread${detectThreads === 1 ? '' : 's'}`;
  console.log(row(`full analysis (${threads})`, full));
  console.log(`ratio to floor: ${ratio.toFixed(2)}× (target ≤ ${values['max-ratio']}×); peak RSS ${Math.round(full.maxRssMb)} MB (target ≤ ${values['max-rss-mb']} MB)`);
  console.log(`result: ${full.records.toLocaleString('en-US')} records, ${full.malformed} malformed, ${full.templates} templates, ${full.suspected} suspected campaigns`);
  if (full.stageTimes) {
    const stages = Object.entries(full.stageTimes).map(([k, v]) => `${k} ${(v / 1000).toFixed(2)} s`);
    console.log(`stages (thread-seconds, summed over workers): ${stages.join(' · ')}`);
  }
  if (values.gzip) {
    const gzFiles = await ensureGzipped(dataDir, files);
    const gzBytes = gzFiles.reduce((n, f) => n + fs.statSync(f).size, 0);
    const gunzip = measure('gunzip.js', gzFiles);
    const fullGz = measure('analyzeChild.js', [...analysisArgs, ...gzFiles]);
    const gzRatio = fullGz.ms / (full.ms + gunzip.ms);
    console.log(`gzip'd copy: ${(gzBytes / 1e6).toFixed(1)} MB`);
    console.log(row('bare decompression', { ...gunzip, records: full.records }));
    console.log(row('full analysis of .gz', fullGz));
    console.log(`.gz ratio: ${gzRatio.toFixed(2)}× the uncompressed analysis plus decompression (target ≤ 1.5×); ${(fullGz.ms / full.ms).toFixed(2)}× the uncompressed analysis alone`);
    if (fullGz.records !== full.records) console.log(`warning: the .gz analysis saw ${fullGz.records} records, the plain one ${full.records}`);
  }
  if (values.check) {
    const problems: string[] = [];
    if (ratio > Number(values['max-ratio'])) problems.push(`ratio ${ratio.toFixed(2)}× > ${values['max-ratio']}×`);
    if (full.maxRssMb > Number(values['max-rss-mb'])) problems.push(`peak RSS ${Math.round(full.maxRssMb)} MB > ${values['max-rss-mb']} MB`);
    if (full.records !== floor.records) problems.push(`analysis saw ${full.records} records, the floor parsed ${floor.records}`);
    console.log(problems.length ? `bench check FAILED: ${problems.join('; ')}` : 'bench check passed');
    process.exitCode = problems.length ? 1 : 0;
  }
}

async function ensureData(dir: string, seed: number, records: number): Promise<string[]> {
  const marker = path.join(dir, '.complete.json');
  if (fs.existsSync(marker)) return (JSON.parse(fs.readFileSync(marker, 'utf8')) as string[]).map((f) => path.join(dir, f));
  fs.rmSync(dir, { recursive: true, force: true });
  const started = performance.now();
  const truth = await generateScenario(dir, { seed, records, format: 'mixed', truth: false });
  const files = scenarioFiles(dir, truth);
  fs.writeFileSync(marker, JSON.stringify(files.map((f) => path.relative(dir, f))));
  console.log(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s → ${dir}`);
  return files;
}

async function ensureGzipped(dir: string, files: string[]): Promise<string[]> {
  const gzDir = path.join(dir, 'gz');
  fs.mkdirSync(gzDir, { recursive: true });
  const out: string[] = [];
  for (const file of files) {
    const target = path.join(gzDir, `${path.basename(file)}.gz`);
    if (!fs.existsSync(target)) {
      const partial = `${target}.partial`;
      await pipeline(fs.createReadStream(file), zlib.createGzip({ level: 6 }), fs.createWriteStream(partial));
      fs.renameSync(partial, target);
    }
    out.push(target);
  }
  return out;
}

function measure(script: string, files: string[]): Measured {
  const result = spawnSync(process.execPath, ['--max-old-space-size=4096', path.join(__dirname, script), ...files], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (result.status !== 0) throw new Error(`${script} failed (exit ${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as Measured;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
