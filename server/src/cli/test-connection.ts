// `scimmap test-connection`: Entra's Test Connection from the command line. Exit 0 only when Entra
// would accept the endpoint. Secrets come from environment variables, never from arguments.
import { readFileSync } from 'node:fs';
import { createScimClient, type ConnectionTarget } from '../../../shared/src/scim/connection';
import { ScimError } from '../../../shared/src/scim/errors';
import { formatLogEntry, formatReport } from '../../../shared/src/scim/report';
import { testConnection } from '../../../shared/src/scim/test-connection';
import { analyze } from '../validation/analyze';
import { summarizeMapping } from '../lsp/mapping-summary';
import { defineCommand, type OptionSpecs, type ParsedCommandLine } from './command';
import { formatOption, processIo, UsageError, type CliIo } from './io';

const options = {
  url: { type: 'string' },
  region: { type: 'string' },
  'token-env': { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret-env': { type: 'string' },
  'token-url': { type: 'string' },
  map: { type: 'string' },
  format: { type: 'string' },
  verbose: { type: 'boolean' },
} satisfies OptionSpecs;

export const testConnectionCommand = defineCommand({
  name: 'test-connection',
  synopsis: [
    'test-connection --url URL (--token-env VAR | --region R --client-id ID --client-secret-env VAR) [--map FILE.scimmap]',
  ],
  description: `Also: --region REGION instead of --url (a Genesys Cloud region), --token-url URL (the OAuth token
endpoint, when not the region's), --format text|json, --verbose (every HTTP exchange on stderr,
secrets redacted). AUTH is either --token-env VAR (the access token is in environment variable VAR)
or --client-id ID --client-secret-env VAR (a Genesys OAuth client, client credentials grant; the
secret is in environment variable VAR). Secrets are never taken from arguments.

Sends Entra's probe GET {url}/Users?filter=<matching attribute> eq "<random GUID>" (the matching
attribute of --map's users block, else userName), then reads ServiceProviderConfig and Schemas.
Exit 0 when Entra would accept the endpoint, 1 when it would not, 2 on a usage error.`,
  options,
  refusedOptions: Object.fromEntries(
    ['--token', '--client-secret'].map((name) => [
      name,
      `${name} is not accepted: a secret on the command line ends up in shell history and process lists. Put it in an environment variable and use ${name}-env VAR.`,
    ]),
  ),
  run: runProbe,
});

function checkAuthentication(values: ParsedCommandLine<typeof options>['values']): void {
  if (!values.url && !values.region) throw new UsageError('give the tenant URL (--url) or a Genesys Cloud region (--region)');
  const oauth = values['client-id'] !== undefined || values['client-secret-env'] !== undefined;
  if (values['token-env'] !== undefined && oauth) throw new UsageError('give either --token-env or --client-id with --client-secret-env, not both');
  if (!values['token-env'] && !oauth) throw new UsageError('give --token-env VAR, or --client-id ID with --client-secret-env VAR');
  if (oauth && (!values['client-id'] || !values['client-secret-env'])) throw new UsageError('an OAuth client needs both --client-id and --client-secret-env');
}

function readSecret(variable: string, what: string): string {
  const value = process.env[variable];
  if (value === undefined || value.trim() === '') throw new UsageError(`the environment variable ${variable} (${what}) is not set or empty`);
  return value;
}

export const runTestConnection = (argv: string[], io: CliIo = processIo) => testConnectionCommand.run(argv, io);

async function runProbe({ values, positionals }: ParsedCommandLine<typeof options>, io: CliIo): Promise<number> {
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  checkAuthentication(values);
  const format = formatOption(values.format ?? 'text', ['text', 'json']);
  const tokenEnv = values['token-env'];
  const summary = values.map !== undefined ? readMapping(values.map) : undefined;
  const target: ConnectionTarget = {
    url: values.url,
    region: values.region,
    tokenUrl: values['token-url'],
    auth: tokenEnv ? 'token' : 'oauth',
    clientId: values['client-id'],
  };
  const secrets = tokenEnv ? { token: readSecret(tokenEnv, 'the access token') } : { clientSecret: readSecret(values['client-secret-env']!, 'the OAuth client secret') };

  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  let client;
  try {
    client = createScimClient(target, secrets, { log: values.verbose ? (entry) => io.err(formatLogEntry(entry)) : undefined });
  } catch (error) {
    process.removeListener('SIGINT', interrupt);
    if (error instanceof ScimError) {
      io.err(`scimmap test-connection: ${error.message}`);
      return 2;
    }
    throw error;
  }
  try {
    const report = await testConnection(client, {
      matchingAttribute: summary?.userMatchingAttribute,
      userTargets: summary?.userTargets,
      groupTargets: summary?.groupTargets,
      signal: controller.signal,
    });
    const notes = summary?.hasErrors ? [`${values.map} has errors: its matching attribute and targets may be incomplete.`] : [];
    const final = { ...report, notes: [...report.notes, ...notes] };
    if (format === 'json') io.out(JSON.stringify(final, null, 2));
    else for (const line of formatReport(final)) io.out(line);
    return report.accepted ? 0 : 1;
  } finally {
    process.removeListener('SIGINT', interrupt);
    await client.close();
  }
}

function readMapping(file: string) {
  const text = readFileSync(file, 'utf8');
  const { file: mapping, diagnostics } = analyze(text);
  return summarizeMapping(mapping, diagnostics.some((diagnostic) => diagnostic.severity === 'error'));
}
