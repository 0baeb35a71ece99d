// The Microsoft Graph options pull and push share: which Graph (--graph-url, national clouds) and how
// to authenticate (--token-env, or an app registration's client credentials with --client-secret-env).
// Secrets come from environment variables, never from arguments.
import { cloudOf, defaultGraphUrl, GraphClient, graphClientCredentials, graphCommandLineAdvice } from '../../../shared/src/graph/client';
import { isLoopbackHost } from '../../../shared/src/scim/endpoint';
import { ScimError } from '../../../shared/src/scim/errors';
import { HttpTransport } from '../../../shared/src/scim/http';
import { formatLogEntry } from '../../../shared/src/scim/report';
import { StaticToken, type TokenSource } from '../../../shared/src/scim/tokens';
import type { OptionSpecs, ParsedCommandLine } from './command';
import { connectionRefusals, interruptible, madeForCommand, readSecret } from './connection-options';
import { existsSync } from 'node:fs';
import { parsePulledFrom, pulledFiles, pulledFromProblem, type PulledFrom } from '../../../shared/src/graph/pulled';
import { readTextFile, UnusableInputError, UsageError, type CliIo } from './io';
import { shellQuote } from '../../../shared/src/shell';

export const graphOptions = {
  'graph-url': { type: 'string' },
  'login-url': { type: 'string' },
  'token-env': { type: 'string' },
  tenant: { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret-env': { type: 'string' },
  verbose: { type: 'boolean' },
} satisfies OptionSpecs;

/** The synopsis part, as README.md writes it. */
export const graphSynopsis = '(--token-env VAR | --tenant T --client-id ID --client-secret-env VAR)';

export const graphHelp = `GRAPH AUTH is --token-env VAR (a Microsoft Graph access token is in environment variable VAR, e.g.
from az account get-access-token --resource-type ms-graph), or an app registration's client
credentials: --tenant TENANT-ID-OR-DOMAIN --client-id ID --client-secret-env VAR. Also --graph-url URL
(an origin: default ${defaultGraphUrl}; a national cloud's Graph, e.g. https://graph.microsoft.us), --login-url URL
(the sign-in authority, when --graph-url is not a known cloud; a Graph on loopback, a local stand-in,
signs in at its own origin), --verbose (every HTTP exchange on
stderr, tokens redacted). A command on a pulled file works with the Graph it was pulled from only when
--graph-url names that Graph (the token goes only where the command line says). docs/tenant.md lists
the permissions each command needs.`;

export const graphRefusals = connectionRefusals;

type GraphValues = ParsedCommandLine<typeof graphOptions>['values'];

/**
 * Runs `use` with a Graph client for the command line's options, cancelled by Ctrl+C and closed
 * after; options that break a URL rule are reported (exit 2) before anything is sent.
 */
export async function withGraphClient(
  command: string,
  values: GraphValues,
  io: CliIo,
  use: (graph: GraphClient, signal: AbortSignal) => Promise<number>,
): Promise<number> {
  const graphUrl = graphUrlOption(values);
  const oauth = values.tenant !== undefined || values['client-id'] !== undefined || values['client-secret-env'] !== undefined;
  const tokenEnv = values['token-env'];
  if (tokenEnv !== undefined && oauth)
    throw new UsageError('give either --token-env or --tenant with --client-id and --client-secret-env, not both');
  if (!tokenEnv && !oauth) throw new UsageError('give --token-env VAR, or --tenant T --client-id ID --client-secret-env VAR');
  if (oauth && (!values.tenant || !values['client-id'] || !values['client-secret-env']))
    throw new UsageError('client credentials need --tenant, --client-id and --client-secret-env');
  const graph = madeForCommand(command, io, (): GraphClient => {
    const http = new HttpTransport({
      advice: graphCommandLineAdvice,
      log: values.verbose ? (entry) => io.err(formatLogEntry(entry)) : undefined,
      secrets: () => tokens.secrets(),
    });
    let tokens: TokenSource;
    if (tokenEnv) {
      tokens = new StaticToken(graphToken(tokenEnv));
    } else {
      // A Graph on this machine is a stand-in that also signs in: the secret does not leave the machine.
      const loginUrl = values['login-url'] ?? cloudOf(graphUrl)?.login ?? (isLoopbackHost(new URL(graphUrl).hostname) ? graphUrl : '');
      if (loginUrl === '')
        throw new UsageError(`${graphUrl} is not a Microsoft cloud's Graph: give its sign-in authority with --login-url URL`);
      tokens = graphClientCredentials({
        loginUrl,
        tenant: values.tenant!,
        clientId: values['client-id']!,
        clientSecret: readSecret('--client-secret-env', values['client-secret-env']!, 'the client secret'),
        graphUrl,
        http,
      });
    }
    return new GraphClient({ graphUrl, tokens, http });
  });
  if (!graph) return 2;
  try {
    return await interruptible((signal) => use(graph, signal));
  } catch (error) {
    if (error instanceof ScimError) {
      io.err(`scimmap ${command}: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await graph.close();
  }
}

/**
 * The Graph access token in the variable --token-env names. One copied with its scheme, as a curl
 * command or a request header shows it, would go as "Bearer Bearer ..." and be refused as expired.
 */
function graphToken(variable: string): string {
  const token = readSecret('--token-env', variable, 'the Graph access token');
  if (/^\s*bearer\s/i.test(token))
    throw new UnusableInputError(
      `${variable} holds "Bearer " before the token: put the token alone in it (what follows "Bearer "); scimmap adds the scheme itself`,
    );
  return token;
}

/**
 * --graph-url (default the global Graph). Microsoft names each cloud's Graph by its origin and the
 * client adds /v1.0 itself, so a path or query is refused with the origin to give, not dropped.
 */
function graphUrlOption(values: GraphValues): string {
  const graphUrl = values['graph-url'] ?? defaultGraphUrl;
  if (!URL.canParse(graphUrl)) throw new UsageError(`--graph-url "${graphUrl}" is not a URL`);
  const url = new URL(graphUrl);
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '')
    throw new UsageError(
      `--graph-url takes a Graph's origin, as Microsoft names each cloud's Graph (e.g. ${defaultGraphUrl}; scimmap adds /v1.0 itself): give --graph-url ${shellQuote(url.origin)}`,
    );
  return graphUrl;
}

/**
 * The command line's options for a command on a pulled file. Its Graph is --graph-url's, or the
 * default, as for pull, and the file's FILE.entra.json must name that same Graph: a pulled file
 * (committed, shared) never chooses where an admin's token goes, as VS Code refuses it too.
 */
export function graphValuesForPulled<Values extends GraphValues>(values: Values, pulledFrom: PulledFrom, file: string): Values {
  const graphUrl = graphUrlOption(values);
  if (!URL.canParse(pulledFrom.graphUrl) || new URL(pulledFrom.graphUrl).origin !== new URL(graphUrl).origin)
    throw new UsageError(
      `${file} was pulled from the Graph at ${pulledFrom.graphUrl}, but this command talks to ${graphUrl}${values['graph-url'] === undefined ? ' (the default)' : ''}: give --graph-url ${shellQuote(pulledFrom.graphUrl)} to work with that tenant (your token goes only to the Graph your command line names)`,
    );
  return { ...values, 'graph-url': graphUrl };
}

/**
 * Where a pulled .scimmap came from (FILE.entra.json) and the path of its base schema (FILE.schema.json);
 * undefined (after saying so, `why` naming what needs the app's job) when the file was not pulled or
 * its FILE.entra.json names another base.
 */
export function readPulledFrom(
  command: string,
  file: string,
  io: CliIo,
  why: string,
): { pulledFrom: PulledFrom; schemaFile: string } | undefined {
  const files = pulledFiles(file);
  if (!existsSync(files.origin)) {
    io.err(
      `scimmap ${command}: ${file} was not pulled from Entra (there is no ${files.origin}): pull it first (scimmap pull --app NAME -o ${shellQuote(file)}); ${why}.`,
    );
    return undefined;
  }
  const pulledFrom = parsePulledFrom(readTextFile(files.origin));
  if (!pulledFrom) {
    io.err(
      `scimmap ${command}: ${files.origin} is not what scimmap pull writes (JSON naming the Graph, app, job and base schema it came from): pull again into another file (scimmap pull --app NAME -o FILE.scimmap).`,
    );
    return undefined;
  }
  const problem = pulledFromProblem(file, pulledFrom);
  if (problem) {
    io.err(`scimmap ${command}: ${problem}`);
    return undefined;
  }
  return { pulledFrom, schemaFile: files.schema };
}
