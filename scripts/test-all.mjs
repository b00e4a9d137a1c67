// The one test command (`npm test`, called by .ci/run): typecheck, lint, bundle, install the real
// workbench (cached), unit tests (mocha), a small bench gate, the extension's tests inside a real
// VS Code (code-server + headless Chromium), and the packaged .vsix smoke test.
// Ends with a plain "N passed, N failed" line summing every stage.
// PF_SKIP_INTEGRATION=1 skips the real-workbench stages (reported as skipped, never as passed).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function run(title, command, args, options = {}) {
  process.stdout.write(`\n=== ${title}\n`);
  const result = spawnSync(command, args, { stdio: options.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8', env: { ...process.env, ...options.env } });
  if (options.capture) process.stdout.write(result.stdout ?? '');
  return result;
}

function check(title, command, args) {
  const result = run(title, command, args);
  if (result.status === 0) totals.passed++;
  else {
    totals.failed++;
    failures.push(title);
  }
  return result.status === 0;
}

/** Reads the "PF-RESULT passed=N failed=M" line a test stage prints. */
function countFrom(title, result) {
  const m = /PF-RESULT passed=(\d+) failed=(\d+)(?: skipped=(\d+))?/.exec(result.stdout ?? '');
  if (!m) {
    totals.failed++;
    failures.push(`${title} (no result line; exit ${result.status})`);
    return;
  }
  totals.passed += Number(m[1]);
  totals.failed += Number(m[2]);
  totals.skipped += Number(m[3] ?? 0);
  if (Number(m[2]) > 0 || result.status !== 0) failures.push(title);
}

const integration = process.env.PF_SKIP_INTEGRATION !== '1';
const compiled = check('typecheck and compile (tsc)', 'npx', ['tsc', '-p', 'tsconfig.test.json']);
check('lint (eslint)', 'npx', ['eslint', 'src', 'test', 'bench', 'eval', 'scripts']);
check('bundle (esbuild)', 'node', ['scripts/build.mjs']);
// First, so that the unit tests that render the dashboard in Chromium run too.
const installed = integration && check('install the real workbench (code-server, Chromium; cached)', 'bash', ['scripts/integration/install.sh']);
if (compiled || fs.existsSync('out/test/unit')) {
  countFrom('unit tests (mocha)', run('unit tests (mocha)', 'node', ['scripts/run-unit.mjs'], { capture: true }));
}
// A small benchmark as a regression gate on the ratio to a bare JSON.parse scan measured in the
// same run (never on seconds: machines are shared). The margin is generous on purpose; the real
// targets are in `npm run bench` (~1 GB).
check('bench regression gate (20k records; ratio and peak RSS)', 'node', ['out/bench/run.js', '--records', '20000', '--workers', '0', '--check', '--max-ratio', '40', '--max-rss-mb', '600']);
if (!integration) {
  process.stdout.write('\n=== integration tests skipped (PF_SKIP_INTEGRATION=1)\n');
} else if (installed) {
  countFrom('integration tests in a real VS Code', run('integration tests in a real VS Code', 'node', ['out/test/integration/runner/run.js'], { capture: true }));
  countFrom('restricted mode (untrusted workspace)', run('restricted mode (untrusted workspace)', 'node', ['out/test/integration/runner/run.js', '--restricted', '--tests', 'out/test/integration/restricted/index.js'], { capture: true }));
  // Last: packaging rebuilds dist/ as a production bundle, then the .vsix is installed into the workbench.
  if (check('package the .vsix', 'node', ['scripts/package.mjs'])) {
    countFrom('packaged .vsix smoke test', run('packaged .vsix smoke test', 'node', ['out/test/integration/runner/run.js', '--vsix', 'prompt-forensics.vsix', '--tests', 'out/test/integration/runner/smoke/index.js'], { capture: true }));
  }
}

if (failures.length) process.stdout.write(`\nFailed stages: ${failures.join('; ')}\n`);
process.stdout.write(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}\n`);
process.exitCode = totals.failed > 0 ? 1 : 0;
