import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot as projectRoot } from '../../support/paths';

/** Settings that keep the workbench quiet and the screenshots clean (no welcome tab, no chat, no prompts). */
export const testUserSettings: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'files.hotExit': 'off',
  'window.restoreWindows': 'none',
};

/** Per-run scratch folders; everything the workbench writes stays under `root`. */
export interface RunDirs {
  root: string;
  userData: string;
  extensions: string;
  xdgConfig: string;
  xdgData: string;
  browserProfile: string;
  workspace: string;
}

export function makeRunDirs(): RunDirs {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pf-integration-'));
  const dirs: RunDirs = {
    root,
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    xdgConfig: path.join(root, 'xdg-config'),
    xdgData: path.join(root, 'xdg-data'),
    browserProfile: path.join(root, 'browser-profile'),
    workspace: path.join(root, 'workspace'),
  };
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
  return dirs;
}

/** For `--restricted`: trust on, the workspace left untrusted, and no trust prompt or banner in the way. */
export const restrictedModeSettings: Readonly<Record<string, unknown>> = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'security.workspace.trust.untrustedFiles': 'open',
};

/** Writes `<userData>/User/settings.json` with {@link testUserSettings} (and `overrides`). */
export function seedUserSettings(userDataDir: string, overrides: Readonly<Record<string, unknown>> = {}): void {
  const userDir = path.join(userDataDir, 'User');
  fs.mkdirSync(userDir, { recursive: true });
  fs.writeFileSync(path.join(userDir, 'settings.json'), JSON.stringify({ ...testUserSettings, ...overrides }, null, 2));
}

/** Fills `target` with a copy of `test/integration/workspace/` when that folder exists (else leaves it empty). */
export function prepareWorkspace(target: string): string {
  const template = path.join(projectRoot(), 'test', 'integration', 'workspace');
  if (fs.existsSync(template)) fs.cpSync(template, target, { recursive: true });
  return target;
}

export function removeQuietly(dir: string): void {
  try {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    // A leftover temp folder is not worth failing a test run for.
  }
}
