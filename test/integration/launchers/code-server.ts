// Runs code-server (the real VS Code 1.100 workbench and server from npm, installed by
// .ci/setup.mjs into .cache/) on loopback: install a .vsix, start it, stop it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { installedExtension } from './run-folders';

export interface CodeServerFolders {
  /** code-server's entry script (.cache/code-server-4.100.3/node_modules/code-server/out/node/entry.js). */
  readonly entry: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** code-server's own config file; kept out of the user's home. */
  readonly configFile: string;
}

export interface RunningCodeServer {
  /** http://127.0.0.1:PORT/ */
  readonly url: string;
  readonly port: number;
  /** Stops the server and everything it started; resolves when it has exited. */
  stop(): Promise<void>;
}

function baseArguments(folders: CodeServerFolders): string[] {
  return [folders.entry, '--config', folders.configFile, '--user-data-dir', folders.userDataDir, '--extensions-dir', folders.extensionsDir];
}

/** Installs `vsix` into the extensions folder with code-server's own CLI; returns the installed extension's folder. */
export function installVsix(folders: CodeServerFolders, vsix: string): string {
  const result = spawnSync(process.execPath, [...baseArguments(folders), '--install-extension', vsix], { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`code-server could not install ${vsix} (exit ${result.status}):\n${result.stdout}${result.stderr}`);
  }
  return installedExtension(folders.extensionsDir, vsix);
}

export interface StartOptions {
  readonly folders: CodeServerFolders;
  /** The folder the workbench opens. */
  readonly workspace: string;
  /** A loopback port, or 0 for any free one. */
  readonly port: number;
  /** Where code-server's own output goes. */
  readonly logFile: string;
  /** Added to the environment of the server and so of its extension host. */
  readonly env?: Readonly<Record<string, string>>;
  readonly startTimeoutMs?: number;
}

/** Starts code-server with no auth, no telemetry, no update check and no trust prompt; resolves once it listens. */
export function startCodeServer(options: StartOptions): Promise<RunningCodeServer> {
  const { folders } = options;
  for (const folder of [folders.userDataDir, folders.extensionsDir]) mkdirSync(folder, { recursive: true });
  if (!existsSync(folders.entry)) {
    return Promise.reject(new Error(`code-server is not installed at ${folders.entry}: run node .ci/setup.mjs`));
  }
  const args = [
    ...baseArguments(folders),
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${options.port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    options.workspace,
  ];
  const child: ChildProcess = spawn(process.execPath, args, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so stopping it also stops the extension host and language server.
    detached: true,
  });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
      const killer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }, 5_000);
      await exited;
      clearTimeout(killer);
    }
    log.end();
  };

  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`code-server did not start within ${options.startTimeoutMs ?? 60_000} ms; see ${options.logFile}`));
    }, options.startTimeoutMs ?? 60_000);
    const onOutput = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const listening = /HTTP server listening on (http:\/\/127\.0\.0\.1:(\d+)\/)/.exec(output);
      if (!listening) return;
      clearTimeout(timer);
      child.stdout?.off('data', onOutput);
      child.stderr?.off('data', onOutput);
      resolve({ url: listening[1], port: Number(listening[2]), stop });
    };
    child.stdout?.on('data', onOutput);
    child.stderr?.on('data', onOutput);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const lastLine = output.trim().split('\n').pop() ?? '';
      reject(new Error(`code-server exited before listening (${code ?? signal}): ${lastLine}; see ${options.logFile}`));
    });
  });
}

/** The workbench URL that opens `workspace` and, optionally, runs a test entry in the extension host. */
export function workbenchUrl(server: RunningCodeServer, workspace: string, payload?: ReadonlyArray<readonly [string, string]>): string {
  const url = new URL(server.url);
  url.searchParams.set('folder', workspace);
  if (payload) url.searchParams.set('payload', JSON.stringify(payload));
  return url.toString();
}

/** A path on the server's file system as the workbench addresses it. */
export function remoteUri(server: RunningCodeServer, path: string): string {
  return `vscode-remote://127.0.0.1:${server.port}${path}`;
}
