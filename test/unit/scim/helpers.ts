// Shared set-up for the SCIM client tests: a client for a sandbox, with every log line captured.
import { ScimClient } from '../../../client/src/scim/client';
import type { HttpLogEntry, HttpOptions } from '../../../client/src/scim/http';
import { formatLogEntry } from '../../../client/src/scim/report';
import { StaticToken } from '../../../client/src/scim/tokens';

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
