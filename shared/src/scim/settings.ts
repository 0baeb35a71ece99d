// The non-secret parts of connections as kept in settings (`scimmap.connections`), checked. No
// `vscode` import: the extension reads them from VS Code's settings, the CLI (`--connection NAME`)
// from the workspace's .vscode/settings.json, and the rules are unit-tested directly.
import { findRegion } from './endpoint';
import { resolveEndpoint, type ConnectionTarget } from './connection';
import { ScimError } from './errors';

export interface ConnectionSetting extends ConnectionTarget {
  readonly name: string;
  /**
   * The access token is read from this environment variable of the extension host instead of
   * SecretStorage (the sandbox and CI use it). Only names starting with SCIMMAP_ are read, so a
   * workspace's settings cannot send an unrelated secret of the environment to an endpoint.
   */
  readonly tokenEnv?: string;
}

export const tokenEnvPattern = /^SCIMMAP_[A-Z0-9_]+$/;

export interface ParsedConnections {
  readonly connections: ConnectionSetting[];
  /** One line per entry that was skipped, saying why. */
  readonly problems: string[];
  /** Why the entry of a name was skipped, by that name: what to say when someone asks for it by name. */
  readonly refused: ReadonlyMap<string, string>;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

export function parseConnections(raw: unknown): ParsedConnections {
  const connections: ConnectionSetting[] = [];
  const problems: string[] = [];
  const refused = new Map<string, string>();
  if (raw === undefined || raw === null) return { connections, problems, refused };
  if (!Array.isArray(raw)) return { connections, problems: ['scimmap.connections must be a list of connections.'], refused };
  raw.forEach((entry: unknown, index) => {
    const parsed = parseEntry(entry, index, connections);
    if (typeof parsed === 'string') {
      problems.push(parsed);
      const name = text((entry as Record<string, unknown> | null)?.name);
      if (name !== undefined && !refused.has(name)) refused.set(name, parsed);
    } else connections.push(parsed);
  });
  return { connections, problems, refused };
}

/** One entry of scimmap.connections, or why it is skipped. */
function parseEntry(entry: unknown, index: number, known: readonly ConnectionSetting[]): ConnectionSetting | string {
  const record = (entry && typeof entry === 'object' ? entry : {}) as Record<string, unknown>;
  const name = text(record.name);
  const where = `scimmap.connections[${index}]${name ? ` ("${name}")` : ''}`;
  if (!name) return `${where} has no name.`;
  if (known.some((connection) => connection.name === name)) return `${where}: the name is used twice; the first one wins.`;
  for (const secretKey of ['token', 'secret', 'clientSecret', 'password', 'accessToken']) {
    if (record[secretKey] !== undefined)
      return `${where}: "${secretKey}" does not belong in settings; secrets are kept in VS Code's secret storage (use "SCIM: Add Connection").`;
  }
  const region = text(record.region);
  const url = text(record.url);
  if (!region && !url) return `${where} needs a "region" or a "url".`;
  if (region && !findRegion(region)) return `${where}: unknown region "${region}".`;
  const auth = record.auth === undefined ? 'token' : record.auth;
  if (auth !== 'token' && auth !== 'oauth') return `${where}: "auth" is "token" or "oauth".`;
  const clientId = text(record.clientId);
  if (auth === 'oauth' && !clientId) return `${where}: an OAuth connection needs a "clientId".`;
  const tokenEnv = text(record.tokenEnv);
  if (tokenEnv && !tokenEnvPattern.test(tokenEnv)) return `${where}: "tokenEnv" must name a variable starting with SCIMMAP_ (A-Z, 0-9, _).`;
  if (tokenEnv && auth !== 'token') return `${where}: "tokenEnv" holds an access token, so "auth" must be "token".`;
  return { name, region, url, tokenUrl: text(record.tokenUrl), clientId, auth, tokenEnv };
}

/** The connection to use: the one named in scimmap.activeConnection, else the only/first one. */
export function activeConnection(connections: readonly ConnectionSetting[], activeName: unknown): ConnectionSetting | undefined {
  return connections.find((connection) => connection.name === activeName) ?? connections[0];
}

/** What to show for a connection: its region name or URL host. */
export function describeConnection(connection: ConnectionSetting): string {
  const region = connection.region ? findRegion(connection.region) : undefined;
  if (connection.url) {
    try {
      return new URL(connection.url).host;
    } catch {
      return connection.url;
    }
  }
  return region?.name ?? connection.region ?? '';
}

/**
 * A stored secret remembers the endpoint it was entered for. Settings can change under it (a
 * workspace may define a connection of the same name pointing elsewhere), so a secret is handed out
 * only for the tenant and token URLs it was stored with.
 */
export function sealSecret(connection: ConnectionSetting, secret: string): string {
  return JSON.stringify({ endpoint: endpointKey(connection), secret });
}

/** The secret, or undefined when nothing usable is stored; throws when the connection now points elsewhere. */
export function openSecret(connection: ConnectionSetting, stored: string | undefined): string | undefined {
  if (stored === undefined) return undefined;
  let parsed: { endpoint?: unknown; secret?: unknown };
  try {
    parsed = JSON.parse(stored) as typeof parsed;
  } catch {
    return undefined;
  }
  if (typeof parsed.secret !== 'string' || parsed.secret === '') return undefined;
  const now = endpointKey(connection);
  if (parsed.endpoint !== now) {
    throw new ScimError(
      'url',
      `Connection "${connection.name}" now points at ${now}, but its secret was stored for ${String(parsed.endpoint)}. It was not sent. If the new address is right, run "SCIM: Set Connection Secret" to store the secret for it.`,
    );
  }
  return parsed.secret;
}

function endpointKey(connection: ConnectionSetting): string {
  const { root, tokenUrl } = resolveEndpoint(connection);
  return tokenUrl ? `${root} (token URL ${tokenUrl})` : root;
}
