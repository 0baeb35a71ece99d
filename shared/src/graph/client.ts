// A Microsoft Graph client (v1.0) on the same HTTP path as the SCIM client: undici, timeouts, retries,
// Retry-After, redaction. Each call names the permission it needs, so a 403 says which one is missing,
// and what a 404 means there, so every error says what to do.
import { bearer } from '../scim/client';
import { checkUrl } from '../scim/endpoint';
import { bodyExcerpt, redact, ScimError } from '../scim/errors';
import { HttpTransport, retryAfterSeconds, type CallAdvice, type HttpOptions, type HttpResponse } from '../scim/http';
import { OAuthClientCredentials, type TokenSource } from '../scim/tokens';
import cloudData from './clouds.json';
import { JsonTooDeepError, parsePeerJson } from '../scim/json';

export interface GraphCloud {
  readonly key: string;
  readonly name: string;
  /** Graph's root, e.g. https://graph.microsoft.com. */
  readonly graph: string;
  /** The Microsoft Entra sign-in authority, e.g. https://login.microsoftonline.com. */
  readonly login: string;
}

export const clouds: readonly GraphCloud[] = cloudData.clouds;

export const defaultGraphUrl = clouds[0].graph;

/** The cloud whose Graph root is `graphUrl` (national clouds differ), or undefined for another host (a test server). */
export function cloudOf(graphUrl: string): GraphCloud | undefined {
  const origin = new URL(graphUrl).origin;
  return clouds.find((cloud) => cloud.graph === origin);
}

/**
 * The advice of Graph calls, naming where the user sets Graph's address (`graphUrl`) and the
 * sign-in's (`signIn`): the command line's options, or VS Code's settings.
 */
export function graphAdvice(where: { readonly graphUrl: string; readonly signIn: string }): CallAdvice {
  return { url: `${where.graphUrl} (${defaultGraphUrl} or a national cloud's Graph)`, tokenUrl: where.signIn };
}

/** The advice of the CLI's Graph commands: their options. */
export const graphCommandLineAdvice = graphAdvice({ graphUrl: '--graph-url', signIn: '--login-url and --tenant' });

/** The client-credentials token source of an app registration, for the Graph of `graphUrl`. */
export function graphClientCredentials(options: {
  loginUrl: string;
  tenant: string;
  clientId: string;
  clientSecret: string;
  graphUrl: string;
  http: HttpTransport;
}): OAuthClientCredentials {
  const tokenUrl = `${options.loginUrl.replace(/\/+$/, '')}/${encodeURIComponent(options.tenant)}/oauth2/v2.0/token`;
  return new OAuthClientCredentials({
    tokenUrl,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    http: options.http,
    scope: `${new URL(options.graphUrl).origin}/.default`,
    credentialsInBody: true,
    advice: {
      empty:
        'The client id or secret of the app registration is empty. Copy the Application (client) ID and a client secret from Microsoft Entra admin center > App registrations > your app > Certificates & secrets.',
      refused:
        'Check the tenant (its ID or a verified domain), the Application (client) ID, and that the secret has not expired (App registrations > your app > Certificates & secrets). docs/tenant.md says how to set it up.',
    },
  });
}

export interface GraphCall {
  readonly method: 'GET' | 'POST' | 'PUT';
  /** Relative to the version root (`/servicePrincipals`), or an absolute @odata.nextLink. */
  readonly path: string;
  readonly query?: Record<string, string>;
  readonly body?: string;
  readonly headers?: Record<string, string>;
  readonly signal?: AbortSignal;
  /** The least permission this call needs, named in a 403's message. */
  readonly permission: string;
  /** What a 404 means for this call and what to do. */
  readonly notFound: string;
}

export interface GraphClientOptions extends Omit<HttpOptions, 'secrets'> {
  /** Graph's root; default https://graph.microsoft.com. */
  readonly graphUrl?: string;
  readonly tokens: TokenSource;
  /** A transport shared with the token source; else one is made from the options. */
  readonly http?: HttpTransport;
}

/** Pages followed at most, so a service that keeps answering with a nextLink cannot loop forever. */
const maxPages = 200;

export class GraphClient {
  /** The version root, e.g. https://graph.microsoft.com/v1.0. */
  readonly root: URL;
  readonly http: HttpTransport;
  private readonly tokens: TokenSource;

  constructor(options: GraphClientOptions) {
    const graph = checkUrl((options.graphUrl ?? defaultGraphUrl).trim(), 'Graph URL');
    this.root = new URL(`${graph.origin}/v1.0`);
    this.tokens = options.tokens;
    this.http = options.http ?? new HttpTransport({ advice: graphCommandLineAdvice, ...options, secrets: () => this.secrets() });
  }

  secrets(): string[] {
    return this.tokens.secrets();
  }

  url(path: string, query?: Record<string, string>): URL {
    const url = /^https?:/.test(path) ? new URL(path) : new URL(`${this.root.href}${path.startsWith('/') ? path : `/${path}`}`);
    // A link Graph sent back must stay on Graph: the token is never sent to another origin.
    if (url.origin !== this.root.origin)
      throw new ScimError('redirect', `Graph answered with a link to ${url.origin}; it was not followed, so the token was not sent there.`);
    for (const [name, value] of Object.entries(query ?? {})) url.searchParams.set(name, value);
    return url;
  }

  /** Sends a call; the response whatever its status (after retries and one token refresh after a 401). */
  async send(call: GraphCall): Promise<HttpResponse> {
    const url = this.url(call.path, call.query);
    const attempt = async () =>
      this.http.send({
        method: call.method,
        url,
        headers: {
          accept: 'application/json',
          ...(call.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...call.headers,
          authorization: bearer(await this.tokens.token(call.signal)),
        },
        body: call.body,
        signal: call.signal,
      });
    const response = await attempt();
    if (response.status === 401 && this.tokens.invalidate()) return attempt();
    return response;
  }

  /** The body text of a 2xx answer; a ScimError saying what to do otherwise. */
  async text(call: GraphCall): Promise<string> {
    const response = await this.send(call);
    if (response.status < 200 || response.status > 299) throw graphError(response, call, this.secrets());
    return response.text;
  }

  /** The JSON body of a 2xx answer. */
  async json(call: GraphCall): Promise<unknown> {
    const text = await this.text(call);
    if (text.trim() === '') return undefined;
    try {
      return parsePeerJson(text);
    } catch (error) {
      throw new ScimError(
        'notScim',
        `${this.root.host} answered with a body that is not JSON${error instanceof JsonTooDeepError ? ` (${error.message})` : ''} ("${bodyExcerpt(text, this.secrets(), 80)}"). Check ${this.http.advice.url}.`,
      );
    }
  }

  /** Every item of a collection, following @odata.nextLink. */
  async list<Item>(call: GraphCall): Promise<Item[]> {
    const items: Item[] = [];
    let next: GraphCall | undefined = call;
    for (let page = 0; next; page++) {
      if (page >= maxPages)
        throw new ScimError('server', `Graph kept answering ${call.path} with more pages (over ${maxPages}); narrow the search.`);
      const body = (await this.json(next)) as { value?: unknown; '@odata.nextLink'?: unknown } | undefined;
      if (!body || !Array.isArray(body.value))
        throw new ScimError('notScim', `Graph answered ${call.path} without a "value" list. Check ${this.http.advice.url}.`);
      items.push(...(body.value as Item[]));
      const link = body['@odata.nextLink'];
      next = typeof link === 'string' ? { ...call, path: link, query: undefined } : undefined;
    }
    return items;
  }

  async close(): Promise<void> {
    await this.http.close();
  }
}

/** Graph's error body: `{"error": {"code", "message", "innerError": {"request-id", "date"}}}`. */
export interface GraphErrorBody {
  readonly code?: string;
  readonly message?: string;
  readonly requestId?: string;
}

export function graphErrorBody(text: string): GraphErrorBody {
  try {
    const error = (parsePeerJson(text) as { error?: { code?: unknown; message?: unknown; innerError?: Record<string, unknown> } }).error;
    if (!error || typeof error !== 'object') return {};
    const requestId = error.innerError?.['request-id'];
    return {
      code: typeof error.code === 'string' ? error.code : undefined,
      message: typeof error.message === 'string' ? error.message : undefined,
      requestId: typeof requestId === 'string' ? requestId : undefined,
    };
  } catch {
    return {};
  }
}

/** What to do about an error status of a Graph call. */
export function graphError(response: HttpResponse, call: GraphCall, secrets: readonly string[]): ScimError {
  const { status } = response;
  const body = graphErrorBody(response.text);
  const detail =
    body.code || body.message
      ? ` Graph said: ${withoutEndingPeriod([body.code, body.message && bodyExcerpt(body.message, secrets)].filter(Boolean).join(': '))}.`
      : response.text.trim()
        ? ` Graph said: "${bodyExcerpt(response.text, secrets)}".`
        : '';
  const ids = requestIds(response, body, secrets);
  const request = ids ? ` (${ids})` : '';
  if (status === 401) {
    const challenge = response.headers['www-authenticate'];
    const said = challenge ? ` WWW-Authenticate: ${redact(challenge, secrets)}.` : '';
    return new ScimError(
      'unauthorized',
      `401 Unauthorized: Graph refused the token (expired, revoked, or issued for another resource).${detail}${said} Sign in again, or get a fresh Graph token (az account get-access-token --resource-type ms-graph); a token from the client-credentials flow must be for ${new URL(response.url).origin}/.default.`,
      status,
    );
  }
  if (status === 403) {
    return new ScimError(
      'forbidden',
      `403 ${body.code ?? 'Forbidden'}: the token is valid but may not do this: it needs ${call.permission}.${detail} For an app registration, add that Microsoft Graph permission and grant admin consent (API permissions); for a signed-in admin, also a role that allows it (Application Administrator or Cloud Application Administrator). docs/tenant.md lists what each command needs.${request}`,
      status,
    );
  }
  if (status === 404) return new ScimError('notFound', `404 Not Found: ${call.notFound}${detail}${request}`, status);
  if (status === 429) {
    const seconds = retryAfterSeconds(response.headers['retry-after']);
    return new ScimError(
      'rateLimited',
      `429 Too Many Requests: Graph is throttling this client${seconds !== undefined ? ` and asked to wait ${seconds} s` : ''}.${detail} Wait and try again.`,
      status,
    );
  }
  if (status >= 500)
    return new ScimError(
      'server',
      `${status}: Microsoft Graph failed on its side, even after retries.${detail} Try again later; if it persists, report it to Microsoft${ids ? ` with ${ids}` : ''}.`,
      status,
    );
  return new ScimError('badRequest', `${status}: Graph rejected the request.${detail}${request}`, status);
}

/** Graph's message ends in a period of its own; the sentence around it adds one. */
function withoutEndingPeriod(text: string): string {
  return text.replace(/[.\s]+$/, '');
}

/** The ids Microsoft support asks for: Graph's request-id (its body's, else its header) and the client-request-id header. */
function requestIds(response: HttpResponse, body: GraphErrorBody, secrets: readonly string[]): string | undefined {
  const ids = Object.entries({
    'request-id': body.requestId ?? response.headers['request-id'],
    'client-request-id': response.headers['client-request-id'],
  }).flatMap(([name, id]) => (id ? [`${name} ${bodyExcerpt(id, secrets, 80)}`] : []));
  return ids.length > 0 ? ids.join(', ') : undefined;
}
