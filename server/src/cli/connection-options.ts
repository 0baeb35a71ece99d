// The connection options test-connection and provision share: where the endpoint is (--url or
// --region) and how to authenticate (--token-env, or an OAuth client with --client-secret-env).
// Secrets come from environment variables, never from arguments.
import type { ScimClient } from '../../../shared/src/scim/client';
import { createScimClient, type ConnectionSecrets, type ConnectionTarget } from '../../../shared/src/scim/connection';
import { ScimError } from '../../../shared/src/scim/errors';
import { formatLogEntry } from '../../../shared/src/scim/report';
import type { OptionSpecs, ParsedCommandLine } from './command';
import { UsageError, type CliIo } from './io';

export const connectionOptions = {
  url: { type: 'string' },
  region: { type: 'string' },
  'token-env': { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret-env': { type: 'string' },
  'token-url': { type: 'string' },
  verbose: { type: 'boolean' },
} satisfies OptionSpecs;

/** The synopsis part, as README.md writes it. */
export const connectionSynopsis = '--url URL (--token-env VAR | --region R --client-id ID --client-secret-env VAR)';

export const connectionHelp = `Also: --region REGION instead of --url (a Genesys Cloud region), --token-url URL (the OAuth token
endpoint, when not the region's), --verbose (every HTTP exchange on stderr, secrets redacted). AUTH
is either --token-env VAR (the access token is in environment variable VAR) or --client-id ID
--client-secret-env VAR (a Genesys OAuth client, client credentials grant; the secret is in
environment variable VAR). Secrets are never taken from arguments.`;

export const connectionRefusals: Readonly<Record<string, string>> = Object.fromEntries(
  ['--token', '--client-secret'].map((name) => [
    name,
    `${name} is not accepted: a secret on the command line ends up in shell history and process lists. Put it in an environment variable and use ${name}-env VAR.`,
  ]),
);

/** The endpoint and its secret from the command line; a missing or contradictory option is a usage error. */
export function connectionFrom(values: ParsedCommandLine<typeof connectionOptions>['values']): {
  target: ConnectionTarget;
  secrets: ConnectionSecrets;
} {
  if (!values.url && !values.region) throw new UsageError('give the tenant URL (--url) or a Genesys Cloud region (--region)');
  const oauth = values['client-id'] !== undefined || values['client-secret-env'] !== undefined;
  const tokenEnv = values['token-env'];
  if (tokenEnv !== undefined && oauth) throw new UsageError('give either --token-env or --client-id with --client-secret-env, not both');
  if (!tokenEnv && !oauth) throw new UsageError('give --token-env VAR, or --client-id ID with --client-secret-env VAR');
  if (oauth && (!values['client-id'] || !values['client-secret-env']))
    throw new UsageError('an OAuth client needs both --client-id and --client-secret-env');
  return {
    target: {
      url: values.url,
      region: values.region,
      tokenUrl: values['token-url'],
      auth: tokenEnv ? 'token' : 'oauth',
      clientId: values['client-id'],
    },
    secrets: tokenEnv
      ? { token: readSecret(tokenEnv, 'the access token') }
      : { clientSecret: readSecret(values['client-secret-env']!, 'the OAuth client secret') },
  };
}

/**
 * Runs `use` with a client for the command line's connection, cancelled by Ctrl+C and closed after;
 * a connection that breaks a URL rule is reported (exit 2) before anything is sent.
 */
export async function withScimClient(
  command: string,
  values: ParsedCommandLine<typeof connectionOptions>['values'],
  io: CliIo,
  use: (client: ScimClient, signal: AbortSignal) => Promise<number>,
): Promise<number> {
  const { target, secrets } = connectionFrom(values);
  const client = madeForCommand(command, io, () =>
    createScimClient(target, secrets, { log: values.verbose ? (entry) => io.err(formatLogEntry(entry)) : undefined }),
  );
  if (!client) return 2;
  try {
    return await interruptible((signal) => use(client, signal));
  } finally {
    await client.close();
  }
}

/** Makes a client; an endpoint that breaks a URL rule is said for the command (then exit 2) before anything is sent. */
export function madeForCommand<T>(command: string, io: CliIo, make: () => T): T | undefined {
  try {
    return make();
  } catch (error) {
    if (!(error instanceof ScimError)) throw error;
    io.err(`scimmap ${command}: ${error.message}`);
    return undefined;
  }
}

/** Runs `work` with a signal that Ctrl+C aborts (the run stops cleanly, its client is closed by the caller). */
export async function interruptible<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  try {
    return await work(controller.signal);
  } finally {
    process.removeListener('SIGINT', interrupt);
  }
}

export function readSecret(variable: string, what: string): string {
  const value = process.env[variable];
  if (value === undefined || value.trim() === '')
    throw new UsageError(`the environment variable ${variable} (${what}) is not set or empty`);
  return value;
}
