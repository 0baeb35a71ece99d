// Where a connection's bearer token comes from: a pasted access token (Entra's "Secret Token") or a
// Genesys OAuth client (client credentials grant), cached until it expires and then fetched again.
import { headerUnsafeCharacter } from './client';
import { JsonTooDeepError, parsePeerJson } from './json';
import { bodyExcerpt, ScimError, serverDetail } from './errors';
import type { HttpTransport, TimeBudget } from './http';

export interface TokenSource {
  /** A token to send now (fetched within the run's time budget when it must be fetched). */
  token(signal?: AbortSignal, budget?: TimeBudget): Promise<string>;
  /** The last token was refused (401): the next call to token() fetches a new one if it can. Returns whether it can. */
  invalidate(): boolean;
  /** Every secret this source holds, for redaction. */
  secrets(): string[];
}

export class StaticToken implements TokenSource {
  constructor(private readonly value: string) {
    if (value.trim() === '')
      throw new ScimError('unauthorized', 'The access token is empty. Paste the token Genesys Cloud issued for SCIM.');
  }
  async token(): Promise<string> {
    return this.value.trim();
  }
  invalidate(): boolean {
    return false;
  }
  secrets(): string[] {
    return [this.value.trim()];
  }
}

export interface OAuthClientOptions {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly http: HttpTransport;
  /** Sent as `scope` (the Microsoft identity platform wants `https://graph.microsoft.com/.default`). */
  readonly scope?: string;
  /** client_id and client_secret in the form body (the Microsoft identity platform's documented form) instead of HTTP Basic. */
  readonly credentialsInBody?: boolean;
  /** What to check when the client is empty or refused; default: the Genesys Cloud advice. */
  readonly advice?: { readonly empty: string; readonly refused: string };
  /** The clock, in milliseconds; tests move it. */
  readonly now?: () => number;
}

/** A token is renewed this long before it expires (or at 90 % of its life when that is shorter). */
const renewMarginMs = 60_000;

export class OAuthClientCredentials implements TokenSource {
  private cached: { value: string; renewAt: number } | undefined;
  private pending: Promise<string> | undefined;
  private readonly now: () => number;
  /** How many tokens were fetched (shown in the log; tests check caching with it). */
  fetches = 0;

  constructor(private readonly options: OAuthClientOptions) {
    this.now = options.now ?? Date.now;
    if (options.clientId.trim() === '' || options.clientSecret === '') {
      throw new ScimError(
        'oauth',
        options.advice?.empty ??
          'The OAuth client id or secret is empty. Copy both from Genesys Cloud Admin > Integrations > OAuth (grant type: Client Credentials).',
      );
    }
  }

  async token(signal?: AbortSignal, budget?: TimeBudget): Promise<string> {
    if (this.cached && this.now() < this.cached.renewAt) return this.cached.value;
    this.pending ??= this.fetchToken(signal, budget).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  invalidate(): boolean {
    this.cached = undefined;
    return true;
  }

  secrets(): string[] {
    return [this.options.clientSecret, this.basicCredentials(), ...(this.cached ? [this.cached.value] : [])];
  }

  /** The client id and secret as HTTP Basic credentials (base64), what the token endpoint receives. */
  private basicCredentials(): string {
    return Buffer.from(`${this.options.clientId}:${this.options.clientSecret}`).toString('base64');
  }

  private async fetchToken(signal?: AbortSignal, budget?: TimeBudget): Promise<string> {
    const { tokenUrl, http, scope, credentialsInBody } = this.options;
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (scope !== undefined) form.set('scope', scope);
    if (credentialsInBody) {
      form.set('client_id', this.options.clientId);
      form.set('client_secret', this.options.clientSecret);
    }
    const response = await http.send({
      method: 'POST',
      url: tokenUrl,
      headers: {
        ...(credentialsInBody ? {} : { authorization: `Basic ${this.basicCredentials()}` }),
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: form.toString(),
      signal,
      budget,
      tokenRequest: true,
    });
    const tokenUrlAdvice = `Check ${http.advice.tokenUrl}`;
    const secrets = this.secrets();
    if (response.status === 400 || response.status === 401 || response.status === 403) {
      const detail = serverDetail(response.text, secrets);
      throw new ScimError(
        'oauth',
        `The token endpoint refused the OAuth client (${response.status}${detail ? `: ${detail}` : ''}). ${this.options.advice?.refused ?? "Check the client id and secret, that the client's grant type is Client Credentials, and that the region matches the organization."}`,
        response.status,
      );
    }
    if (response.status !== 200) {
      throw new ScimError(
        'oauth',
        `The token endpoint ${new URL(tokenUrl).host} answered ${response.status}${response.text ? ` (${bodyExcerpt(response.text, secrets)})` : ''}. ${tokenUrlAdvice}; try again later.`,
        response.status,
      );
    }
    let parsed: { access_token?: unknown; expires_in?: unknown };
    try {
      parsed = parsePeerJson(response.text) as typeof parsed;
    } catch (error) {
      const what = error instanceof JsonTooDeepError ? `with JSON that nests deeper than ${error.depth} levels` : 'but not with JSON';
      throw new ScimError('oauth', `The token endpoint answered 200 ${what}. ${tokenUrlAdvice}.`);
    }
    if (typeof parsed.access_token !== 'string' || parsed.access_token === '') {
      throw new ScimError('oauth', `The token endpoint answered without an access_token. ${tokenUrlAdvice}.`);
    }
    // A token the endpoint issued is its fault, not a paste's: said so here, before bearer() would blame a paste.
    const unsafe = headerUnsafeCharacter(parsed.access_token);
    if (unsafe) {
      throw new ScimError(
        'token',
        `The token endpoint ${new URL(tokenUrl).host} issued an access token that contains ${unsafe.what} (at character ${unsafe.at}), which an HTTP header cannot carry, so it was not used and nothing was sent with it. ${tokenUrlAdvice}.`,
      );
    }
    const lifetimeMs = typeof parsed.expires_in === 'number' && parsed.expires_in > 0 ? parsed.expires_in * 1000 : 0;
    this.fetches++;
    this.cached = { value: parsed.access_token, renewAt: this.now() + Math.max(0, Math.min(lifetimeMs - renewMarginMs, lifetimeMs * 0.9)) };
    return parsed.access_token;
  }
}
