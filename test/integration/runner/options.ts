import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot as projectRoot } from '../../support/paths';

export interface RunnerOptions {
  /** Compiled mocha index (exports `run()`), run inside the extension host. */
  tests: string;
  screenshots: string;
  /** Packaged extension to install instead of loading the repo as a development extension. */
  vsix?: string;
  keepOpen: boolean;
  verbose: boolean;
  /** Workspace trust on and the workspace not trusted: the extension runs in restricted mode. */
  restricted: boolean;
  timeoutMs: number;
}

export const usage = `usage: node out/test/integration/runner/run.js [options]
  --tests <file>        compiled test index (default out/test/integration/suite/index.js)
  --screenshots <dir>   where screenshot(name) saves PNGs (default test-results/screenshots)
  --vsix <file>         install this .vsix and test it instead of the development extension
  --timeout <seconds>   overall limit (default 600, env PF_TEST_TIMEOUT_S)
  --restricted          start with workspace trust enabled and the workspace untrusted (restricted mode)
  --keep-open           leave code-server running after the tests and print its URL (Ctrl-C ends it)
  --verbose             also print code-server's own output and every workbench log line`;

export function parseRunnerOptions(argv: string[]): RunnerOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      tests: { type: 'string' },
      screenshots: { type: 'string' },
      vsix: { type: 'string' },
      timeout: { type: 'string' },
      'keep-open': { type: 'boolean', default: false },
      restricted: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const root = projectRoot();
  const timeoutSeconds = Number(values.timeout ?? process.env.PF_TEST_TIMEOUT_S ?? 600);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new Error(`bad --timeout: ${values.timeout}`);
  return {
    tests: values.tests ? path.resolve(values.tests) : path.join(root, 'out/test/integration/suite/index.js'),
    screenshots: values.screenshots ? path.resolve(values.screenshots) : path.join(root, 'test-results/screenshots'),
    vsix: values.vsix ? path.resolve(values.vsix) : undefined,
    keepOpen: values['keep-open'] ?? false,
    restricted: values.restricted ?? false,
    verbose: (values.verbose ?? false) || process.env.PF_VERBOSE === '1',
    timeoutMs: timeoutSeconds * 1000,
  };
}
