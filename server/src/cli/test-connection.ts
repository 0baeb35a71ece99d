// `scimmap test-connection`: Entra's Test Connection from the command line. Exit 0 only when Entra
// would accept the endpoint. Secrets come from environment variables, never from arguments.
import { readFileSync } from 'node:fs';
import { createScimClient, type ConnectionTarget } from '../../../shared/src/scim/connection';
import { ScimError } from '../../../shared/src/scim/errors';
import { formatLogEntry, formatReport } from '../../../shared/src/scim/report';
import { testConnection } from '../../../shared/src/scim/test-connection';
import { analyze } from '../validation/analyze';
import { summarizeMapping } from '../lsp/mapping-summary';
import { formatOption, processIo, UsageError, type CliIo } from './io';

export const testConnectionUsage = `Usage: scimmap test-connection (--url URL | --region REGION) AUTH [--map FILE.scimmap] [--format text|json] [--verbose]

AUTH is one of:
  --token-env VAR                                  the access token is in environment variable VAR
  --client-id ID --client-secret-env VAR [--token-url URL]
                                                   a Genesys OAuth client (client credentials grant);
                                                   the secret is in environment variable VAR

Sends Entra's probe GET {url}/Users?filter=<matching attribute> eq "<random GUID>" (the matching
attribute of --map's users block, else userName), then reads ServiceProviderConfig and Schemas.
Exit 0 when Entra would accept the endpoint, 1 when it would not, 2 on a usage error.`;

interface Options {
  url?: string;
  region?: string;
  tokenEnv?: string;
  clientId?: string;
  clientSecretEnv?: string;
  tokenUrl?: string;
  map?: string;
  format: 'text' | 'json';
  verbose: boolean;
}

const valued: Record<string, keyof Options> = {
  '--url': 'url',
  '--region': 'region',
  '--token-env': 'tokenEnv',
  '--client-id': 'clientId',
  '--client-secret-env': 'clientSecretEnv',
  '--token-url': 'tokenUrl',
  '--map': 'map',
};

function parseArguments(argv: string[]): Options {
  const options: Options = { format: 'text', verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i];
    if (argument === '--verbose') {
      options.verbose = true;
    } else if (argument === '--format') {
      options.format = formatOption(argv[++i]);
    } else if (argument === '--token' || argument === '--client-secret') {
      throw new UsageError(`${argument} is not accepted: a secret on the command line ends up in shell history and process lists. Put it in an environment variable and use ${argument}-env VAR.`);
    } else if (valued[argument]) {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${argument} needs a value`);
      (options[valued[argument]] as string) = value;
    } else {
      throw new UsageError(`unknown option ${argument}`);
    }
  }
  if (!options.url && !options.region) throw new UsageError('give the tenant URL (--url) or a Genesys Cloud region (--region)');
  const oauth = options.clientId !== undefined || options.clientSecretEnv !== undefined;
  if (options.tokenEnv !== undefined && oauth) throw new UsageError('give either --token-env or --client-id with --client-secret-env, not both');
  if (!options.tokenEnv && !oauth) throw new UsageError('give --token-env VAR, or --client-id ID with --client-secret-env VAR');
  if (oauth && (!options.clientId || !options.clientSecretEnv)) throw new UsageError('an OAuth client needs both --client-id and --client-secret-env');
  return options;
}

function readSecret(variable: string, what: string): string {
  const value = process.env[variable];
  if (value === undefined || value.trim() === '') throw new UsageError(`the environment variable ${variable} (${what}) is not set or empty`);
  return value;
}

export async function runTestConnection(argv: string[], io: CliIo = processIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(testConnectionUsage);
    return 0;
  }
  const options = parseArguments(argv);
  const summary = options.map !== undefined ? readMapping(options.map) : undefined;
  const target: ConnectionTarget = {
    url: options.url,
    region: options.region,
    tokenUrl: options.tokenUrl,
    auth: options.tokenEnv ? 'token' : 'oauth',
    clientId: options.clientId,
  };
  const secrets = options.tokenEnv ? { token: readSecret(options.tokenEnv, 'the access token') } : { clientSecret: readSecret(options.clientSecretEnv!, 'the OAuth client secret') };

  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  let client;
  try {
    client = createScimClient(target, secrets, { log: options.verbose ? (entry) => io.err(formatLogEntry(entry)) : undefined });
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
    const notes = summary?.hasErrors ? [`${options.map} has errors: its matching attribute and targets may be incomplete.`] : [];
    const final = { ...report, notes: [...report.notes, ...notes] };
    if (options.format === 'json') io.out(JSON.stringify(final, null, 2));
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
