// The local Genesys Cloud-compatible SCIM sandbox: both SCIM roots with case-insensitive paths, an
// OAuth client-credentials token endpoint, and fault switches (429 with Retry-After, latency, 5xx,
// a malformed body, a dropped connection, 403, plain-text 401, a redirect, an oversized body).
// Loopback only. A developer and demo tool (`npm run sandbox`), also what the tests and the main job
// start through startSandbox().
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GenesysStore, ScimFault, urns, type Json, type ListQuery, type Stored } from './store';
import { serviceProviderConfig, resourceTypes, schemaResources } from './discovery';

export interface SandboxOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number;
  /** The bearer token the sandbox accepts besides the ones its token endpoint issues; random by default. */
  readonly token?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** expires_in of the tokens the token endpoint issues. Default 3600. */
  readonly tokenLifetimeSeconds?: number;
  /** Seed demo users and groups (groups cannot be created through Genesys SCIM). Default true. */
  readonly seed?: boolean;
}

/** Each switch counts down per SCIM request (the token endpoint is not affected); undefined = off. */
export interface SandboxFaults {
  /** Answer 429 with Retry-After (seconds) to the next `times` requests. */
  readonly rateLimit?: { readonly times: number; readonly retryAfterSeconds: number };
  /** Answer this 5xx status to the next `times` requests. */
  readonly serverError?: { readonly times: number; readonly status?: number };
  /** Delay every answer by this many milliseconds. */
  readonly latencyMs?: number;
  /** Answer 200 with a body that is not JSON to the next `times` requests. */
  readonly malformedBody?: { readonly times: number };
  /** Close the socket without answering the next `times` requests. */
  readonly dropConnection?: { readonly times: number };
  /** Answer 403 (the account lacks permissions) to the next `times` requests. */
  readonly forbidden?: { readonly times: number };
  /** Send 401 bodies as plain text ("Unauthorized"), as some servers do, instead of Genesys' JSON. */
  readonly plainText401?: boolean;
  /** Answer 302 to this URL (another origin, for the redirect rule) to the next `times` requests. */
  readonly redirect?: { readonly times: number; readonly location: string };
  /** Answer 200 with a body of this many bytes to the next `times` requests. */
  readonly oversizedBody?: { readonly times: number; readonly bytes: number };
}

export interface SandboxRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly status: number;
}

export interface Sandbox {
  /** The SCIM root Entra would use: http://127.0.0.1:PORT/api/v2/scim/v2 */
  readonly url: string;
  readonly tokenUrl: string;
  /** A bearer token the sandbox accepts. */
  readonly token: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly store: GenesysStore;
  /** Every SCIM request seen, in order (no headers, so no secret). */
  readonly requests: SandboxRequest[];
  /** How many tokens the token endpoint issued. */
  tokensIssued(): number;
  /** Makes every token the token endpoint issued invalid (a revoked or expired token). */
  revokeIssuedTokens(): void;
  /** Replaces the active fault switches. */
  setFaults(faults: SandboxFaults): void;
  close(): Promise<void>;
}

const roots = ['/api/v2/scim/v2', '/api/v2/scim'];

/** The sandbox's port is taken: most often by a sandbox started earlier and still running. */
export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(
      `port ${port} on 127.0.0.1 is already in use: a sandbox started earlier may still be running there (npm run sandbox and npm start keep theirs until Ctrl+C)`,
    );
  }
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const clientId = options.clientId ?? 'sandbox-client';
  const clientSecret = options.clientSecret ?? randomBytes(18).toString('base64url');
  const lifetime = options.tokenLifetimeSeconds ?? 3600;
  const issued = new Map<string, number>(); // token -> expiry (ms)
  let origin = '';
  const store = new GenesysStore(() => `${origin}${roots[0]}`);
  const requests: SandboxRequest[] = [];
  let faults: { -readonly [K in keyof SandboxFaults]: SandboxFaults[K] } = {};
  let tokensIssued = 0;

  const take = <K extends 'rateLimit' | 'serverError' | 'malformedBody' | 'dropConnection' | 'forbidden' | 'redirect' | 'oversizedBody'>(
    name: K,
  ): SandboxFaults[K] => {
    const fault = faults[name] as { times: number } | undefined;
    if (!fault || fault.times <= 0) return undefined;
    faults = { ...faults, [name]: { ...fault, times: fault.times - 1 } };
    return fault as SandboxFaults[K];
  };

  const authorized = (header: string | undefined): boolean => {
    const presented = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim();
    if (!presented) return false;
    if (safeEqual(presented, token)) return true;
    const expiry = issued.get(presented);
    return expiry !== undefined && expiry > Date.now();
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const fault = error instanceof ScimFault ? error : new ScimFault(500, undefined, (error as Error).message);
      send(res, fault.status, faultBody(fault));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const path = url.pathname.replace(/\/+$/, '').toLowerCase();
    const body = await readBody(req);
    if (path === '/oauth/token' && req.method === 'POST') return issueToken(req, res, body);

    const root = roots.find((candidate) => path === candidate || path.startsWith(`${candidate}/`));
    if (!root) return send(res, 404, errorBody(404, 'not.found', `No resource at ${url.pathname}.`));
    // Everything is decided on arrival (the faults taken, the store changed, the request logged) and
    // only the answer waits out the latency: a call its client gave up on used to wake up later and
    // take a fault switched on for the next test (a 403 meant for a lookup went to a stale PATCH).
    const latencyMs = faults.latencyMs;
    const reply = answer(req, url, root, path, body);
    if (latencyMs) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    reply(res);
  }

  type Reply = (res: ServerResponse) => void;

  /** The answer to a SCIM request, with every fault and store change already applied. */
  function answer(req: IncomingMessage, url: URL, root: string, path: string, body: string): Reply {
    const query = Object.fromEntries(url.searchParams);
    const record = (status: number) => requests.push({ method: req.method ?? 'GET', path: url.pathname, query, status });

    if (take('dropConnection')) {
      record(0);
      return () => req.socket.destroy();
    }
    const redirect = take('redirect');
    if (redirect) {
      record(302);
      return (res) => res.writeHead(302, { location: redirect.location }).end();
    }
    if (!authorized(req.headers.authorization)) {
      record(401);
      if (faults.plainText401) return (res) => res.writeHead(401, { 'content-type': 'text/plain' }).end('Unauthorized');
      return (res) => send(res, 401, errorBody(401, 'bad.credentials', 'Invalid login credentials.'));
    }
    const rateLimit = take('rateLimit');
    if (rateLimit) {
      record(429);
      return (res) =>
        send(
          res,
          429,
          errorBody(
            429,
            'too.many.requests.retry.after',
            `Rate limit exceeded the maximum. Retry the request in [${rateLimit.retryAfterSeconds}] seconds`,
          ),
          { 'retry-after': String(rateLimit.retryAfterSeconds) },
        );
    }
    const serverError = take('serverError');
    if (serverError) {
      const status = serverError.status ?? 503;
      record(status);
      return (res) => send(res, status, errorBody(status, 'service.unavailable', 'The service is temporarily unavailable.'));
    }
    if (take('forbidden')) {
      record(403);
      return (res) =>
        send(
          res,
          403,
          errorBody(
            403,
            'missing.any.permissions',
            'Unable to perform the requested action. You are missing the following permission(s): [directory:user:add, directory:user:edit]',
          ),
        );
    }
    if (take('malformedBody')) {
      record(200);
      return (res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Gateway maintenance</body></html>');
    }
    const oversized = take('oversizedBody');
    if (oversized) {
      record(200);
      return (res) => res.writeHead(200, { 'content-type': 'application/scim+json' }).end(`{"padding":"${'x'.repeat(oversized.bytes)}"}`);
    }

    const rest = path.slice(root.length).split('/').filter(Boolean);
    try {
      const [status, payload, headers] = route(req.method ?? 'GET', root, rest, url, body, req);
      record(status);
      return (res) => send(res, status, payload, headers);
    } catch (error) {
      const fault = error instanceof ScimFault ? error : new ScimFault(400, 'invalidSyntax', (error as Error).message);
      record(fault.status);
      return (res) => send(res, fault.status, faultBody(fault));
    }
  }

  type Answer = [number, Json | undefined, Record<string, string>?];

  function route(method: string, root: string, rest: string[], url: URL, body: string, req: IncomingMessage): Answer {
    const [collection, id, extra] = rest;
    if (extra !== undefined) throw new ScimFault(404, undefined, `No resource at ${url.pathname}.`);
    const ifMatch = header(req, 'if-match');
    const ifNoneMatch = header(req, 'if-none-match');
    const json = () => parseJson(body);
    const list = (): ListQuery => ({
      filter: url.searchParams.get('filter') ?? undefined,
      startIndex: intParam(url, 'startIndex'),
      count: intParam(url, 'count'),
    });
    const withAttributes = (doc: Json) => projectAttributes(doc, url);
    const resource = (stored: Stored, doc: Json, status = 200): Answer => {
      const etag = store.etag(stored);
      if (method === 'GET' && ifNoneMatch !== undefined && ifNoneMatch.replace(/^W\//, '') === etag) return [304, undefined, { etag }];
      return [status, withAttributes(doc), { etag }];
    };

    switch (collection) {
      case 'users':
        if (id === undefined) {
          if (method === 'GET') {
            const page = store.listUsers(list());
            return [200, { ...page, Resources: page.Resources.map(withAttributes) }];
          }
          if (method === 'POST') {
            const created = store.createUser(json());
            return resource(store.getUser(created.id), created, 201);
          }
          break;
        }
        if (method === 'GET') return resource(store.getUser(id), store.renderUser(id));
        if (method === 'PUT') return resource(store.getUser(id), store.replaceUser(id, json(), ifMatch));
        if (method === 'PATCH') return resource(store.getUser(id), store.patchUser(id, json(), ifMatch));
        if (method === 'DELETE') {
          store.deleteUser(id, ifMatch);
          return [204, undefined];
        }
        break;
      case 'groups':
        if (id === undefined) {
          if (method === 'GET') {
            // The filter is required on the current root (SDK 56.0.0 on), optional on the legacy one.
            if (root === roots[0] && !url.searchParams.has('filter'))
              throw new ScimFault(400, 'invalidFilter', 'The filter parameter is required, e.g. displayName eq "Sales".');
            const page = store.listGroups(list());
            return [200, { ...page, Resources: page.Resources.map(withAttributes) }];
          }
          if (method === 'POST')
            throw new ScimFault(
              405,
              undefined,
              'Genesys Cloud does not create groups through SCIM: create the group in Genesys Cloud with the same name as in Entra.',
            );
          break;
        }
        if (method === 'GET') return resource(store.getGroup(id), store.renderGroup(id));
        if (method === 'PUT') return resource(store.getGroup(id), store.replaceGroup(id, json(), ifMatch));
        if (method === 'PATCH') return resource(store.getGroup(id), store.patchGroup(id, json(), ifMatch));
        if (method === 'DELETE') throw new ScimFault(405, undefined, 'Genesys Cloud does not delete groups through SCIM.');
        break;
      case 'serviceproviderconfig':
        if (method === 'GET' && id === undefined) {
          const config = serviceProviderConfig(`${origin}${roots[0]}`);
          const etag = `"${config.meta.version}"`;
          if (ifNoneMatch === etag) return [304, undefined, { etag }];
          return [200, config, { etag }];
        }
        break;
      case 'resourcetypes':
        if (method === 'GET') return discoveryAnswer(resourceTypes(`${origin}${roots[0]}`), id);
        break;
      case 'schemas':
        if (method === 'GET') {
          if (url.searchParams.has('filter'))
            throw new ScimFault(403, undefined, 'Filtered results are invalid and return 403 Unauthorized.');
          return discoveryAnswer(schemaResources(`${origin}${roots[0]}`), id);
        }
        break;
      default:
        throw new ScimFault(404, undefined, `No resource at ${url.pathname}.`);
    }
    throw new ScimFault(405, undefined, `${method} is not supported on ${url.pathname}.`);
  }

  function issueToken(req: IncomingMessage, res: ServerResponse, body: string): void {
    const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const [id, secret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(/:(.*)/s) : [];
    if (new URLSearchParams(body).get('grant_type') !== 'client_credentials') {
      return send(
        res,
        400,
        { error: 'unsupported_grant_type', description: 'Only client_credentials is supported here.' },
        {},
        'application/json',
      );
    }
    if (id !== clientId || secret === undefined || !safeEqual(secret, clientSecret)) {
      return send(res, 401, { error: 'invalid_client', description: 'client not found or secret does not match' }, {}, 'application/json');
    }
    const accessToken = randomBytes(24).toString('base64url');
    issued.set(accessToken, Date.now() + lifetime * 1000);
    tokensIssued++;
    send(res, 200, { access_token: accessToken, token_type: 'bearer', expires_in: lifetime }, {}, 'application/json');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(options.port ?? 0) : error),
    );
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (options.seed ?? true) seed(store);

  return {
    url: `${origin}${roots[0]}`,
    tokenUrl: `${origin}/oauth/token`,
    token,
    clientId,
    clientSecret,
    store,
    requests,
    tokensIssued: () => tokensIssued,
    revokeIssuedTokens: () => issued.clear(),
    setFaults(next) {
      faults = { ...next };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function discoveryAnswer(list: Json[], id: string | undefined): [number, Json] {
  if (id === undefined)
    return [200, { schemas: [urns.list], totalResults: list.length, startIndex: 1, itemsPerPage: list.length, Resources: list }];
  const found = list.find((item) => String(item.id).toLowerCase() === decodeURIComponent(id).toLowerCase());
  if (!found) throw new ScimFault(404, undefined, `No ${id}.`);
  return [200, found];
}

/** `attributes` / `excludedAttributes`, as a comma list or repeated; id, userName, active and meta are always returned. */
function projectAttributes(doc: Json, url: URL): Json {
  const names = (param: string) =>
    url.searchParams
      .getAll(param)
      .flatMap((value) => value.split(','))
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean);
  const include = names('attributes');
  const exclude = names('excludedAttributes');
  if (include.length === 0 && exclude.length === 0) return doc;
  const always = new Set(['id', 'username', 'active', 'meta', 'schemas']);
  const short = (name: string) => name.replace(/^urn:ietf:params:scim:schemas:core:2\.0:(user|group):/, '');
  const entries = Object.entries(doc).filter(([key]) => {
    const lower = key.toLowerCase();
    if (always.has(lower)) return true;
    if (include.length > 0)
      return include.some(
        (name) => short(name) === lower || short(name).startsWith(`${lower}.`) || name.startsWith(`${lower}:`) || name === lower,
      );
    return !exclude.some((name) => short(name) === lower || name === lower);
  });
  return Object.fromEntries(entries);
}

function seed(store: GenesysStore): void {
  const ada = store.createUser({
    userName: 'ada.lovelace@example.com',
    displayName: 'Ada Lovelace',
    title: 'Analyst',
    emails: [{ value: 'ada@example.com', type: 'work' }],
    [urns.enterprise]: { department: 'Sales' },
  });
  store.createUser({ userName: 'alan.turing@example.com', displayName: 'Alan Turing', title: 'Engineer' });
  store.createUser({ userName: 'grace.hopper@example.com', displayName: 'Grace Hopper', active: false });
  const sales = store.seedGroup('Sales');
  store.seedGroup('Support');
  store.patchGroup(sales.id, { Operations: [{ op: 'Add', path: 'members', value: [{ value: ada.id }] }] }, undefined);
}

function send(
  res: ServerResponse,
  status: number,
  payload: Json | undefined,
  headers: Record<string, string> = {},
  contentType = 'application/scim+json',
): void {
  if (res.headersSent) return;
  if (payload === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  res.writeHead(status, { 'content-type': contentType, ...headers }).end(JSON.stringify(payload));
}

/** Genesys' generic ErrorBody, which its API answers with for most error statuses (the Platform API's OpenAPI spec declares it for every SCIM error status but 409). */
function errorBody(status: number, code: string, message: string): Json {
  return { message, code, status, contextId: randomBytes(8).toString('hex'), details: [], errors: [] };
}

/** The ErrorBody `code` per status, in the dotted form of Genesys' documented codes (the SCIM routes' own codes are not published). */
const errorCodes: Record<number, string> = {
  400: 'bad.request',
  403: 'forbidden',
  404: 'not.found',
  405: 'method.not.allowed',
  413: 'request.too.large',
  500: 'internal.server.error',
};

/**
 * The body of a refused SCIM call, as the Platform API reference documents per status (docs/sandbox.md):
 * 409 is declared as ScimError; every other status as ErrorBody; a 400 carries ErrorBody's fields and
 * ScimError's scimType and detail too, because the ScimError model documents scimType "when httpStatus
 * is a 400" and the If-Match parameter text a 400 with scimType invalidVers.
 */
function faultBody(fault: ScimFault): Json {
  if (fault.status === 409)
    return { schemas: [urns.error], status: '409', ...(fault.scimType ? { scimType: fault.scimType } : {}), detail: fault.message };
  const body = errorBody(fault.status, errorCodes[fault.status] ?? 'bad.request', fault.message);
  if (fault.status !== 400) return body;
  return { ...body, schemas: [urns.error], ...(fault.scimType ? { scimType: fault.scimType } : {}), detail: fault.message };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function intParam(url: URL, name: string): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null) return undefined;
  if (!/^-?\d+$/.test(raw)) throw new ScimFault(400, 'invalidValue', `${name} must be an integer.`);
  return Number(raw);
}

function parseJson(body: string): Json {
  try {
    return JSON.parse(body) as Json;
  } catch {
    throw new ScimFault(400, 'invalidSyntax', 'The body is not valid JSON.');
  }
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const maxBody = 512_000; // Genesys' request.bytes.max

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBody) chunks.push(chunk);
    });
    req.on('end', () =>
      size > maxBody ? reject(new ScimFault(413, undefined, 'Request body too large.')) : resolve(Buffer.concat(chunks).toString('utf8')),
    );
    req.on('error', reject);
  });
}
