/** One full analysis in its own process, reporting time, peak RSS and per-stage times as JSON. */
import { analyzeFiles, emptyStageTimes } from '../src/core/analyze';
import { limitHeapGrowth } from '../src/core/memory';

// As the CLI runs (PF_HEAP_GROWING_PERCENT=0 measures V8's default growth).
const heapGrowingPercent = process.env.PF_HEAP_GROWING_PERCENT === undefined ? undefined : Number(process.env.PF_HEAP_GROWING_PERCENT);
if (heapGrowingPercent !== 0) limitHeapGrowth(heapGrowingPercent);

async function main(): Promise<void> {
  const [workers, detectionThreads, ...files] = process.argv.slice(2);
  const stageTimes = emptyStageTimes();
  const started = performance.now();
  const { report } = await analyzeFiles(files, { stageTimes, workers: Number(workers), detectionThreads: Number(detectionThreads) });
  const ms = performance.now() - started;
  process.stdout.write(
    JSON.stringify({
      ms,
      records: report.summary.records,
      templates: report.summary.templates,
      suspected: report.summary.suspectedCampaigns,
      malformed: report.input.files.reduce((n, f) => n + f.malformed.length, 0),
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      stageTimes,
      workers: Number(workers),
      detectionThreads: Number(detectionThreads),
    }) + '\n',
  );
}

main().catch((e) => {
  process.stderr.write(String((e as Error).stack ?? e) + '\n');
  process.exitCode = 1;
});
