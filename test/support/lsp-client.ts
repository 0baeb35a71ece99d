// A JSON-RPC client for the built language server over stdio (`node dist/cli.js lsp --stdio`), as
// any editor would start it. Used by the end-to-end test (test/unit/lsp/stdio.test.ts), the
// request-handling tests (test/unit/lsp/request-handling.test.ts) and the latency benchmark (bench/lsp.ts).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import {
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  type InitializeResult,
  type LogMessageParams,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';

export interface ServerSession {
  readonly connection: MessageConnection;
  /** The server process's id (for /proc). */
  readonly pid: number | undefined;
  readonly initialized: InitializeResult;
  /** The diagnostics published for `uri` at `version` or later (those already published count). */
  diagnostics(uri: string, version: number): Promise<PublishDiagnosticsParams>;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
  /** The messages the server logged (window/logMessage) so far. */
  logged(): readonly LogMessageParams[];
  /** The CPU time the server process has used so far, in ms (all its threads; Linux only, else undefined). */
  cpuMs(): number | undefined;
  /** The CPU time of the server's main thread alone so far, in ms (Linux only, else undefined): V8's background threads left out. */
  mainThreadCpuMs(): number | undefined;
  /** The server process's resident set size now, in MiB (Linux only, else undefined). */
  rssMiB(): number | undefined;
  /** shutdown, exit, and the server's exit code. */
  close(): Promise<number | null>;
}

/** The CPU time in a /proc stat file (a process's or a thread's): utime and stime (fields 14 and 15) in clock ticks, 100 a second on Linux. */
function cpuOf(statFile: string): number | undefined {
  const stat = existsSync(statFile) ? readFileSync(statFile, 'utf8') : undefined;
  const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields ? (Number(fields[11]) + Number(fields[12])) * 10 : undefined;
}

let processCodeCache: string | undefined;

/**
 * The V8 code cache directory (server/src/code-cache.ts) of the servers this process starts: a
 * temporary one, removed at exit, so tests never write the user's cache directory.
 */
export function temporaryCodeCache(): string {
  if (processCodeCache === undefined) {
    const directory = (processCodeCache = mkdtempSync(join(tmpdir(), 'scimmap-code-cache-')));
    process.once('exit', () => rmSync(directory, { recursive: true, force: true }));
  }
  return processCodeCache;
}

/** How the server's process is started beyond its script: node's own options and more environment. */
export interface ServerLaunch {
  readonly nodeOptions?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Starts `node dist/cli.js lsp --stdio` in `root`, or `node <command>` when given (a script serving
 * over stdio), with its V8 code cache in `codeCache` (the first server to exit writes it there).
 */
export async function startServer(
  root: string,
  command = [join(root, 'dist', 'cli.js'), 'lsp', '--stdio'],
  codeCache = temporaryCodeCache(),
  launch: ServerLaunch = {},
): Promise<ServerSession> {
  if (!existsSync(command[0])) throw new Error(`${command[0]} is missing: run npm run build and npx tsc -b first`);
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [...(launch.nodeOptions ?? []), ...command], {
    cwd: root,
    stdio: 'pipe',
    env: { ...process.env, ...launch.env, SCIMMAP_CACHE_DIR: codeCache },
  });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));

  const latest = new Map<string, PublishDiagnosticsParams>();
  const waiting: Array<{ uri: string; version: number; resolve: (params: PublishDiagnosticsParams) => void }> = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    latest.set(params.uri, params);
    for (let i = waiting.length - 1; i >= 0; i--) {
      const waiter = waiting[i];
      if (waiter.uri === params.uri && (params.version ?? 0) >= waiter.version) {
        waiting.splice(i, 1);
        waiter.resolve(params);
      }
    }
  });
  const logged: LogMessageParams[] = [];
  connection.onNotification(LogMessageNotification.type, (params) => logged.push(params));
  connection.listen();

  const initialized = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    workspaceFolders: null,
    capabilities: {
      textDocument: {
        synchronization: { dynamicRegistration: false },
        completion: {
          completionItem: { snippetSupport: true, insertReplaceSupport: true, documentationFormat: ['markdown', 'plaintext'] },
        },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        signatureHelp: { signatureInformation: { parameterInformation: { labelOffsetSupport: true }, activeParameterSupport: true } },
        publishDiagnostics: { versionSupport: true, relatedInformation: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
      },
    },
  });
  await connection.sendNotification(InitializedNotification.type, {});

  return {
    connection,
    pid: child.pid,
    initialized,
    diagnostics(uri, version) {
      const known = latest.get(uri);
      if (known && (known.version ?? 0) >= version) return Promise.resolve(known);
      return new Promise((resolve) => waiting.push({ uri, version, resolve }));
    },
    stderr: () => errors,
    logged: () => logged,
    cpuMs: () => cpuOf(`/proc/${child.pid}/stat`),
    mainThreadCpuMs: () => cpuOf(`/proc/${child.pid}/task/${child.pid}/stat`),
    rssMiB: () => {
      const status = existsSync(`/proc/${child.pid}/status`) ? readFileSync(`/proc/${child.pid}/status`, 'utf8') : undefined;
      const kib = status && /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
      return kib ? Number(kib) / 1024 : undefined;
    },
    async close() {
      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification(ExitNotification.type);
      const code = await exited;
      connection.dispose();
      return code;
    },
  };
}
