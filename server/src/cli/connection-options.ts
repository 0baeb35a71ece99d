// The connection options test-connection, discover, provision and simulate share: where the endpoint
// is (--url or --region), how to authenticate (--token-env, or an OAuth client with
// --client-secret-env) and the time budget of the whole exchange (--timeout). Secrets come from
// environment variables, never from arguments.
import type { ScimClient } from '../../../shared/src/scim/client';
import { createScimClient, type ConnectionSecrets, type ConnectionTarget } from '../../../shared/src/scim/connection';
import { ScimError } from '../../../shared/src/scim/errors';
import { defaultTimeLimitSeconds, maxRetryAfterSeconds, runBudget, type TimeBudget } from '../../../shared/src/scim/http';
import { compatFlagOf } from '../../../shared/src/scim/endpoint';
import { formatLogEntry } from '../../../shared/src/scim/report';
import { parseConnections } from '../../../shared/src/scim/settings';
import type { CompatMode } from '../provisioning/types';
import type { OptionSpecs, ParsedCommandLine } from './command';
import { readTextFile, UnusableInputError, UsageError, type CliIo } from './io';

export const connectionOptions = {
  url: { type: 'string' },
  region: { type: 'string' },
  'token-env': { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret-env': { type: 'string' },
  'token-url': { type: 'string' },
  verbose: { type: 'boolean' },
  /** --timeout SECONDS: the time budget of everything the command sends to the endpoint. */
  timeout: { type: 'string' },
} satisfies OptionSpecs;

export const timeoutSynopsis = '[--timeout SECONDS]';

/** What a message says when a run's time budget ran out. */
export const allowMoreTime = 'Allow more time with --timeout SECONDS.';

/** The help of --timeout: the budget of `what` (default `defaultSeconds`). */
export function timeoutHelp(what: string, defaultSeconds = defaultTimeLimitSeconds): string {
  return `--timeout SECONDS is the time budget of ${what} (default ${defaultSeconds}):
the calls, token fetches, retries and waits together. A call still unanswered when it runs out stops
the command, which says so, as does an endpoint that asks to wait (Retry-After) longer than is left
or longer than ${maxRetryAfterSeconds} s: a run waits ${maxRetryAfterSeconds} s at most for one answer, however long its budget.`;
}

/** --timeout's seconds, undefined when not given; anything but a number greater than 0 is a usage error. */
export function timeLimitOf(values: { readonly timeout?: string }): number | undefined {
  if (values.timeout === undefined) return undefined;
  const seconds = Number(values.timeout);
  if (!(/^\d+(\.\d+)?$/.test(values.timeout.trim()) && seconds > 0))
    throw new UsageError(`--timeout takes a number of seconds greater than 0, not "${values.timeout}"`);
  return seconds;
}

/**
 * Starts the command's time budget (--timeout's `limitSeconds`, else `defaultSeconds`) and says on
 * stderr what runs within it; waits inside it are said there too, so a slow endpoint is never silence.
 */
export function startBudget(io: CliIo, what: string, limitSeconds: number | undefined, defaultSeconds?: number): TimeBudget {
  const budget = runBudget(limitSeconds, allowMoreTime, (line) => io.err(line), defaultSeconds);
  io.err(`${what} (time budget ${budget.seconds} s)`);
  return budget;
}

/** A connection of the workspace's settings by name, instead of --url/--region and AUTH. */
export const namedConnectionOption = { connection: { type: 'string' } } satisfies OptionSpecs;

export const namedConnectionHelp = `--connection NAME uses a connection of the workspace's .vscode/settings.json (scimmap.connections)
in the working directory; its token comes from its "tokenEnv" variable, whose name starts with SCIMMAP_.`;

type ConnectionValues = ParsedCommandLine<typeof connectionOptions>['values'] & { readonly connection?: string };

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
      ? { token: readSecret('--token-env', tokenEnv, 'the access token') }
      : { clientSecret: readSecret('--client-secret-env', values['client-secret-env']!, 'the OAuth client secret') },
  };
}

/** The endpoint from --connection NAME (the workspace settings) or from the connection options. */
export function endpointFrom(values: ConnectionValues): { target: ConnectionTarget; secrets: ConnectionSecrets } {
  if (values.connection === undefined) {
    if (!values.url && !values.region)
      throw new UsageError(
        'give the tenant URL (--url), a Genesys Cloud region (--region) or a connection of .vscode/settings.json (--connection NAME)',
      );
    return connectionFrom(values);
  }
  if (values.url !== undefined || values.region !== undefined) throw new UsageError('give either --connection or --url/--region, not both');
  let settings: unknown;
  try {
    settings = parseJsonc(readTextFile('.vscode/settings.json'));
  } catch (error) {
    throw new UnusableInputError(`--connection reads .vscode/settings.json in the working directory: ${(error as Error).message}`);
  }
  const { connections, refused } = parseConnections((settings as Record<string, unknown> | undefined)?.['scimmap.connections']);
  const connection = connections.find((candidate) => candidate.name === values.connection);
  const refusal = refused.get(values.connection);
  if (!connection && refusal !== undefined)
    throw new UnusableInputError(`.vscode/settings.json's connection "${values.connection}" cannot be used: ${refusal}`);
  if (!connection)
    throw new UnusableInputError(
      `.vscode/settings.json has no connection "${values.connection}" (it has: ${connections.map((c) => `"${c.name}"`).join(', ') || 'none'})`,
    );
  if (!connection.tokenEnv) {
    throw new UnusableInputError(
      `connection "${connection.name}" keeps its secret in VS Code's secret storage, which the command line cannot read: give it a "tokenEnv", or use --url with --token-env`,
    );
  }
  const token = process.env[connection.tokenEnv];
  if (!token)
    throw new UnusableInputError(
      `the environment variable ${connection.tokenEnv} (connection "${connection.name}"'s token) is not set or empty`,
    );
  return { target: connection, secrets: { token } };
}

/** JSON with comments and trailing commas, as VS Code writes settings. */
function parseJsonc(text: string): unknown {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      out += text.slice(start, i + 1);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else {
      out += c;
    }
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
}

/**
 * Runs `use` with a client for the command line's connection, cancelled by Ctrl+C and closed after;
 * a connection that breaks a URL rule is reported (exit 2) before anything is sent.
 */
export async function withScimClient(
  command: string,
  values: ConnectionValues,
  io: CliIo,
  use: (client: ScimClient, signal: AbortSignal, target: ConnectionTarget) => Promise<number>,
): Promise<number> {
  const { target, secrets } = endpointFrom(values);
  const client = madeForCommand(command, io, () =>
    createScimClient(target, secrets, { log: values.verbose ? (entry) => io.err(formatLogEntry(entry)) : undefined }),
  );
  if (!client) return 2;
  try {
    return await interruptible((signal) => use(client, signal, target));
  } finally {
    await client.close();
  }
}

/**
 * The PATCH format of a run against a live target, with the tenant URL's notes said on stderr:
 * --compat (`chosen`) when given, otherwise the flag the tenant URL carries (?aadOptscim062020, as
 * copied from Entra), since Entra's scheduled cycles against that URL send its format; else default.
 */
export function tenantCompat(
  command: string,
  client: ScimClient,
  target: ConnectionTarget,
  chosen: CompatMode | undefined,
  io: CliIo,
): CompatMode {
  for (const note of client.notes) io.err(`scimmap ${command}: note: ${note}`);
  const flagged = target.url === undefined ? undefined : compatFlagOf(target.url);
  const compat = chosen ?? flagged ?? 'default';
  if (flagged !== undefined)
    io.err(
      flagged === compat
        ? `scimmap ${command}: the tenant URL selects the ${compat} PATCH format, as in Entra's scheduled cycles${chosen === undefined ? ' (--compat chooses another)' : ''}`
        : `scimmap ${command}: the tenant URL selects the ${flagged} PATCH format for Entra's scheduled cycles, but --compat ${compat} was given: the run uses ${compat}`,
    );
  return compat;
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

/** An environment variable name as POSIX shells take it. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The secret in the variable an `option` (--token-env, --client-secret-env) names. */
export function readSecret(option: string, variable: string, what: string): string {
  // `--token-env "$TOKEN"` is an easy slip: a value that cannot be a name is never echoed (CI logs keep stderr).
  if (!VARIABLE_NAME.test(variable))
    throw new UnusableInputError(
      `the value given to ${option} is not an environment variable name (letters, digits and _): it looks like ${what} itself, so it is not printed; put it in a variable and give that variable's name`,
    );
  const value = process.env[variable];
  if (value === undefined || value.trim() === '')
    throw new UnusableInputError(
      // Not named either: a secret can be a valid name too (a GitHub token, an API key of letters and digits).
      `the environment variable given to ${option} (${what}) is not set or empty`,
    );
  return value;
}
