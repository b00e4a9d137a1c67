/**
 * Writes the committed demo log `samples/sample.jsonl` (+ its truth under `samples/truth/`): a legit
 * population and three campaigns, built only from MIT / Apache-2.0 prompt sets and prompts written
 * for the generator (see samples/NOTICE.md). Run from the repository root:
 *
 *   npx esbuild scripts/make-sample.ts --bundle --platform=node --outfile=out/scripts/make-sample.js \
 *     && node out/scripts/make-sample.js
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateToFile } from '../eval/generator/writer';

export const SAMPLE_OPTIONS = {
  seed: 2026,
  records: 1400,
  days: 5,
  format: 'chat',
  noise: false,
  truth: true,
  permissiveOnly: true,
  campaignShares: { harvest: 0.2, reasoning: 0.15, crew: 0.05 },
} as const;

async function main(): Promise<void> {
  const out = path.resolve(process.cwd(), 'samples', 'sample.jsonl');
  const truth = await generateToFile(out, { ...SAMPLE_OPTIONS });
  const size = fs.statSync(out).size;
  console.log(`${out}: ${truth.records} records, ${(size / 1e6).toFixed(2)} MB`);
  for (const c of truth.campaigns) console.log(`  ${c.id}: ${c.accounts.length} accounts, ${c.records} records`);
  if (size >= 2e6) throw new Error('the sample must stay under 2 MB');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
