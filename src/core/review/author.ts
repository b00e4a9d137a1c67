/** Who is annotating: an explicit setting or option, else `git config user.name`, else the OS user. */
import { execFileSync } from 'node:child_process';
import * as os from 'node:os';

export function defaultAuthor(configured?: string, cwd?: string): string {
  if (configured?.trim()) return configured.trim();
  try {
    const name = execFileSync('git', ['config', 'user.name'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
    if (name) return name;
  } catch {
    // no git, or no user.name configured
  }
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}
