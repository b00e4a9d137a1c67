// Desktop runner (machines with internet): @vscode/test-electron downloads a VS Code build and runs the same
// test index in it. It cannot run on the CI machines (downloads are blocked there): CI uses run.ts.
// Screenshots need the code-server runner; here screenshot() logs and skips.
import { runTests } from '@vscode/test-electron';
import { parseRunnerOptions } from './options';
import { repoRoot as projectRoot } from '../../support/paths';
import { makeRunDirs, prepareWorkspace, removeQuietly, seedUserSettings } from './workspace';

async function main(): Promise<number> {
  const options = parseRunnerOptions(process.argv.slice(2));
  if (options.vsix || options.keepOpen) {
    throw new Error('--vsix and --keep-open need the code-server runner: node out/test/integration/runner/run.js');
  }
  const dirs = makeRunDirs();
  try {
    seedUserSettings(dirs.userData);
    prepareWorkspace(dirs.workspace);
    return await runTests({
      version: process.env.PF_VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: projectRoot(),
      extensionTestsPath: options.tests,
      extensionTestsEnv: { PF_TEST_WORKSPACE: dirs.workspace, PF_SCREENSHOTS_DIR: options.screenshots },
      launchArgs: [
        dirs.workspace,
        `--user-data-dir=${dirs.userData}`,
        `--extensions-dir=${dirs.extensions}`,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
      ],
    });
  } finally {
    removeQuietly(dirs.root);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[desktop runner] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
