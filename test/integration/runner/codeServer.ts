import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { isNoise } from './logFilter';
import type { RunDirs } from './workspace';

export const codeServerVersion = '4.139.1';

/** The launcher written by scripts/integration/install.sh (runs code-server on its own Node 24). */
export function codeServerLauncher(): string {
  const dir =
    process.env.PF_CODE_SERVER_DIR ??
    path.join(os.homedir(), '.cache', 'prompt-forensics', `code-server-${codeServerVersion}`);
  const launcher = path.join(dir, 'bin', 'code-server');
  if (!fs.existsSync(launcher)) {
    throw new Error(`code-server is not installed (no ${launcher}). Run: bash scripts/integration/install.sh`);
  }
  return launcher;
}

export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** code-server writes its config.yaml under XDG_CONFIG_HOME: keep it in the run's folder, not in $HOME. */
function xdgEnvironment(dirs: RunDirs): NodeJS.ProcessEnv {
  return { XDG_CONFIG_HOME: dirs.xdgConfig, XDG_DATA_HOME: dirs.xdgData };
}

/** Runs `code-server --install-extension <vsix>` into the run's extensions folder. */
export function installVsix(launcher: string, dirs: RunDirs, vsix: string, env: NodeJS.ProcessEnv): void {
  const result = spawnSync(
    launcher,
    ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--install-extension', vsix],
    { env: { ...env, ...xdgEnvironment(dirs) }, encoding: 'utf8', timeout: 180_000 },
  );
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  if (result.status !== 0) {
    throw new Error(`code-server --install-extension ${vsix} failed (${result.status ?? result.signal}):\n${output}`);
  }
  console.log(`[runner] ${output.split('\n').filter((l) => /install/i.test(l)).join('\n[runner] ')}`);
}

export interface CodeServer {
  port: number;
  process: ChildProcess;
  /** The last lines code-server printed, for failure messages. */
  recentOutput(): string;
  /** Ends code-server and everything it started (its whole process group). */
  stop(): Promise<void>;
}

export interface StartOptions {
  launcher: string;
  dirs: RunDirs;
  env: NodeJS.ProcessEnv;
  verbose: boolean;
  startupTimeoutMs: number;
  /** Leave workspace trust on (restricted-mode suites); default off. */
  workspaceTrust?: boolean;
}

export async function startCodeServer(options: StartOptions): Promise<CodeServer> {
  const { launcher, dirs } = options;
  const port = await freeLoopbackPort();
  const args = [
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--vscode-option', 'enable-smoke-test-driver',
    dirs.workspace,
  ];
  // detached: code-server leads its own process group, so the group can be ended as a whole.
  const child = spawn(launcher, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...options.env, ...xdgEnvironment(dirs) },
  });
  const recent: string[] = [];
  const collect = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      if (options.verbose) console.log(`[code-server] ${line}`);
      else if (isNoise(line)) continue;
      recent.push(line);
      if (recent.length > 80) recent.shift();
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const server: CodeServer = {
    port,
    process: child,
    recentOutput: () => recent.join('\n'),
    stop: () => stopProcessGroup(child),
  };
  stopOnExit(child);
  try {
    await waitUntilHealthy(port, child, options.startupTimeoutMs);
  } catch (error) {
    await server.stop();
    throw new Error(`${(error as Error).message}\n--- code-server output ---\n${server.recentOutput()}`);
  }
  return server;
}

async function waitUntilHealthy(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited during startup (${child.exitCode ?? child.signalCode})`);
    }
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`code-server did not answer on 127.0.0.1:${port} within ${Math.round(timeoutMs / 1000)} s`);
}

function isRunning(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Already gone.
  }
}

/** SIGTERM to the group, then SIGKILL to whatever is left after a grace period. */
export async function stopProcessGroup(child: ChildProcess, graceMs = 5000): Promise<void> {
  const pgid = child.pid;
  if (pgid === undefined) return;
  signalGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isRunning(pgid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (isRunning(pgid)) signalGroup(pgid, 'SIGKILL');
}

/** Last resort when the runner itself is ending abruptly: no process of the group may outlive it. */
function stopOnExit(child: ChildProcess): void {
  process.once('exit', () => {
    if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
  });
}
