import * as path from 'node:path';
import { fixturesDir, publicPromptsDir } from '../../test/support/paths';

export function ruleFixturesDir(): string {
  return path.join(fixturesDir(), 'rules');
}

export const promptsDir = publicPromptsDir;
