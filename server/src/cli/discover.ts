// `scimmap discover (--url URL AUTH | --connection NAME) [-o TARGET.json]`: reads an endpoint's
// /ServiceProviderConfig, /ResourceTypes and /Schemas and writes the target schema they describe
// (docs/targets.md), for a .scimmap file to declare with `target "./TARGET.json"`.
import type { ScimClient } from '../../../shared/src/scim/client';
import { createScimClient, type ConnectionSecrets, type ConnectionTarget } from '../../../shared/src/scim/connection';
import { fetchDiscovery } from '../../../shared/src/scim/discovery';
import { ScimError } from '../../../shared/src/scim/errors';
import { formatLogEntry } from '../../../shared/src/scim/report';
import { parseConnections } from '../../../shared/src/scim/settings';
import { targetSchemaFromDiscovery } from '../schema/discovery';
import { TargetSchemaError } from '../schema/target-format';
import { defineCommand, type OptionSpecs, type ParsedCommandLine } from './command';
import {
  connectionFrom,
  connectionHelp,
  connectionOptions,
  connectionRefusals,
  connectionSynopsis,
  interruptible,
  madeForCommand,
} from './connection-options';
import { type CliIo, readTextFile, UsageError, writeFileAtomically } from './io';

const options = {
  ...connectionOptions,
  connection: { type: 'string' },
  output: { type: 'string', short: 'o' },
  name: { type: 'string' },
} satisfies OptionSpecs;

export const discoverCommand = defineCommand({
  name: 'discover',
  synopsis: [`discover (${connectionSynopsis} | --connection NAME) [-o TARGET.json] [--name NAME]`],
  description: `${connectionHelp}
--connection NAME uses a connection of the workspace's .vscode/settings.json (scimmap.connections)
in the working directory; its token comes from its "tokenEnv" variable.

Reads /ServiceProviderConfig, /ResourceTypes and /Schemas (RFC 7644 §4), following paging and
accepting what real servers answer (a ListResponse or a bare array, no /ResourceTypes, loose
types), and writes the target schema they describe to TARGET.json (stdout without -o), for a
.scimmap file to declare with target "./TARGET.json" (docs/targets.md). --name names the app in
messages (default: the endpoint's host). What could not be read is listed on stderr and in the
file's "discovered.warnings"; what the endpoint does not say (which attributes it can filter on) is
left unknown. Nothing is written when discovery fails. Exit 0 on success, 1 when the endpoint
could not be discovered, 2 on a usage error.`,
  options,
  refusedOptions: connectionRefusals,
  run: discover,
});

/** The endpoint from --connection NAME (the workspace settings) or from the connection options. */
function endpointFrom(values: ParsedCommandLine<typeof options>['values']): { target: ConnectionTarget; secrets: ConnectionSecrets } {
  if (values.connection === undefined) return connectionFrom(values);
  if (values.url !== undefined || values.region !== undefined) throw new UsageError('give either --connection or --url/--region, not both');
  let settings: unknown;
  try {
    settings = parseJsonc(readTextFile('.vscode/settings.json'));
  } catch (error) {
    throw new UsageError(`--connection reads .vscode/settings.json in the working directory: ${(error as Error).message}`);
  }
  const { connections } = parseConnections((settings as Record<string, unknown> | undefined)?.['scimmap.connections']);
  const connection = connections.find((candidate) => candidate.name === values.connection);
  if (!connection)
    throw new UsageError(
      `.vscode/settings.json has no connection "${values.connection}" (it has: ${connections.map((c) => `"${c.name}"`).join(', ') || 'none'})`,
    );
  if (!connection.tokenEnv) {
    throw new UsageError(
      `connection "${connection.name}" keeps its secret in VS Code's secret storage, which the command line cannot read: give it a "tokenEnv", or use --url with --token-env`,
    );
  }
  const token = process.env[connection.tokenEnv];
  if (!token)
    throw new UsageError(`the environment variable ${connection.tokenEnv} (connection "${connection.name}"'s token) is not set or empty`);
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

async function discover({ values, positionals }: ParsedCommandLine<typeof options>, io: CliIo): Promise<number> {
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const { target, secrets } = endpointFrom(values);
  const client = madeForCommand('discover', io, () =>
    createScimClient(target, secrets, { log: values.verbose ? (entry) => io.err(formatLogEntry(entry)) : undefined }),
  );
  if (!client) return 2;
  return interruptible((signal) => discoverWith(client, signal, values, io));
}

async function discoverWith(
  client: ScimClient,
  signal: AbortSignal,
  values: ParsedCommandLine<typeof options>['values'],
  io: CliIo,
): Promise<number> {
  try {
    const documents = await fetchDiscovery(client, {
      signal,
      progress: values.verbose ? (message) => io.err(message) : undefined,
    });
    const discovered = targetSchemaFromDiscovery(documents, { name: values.name, at: new Date().toISOString() });
    for (const warning of discovered.warnings) io.err(`warning: ${warning}`);
    const text = `${JSON.stringify(discovered.json, null, 2)}\n`;
    if (values.output === undefined) io.out(text.trimEnd());
    else {
      // Written whole or not at all: a half-written schema would break every file that declares it.
      writeFileAtomically(values.output, text);
      const counts = discovered.target.resources.map(
        (resource) => `${resource.block} (${resource.schemas.reduce((sum, s) => sum + s.attributes.length, 0)} attributes)`,
      );
      io.err(
        `scimmap discover: wrote ${values.output}: ${discovered.target.name}, ${counts.join(', ')}. Declare it with: target "./${values.output.replace(/\\/g, '/').split('/').pop()}"`,
      );
    }
    return 0;
  } catch (error) {
    if (error instanceof ScimError || error instanceof TargetSchemaError) {
      io.err(`scimmap discover: ${error.message}`);
      io.err('scimmap discover: nothing was written.');
      return 1;
    }
    throw error;
  } finally {
    await client.close();
  }
}
