// "Test Connection" as Entra runs it: GET {root}/Users?filter={matching attribute} eq "{random GUID}"
// must answer 200 with an empty ListResponse. Then, for the user's information (Entra does not
// require it), what ServiceProviderConfig and Schemas say the endpoint supports, and which mapped
// targets its schemas lack.
import { randomUUID } from 'node:crypto';
import type { ScimClient } from './client';
import { commonAttributesMissingFrom } from './common-attributes';
import { readList, withRfcMemberNames } from './discovery';
import { looseBoolean } from './json';
import { isGenesysEndpoint } from './endpoint';
import { matchOnFilterableAttribute, ScimError, scimTypeOf, serverDetail, serverSaid } from './errors';
import { runBudget } from './http';

export const listResponseUrn = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const coreUserUrn = 'urn:ietf:params:scim:schemas:core:2.0:User';
const coreGroupUrn = 'urn:ietf:params:scim:schemas:core:2.0:Group';

export interface TestConnectionInput {
  /** The users block's matching target attribute; userName when no mapping is open. */
  readonly matchingAttribute?: string;
  readonly userTargets?: readonly string[];
  readonly groupTargets?: readonly string[];
  readonly signal?: AbortSignal;
  /** The whole run's time budget, in seconds: the probe, discovery, token fetches, retries and waits together. Default 60. */
  readonly timeLimitSeconds?: number;
  /** How the user allows more time (the CLI's flag, VS Code's setting), ending a message that the budget ran out. */
  readonly howToAllowMore?: string;
  /** Each step as it starts and ends, and every wait, as short lines (the CLI's stderr, VS Code's progress). */
  readonly progress?: (line: string) => void;
}

export interface ProbeResult {
  /** The method and the URL that answered (after a followed redirect), else the one sent. */
  readonly requestLine: string;
  /** The URL sent, when a redirect was followed to the one that answered. */
  readonly redirectedFrom?: string;
  readonly status?: number;
  /** From sending to the answer, retries and their waits (Retry-After, backoff) included. */
  readonly latencyMs?: number;
  /** Why Entra would accept or reject the answer. */
  readonly message: string;
  readonly errorKind?: ScimError['kind'];
}

/** A flag of ServiceProviderConfig: true/false when the endpoint states it as a JSON boolean; undefined otherwise. */
export type Support = boolean | undefined;

export interface Capabilities {
  readonly patch: Support;
  readonly filter: Support;
  readonly filterMaxResults?: number;
  readonly etag: Support;
  readonly sort: Support;
  readonly bulk: Support;
  readonly changePassword: Support;
  readonly authenticationSchemes: string[];
}

export interface MissingTarget {
  readonly object: 'users' | 'groups';
  readonly target: string;
  readonly reason: string;
}

export interface TestConnectionReport {
  /** Whether Entra's Test Connection would succeed. */
  readonly accepted: boolean;
  readonly root: string;
  readonly probe: ProbeResult;
  readonly capabilities?: Capabilities;
  /** Schema ids the endpoint lists. */
  readonly schemas?: string[];
  readonly missingTargets: MissingTarget[];
  /** How many mapped targets were checked against the schemas (0 without a mapping or without /Schemas). */
  readonly checkedTargets: number;
  /** Remarks: a wrong-looking root, discovery failures, non-conformant flags. */
  readonly notes: string[];
}

export async function testConnection(client: ScimClient, input: TestConnectionInput = {}): Promise<TestConnectionReport> {
  const notes = [...client.notes];
  const matchingAttribute = input.matchingAttribute?.trim() || 'userName';
  const progress = input.progress ?? (() => undefined);
  const budget = runBudget(input.timeLimitSeconds, input.howToAllowMore ?? '', progress);
  const call = {
    method: 'GET' as const,
    path: '/Users',
    query: { filter: `${matchingAttribute} eq "${randomUUID()}"` },
    signal: input.signal,
    budget,
  };
  const requestLine = client.requestLine(call);
  progress(`[1/3] Entra's probe: ${requestLine} (time budget ${budget.seconds} s)`);
  const probe = await runProbe(client, call, requestLine, matchingAttribute);
  progress(
    `[1/3] ${probe.status !== undefined ? `${probe.status} in ${probe.latencyMs} ms` : 'failed'}: ${probe.errorKind ? 'Entra would reject this' : 'Entra accepts this'}`,
  );
  const report = {
    accepted: probe.errorKind === undefined,
    root: client.root.href,
    probe,
    missingTargets: [] as MissingTarget[],
    checkedTargets: 0,
    notes,
  };
  // Without working credentials discovery says nothing new; a cancelled test stops here, and so does
  // one whose endpoint did not answer in time or asked to wait longer than the budget allows, or whose
  // host (or token endpoint) cannot be resolved or reached, even after the retries: each read would
  // fail the same way, after its own retries.
  if (
    probe.errorKind === 'cancelled' ||
    probe.errorKind === 'unauthorized' ||
    probe.errorKind === 'oauth' ||
    probe.errorKind === 'url' ||
    probe.errorKind === 'token'
  )
    return report;
  if (
    probe.errorKind === 'timeout' ||
    probe.errorKind === 'rateLimited' ||
    probe.errorKind === 'protocol' ||
    probe.errorKind === 'dns' ||
    probe.errorKind === 'tls' ||
    probe.errorKind === 'connection'
  ) {
    const why = {
      timeout: 'the endpoint did not answer in time',
      rateLimited: 'the endpoint is rate limiting this client',
      protocol: "the endpoint's answer is not valid HTTP",
      dns: 'a host name could not be resolved',
      tls: 'no secure connection could be made',
      connection: 'the connection was refused or dropped, even after retries',
    }[probe.errorKind];
    notes.push(`ServiceProviderConfig and Schemas were not read: ${why}.`);
    return report;
  }

  const discoveryNotes: string[] = [];
  const limits = { signal: input.signal, budget };
  const step = async <T>(index: number, path: string, read: () => Promise<T>): Promise<T | undefined> => {
    progress(`[${index}/3] ${client.requestLine({ method: 'GET', path })}`);
    const before = discoveryNotes.length;
    const result = await discover(path, discoveryNotes, read);
    progress(`[${index}/3] ${discoveryNotes.length === before ? 'read' : 'not read (see the notes)'}`);
    return result;
  };
  const capabilities = await step(2, '/ServiceProviderConfig', async () =>
    readCapabilities((await client.json({ method: 'GET', path: '/ServiceProviderConfig', ...limits })).body),
  );
  // Paged as `scimmap discover` reads it: a schema on a later page is no missing schema.
  const schemas = await step(3, '/Schemas', async () =>
    readSchemas(await readList(client, '/Schemas', limits, discoveryNotes), discoveryNotes),
  );
  if (probe.errorKind === 'notFound' && !capabilities && !schemas) {
    notes.push('ServiceProviderConfig and Schemas are not found either: the tenant URL itself is wrong, not only the filter query.');
  } else {
    notes.push(...discoveryNotes);
  }
  const mapped = [...(input.userTargets ?? []), ...(input.groupTargets ?? [])].length;
  // Said, so that a report without a "missing targets" line does not read as "all present".
  if (!schemas && mapped > 0) notes.push(`The ${mapped} mapped targets were not checked: the endpoint's /Schemas could not be read.`);
  const targets = schemas ? mapped : 0;
  const missingTargets = schemas
    ? [
        ...missing('users', input.userTargets ?? [], schemas, coreUserUrn),
        ...missing('groups', input.groupTargets ?? [], schemas, coreGroupUrn),
      ]
    : [];
  return { ...report, capabilities, schemas: schemas?.map((schema) => schema.id), missingTargets, checkedTargets: targets };
}

async function runProbe(
  client: ScimClient,
  call: Parameters<ScimClient['send']>[0],
  requestLine: string,
  matchingAttribute: string,
): Promise<ProbeResult> {
  let response;
  const started = performance.now();
  try {
    response = await client.send(call);
  } catch (error) {
    const failure = error instanceof ScimError ? error : new ScimError('connection', String(error));
    return { requestLine, message: failure.message, errorKind: failure.kind };
  }
  // The line names the URL that answered, as provision's exchanges do, and the one sent after a redirect.
  const sent = client.url(call.path, call.query).href;
  const answeredBy = client.answeredUrl(response);
  const base = {
    requestLine: `${call.method} ${answeredBy}`,
    ...(answeredBy !== sent ? { redirectedFrom: sent } : {}),
    status: response.status,
    // The whole call, not its last attempt's: a probe answered after a 2 s Retry-After took 2 s.
    latencyMs: Math.round(performance.now() - started),
  };
  if (response.status === 404) {
    return {
      ...base,
      errorKind: 'notFound',
      message: `404 to the filter query: Entra rejects this endpoint. It must answer a query that matches nobody with 200 and an empty ListResponse, not 404. If the whole URL is wrong, fix the tenant URL${isGenesysEndpoint(client.root) ? ' (Genesys Cloud: https://api.<region domain>/api/v2/scim/v2)' : ''}.`,
    };
  }
  if (response.status === 400 && scimTypeOf(response.text) === 'invalidFilter') {
    return {
      ...base,
      errorKind: 'badRequest',
      message: `400 (invalidFilter) to the filter query: the endpoint cannot filter on ${matchingAttribute}, the matching attribute Entra looks every user up by.${serverSaid(serverDetail(response.text, client.secrets()))} ${matchOnFilterableAttribute(isGenesysEndpoint(client.root))}`,
    };
  }
  let body: unknown;
  try {
    body = client.parse(response);
  } catch (error) {
    const failure = error as ScimError;
    return { ...base, message: failure.message, errorKind: failure.kind };
  }
  // Entra's Test Connection succeeds on 200 only (entra-provisioning.md §4.2): a 201 or 204 to a query is no answer it accepts.
  if (response.status !== 200)
    return {
      ...base,
      errorKind: 'notScim',
      message: `${response.status} to the filter query, not 200: Entra accepts only 200 with an empty SCIM ListResponse for a user that does not exist.`,
    };
  const problem = listResponseProblem(body);
  if (problem)
    return {
      ...base,
      errorKind: 'notScim',
      message: `200, but ${problem} Entra expects 200 with an empty SCIM ListResponse for a user that does not exist.`,
    };
  return { ...base, message: '200 with an empty ListResponse: Entra accepts this endpoint and these credentials.' };
}

/** Why a body is not an empty ListResponse, or undefined when it is one. */
function listResponseProblem(body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'the body is not a JSON object.';
  const list = body as { schemas?: unknown; totalResults?: unknown; Resources?: unknown };
  if (!Array.isArray(list.schemas) || !list.schemas.includes(listResponseUrn))
    return `the body's "schemas" does not name ${listResponseUrn}.`;
  if (typeof list.totalResults !== 'number') return 'the body has no numeric "totalResults".';
  // The users sent count before totalResults, which a server can get wrong while sending them.
  const returned = Array.isArray(list.Resources) ? list.Resources.length : 0;
  if (list.totalResults !== 0 || returned > 0) {
    return `the query for a random GUID matched ${returned || list.totalResults} user(s): the endpoint ignores or mis-evaluates the filter.`;
  }
  if (list.Resources !== undefined && !Array.isArray(list.Resources)) return 'the body\'s "Resources" is not an array.';
  return undefined;
}

async function discover<T>(path: string, notes: string[], read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    notes.push(`${path}: ${error instanceof ScimError ? error.message : String(error)}`);
    return undefined;
  }
}

/** What a ServiceProviderConfig body states (RFC 7643 §5); a flag it does not state as a JSON boolean is undefined. */
export function readCapabilities(body: unknown): Capabilities {
  // Read as leniently as the schemas: member names in any case, "true"/"false" and numbers as strings.
  const named = withRfcMemberNames(body);
  const config = (named && typeof named === 'object' ? named : {}) as Record<string, unknown>;
  const flag = (name: string): Support => {
    const section = config[name];
    return looseBoolean(section && typeof section === 'object' ? (section as { supported?: unknown }).supported : undefined);
  };
  const filter = config.filter as { maxResults?: unknown } | undefined;
  const maxResults =
    typeof filter?.maxResults === 'string' && /^\d+$/.test(filter.maxResults) ? Number(filter.maxResults) : filter?.maxResults;
  const schemes = Array.isArray(config.authenticationSchemes) ? config.authenticationSchemes : [];
  return {
    patch: flag('patch'),
    filter: flag('filter'),
    filterMaxResults: typeof maxResults === 'number' ? maxResults : undefined,
    etag: flag('etag'),
    sort: flag('sort'),
    bulk: flag('bulk'),
    changePassword: flag('changePassword'),
    authenticationSchemes: schemes.flatMap((scheme) =>
      scheme && typeof scheme === 'object' && typeof (scheme as { type?: unknown }).type === 'string'
        ? [(scheme as { type: string }).type]
        : [],
    ),
  };
}

interface SchemaAttribute {
  readonly name: string;
  readonly subAttributes?: readonly SchemaAttribute[];
}

interface EndpointSchema {
  readonly id: string;
  readonly attributes: SchemaAttribute[];
}

/** The schemas among the items of /Schemas (readList: undefined when it is no list). */
function readSchemas(resources: unknown[] | undefined, notes: string[]): EndpointSchema[] {
  if (!resources) {
    notes.push('/Schemas: the answer is not a list of schemas, so mapped targets could not be checked.');
    return [];
  }
  return resources.flatMap((resource): EndpointSchema[] => {
    const schema = resource as { id?: unknown; attributes?: unknown };
    if (typeof schema?.id !== 'string') return [];
    return [
      {
        id: schema.id,
        attributes: Array.isArray(schema.attributes)
          ? (schema.attributes as SchemaAttribute[]).filter((attribute) => typeof attribute?.name === 'string')
          : [],
      },
    ];
  });
}

/** The mapped targets whose attribute (or sub-attribute) no listed schema has. */
function missing(object: MissingTarget['object'], targets: readonly string[], schemas: EndpointSchema[], coreUrn: string): MissingTarget[] {
  return targets.flatMap((target): MissingTarget[] => {
    const reason = missingReason(target, schemas, coreUrn);
    return reason ? [{ object, target, reason }] : [];
  });
}

function missingReason(target: string, schemas: EndpointSchema[], coreUrn: string): string | undefined {
  const lower = target.toLowerCase();
  // A fully qualified path names its schema: the longest listed id that prefixes it.
  const qualified = lower.startsWith('urn:')
    ? schemas.filter((schema) => lower.startsWith(`${schema.id.toLowerCase()}:`)).sort((a, b) => b.id.length - a.id.length)[0]
    : undefined;
  if (lower.startsWith('urn:') && !qualified) return 'the endpoint lists no schema for this URN';
  const schema = qualified ?? schemas.find((candidate) => candidate.id === coreUrn);
  if (!schema) return `the endpoint does not list the schema ${coreUrn}`;
  const path = qualified ? target.slice(qualified.id.length + 1) : target;
  const [attributeName, subName] = path.replace(/\[[^\]]*\]/g, '').split('.');
  // The core schema's resources also have the RFC 7643 §3.1 common attributes, which /Schemas need not list.
  const attributes =
    schema.id === coreUrn
      ? [...schema.attributes, ...commonAttributesMissingFrom(schema.attributes.map((a) => a.name))]
      : schema.attributes;
  const attribute = attributes.find((candidate) => candidate.name.toLowerCase() === attributeName.toLowerCase());
  if (!attribute) return `${schema.id} has no attribute "${attributeName}"`;
  if (subName === undefined || !Array.isArray(attribute.subAttributes)) return undefined;
  const known = attribute.subAttributes.some(
    (candidate) => typeof candidate?.name === 'string' && candidate.name.toLowerCase() === subName.toLowerCase(),
  );
  return known ? undefined : `"${attributeName}" has no sub-attribute "${subName}"`;
}
