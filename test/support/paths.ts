import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root, found from wherever the compiled file runs. */
export function repoRoot(): string {
  let dir = __dirname;
  // tsconfig.json, not package.json: the compiled output under out/ carries a copy of package.json.
  while (!fs.existsSync(path.join(dir, 'tsconfig.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no tsconfig.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

/** `../shared` beside the clone: docs and third-party prompt sets that must never be copied into the repo. */
export function sharedDir(): string {
  return process.env.PF_SHARED_DIR ?? path.resolve(repoRoot(), '..', 'shared');
}

export function publicPromptsDir(): string {
  return path.join(sharedDir(), 'data', 'public-prompts');
}

export function fixturesDir(): string {
  return path.join(repoRoot(), 'test', 'fixtures');
}
