/**
 * A worker thread that runs the detection rules on batches of records for the reading thread
 * (see DetectionPipeline). Bundled as dist/detectWorker.js (and compiled beside this file).
 */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { builtinRuleSet, DetectionCache, detectRecord, loadRuleSet } from '../detect';
import type { DetectWorkerData, FromDetectWorker, ToDetectWorker } from './detectionPipeline';

const { rulesFiles } = workerData as DetectWorkerData;
const rules = rulesFiles?.length ? loadRuleSet(rulesFiles) : builtinRuleSet();
const cache = new DetectionCache(rules);
const port = parentPort!;

port.on('message', (message: ToDetectWorker) => {
  const started = performance.now();
  const hits = message.inputs.map((input) => detectRecord(input, rules, cache));
  port.postMessage({ id: message.id, hits, ms: performance.now() - started } satisfies FromDetectWorker);
});
