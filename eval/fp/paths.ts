/**
 * test/support/paths.ts finds the repo root by the nearest package.json, and the compiler emits a
 * copy of package.json into out/ (src/core/version.ts imports it), which makes it stop at out/.
 * Until that is fixed there, step out of out/ here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../../test/support/paths';

function realRepoRoot(): string {
  const root = repoRoot();
  const parent = path.dirname(root);
  return path.basename(root) === 'out' && fs.existsSync(path.join(parent, 'package.json')) ? parent : root;
}

export function ruleFixturesDir(): string {
  return path.join(realRepoRoot(), 'test', 'fixtures', 'rules');
}

export function promptsDir(): string {
  const shared = process.env.PF_SHARED_DIR ?? path.resolve(realRepoRoot(), '..', 'shared');
  return path.join(shared, 'data', 'public-prompts');
}
