// Schema discovery (RFC 7644 §4): the documents an endpoint publishes about itself, read as real
// servers answer them: a ListResponse or a bare array, paged or not, ResourceTypes missing. What
// could not be read is kept as a note; only a /Schemas answer that is no list of schemas fails, and
// an endpoint that does not answer in time stops it.
// server/src/schema/discovery.ts turns the documents into a target schema.
import type { ScimCall, ScimClient } from './client';
import { ScimError } from './errors';
import type { TimeBudget } from './http';
import { readCapabilities, type Capabilities } from './test-connection';
import { isRecord } from '../json-object';

export interface DiscoveryDocuments {
  /** The SCIM root that answered. */
  readonly root: string;
  readonly serviceProviderConfig?: Capabilities;
  /** Undefined when the endpoint has no readable /ResourceTypes. */
  readonly resourceTypes?: unknown[];
  readonly schemas: unknown[];
  /** What could not be read, for the user. */
  readonly notes: string[];
}

export interface DiscoveryOptions {
  readonly signal?: AbortSignal;
  /** The time budget of the whole discovery: every call, token fetch, retry and wait. */
  readonly budget?: TimeBudget;
  /** Called before each document is fetched. */
  readonly progress?: (message: string) => void;
}

/** Stop paging after this many pages: a server that never reaches totalResults would loop forever. */
const MAX_PAGES = 50;

export async function fetchDiscovery(client: ScimClient, options: DiscoveryOptions = {}): Promise<DiscoveryDocuments> {
  const notes = [...client.notes];
  /** The documents that answered: with one, a 404 on /Schemas is no wrong URL. */
  const answered: string[] = [];
  const { progress } = options;
  const limits = { signal: options.signal, budget: options.budget };
  progress?.('Reading /ServiceProviderConfig');
  let serviceProviderConfig: Capabilities | undefined;
  try {
    const { body } = await client.json({ method: 'GET', path: '/ServiceProviderConfig', ...limits });
    answered.push('/ServiceProviderConfig');
    serviceProviderConfig = readCapabilities(body);
  } catch (error) {
    if (stopsDiscovery(error)) throw error;
    notes.push(`/ServiceProviderConfig could not be read, so patch, filter, bulk, etag and sort support stay unknown: ${messageOf(error)}`);
  }
  progress?.('Reading /ResourceTypes');
  let resourceTypes: unknown[] | undefined;
  try {
    resourceTypes = await readList(client, '/ResourceTypes', limits, notes);
    answered.push('/ResourceTypes');
    if (resourceTypes === undefined)
      notes.push("/ResourceTypes is not a list of resource types: the resources were taken from the schemas' URNs.");
  } catch (error) {
    if (stopsDiscovery(error)) throw error;
    // A 404 here is no wrong URL: /ResourceTypes is optional (RFC 7644 §4), and the same root answers /Schemas.
    notes.push(
      error instanceof ScimError && error.kind === 'notFound'
        ? "The endpoint does not offer /ResourceTypes (404; it is optional in RFC 7644 §4): the resources were inferred from the schemas' URNs."
        : `/ResourceTypes could not be read (${messageOf(error)}): the resources were taken from the schemas' URNs.`,
    );
  }
  progress?.('Reading /Schemas');
  const schemas = await readList(client, '/Schemas', limits, notes).catch((error: unknown) => {
    if (error instanceof ScimError && error.kind === 'notFound' && answered.length > 0) {
      throw new ScimError(
        'notFound',
        `${client.url('/Schemas').href} answered 404 Not Found, though ${answered.join(' and ')} answered: the endpoint does not publish its schemas (RFC 7644 §4), so they cannot be discovered. Write the target schema by hand (docs/targets.md), starting from the bundled "generic-scim" if the app follows RFC 7643.`,
        404,
      );
    }
    throw error;
  });
  if (schemas === undefined) {
    throw new ScimError(
      'notScim',
      `${client.url('/Schemas').href} did not answer with a list of SCIM schemas (a ListResponse or an array of schema objects): nothing was discovered. Check the tenant URL.`,
    );
  }
  return {
    root: client.root.href,
    ...(serviceProviderConfig && { serviceProviderConfig }),
    ...(resourceTypes && { resourceTypes }),
    schemas,
    notes,
  };
}

/** The items of a list endpoint, following ListResponse paging; undefined when the body is not a list. Test Connection reads /Schemas with it too. */
export async function readList(
  client: ScimClient,
  path: string,
  limits: Pick<ScimCall, 'signal' | 'budget'>,
  notes: string[],
): Promise<unknown[] | undefined> {
  const body = withRfcMemberNames((await client.json({ method: 'GET', path, ...limits })).body);
  if (Array.isArray(body)) return body;
  if (!isRecord(body)) return undefined;
  // One bare schema or resource type instead of a list.
  if (!Array.isArray(body.Resources)) return typeof body.id === 'string' ? [body] : body.totalResults === 0 ? [] : undefined;
  const items: unknown[] = [...body.Resources];
  const total = typeof body.totalResults === 'number' ? body.totalResults : items.length;
  let startIndex = typeof body.startIndex === 'number' ? body.startIndex : 1;
  let pageSize = body.Resources.length;
  for (let page = 1; items.length < total && pageSize > 0; page++) {
    if (page >= MAX_PAGES) {
      notes.push(`${path}: stopped after ${MAX_PAGES} pages with ${items.length} of ${total} items.`);
      break;
    }
    startIndex += pageSize;
    let next: unknown;
    try {
      next = withRfcMemberNames(
        (await client.json({ method: 'GET', path, query: { startIndex: String(startIndex), count: String(pageSize) }, ...limits })).body,
      );
    } catch (error) {
      // A later page that is no SCIM JSON (a SCIM Error under 200, not JSON): what was read is kept, as for a page that is no list.
      if (!(error instanceof ScimError) || error.kind !== 'notScim') throw error;
      notes.push(`${path}: page ${page + 1}: ${error.message} Kept the ${items.length} of ${total} items read before it.`);
      break;
    }
    const resources = isRecord(next) && Array.isArray(next.Resources) ? next.Resources : undefined;
    if (!resources) {
      notes.push(`${path}: page ${page + 1} is not a ListResponse; kept the ${items.length} of ${total} items read before it.`);
      break;
    }
    items.push(...resources);
    pageSize = resources.length;
  }
  if (items.length < total && pageSize === 0) notes.push(`${path}: the server announced ${total} items but sent ${items.length}.`);
  return items;
}

/** The member names of RFC 7643 §5-7 and RFC 7644 §3.4.2 that discovery reads, as the RFCs spell them. */
const rfcMemberNames = new Map(
  [
    ...['Resources', 'totalResults', 'startIndex', 'itemsPerPage', 'id', 'name', 'description', 'attributes', 'subAttributes', 'type'],
    ...['multiValued', 'required', 'canonicalValues', 'caseExact', 'mutability', 'returned', 'uniqueness', 'referenceTypes'],
    ...['schema', 'schemaExtensions', 'endpoint', 'patch', 'bulk', 'filter', 'etag', 'sort', 'changePassword', 'supported'],
    ...['maxResults', 'authenticationSchemes'],
  ].map((name) => [name.toLowerCase(), name]),
);

/**
 * A discovery document with its member names as the RFCs spell them (`resources`, `SubAttributes`
 * read as `Resources`, `subAttributes`): RFC 7643 §2.1 makes attribute names case-insensitive. The
 * RFC's own spelling wins over another of the same name; values and other names are kept.
 */
export function withRfcMemberNames(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withRfcMemberNames);
  if (!isRecord(value)) return value;
  const named: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const name = rfcMemberNames.get(key.toLowerCase()) ?? key;
    if (Object.hasOwn(named, name) && name !== key) continue;
    // Defined, not assigned: a "__proto__" member stays data.
    Object.defineProperty(named, name, { value: withRfcMemberNames(item), enumerable: true, writable: true, configurable: true });
  }
  return named;
}

/**
 * What no later document can answer otherwise, so discovery stops there (as Test Connection does after
 * its probe): the run was cancelled; no answer came in time (the time budget spent or a call timed
 * out), and the next document would only wait as long again; or the endpoint refused the token itself
 * (not one document, as a 403 may).
 */
function stopsDiscovery(error: unknown): boolean {
  return error instanceof ScimError && (error.kind === 'cancelled' || error.kind === 'timeout' || error.kind === 'unauthorized');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
