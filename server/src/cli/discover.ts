// `scimmap discover (--url URL AUTH | --connection NAME) [-o TARGET.json]`: reads an endpoint's
// /ServiceProviderConfig, /ResourceTypes and /Schemas and writes the target schema they describe
// (docs/targets.md), for a .scimmap file to declare with `target "./TARGET.json"`.
import type { ScimClient } from '../../../shared/src/scim/client';
import { createScimClient } from '../../../shared/src/scim/connection';
import { fetchDiscovery } from '../../../shared/src/scim/discovery';
import { ScimError } from '../../../shared/src/scim/errors';
import { formatLogEntry } from '../../../shared/src/scim/report';
import { targetSchemaFromDiscovery } from '../schema/discovery';
import { TargetSchemaError } from '../schema/target-format';
import { defineCommand, type OptionSpecs, type ParsedCommandLine } from './command';
import {
  connectionHelp,
  connectionOptions,
  connectionRefusals,
  connectionSynopsis,
  endpointFrom,
  interruptible,
  madeForCommand,
  namedConnectionHelp,
  namedConnectionOption,
  startBudget,
  timeLimitOf,
  timeoutHelp,
  timeoutSynopsis,
} from './connection-options';
import { checkWritable, type CliIo, UsageError, writeFileAtomically } from './io';

const options = {
  ...connectionOptions,
  ...namedConnectionOption,
  output: { type: 'string', short: 'o' },
  name: { type: 'string' },
} satisfies OptionSpecs;

export const discoverCommand = defineCommand({
  name: 'discover',
  synopsis: [`discover (${connectionSynopsis} | --connection NAME) [-o TARGET.json] [--name NAME] ${timeoutSynopsis}`],
  description: `${connectionHelp}
${namedConnectionHelp}
${timeoutHelp('the whole discovery')}
Each document is said on stderr as it is read.

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

async function discover({ values, positionals }: ParsedCommandLine<typeof options>, io: CliIo): Promise<number> {
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  // Checked before any request: the name is the target schema's, which must say something.
  if (values.name?.trim() === '') throw new UsageError('--name must name the app; it is empty');
  const timeLimitSeconds = timeLimitOf(values);
  const { target, secrets } = endpointFrom(values);
  // Before any request: a wrong -o was said only after the whole discovery.
  if (values.output !== undefined) checkWritable([values.output]);
  const client = madeForCommand('discover', io, () =>
    createScimClient(target, secrets, { log: values.verbose ? (entry) => io.err(formatLogEntry(entry)) : undefined }),
  );
  if (!client) return 2;
  return interruptible((signal) => discoverWith(client, signal, timeLimitSeconds, values, io));
}

async function discoverWith(
  client: ScimClient,
  signal: AbortSignal,
  timeLimitSeconds: number | undefined,
  values: ParsedCommandLine<typeof options>['values'],
  io: CliIo,
): Promise<number> {
  try {
    const documents = await fetchDiscovery(client, {
      signal,
      budget: startBudget(io, `scimmap discover: reading ${client.root.href}`, timeLimitSeconds),
      progress: (message) => io.err(`scimmap discover: ${message}`),
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
