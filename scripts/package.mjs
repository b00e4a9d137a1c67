// npm run package: production bundles, then prompt-forensics.vsix, then a check of what went into it.
// The bundles are self-contained (esbuild), so vsce runs with --no-dependencies and works offline.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { checkVsix } from './integration/check-vsix.mjs';

const output = 'prompt-forensics.vsix';

function run(command, args) {
  console.log(`[package] ${command} ${args.join(' ')}`);
  // stdin ignored: a vsce question ("continue? [y/N]") must fail the build, never hang CI.
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    console.error(`[package] failed: ${command} ${args.join(' ')} (${result.status ?? result.signal})`);
    process.exit(1);
  }
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const vsceArgs = ['--no', '@vscode/vsce', 'package', '--no-dependencies', '-o', output];
// vsce would stop and ask about these; say why we go on instead.
if (!['LICENSE', 'LICENSE.md', 'LICENSE.txt'].some((file) => existsSync(file))) {
  console.warn('[package] no LICENSE file: packaging without one (--skip-license)');
  vsceArgs.push('--skip-license');
}
if (!manifest.repository) {
  // Without a repository vsce cannot turn README's relative links (docs/…) into absolute ones:
  // keep them relative rather than invent a URL.
  console.warn('[package] package.json has no "repository": --allow-missing-repository --no-rewrite-relative-links');
  vsceArgs.push('--allow-missing-repository', '--no-rewrite-relative-links');
}

run(process.execPath, ['scripts/build.mjs', '--production']);
run('npx', vsceArgs);
if (!checkVsix(output)) {
  console.error(`[package] ${output} holds unexpected files: fix .vscodeignore`);
  process.exit(1);
}
console.log(`[package] ${output} ready`);
