/** Reading a generated scenario's truth back (for the metrics and tests). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ScenarioTruth, TruthLine } from './model';
import { scenarioTruthPath, truthPathFor } from './writer';

export interface LoadedTruth {
  scenario: ScenarioTruth;
  /** Absolute log path → its truth lines, in line order. */
  lines: Map<string, TruthLine[]>;
}

export function readTruthLines(file: string): TruthLine[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as TruthLine);
}

export function loadTruth(outDir: string): LoadedTruth {
  const scenario = JSON.parse(fs.readFileSync(scenarioTruthPath(outDir), 'utf8')) as ScenarioTruth;
  const lines = new Map<string, TruthLine[]>();
  for (const f of scenario.files) lines.set(path.resolve(outDir, f.name), readTruthLines(truthPathFor(outDir, f.name)));
  return { scenario, lines };
}
