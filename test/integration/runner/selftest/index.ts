import { runMochaFiles } from '../mochaIndex';

export function run(): Promise<void> {
  return runMochaFiles(__dirname);
}
