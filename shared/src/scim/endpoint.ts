// Where a connection sends its calls: Genesys Cloud regions (data in genesys-regions.json) and the
// URL rules every request passes BEFORE anything is sent: https only, except loopback.
import { isIP } from 'node:net';
import regionData from './genesys-regions.json';
import { ScimError } from './errors';

export interface Region {
  readonly key: string;
  readonly domain: string;
  readonly name: string;
  /** The name was guessed from the domain; Genesys published none. */
  readonly nameInferred?: boolean;
}

export const regions: readonly Region[] = regionData.regions;

export const genesysScimPath = '/api/v2/scim/v2';

/** A region by its key (`us_east_1`, also `us-east-1`) or its domain (`mypurecloud.com`), case-insensitively. */
export function findRegion(keyOrDomain: string): Region | undefined {
  const wanted = keyOrDomain.trim().toLowerCase().replace(/-/g, '_');
  return regions.find((region) => region.key === wanted || region.domain === keyOrDomain.trim().toLowerCase());
}

export function regionScimRoot(region: Region): string {
  return `https://api.${region.domain}${genesysScimPath}`;
}

export function regionTokenUrl(region: Region): string {
  return `https://login.${region.domain}/oauth/token`;
}

/** The region whose domain the host belongs to (api.mypurecloud.com -> us_east_1). */
export function regionOfHost(hostname: string): Region | undefined {
  const host = hostname.toLowerCase();
  return regions.find((region) => host === region.domain || host.endsWith(`.${region.domain}`));
}

/**
 * Whether advice for Genesys Cloud applies to an endpoint: a host in one of its regions, or its SCIM
 * path (/api/v2/scim, which the Genesys sandbox on loopback answers too).
 */
export function isGenesysEndpoint(url: URL): boolean {
  return regionOfHost(url.hostname) !== undefined || url.pathname.toLowerCase().startsWith('/api/v2/scim');
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(host);
  return false;
}

/**
 * Parses and checks a URL a request is about to go to. Throws a ScimError of kind `url` (nothing sent)
 * when it is not http(s), carries credentials, or is plain http to a host other than loopback.
 */
export function checkUrl(raw: string | URL, what = 'URL'): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ScimError(
      'url',
      `The ${what} "${String(raw)}" is not a valid URL. Write it in full, e.g. https://api.mypurecloud.com${genesysScimPath}.`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new ScimError(
      'url',
      `The ${what} contains a user name or password. Remove it: credentials belong in the connection's secret, never in a URL.`,
    );
  }
  if (url.protocol === 'http:') {
    if (!isLoopbackHost(url.hostname)) {
      throw new ScimError(
        'url',
        `The ${what} uses plain http to ${url.hostname}; the token would travel unencrypted, so nothing was sent. Use https (plain http is allowed only for loopback: localhost, 127.0.0.1, ::1).`,
      );
    }
  } else if (url.protocol !== 'https:') {
    throw new ScimError('url', `The ${what} must start with https:// (it starts with ${url.protocol}//).`);
  }
  return url;
}

/**
 * The PATCH format a tenant URL's query selects for Entra's scheduled cycles (entra-provisioning.md
 * §4.1): `aadOptscim062020` the compatibility format, `AzureAdScimPatch2017` the default one;
 * undefined when it names neither, or is no URL. Entra's spelling of the flag is matched in any case.
 */
export function compatFlagOf(tenantUrl: string): 'default' | 'aadOptscim062020' | undefined {
  let names: string[];
  try {
    names = [...new URL(tenantUrl.trim()).searchParams.keys()].map((name) => name.toLowerCase());
  } catch {
    return undefined;
  }
  if (names.includes('aadoptscim062020')) return 'aadOptscim062020';
  if (names.includes('azureadscimpatch2017')) return 'default';
  return undefined;
}

/**
 * Checks a tenant URL (the SCIM root) and returns it without query or fragment, with no trailing
 * slash, plus notes about a likely wrong root. Entra's `?aadOptscim062020` flag is a setting of Entra's
 * request shapes, not part of the paths it calls, so it is dropped here.
 */
export function checkScimRoot(raw: string): { root: URL; notes: string[] } {
  const url = checkUrl(raw.trim(), 'tenant URL');
  const notes: string[] = [];
  if (url.search !== '') notes.push(`The query "${url.search}" of the tenant URL is not sent with the calls (Entra reads it as a flag).`);
  url.search = '';
  url.hash = '';
  url.pathname = url.pathname.replace(/\/+$/, '');
  const region = regionOfHost(url.hostname);
  if (region) {
    if (!url.hostname.toLowerCase().startsWith('api.')) {
      notes.push(`${url.hostname} is not the API host of ${region.name}: the SCIM root is https://api.${region.domain}${genesysScimPath}.`);
    } else if (!/^\/api\/v2\/scim(\/v2)?$/i.test(url.pathname)) {
      notes.push(
        `The path ${url.pathname || '/'} is not a Genesys SCIM root: Entra's tenant URL is https://api.${region.domain}${genesysScimPath}.`,
      );
    }
  }
  return { root: url, notes };
}
