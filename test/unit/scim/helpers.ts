// Shared set-up for the SCIM client tests: a client for a sandbox, with every log line captured.
import { after, before, beforeEach } from 'node:test';
import { ScimClient } from '../../../client/src/scim/client';
import type { HttpLogEntry, HttpOptions } from '../../../client/src/scim/http';
import { formatLogEntry } from '../../../client/src/scim/report';
import { StaticToken } from '../../../client/src/scim/tokens';
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
    if (!sandbox) throw new Error('the sandbox starts in the describe block\'s before hook');
    return sandbox;
  };
}
