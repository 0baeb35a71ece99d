// A stand-in for Microsoft Graph and the Microsoft Entra token endpoint on loopback, answering the
// synchronization API calls scimmap makes with the shapes Microsoft Learn documents: paged
// collections with @odata.nextLink, $search only with ConsistencyLevel: eventual, 401 with
// WWW-Authenticate, 403 Authorization_RequestDenied for a missing permission, 404 for a wrong job,
// 429 with Retry-After, a PUT of the schema answered 204 that gives it a new version, provisioning on
// demand answered with stringified steps. What it cannot
// know of the real service (normalisation on PUT) docs/tenant.md says plainly.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInJob {
  id: string;
  templateId: string;
  /** The schema text as GET returns it (without @odata.context, which GET adds); '' for a job without one yet, whose GET is answered 404 (the stand-in's guess). */
  schema: string;
}

export interface StandInApp {
  id: string;
  appId: string;
  displayName: string;
  jobs: StandInJob[];
}

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export interface GraphStandIn {
  /** Graph's root (http://127.0.0.1:PORT), for --graph-url. */
  readonly url: string;
  /** The sign-in authority (the same server), for --login-url. */
  readonly loginUrl: string;
  readonly apps: StandInApp[];
  /** Bearer tokens it accepts, each with the Graph permissions it carries. */
  readonly tokens: Map<string, Set<string>>;
  /** App registrations for the client-credentials flow: client id -> secret and permissions. */
  readonly clients: Map<string, { secret: string; tenant: string; permissions: Set<string> }>;
  readonly requests: RecordedRequest[];
  /** The next `count` calls whose path contains `pathPart` are answered 429 with Retry-After: `seconds`. */
  throttle(pathPart: string, count: number, seconds: number): void;
  /**
   * How it answers POST .../schema/parseExpression. The stand-in has no evaluator of its own: a test
   * says what Entra answers (a real tenant is the only true oracle).
   */
  parseExpression: (body: { expression: string; testInputObject: { properties: { key: string; value: unknown }[] } }) => unknown;
  /** What GET .../schema/functions and .../schema/filterOperators list. */
  readonly catalogue: { functions: unknown[]; filterOperators: unknown[] };
  /** Items per page of a collection. */
  pageSize: number;
  /** The tenant's users and groups by Object ID, for provisionOnDemand (an unknown id is answered 404). */
  readonly directory: Map<string, { objectTypeName: 'User' | 'Group'; displayName: string; userPrincipalName?: string }>;
  /**
   * How it answers POST .../provisionOnDemand for a known subject: the `value` object (stringified on
   * the wire, as Graph does). By default, a create in four steps shaped as Microsoft Learn's example.
   */
  provisionOnDemand: (
    body: OnDemandBody,
    subject: { objectTypeName: string; displayName: string; userPrincipalName?: string },
  ) => {
    key: unknown;
    value: unknown;
  };
  /**
   * What the service keeps of a schema PUT, before it gives the schema a new version: by default the
   * schema as sent. A test makes it normalise (a real tenant's normalisation is unknown).
   */
  keepOnPut: (schema: Record<string, unknown>) => Record<string, unknown>;
  /** The next `count` PUTs of a schema are kept, but their answer is lost: the connection closes without one (a gateway time-out, a dropped network). */
  loseAnswersToPut(count: number): void;
  close(): Promise<void>;
}

export interface OnDemandBody {
  parameters: { ruleId: string; subjects: { objectId: string; objectTypeName: string }[] }[];
}

/** An answer shaped as Microsoft Learn's "synchronizationJob: provisionOnDemand" example: the run that created the user. */
export function createdOnDemand(subject: { objectTypeName: string; displayName: string; userPrincipalName?: string }, objectId: string) {
  const at = (ms: number) => new Date(Date.UTC(2026, 0, 5, 9, 0, 0, ms)).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
  const identifier = subject.userPrincipalName ?? subject.displayName;
  return {
    key: { result: 'Success', details: {} },
    value: {
      action: 'Create',
      changeId: randomUUID(),
      startTime: at(0),
      endTime: at(420),
      modifiedProperties: [
        { displayName: 'objectId', oldValue: null, newValue: objectId },
        { displayName: 'displayName', oldValue: null, newValue: subject.displayName },
        ...(subject.userPrincipalName ? [{ displayName: 'userPrincipalName', oldValue: null, newValue: subject.userPrincipalName }] : []),
      ],
      provisioningSteps: [
        {
          name: 'EntryImport',
          type: 'Import',
          status: 'Success',
          description: `Retrieved ${subject.objectTypeName} '${identifier}' from Microsoft Entra ID`,
          timestamp: at(0),
          details: {
            objectId,
            displayName: subject.displayName,
            ...(subject.userPrincipalName && { userPrincipalName: subject.userPrincipalName }),
          },
        },
        {
          name: 'EntrySynchronizationScoping',
          type: 'Scoping',
          status: 'Success',
          description: `Determine if ${subject.objectTypeName} in scope by evaluating against each scoping filter`,
          timestamp: at(110),
          details: { Active: 'True', Assigned: 'True', IsEffectivelyEntitledForProvisioning: 'True', ScopeEvaluationResult: '{}' },
        },
        {
          name: 'EntryImportObjectDoesNotExist',
          type: 'Matching',
          status: 'Success',
          description: `${subject.objectTypeName} '${identifier}' was not found in the target system`,
          timestamp: at(230),
          details: {},
        },
        {
          name: 'EntryExportAdd',
          type: 'Export',
          status: 'Success',
          description: `${subject.objectTypeName} '${identifier}' was created in the target system`,
          timestamp: at(380),
          details: { ReportableIdentifier: identifier },
        },
      ],
      reportableIdentifier: identifier,
      statusInfo: {
        status: 'Success',
        errorCode: null,
        reason: null,
        additionalDetails: null,
        errorCategory: null,
        recommendedAction: null,
      },
      sourceIdentity: { id: objectId, type: subject.objectTypeName, displayName: null, details: null },
      sourceSystem: { id: null, name: 'Microsoft Entra ID', details: null },
      targetSystem: { id: null, name: 'GenesysCloudForAzure', details: null },
    },
  };
}

export const allPermissions = ['Application.Read.All', 'Synchronization.Read.All', 'Synchronization.ReadWrite.All'];

/** Graph's error body (Microsoft Graph REST API "Error responses"). */
function graphError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({
    error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': randomUUID(), 'client-request-id': randomUUID() } },
  });
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body);
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, {
    'content-type': 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
  });
  res.end(JSON.stringify(value));
}

/**
 * What is wrong with a parseExpression test object, by Microsoft Learn ("synchronizationSchema:
 * parseExpression", "expressionInputObject", "stringKeyObjectValuePair"): properties are key/value
 * pairs, and a multi-valued value is a string collection with "value@odata.type": "#Collection(String)".
 */
function testInputRefusal(input: unknown): string | undefined {
  if (input === undefined || input === null) return undefined;
  const properties = (input as { properties?: unknown }).properties;
  if (!Array.isArray(properties)) return 'testInputObject.properties must be a collection of stringKeyObjectValuePair.';
  for (const property of properties as Record<string, unknown>[]) {
    if (typeof property?.key !== 'string') return 'Each property of testInputObject needs a string key.';
    const collection = property['value@odata.type'] === '#Collection(String)';
    const { key, value } = property;
    if (Array.isArray(value) && !collection)
      return `The property '${key}' is a collection without "value@odata.type": "#Collection(String)".`;
    if (collection && !(Array.isArray(value) && value.every((element) => typeof element === 'string')))
      return `The property '${key}' is annotated #Collection(String) but its value is not a collection of strings.`;
    if (!collection && typeof value === 'object' && value !== null) return `The property '${key}' has an object value.`;
  }
  return undefined;
}

/** A job schema version as Entra writes it: Date with 7 fractional digits, and an activity id. */
export function newVersion(): string {
  return `Date:${new Date().toISOString().replace(/\.(\d{3})Z$/, '.$10000Z')}, ActivityId:${randomUUID()}`;
}

export async function startGraphStandIn(apps: StandInApp[]): Promise<GraphStandIn> {
  const tokens = new Map<string, Set<string>>();
  const clients = new Map<string, { secret: string; tenant: string; permissions: Set<string> }>();
  const requests: RecordedRequest[] = [];
  const catalogue = { functions: [] as unknown[], filterOperators: [] as unknown[] };
  const throttles: { pathPart: string; count: number; seconds: number }[] = [];
  let lostPutAnswers = 0;
  let origin = '';
  const directory: GraphStandIn['directory'] = new Map();
  const state = {
    pageSize: 2,
    provisionOnDemand: ((body, subject) =>
      createdOnDemand(subject, body.parameters[0].subjects[0].objectId)) as GraphStandIn['provisionOnDemand'],
    parseExpression: (() => ({
      parsingSucceeded: true,
      evaluationSucceeded: false,
      evaluationResult: null,
      error: null,
    })) as GraphStandIn['parseExpression'],
    keepOnPut: ((schema) => schema) as GraphStandIn['keepOnPut'],
  };

  const page = (res: ServerResponse, req: IncomingMessage, items: unknown[]) => {
    const url = new URL(req.url ?? '/', origin);
    const skip = Number(url.searchParams.get('$skiptoken') ?? '0');
    const next = new URL(url.href);
    next.searchParams.set('$skiptoken', String(skip + state.pageSize));
    json(res, 200, {
      '@odata.context': `${origin}/v1.0/$metadata#servicePrincipals`,
      ...(url.searchParams.get('$count') === 'true' ? { '@odata.count': items.length } : {}),
      value: items.slice(skip, skip + state.pageSize),
      ...(skip + state.pageSize < items.length ? { '@odata.nextLink': next.href } : {}),
    });
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const url = new URL(req.url ?? '/', origin);
    requests.push({
      method: req.method ?? '',
      url: url.pathname + url.search,
      headers: { ...req.headers, authorization: req.headers.authorization ? '<redacted>' : undefined },
      body,
    });
    // The Microsoft identity platform's token endpoint (client credentials, secret in the body).
    const tokenPath = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (tokenPath && req.method === 'POST') {
      const form = new URLSearchParams(body);
      const client = clients.get(form.get('client_id') ?? '');
      if (form.get('grant_type') !== 'client_credentials' || form.get('scope') !== `${origin}/.default`) {
        return json(res, 400, { error: 'invalid_scope', error_description: 'AADSTS1002012: The provided value for scope is not valid.' });
      }
      if (!client || client.secret !== form.get('client_secret') || client.tenant !== decodeURIComponent(tokenPath[1])) {
        return json(res, 401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
      }
      const token = `eyJ0eXAi.${randomUUID()}.stand-in`;
      tokens.set(token, client.permissions);
      return json(res, 200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token });
    }
    const throttle = throttles.find((candidate) => candidate.count > 0 && url.pathname.includes(candidate.pathPart));
    if (throttle) {
      throttle.count--;
      return graphError(res, 429, 'TooManyRequests', 'Too many requests.', { 'retry-after': String(throttle.seconds) });
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const permissions = bearer === undefined ? undefined : tokens.get(bearer);
    if (!permissions) {
      return graphError(
        res,
        401,
        'InvalidAuthenticationToken',
        bearer === undefined ? 'Access token is empty.' : 'Access token validation failure. Invalid audience.',
        {
          'www-authenticate':
            'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
        },
      );
    }
    const needs = (...any: string[]) => {
      if (any.some((permission) => permissions.has(permission))) return true;
      graphError(res, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
      return false;
    };
    const path = url.pathname.replace(/^\/v1\.0/, '');
    if (path === '/servicePrincipals' && req.method === 'GET') {
      if (!needs('Application.Read.All')) return;
      const search = url.searchParams.get('$search');
      const filter = url.searchParams.get('$filter');
      if (search !== null) {
        if (req.headers.consistencylevel !== 'eventual') {
          return graphError(
            res,
            400,
            'Request_UnsupportedQuery',
            "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
          );
        }
        const words = (/^"displayName:(.*)"$/.exec(search)?.[1] ?? '').toLowerCase().split(/\s+/).filter(Boolean);
        return page(
          res,
          req,
          apps
            .filter((app) =>
              words.every((word) =>
                app.displayName
                  .toLowerCase()
                  .split(/\s+/)
                  .some((part) => part.startsWith(word)),
              ),
            )
            .map(summary),
        );
      }
      const appId = filter && /^appId eq '(.*)'$/.exec(filter)?.[1];
      return page(res, req, apps.filter((app) => appId === undefined || appId === null || app.appId === appId).map(summary));
    }
    const spPath = /^\/servicePrincipals\/([^/]+)(\/.*)?$/.exec(path);
    const app = spPath && apps.find((candidate) => candidate.id === spPath[1]);
    if (spPath && !app)
      return graphError(
        res,
        404,
        'Request_ResourceNotFound',
        `Resource '${spPath[1]}' does not exist or one of its queried reference-property objects are not present.`,
      );
    if (app && spPath[2] === undefined && req.method === 'GET') return needs('Application.Read.All') && json(res, 200, summary(app));
    if (app && spPath[2] === '/synchronization/jobs' && req.method === 'GET') {
      if (!needs('Synchronization.Read.All', 'Synchronization.ReadWrite.All')) return;
      return page(
        res,
        req,
        app.jobs.map((job) => ({
          id: job.id,
          templateId: job.templateId,
          schedule: { interval: 'PT40M', state: 'Active' },
          status: { code: 'Active' },
        })),
      );
    }
    const parsePath = app && /^\/synchronization\/jobs\/([^/]+)\/schema\/parseExpression$/.exec(spPath[2] ?? '');
    if (app && parsePath && req.method === 'POST') {
      if (!needs('Synchronization.ReadWrite.All')) return;
      if (!app.jobs.some((job) => job.id === decodeURIComponent(parsePath[1])))
        return graphError(res, 404, 'NotFound', `The job '${decodeURIComponent(parsePath[1])}' was not found.`);
      const request = JSON.parse(body) as { testInputObject?: unknown };
      const refusal = testInputRefusal(request.testInputObject);
      if (refusal) return graphError(res, 400, 'BadRequest', refusal);
      return json(res, 200, {
        '@odata.context': `${origin}/v1.0/$metadata#microsoft.graph.parseExpressionResponse`,
        ...(state.parseExpression(request as never) as object),
      });
    }
    // Microsoft Learn "synchronizationJob: provisionOnDemand": 200 with a stringKeyStringValuePair whose key and value are JSON texts.
    const onDemandPath = app && /^\/synchronization\/jobs\/([^/]+)\/provisionOnDemand$/.exec(spPath[2] ?? '');
    if (app && onDemandPath && req.method === 'POST') {
      if (!needs('Synchronization.ReadWrite.All')) return;
      if (!app.jobs.some((job) => job.id === decodeURIComponent(onDemandPath[1])))
        return graphError(res, 404, 'NotFound', `The job '${decodeURIComponent(onDemandPath[1])}' was not found.`);
      let request: OnDemandBody;
      try {
        request = JSON.parse(body) as OnDemandBody;
      } catch {
        return graphError(res, 400, 'BadRequest', 'The request body is not valid JSON.');
      }
      const parameter = request.parameters?.[0];
      const subject = parameter?.subjects?.[0];
      if (!parameter?.ruleId || !subject?.objectId || !subject.objectTypeName)
        return graphError(res, 400, 'BadRequest', 'parameters[0] needs a ruleId and a subject with objectId and objectTypeName.');
      const known = directory.get(subject.objectId);
      if (!known || known.objectTypeName.toLowerCase() !== subject.objectTypeName.toLowerCase())
        return graphError(
          res,
          404,
          'Request_ResourceNotFound',
          `Resource '${subject.objectId}' does not exist or one of its queried reference-property objects are not present.`,
        );
      const answer = state.provisionOnDemand(request, known);
      return json(res, 200, {
        '@odata.context': `${origin}/v1.0/$metadata#microsoft.graph.stringKeyStringValuePair`,
        key: JSON.stringify(answer.key),
        value: JSON.stringify(answer.value),
      });
    }
    const cataloguePath = app && /^\/synchronization\/jobs\/([^/]+)\/schema\/(functions|filterOperators)$/.exec(spPath[2] ?? '');
    if (app && cataloguePath && req.method === 'GET') {
      if (!needs('Synchronization.Read.All', 'Synchronization.ReadWrite.All')) return;
      if (!app.jobs.some((job) => job.id === decodeURIComponent(cataloguePath[1])))
        return graphError(res, 404, 'NotFound', `The job '${decodeURIComponent(cataloguePath[1])}' was not found.`);
      return page(res, req, catalogue[cataloguePath[2] as 'functions' | 'filterOperators']);
    }
    const jobPath = app && /^\/synchronization\/jobs\/([^/]+)\/schema$/.exec(spPath[2] ?? '');
    if (app && jobPath) {
      const job = app.jobs.find((candidate) => candidate.id === decodeURIComponent(jobPath[1]));
      if (req.method === 'GET' && !needs('Synchronization.Read.All', 'Synchronization.ReadWrite.All')) return;
      if (req.method === 'PUT' && !needs('Synchronization.ReadWrite.All')) return;
      if (!job) return graphError(res, 404, 'NotFound', `The job '${decodeURIComponent(jobPath[1])}' was not found.`);
      if (req.method === 'GET') {
        if (job.schema === '') return graphError(res, 404, 'NotFound', `The schema of the job '${job.id}' was not found.`);
        const schema = JSON.parse(job.schema) as Record<string, unknown>;
        return json(res, 200, {
          '@odata.context': `${origin}/v1.0/$metadata#servicePrincipals('${app.id}')/synchronization/jobs('${job.id}')/schema/$entity`,
          ...schema,
        });
      }
      if (req.method === 'PUT') {
        let schema: Record<string, unknown>;
        try {
          schema = JSON.parse(body) as Record<string, unknown>;
        } catch {
          return graphError(res, 400, 'BadRequest', 'The request body is not valid JSON.');
        }
        if ('@odata.context' in schema)
          return graphError(
            res,
            400,
            'BadRequest',
            "The property '@odata.context' does not exist on type 'microsoft.graph.synchronizationSchema'.",
          );
        job.schema = JSON.stringify({ ...state.keepOnPut(schema), version: newVersion() }, null, 2);
        if (lostPutAnswers > 0) {
          lostPutAnswers--;
          return req.socket.destroy();
        }
        res.writeHead(204);
        return res.end();
      }
      // Graph routes no PATCH of the schema (microsoftgraph/msgraph-sdk-powershell#1134).
      return graphError(res, 404, 'BadRequest', `No HTTP resource was found that matches the request URI '${url.href}?api-version=2.0'.`);
    }
    return graphError(res, 400, 'BadRequest', `Resource not found for the segment '${path.split('/').pop()}'.`);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    loginUrl: origin,
    apps,
    tokens,
    clients,
    requests,
    catalogue,
    get parseExpression() {
      return state.parseExpression;
    },
    set parseExpression(answer: GraphStandIn['parseExpression']) {
      state.parseExpression = answer;
    },
    directory,
    get provisionOnDemand() {
      return state.provisionOnDemand;
    },
    set provisionOnDemand(answer: GraphStandIn['provisionOnDemand']) {
      state.provisionOnDemand = answer;
    },
    get pageSize() {
      return state.pageSize;
    },
    set pageSize(size: number) {
      state.pageSize = size;
    },
    get keepOnPut() {
      return state.keepOnPut;
    },
    set keepOnPut(keep: GraphStandIn['keepOnPut']) {
      state.keepOnPut = keep;
    },
    throttle: (pathPart, count, seconds) => throttles.push({ pathPart, count, seconds }),
    loseAnswersToPut: (count) => {
      lostPutAnswers = count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function summary(app: StandInApp): { id: string; appId: string; displayName: string } {
  return { id: app.id, appId: app.appId, displayName: app.displayName };
}
