import * as path from 'node:path';
import { repoRoot } from '../../support/paths';

/**
 * The extension's folder. `repoRoot()` stops at the first package.json above the compiled file, and tsc
 * copies package.json into out/ when a source imports it (src/core/version.ts does), so skip that copy.
 */
export function projectRoot(): string {
  const root = repoRoot();
  return path.basename(root) === 'out' ? path.dirname(root) : root;
}
