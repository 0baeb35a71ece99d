// A SCIM 2.0 client for one tenant URL: bearer auth from a TokenSource (one fresh token after a 401
// when the source can get one), SCIM media types, errors as ScimError with what to do.
import { checkScimRoot, isGenesysEndpoint } from './endpoint';
import { bodyExcerpt, headerSecrets, redact, ScimError, scimErrorInBody, serverDetail, statusError } from './errors';
import { HttpTransport, retryAfterSeconds, type HttpOptions, type HttpResponse, type TimeBudget } from './http';
import { JsonTooDeepError, parsePeerJson } from './json';
import type { TokenSource } from './tokens';

export const scimMediaType = 'application/scim+json';

export interface ScimCall {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Relative to the root: `/Users`, `/Users/{id}`. */
  readonly path: string;
  readonly query?: Record<string, string>;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly signal?: AbortSignal;
  /** A time budget shared with the run's other calls (Test Connection). */
  readonly budget?: TimeBudget;
}

export interface ScimClientOptions extends Omit<HttpOptions, 'secrets'> {
  /** The tenant URL (the SCIM root). */
  readonly root: string;
  readonly tokens: TokenSource;
  /** An existing transport to share (the OAuth client uses the same one); else one is made from the options. */
  readonly http?: HttpTransport;
}

export class ScimClient {
  readonly root: URL;
  /** Remarks about the tenant URL (a likely wrong root, a dropped query). */
  readonly notes: string[];
  readonly http: HttpTransport;
  private readonly tokens: TokenSource;
  /** Values of the calls' own headers that may carry a secret (an API key, a cookie): redacted like the token. */
  private readonly callHeaderSecrets = new Set<string>();

  constructor(options: ScimClientOptions) {
    const { root, notes } = checkScimRoot(options.root);
    this.root = root;
    this.notes = notes;
    this.tokens = options.tokens;
    this.http = options.http ?? new HttpTransport({ ...options, secrets: () => this.secrets() });
  }

  secrets(): string[] {
    return [...this.tokens.secrets(), ...this.callHeaderSecrets];
  }

  url(path: string, query?: Record<string, string>): URL {
    const url = new URL(this.root.href);
    // A root at the host's top keeps the pathname "/" (a URL cannot have less): joined as is, it sent //Users.
    url.pathname = `${this.root.pathname.replace(/\/$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
    for (const [name, value] of Object.entries(query ?? {})) url.searchParams.append(name, value);
    return url;
  }

  /** The request line as logged: method and URL (the token is in a header and never shown). */
  requestLine(call: Pick<ScimCall, 'method' | 'path' | 'query'>): string {
    return `${call.method} ${this.url(call.path, call.query).href}`;
  }

  /** The URL that answered (after a followed redirect), redacted: a redirect's Location may carry the token. */
  answeredUrl(response: HttpResponse): string {
    return redact(response.url.href, this.secrets());
  }

  /** Sends a call; returns the response whatever its status (after retries and one token refresh). */
  async send(call: ScimCall): Promise<HttpResponse> {
    const url = this.url(call.path, call.query);
    for (const secret of headerSecrets(call.headers)) this.callHeaderSecrets.add(secret);
    const attempt = async () =>
      this.http.send({
        method: call.method,
        url,
        headers: {
          accept: `${scimMediaType}, application/json;q=0.9`,
          ...(call.body !== undefined ? { 'content-type': scimMediaType } : {}),
          ...call.headers,
          authorization: bearer(await this.tokens.token(call.signal, call.budget)),
        },
        body: call.body !== undefined ? JSON.stringify(call.body) : undefined,
        signal: call.signal,
        budget: call.budget,
      });
    const response = await attempt();
    if (response.status === 401 && this.tokens.invalidate()) return attempt();
    return response;
  }

  /** Sends a call and returns its JSON body; any status other than 2xx, or a body that is not JSON, throws a ScimError. */
  async json(call: ScimCall): Promise<{ response: HttpResponse; body: unknown }> {
    const response = await this.send(call);
    return { response, body: this.parse(response) };
  }

  /** The ScimError for a response with an error status. */
  error(response: HttpResponse): ScimError {
    return statusError(
      response.status,
      serverDetail(response.text, this.secrets()),
      retryAfterSeconds(response.headers['retry-after']),
      isGenesysEndpoint(response.url),
    );
  }

  /** The JSON body of a 2xx response; a ScimError otherwise, and for a SCIM Error message sent with a 2xx status. */
  parse(response: HttpResponse): unknown {
    if (response.status < 200 || response.status > 299) throw this.error(response);
    if (response.status === 204 || response.text.trim() === '') return undefined;
    let body: unknown;
    try {
      body = parsePeerJson(response.text);
    } catch (error) {
      const type = response.headers['content-type'] ?? 'no content type';
      if (error instanceof JsonTooDeepError) {
        throw new ScimError(
          'notScim',
          `${response.url.host} answered ${response.status} with JSON that nests deeper than ${error.depth} levels; it was not read. A SCIM document nests a few levels: check the tenant URL.`,
          response.status,
        );
      }
      throw new ScimError(
        'notScim',
        `${response.url.host} answered ${response.status} with a body that is not JSON (${type}: "${bodyExcerpt(response.text, this.secrets(), 80)}"). It is probably not a SCIM endpoint: check the tenant URL${isGenesysEndpoint(response.url) ? ' (Genesys Cloud: https://api.<region domain>/api/v2/scim/v2)' : ''}.`,
        response.status,
      );
    }
    const failure = scimErrorInBody(body, this.secrets());
    if (failure)
      throw new ScimError(
        'notScim',
        `${response.url.host} answered ${response.status}, but with ${failure.error}, not the document asked for.${failure.said}`,
        response.status,
      );
    return body;
  }

  async close(): Promise<void> {
    await this.http.close();
  }
}

/** The first character of a token that no HTTP header can carry (RFC 9110 §5.5 field values): its place, 1-based, and what it is. */
export function headerUnsafeCharacter(
  token: string,
): { readonly at: number; readonly lineBreak: boolean; readonly what: string } | undefined {
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    if (code === 0x0d || code === 0x0a) return { at: i + 1, lineBreak: true, what: 'a line break' };
    if ((code < 0x20 && code !== 0x09) || code === 0x7f || code > 0xff)
      return { at: i + 1, lineBreak: false, what: `the character U+${code.toString(16).toUpperCase().padStart(4, '0')}` };
  }
  return undefined;
}

/**
 * The Authorization header for a token. A token no HTTP header can carry (a line break, a control
 * character, a character outside Latin-1) is refused before anything is sent: undici's failure
 * looked like a dropped connection and was retried four times.
 */
export function bearer(token: string): string {
  const unsafe = headerUnsafeCharacter(token);
  if (unsafe) {
    throw new ScimError(
      'token',
      `The token contains ${unsafe.what} (at character ${unsafe.at}), which an HTTP header cannot carry: ${unsafe.lineBreak ? 'copy it again without it (a trailing newline from a file or a paste is the usual cause)' : 'tokens are plain ASCII; copy it again from its source'}. Nothing was sent.`,
    );
  }
  return `Bearer ${token}`;
}
