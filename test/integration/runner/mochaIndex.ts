// A test index for the extension host: `run()` is what the workbench calls (as with @vscode/test-electron).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { mochaCountsTag } from './testCounts';

/** Runs every `*.test.js` below `dir` with mocha; rejects when a test fails (the runner's exit code). */
export function runMochaFiles(dir: string, options: Mocha.MochaOptions = {}): Promise<void> {
  // No colours: the output travels through codeAutomationLog into CI logs.
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, ...options });
  const files = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((file) => file.endsWith('.test.js'));
  for (const file of files.sort()) mocha.addFile(path.join(dir, file));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) =>
      failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve(),
    );
    // Counts for the runner's PF-RESULT line (see testCounts.ts); mocha's own summary is for people.
    runner.on('end', () => {
      const { passes, failures, pending } = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
      console.log(`${mochaCountsTag} passed=${passes} failed=${failures} skipped=${pending}`);
    });
  });
}
