// The bundles: the VS Code extension (vscode external), the analysis worker, the CLI and the dashboard webview script. All self-contained.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
};

const builds = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['src/core/worker/analysisWorker.ts'], outfile: 'dist/worker.js' },
  { ...common, entryPoints: ['src/core/parallel/shardWorker.ts'], outfile: 'dist/shardWorker.js' },
  { ...common, entryPoints: ['src/core/parallel/detectWorker.ts'], outfile: 'dist/detectWorker.js' },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // The dashboard webview script (Chart.js bundled in). Shipped from media/, which the vsix takes whole: no source map there.
  { ...common, platform: 'browser', target: 'es2022', format: 'iife', sourcemap: false, entryPoints: ['src/extension/dashboard/webview/main.ts'], outfile: 'media/dashboard/dashboard.js' },
];

import { existsSync } from 'node:fs';
const present = builds.filter((b) => b.entryPoints.every((e) => existsSync(e)));
if (watch) {
  for (const b of present) (await esbuild.context(b)).watch();
} else {
  await Promise.all(present.map((b) => esbuild.build(b)));
}
