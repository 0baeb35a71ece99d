// The Graph calls of the synchronization API that pull and push make: find an enterprise app, list its
// provisioning jobs, GET and PUT the job's schema (a full replace, never PATCH: Graph's PATCH of the
// schema is not routed, Microsoft's own samples PUT it).
import { ScimError } from '../scim/errors';
import { graphError, type GraphClient } from './client';
import { parsePeerJson } from '../scim/json';
import { shellQuote } from '../shell';
import { named } from './catalogue';

export interface ServicePrincipal {
  readonly id: string;
  readonly appId?: string;
  readonly displayName?: string;
}

export interface SynchronizationJob {
  readonly id: string;
  readonly templateId?: string;
  readonly status?: { readonly code?: string };
}

export { entraDirectoryNames, schemaVersion } from './synchronization-schema';

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const select = 'id,appId,displayName';

/**
 * The enterprise apps (service principals) `nameOrId` names: by object id or application id when it is
 * a GUID, else by display name through $search (which needs ConsistencyLevel: eventual), every page.
 * An exact display name match (ignoring case) wins over the other search hits.
 */
export async function findApps(graph: GraphClient, nameOrId: string, signal?: AbortSignal): Promise<ServicePrincipal[]> {
  const permission = 'Application.Read.All';
  if (guid.test(nameOrId)) {
    const byObjectId = {
      method: 'GET',
      path: `/servicePrincipals/${nameOrId}`,
      query: { $select: select },
      permission,
      notFound: '',
      signal,
    } as const;
    const response = await graph.send(byObjectId);
    if (response.status === 200) return identified(graph, byObjectId.path, [parsePeerJson(response.text)]);
    if (response.status !== 404) throw graphError(response, byObjectId, graph.secrets());
    // Not an Object ID: perhaps the Application (client) ID.
    const byAppId = {
      method: 'GET',
      path: '/servicePrincipals',
      query: { $filter: `appId eq '${nameOrId}'`, $select: select },
      permission,
      notFound: 'Graph has no servicePrincipals collection here: check the Graph URL.',
      signal,
    } as const;
    return identified(graph, byAppId.path, await graph.list(byAppId));
  }
  const hits = await searchApps(graph, nameOrId, signal);
  const exact = hits.filter((app) => app.displayName?.toLowerCase() === nameOrId.toLowerCase());
  return exact.length > 0 ? exact : hits;
}

/** Every enterprise app whose display name has words starting with those of `text` ($search, which needs ConsistencyLevel: eventual), every page. */
export async function searchApps(graph: GraphClient, text: string, signal?: AbortSignal): Promise<ServicePrincipal[]> {
  return identified(
    graph,
    '/servicePrincipals',
    await graph.list({
      method: 'GET',
      path: '/servicePrincipals',
      query: { $search: `"displayName:${text.replace(/"/g, '')}"`, $select: select, $count: 'true' },
      headers: { consistencylevel: 'eventual' },
      permission: 'Application.Read.All',
      notFound: 'Graph has no servicePrincipals collection here: check the Graph URL.',
      signal,
    }),
  );
}

export async function listJobs(graph: GraphClient, app: ServicePrincipal, signal?: AbortSignal): Promise<SynchronizationJob[]> {
  const path = `/servicePrincipals/${app.id}/synchronization/jobs`;
  return identified(
    graph,
    path,
    await graph.list({
      method: 'GET',
      path,
      permission: 'Synchronization.Read.All',
      notFound: `the app ${describeApp(app)} was not found (deleted, or in another tenant).`,
      signal,
    }),
  );
}

/**
 * The apps or jobs of a Graph answer, each an object with a string id as Graph documents them; any
 * other entry means the answer is not Graph's (a wrong --graph-url), and nothing is asked of `undefined`.
 */
function identified<Entity extends { readonly id: string }>(graph: GraphClient, path: string, entries: readonly unknown[]): Entity[] {
  if (entries.every((entry) => typeof (entry as { id?: unknown } | null)?.id === 'string')) return entries as Entity[];
  throw new ScimError('notScim', `Graph answered ${path} with an entry that has no id. Check ${graph.http.advice.url}.`);
}

export function schemaPath(appId: string, jobId: string): string {
  return `/servicePrincipals/${appId}/synchronization/jobs/${encodeURIComponent(jobId)}/schema`;
}

/** What a 404 of a call on the job's schema means when onJob found the job still there. */
function schemaNotFound(appId: string, jobId: string): string {
  return `the provisioning job ${jobId} of the app ${appId} is there, but Graph has no synchronization schema for it: open the app's Provisioning page in the Microsoft Entra admin center (Enterprise applications > the app > Provisioning), save it once with Provisioning Mode: Automatic, and try again.`;
}

/** What to do about a job that is gone: pull again, the app's id quoted for the shell. */
export function goneJobAdvice(appId: string): string {
  return ` Deleted and recreated jobs get a new id: pull again (scimmap pull --app ${shellQuote(appId)} --job ID -o FILE.scimmap).`;
}

/** The job's synchronization schema, the text exactly as Graph sent it. */
export async function getSchema(graph: GraphClient, appId: string, jobId: string, signal?: AbortSignal): Promise<string> {
  return onJob(graph, appId, jobId, signal, () =>
    graph.text({
      method: 'GET',
      path: schemaPath(appId, jobId),
      permission: 'Synchronization.Read.All',
      notFound: schemaNotFound(appId, jobId),
      signal,
    }),
  );
}

/**
 * `send`s a call on the app's job. A 404 lists the app's jobs, as pull --job does: when the job is gone
 * (deleted and recreated jobs get a new id), the message names the jobs there are; when it is still
 * there, the 404 means what the call's own notFound says (a provisionOnDemand subject not in the tenant).
 */
export async function onJob<T>(
  graph: GraphClient,
  appId: string,
  jobId: string,
  signal: AbortSignal | undefined,
  send: () => Promise<T>,
): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (!(error instanceof ScimError) || error.kind !== 'notFound') throw error;
    const app = { id: appId };
    const jobs = await listJobs(graph, app, signal);
    if (jobs.some((job) => job.id === jobId)) throw error;
    throw noSuchJob(app, jobId, jobs, goneJobAdvice(appId));
  }
}

/**
 * Replaces the job's whole schema. `@odata.context` (what GET adds) is left out of the body; every other
 * member is sent as it is. Entra restarts the job with an initial cycle after it.
 */
export async function putSchema(graph: GraphClient, appId: string, jobId: string, schemaText: string, signal?: AbortSignal): Promise<void> {
  const schema = JSON.parse(schemaText) as Record<string, unknown>;
  delete schema['@odata.context'];
  await onJob(graph, appId, jobId, signal, () =>
    graph.text({
      method: 'PUT',
      path: schemaPath(appId, jobId),
      body: JSON.stringify(schema),
      permission: 'Synchronization.ReadWrite.All',
      notFound: schemaNotFound(appId, jobId),
      signal,
    }),
  );
}

export function describeApp(app: ServicePrincipal): string {
  return app.displayName ? `"${app.displayName}" (${app.id})` : app.id;
}

/** The one app `nameOrId` names, or an error that lists the candidates. */
export function oneApp(apps: readonly ServicePrincipal[], nameOrId: string): ServicePrincipal {
  if (apps.length === 1) return apps[0];
  if (apps.length === 0) {
    throw new ScimError(
      'notFound',
      `No enterprise app matches "${nameOrId}". Give its display name as the Enterprise applications blade shows it, its Object ID or its Application ID.`,
    );
  }
  throw new ScimError(
    'badRequest',
    `${apps.length} enterprise apps match "${nameOrId}": ${apps.map(describeApp).join(', ')}. Give the Object ID of the one you mean.`,
  );
}

/** The job `jobId` names, or the app's only job; an error that lists the jobs otherwise. */
export function oneJob(jobs: readonly SynchronizationJob[], app: ServicePrincipal, jobId: string | undefined): SynchronizationJob {
  if (jobId !== undefined) {
    const job = jobs.find((candidate) => candidate.id === jobId);
    if (!job) throw noSuchJob(app, jobId, jobs);
    return job;
  }
  if (jobs.length === 1) return jobs[0];
  if (jobs.length === 0) {
    throw new ScimError(
      'notFound',
      `The app ${describeApp(app)} has no provisioning job. Set up provisioning first: Enterprise applications > the app > Provisioning > Get started, Provisioning Mode: Automatic, then save.`,
    );
  }
  throw new ScimError(
    'badRequest',
    `The app ${describeApp(app)} has ${jobs.length} provisioning jobs: ${jobIds(jobs)}. Choose one with --job ID.`,
  );
}

function jobIds(jobs: readonly SynchronizationJob[]): string {
  return jobs.map((job) => job.id).join(', ');
}

/** The app has no job `jobId`: the message names the jobs it has. */
function noSuchJob(app: ServicePrincipal, jobId: string, jobs: readonly SynchronizationJob[], advice = ''): ScimError {
  return new ScimError(
    'notFound',
    `The app ${describeApp(app)} has no provisioning job ${jobId}. Its jobs: ${jobIds(jobs) || 'none'}.${advice}`,
    404,
  );
}

/** POST .../schema/parseExpression: Entra parses `body.expression` and evaluates it for the test input object. */
export async function parseExpressionWithEntra(
  graph: GraphClient,
  appId: string,
  jobId: string,
  body: unknown,
  signal?: AbortSignal,
): Promise<unknown> {
  return onJob(graph, appId, jobId, signal, () =>
    graph.json({
      method: 'POST',
      path: `${schemaPath(appId, jobId)}/parseExpression`,
      body: JSON.stringify(body),
      permission: 'Synchronization.ReadWrite.All',
      notFound: schemaNotFound(appId, jobId),
      signal,
    }),
  );
}

/** GET .../schema/functions or .../schema/filterOperators: the tenant's own list, every page. */
export async function schemaCatalogue<Item extends { readonly name: string }>(
  graph: GraphClient,
  appId: string,
  jobId: string,
  list: 'functions' | 'filterOperators',
  signal?: AbortSignal,
): Promise<Item[]> {
  // Only named entries count, in the comparison as in "the tenant lists N functions".
  return named(
    await onJob(graph, appId, jobId, signal, () =>
      graph.list<Item>({
        method: 'GET',
        path: `${schemaPath(appId, jobId)}/${list}`,
        permission: 'Synchronization.Read.All',
        notFound: schemaNotFound(appId, jobId),
        signal,
      }),
    ),
  );
}
