// From a connection's settings (non-secret) and its secret to a ready ScimClient. Shared by the VS
// Code commands and the CLI.
import { ScimClient } from './client';
import { checkUrl, findRegion, regionOfHost, regions, regionScimRoot, regionTokenUrl } from './endpoint';
import { ScimError } from './errors';
import { HttpTransport, type HttpOptions } from './http';
import { OAuthClientCredentials, StaticToken, type TokenSource } from './tokens';

/** The non-secret parts of a connection, as kept in settings. */
export interface ConnectionTarget {
  /** A Genesys region key (us_east_1) or domain (mypurecloud.com); gives the tenant URL and token URL. */
  readonly region?: string;
  /** A custom tenant URL (the SCIM root); wins over the region. */
  readonly url?: string;
  /** A custom OAuth token URL; by default login.<region domain>/oauth/token, or {origin}/oauth/token on loopback. */
  readonly tokenUrl?: string;
  readonly auth: 'token' | 'oauth';
  readonly clientId?: string;
}

export interface ResolvedEndpoint {
  readonly root: string;
  readonly tokenUrl?: string;
}

export function resolveEndpoint(target: ConnectionTarget): ResolvedEndpoint {
  const region = target.region ? findRegion(target.region) : undefined;
  if (target.region && !region) {
    throw new ScimError(
      'url',
      `Unknown Genesys Cloud region "${target.region}". Use one of: ${regions.map((known) => known.key).join(', ')}.`,
    );
  }
  const root = target.url ?? (region ? regionScimRoot(region) : undefined);
  if (!root) throw new ScimError('url', 'The connection has neither a region nor a URL. Give one of them.');
  if (target.auth !== 'oauth') return { root };
  if (target.tokenUrl) return { root, tokenUrl: target.tokenUrl };
  if (region && !target.url) return { root, tokenUrl: regionTokenUrl(region) };
  const host = checkUrl(root, 'tenant URL');
  const hostRegion = regionOfHost(host.hostname) ?? region;
  if (hostRegion) return { root, tokenUrl: regionTokenUrl(hostRegion) };
  return { root, tokenUrl: `${host.origin}/oauth/token` };
}

export interface ConnectionSecrets {
  /** The pasted access token (auth "token"). */
  readonly token?: string;
  /** The OAuth client secret (auth "oauth"). */
  readonly clientSecret?: string;
}

/** A client for the connection; its OAuth token source (if any) shares the client's transport and cache. */
export function createScimClient(
  target: ConnectionTarget,
  secrets: ConnectionSecrets,
  options: Omit<HttpOptions, 'secrets'> = {},
): ScimClient {
  const endpoint = resolveEndpoint(target);
  let tokens: TokenSource | undefined;
  const http = new HttpTransport({
    ...options,
    secrets: () => [...(tokens?.secrets() ?? []), ...Object.values(secrets).filter((value): value is string => !!value)],
  });
  if (target.auth === 'oauth') {
    if (!endpoint.tokenUrl) throw new ScimError('url', 'The connection uses an OAuth client but has no token URL. Add "tokenUrl" to it.');
    tokens = new OAuthClientCredentials({
      tokenUrl: endpoint.tokenUrl,
      clientId: target.clientId ?? '',
      clientSecret: secrets.clientSecret ?? '',
      http,
    });
  } else {
    tokens = new StaticToken(secrets.token ?? '');
  }
  return new ScimClient({ root: endpoint.root, tokens, http });
}
