// Entry of the restricted-mode suite: `node out/test/integration/runner/run.js --restricted --tests out/test/integration/restricted/index.js`.
import { runMochaFiles } from '../runner/mochaIndex';

export function run(): Promise<void> {
  return runMochaFiles(__dirname);
}
