// Runs the compiled unit tests with mocha's spec reporter and prints a PF-RESULT line for test-all.
import Mocha from 'mocha';
import * as fs from 'node:fs';
import * as path from 'node:path';

const mocha = new Mocha({ timeout: 120000, reporter: 'spec' });
const testFiles = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? testFiles(path.join(dir, e.name)) : e.name.endsWith('.test.js') ? [path.join(dir, e.name)] : []));
for (const file of testFiles('out/test/unit').sort()) mocha.addFile(file);
const runner = mocha.run(() => undefined);
runner.on('end', () => {
  const { passes, failures, pending } = runner.stats;
  process.stdout.write(`PF-RESULT passed=${passes} failed=${failures} skipped=${pending}\n`);
  process.exitCode = failures > 0 ? 1 : 0;
});
