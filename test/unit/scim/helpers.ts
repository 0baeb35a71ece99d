// Shared set-up for the SCIM client tests: a client for a sandbox, with every log line captured;
// a bare loopback server for endpoints that answer as the sandbox never does.
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach } from 'node:test';
import { ScimClient } from '../../../shared/src/scim/client';
import type { HttpLogEntry, HttpOptions } from '../../../shared/src/scim/http';
import { formatLogEntry } from '../../../shared/src/scim/report';
import { StaticToken } from '../../../shared/src/scim/tokens';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/server';

/** Retries fast enough for tests; the Retry-After wait itself is never shortened. */
export const fastRetry = { baseDelayMs: 10 };

export interface CapturedClient {
  readonly client: ScimClient;
  readonly log: string[];
}

export function clientFor(root: string, token: string, options: Omit<HttpOptions, 'secrets' | 'log'> = {}): CapturedClient {
  const log: string[] = [];
  const client = new ScimClient({
    root,
    tokens: new StaticToken(token),
    retry: fastRetry,
    ...options,
    log: (entry: HttpLogEntry) => log.push(formatLogEntry(entry)),
  });
  return { client, log };
}

/**
 * Starts a sandbox for the enclosing describe block (closed after it) and clears its faults and
 * request log before each test. Returns a getter: the sandbox exists once the block runs.
 */
export function useSandbox(options: SandboxOptions = {}): () => Sandbox {
  let sandbox: Sandbox | undefined;
  before(async () => {
    sandbox = await startSandbox(options);
  });
  after(async () => {
    await sandbox?.close();
  });
  beforeEach(() => {
    sandbox?.setFaults({});
    sandbox?.requests.splice(0);
  });
  return () => {
    if (!sandbox) throw new Error("the sandbox starts in the describe block's before hook");
    return sandbox;
  };
}

export interface LoopbackServer {
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 (a free port) that answers every request with `handler`. */
export async function startLoopbackServer(handler: RequestListener): Promise<LoopbackServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
