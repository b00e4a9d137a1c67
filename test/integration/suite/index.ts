// Entry of the extension's integration suite, run inside the extension host by the runner.
import { runMochaFiles } from '../runner/mochaIndex';

export function run(): Promise<void> {
  return runMochaFiles(__dirname);
}
