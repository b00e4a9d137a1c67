// Runs the extension's integration tests inside a real VS Code workbench: code-server (VS Code server
// with the Node extension host) + headless Debian Chromium driven by playwright-core.
// Facts this rests on: ../shared/docs/vscode-testing.md; how to use it: docs/testing.md.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot as projectRoot } from '../../support/paths';
import { codeServerLauncher, installVsix, startCodeServer, type CodeServer } from './codeServer';
import { formatAutomationLog, isNoise } from './logFilter';
import { parseRunnerOptions, usage, type RunnerOptions } from './options';
import { capture, startScreenshotServer } from './screenshotServer';
import { screenshotUrlEnv } from './screenshot-client';
import { TestCounts } from './testCounts';
import { makeRunDirs, prepareWorkspace, removeQuietly, restrictedModeSettings, seedUserSettings, type RunDirs } from './workspace';

const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
const viewport = { width: 1600, height: 1000 };
const log = (message: string): void => console.log(`[runner] ${message}`);

/** Everything to undo at the end, newest first; runs once whether the run ends normally, fails or is interrupted. */
class Cleanup {
  private readonly steps: Array<() => Promise<void> | void> = [];
  private done?: Promise<void>;
  add(step: () => Promise<void> | void): void {
    this.steps.unshift(step);
  }
  run(): Promise<void> {
    this.done ??= (async () => {
      for (const step of this.steps) {
        try {
          await step();
        } catch (error) {
          console.error(`[runner] cleanup step failed: ${(error as Error).message}`);
        }
      }
    })();
    return this.done;
  }
}

function findChromium(): string {
  const candidates = [process.env.PF_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((file): file is string => !!file && fs.existsSync(file));
  if (!found) throw new Error('Chromium not found (/usr/bin/chromium). Run: bash scripts/integration/install.sh');
  return found;
}

/** The development extension runs from its bundle: without it every test would fail for an obscure reason. */
function requireBuiltExtension(): void {
  const manifest = JSON.parse(fs.readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { main?: string };
  if (manifest.main && !fs.existsSync(path.join(projectRoot(), manifest.main))) {
    throw new Error(`${manifest.main} is missing: build the extension first (npm run build)`);
  }
}

/** The environment code-server (and so the extension host) inherits, minus a parent VS Code's variables. */
function childEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('VSCODE_') && key !== 'ELECTRON_RUN_AS_NODE') env[key] = value;
  }
  return { ...env, ...extra };
}

/** Lists and checks the packaged artefact before installing it (scripts/integration/check-vsix.mjs). */
function checkVsixContents(vsix: string): void {
  const checker = path.join(projectRoot(), 'scripts', 'integration', 'check-vsix.mjs');
  const result = spawnSync(process.execPath, [checker, vsix], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${path.basename(vsix)} holds unexpected files (see above)`);
}

function workbenchUrl(server: CodeServer, dirs: RunDirs, options: RunnerOptions): string {
  const remote = (file: string): string => `vscode-remote://127.0.0.1:${server.port}${file}`;
  // The workbench only runs extensionTestsPath next to a development extension. With --vsix the installed
  // extension is the one under test, so an empty harness extension takes the repository's place.
  const developmentPath = options.vsix ? writeHarnessExtension(dirs.root) : projectRoot();
  const payload: Array<[string, string]> = [
    ['extensionDevelopmentPath', remote(developmentPath)],
    ['extensionTestsPath', remote(options.tests)],
  ];
  const query = new URLSearchParams({ folder: dirs.workspace, payload: JSON.stringify(payload) });
  return `http://127.0.0.1:${server.port}/?${query}`;
}

function writeHarnessExtension(root: string): string {
  const dir = path.join(root, 'vsix-test-harness');
  fs.mkdirSync(dir, { recursive: true });
  const manifest = { name: 'vsix-test-harness', publisher: 'prompt-forensics-tests', version: '0.0.0', engines: { vscode: '*' } };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

/** Saves the workbench's own log files (the second argument of codeAutomationExit) for post-mortems. */
function saveWorkbenchLogs(logs: unknown, dir: string): void {
  if (!Array.isArray(logs)) return;
  fs.rmSync(dir, { recursive: true, force: true });
  for (const entry of logs as Array<{ relativePath?: string; contents?: string }>) {
    if (typeof entry.relativePath !== 'string' || typeof entry.contents !== 'string') continue;
    const file = path.join(dir, path.normalize(entry.relativePath).replace(/^(\.\.[/\\])+/, ''));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, entry.contents);
  }
}

interface Outcome {
  code: number;
  logs?: unknown;
}

async function openWorkbench(
  context: BrowserContext,
  url: string,
  verbose: boolean,
  recentLog: string[],
  counts: TestCounts,
): Promise<{ page: Page; outcome: Promise<Outcome> }> {
  const page = context.pages()[0] ?? (await context.newPage());
  let finish!: (outcome: Outcome) => void;
  const outcome = new Promise<Outcome>((resolve) => (finish = resolve));
  const remember = (line: string): void => {
    if (!verbose && isNoise(line)) return;
    recentLog.push(line);
    if (recentLog.length > 60) recentLog.shift();
  };
  // Both must exist before the workbench loads: it looks them up when the extension host starts/ends.
  await page.exposeFunction('codeAutomationLog', (...values: unknown[]) => {
    const text = formatAutomationLog(values.length === 2 ? values[1] : values);
    if (counts.observe(text)) return;
    remember(text);
    if (verbose || !isNoise(text)) console.log(text);
  });
  await page.exposeFunction('codeAutomationExit', (code: unknown, logs?: unknown) => {
    finish({ code: typeof code === 'number' ? code : 1, logs });
  });
  page.on('pageerror', (error) => remember(`[page error] ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') remember(`[browser console] ${message.text()}`);
    // Plain console.log lines already arrive through codeAutomationLog.
    if (verbose && message.type() !== 'log' && message.type() !== 'info') console.log(`[browser ${message.type()}] ${message.text()}`);
  });
  page.on('crash', () => finish({ code: 1, logs: undefined }));
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
  return { page, outcome };
}

const counts = new TestCounts();

async function main(): Promise<number> {
  const started = Date.now();
  const options = parseRunnerOptions(process.argv.slice(2));
  if (!fs.existsSync(options.tests)) {
    throw new Error(`no compiled test index at ${options.tests} (compile first: npx tsc -p tsconfig.test.json)\n${usage}`);
  }
  if (options.vsix && !fs.existsSync(options.vsix)) throw new Error(`no such .vsix: ${options.vsix} (npm run package)`);
  if (!options.vsix) requireBuiltExtension();
  const launcher = codeServerLauncher();
  const executablePath = findChromium();

  const cleanup = new Cleanup();
  let interrupt!: (value: 'interrupted') => void;
  const interrupted = new Promise<'interrupted'>((resolve) => (interrupt = resolve));
  let exitCodeOnSignal = 130;
  const onSignal = (signal: NodeJS.Signals): void => {
    console.error(`[runner] ${signal}: stopping code-server and Chromium`);
    interrupt('interrupted');
    void cleanup.run().then(() => process.exit(exitCodeOnSignal));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, onSignal);

  try {
    const dirs = makeRunDirs();
    cleanup.add(() => (options.keepOpen ? log(`kept ${dirs.root}`) : removeQuietly(dirs.root)));
    process.once('exit', () => options.keepOpen || removeQuietly(dirs.root));
    seedUserSettings(dirs.userData, options.restricted ? restrictedModeSettings : {});
    prepareWorkspace(dirs.workspace);
    fs.mkdirSync(options.screenshots, { recursive: true });

    const screenshots = await startScreenshotServer(options.screenshots);
    cleanup.add(() => screenshots.close());
    const env = childEnvironment({
      PF_TEST_WORKSPACE: dirs.workspace,
      [screenshotUrlEnv]: screenshots.url,
      PF_SCREENSHOTS_DIR: options.screenshots,
    });

    if (options.vsix) {
      checkVsixContents(options.vsix);
      log(`installing ${path.relative(process.cwd(), options.vsix)} into the test profile`);
      installVsix(launcher, dirs, options.vsix, env);
    }

    log(`starting code-server (${path.dirname(path.dirname(launcher))})`);
    const server = await startCodeServer({ launcher, dirs, env, verbose: options.verbose, startupTimeoutMs: 120_000, workspaceTrust: options.restricted });
    cleanup.add(() => server.stop());
    log(`code-server on 127.0.0.1:${server.port}, workspace ${dirs.workspace}`);

    const context = await chromium.launchPersistentContext(dirs.browserProfile, {
      executablePath,
      headless: true,
      args: chromiumFlags,
      viewport,
      timeout: 120_000,
      // Keeps Chromium's crash database and caches out of $HOME.
      env: { ...process.env, XDG_CONFIG_HOME: dirs.xdgConfig, XDG_CACHE_HOME: path.join(dirs.root, 'xdg-cache') },
      // Our own handlers end code-server and remove the temp folders before exiting.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    cleanup.add(() => context.close());

    const recentLog: string[] = [];
    const url = workbenchUrl(server, dirs, options);
    log(`running ${path.relative(process.cwd(), options.tests)}${options.vsix ? ' against the installed .vsix' : ''}${options.restricted ? ' in restricted mode' : ''}`);
    const { page, outcome } = await openWorkbench(context, url, options.verbose, recentLog, counts);
    screenshots.attach(page);

    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), options.timeoutMs)));
    const serverDied = new Promise<'server-died'>((resolve) => server.process.once('exit', () => resolve('server-died')));
    const result = await Promise.race([interrupted, outcome, timedOut, serverDied]);
    clearTimeout(timer);
    if (result === 'interrupted') return 130;

    let code: number;
    if (result === 'timeout' || result === 'server-died') {
      const why = result === 'timeout' ? `timed out after ${options.timeoutMs / 1000} s` : 'code-server exited during the tests';
      const picture = path.join(options.screenshots, 'runner-failure.png');
      await capture(page, picture).then(() => log(`workbench at failure: ${picture}`), () => undefined);
      console.error(`[runner] FAILED: ${why}`);
      console.error(`--- last workbench log lines ---\n${recentLog.join('\n')}`);
      console.error(`--- last code-server output ---\n${server.recentOutput()}`);
      code = 1;
    } else {
      code = result.code;
      saveWorkbenchLogs(result.logs, path.join(path.dirname(options.screenshots), 'workbench-logs'));
    }

    const shots = screenshots.saved();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    log(`${code === 0 ? 'PASSED' : `FAILED (exit code ${code})`} in ${seconds} s; ${shots.length} screenshot(s) in ${options.screenshots}`);
    if (options.keepOpen) {
      const plain = new URLSearchParams({ folder: dirs.workspace });
      log(`--keep-open: code-server stays up at http://127.0.0.1:${server.port}/?${plain} (Ctrl-C to stop)`);
      exitCodeOnSignal = code;
      await interrupted;
    }
    return code;
  } finally {
    await cleanup.run();
  }
}

main().then(
  (code) => {
    console.log(counts.resultLine(code));
    process.exit(code);
  },
  (error: unknown) => {
    console.error(`[runner] ${error instanceof Error ? error.message : String(error)}`);
    console.log(counts.resultLine(1));
    process.exit(1);
  },
);
