// Every failure of a SCIM or OAuth call becomes one ScimError whose message says what happened and
// what to do about it. Messages never carry a secret: text taken from a response is redacted first.
import { parsePeerJson } from './json';

export type ScimErrorKind =
  | 'url' // the URL breaks a rule (not https, credentials in it, not a URL at all); nothing was sent
  | 'dns'
  | 'tls'
  | 'timeout'
  | 'connection' // refused, reset or dropped
  | 'cancelled'
  | 'redirect' // a redirect to another origin: refused, the token stays here
  | 'tooLarge'
  | 'unauthorized' // 401
  | 'forbidden' // 403
  | 'notFound' // 404
  | 'rateLimited' // 429
  | 'server' // 5xx
  | 'badRequest' // other 4xx
  | 'notScim' // a body that is not SCIM JSON
  | 'protocol' // an answer that breaks HTTP itself (headers over undici's limit, a malformed response); not retried
  | 'oauth' // the token endpoint refused the client
  | 'token'; // the token cannot go in an HTTP header (a line break, a character outside Latin-1); nothing was sent

export class ScimError extends Error {
  override readonly name = 'ScimError';
  constructor(
    readonly kind: ScimErrorKind,
    message: string,
    readonly status?: number,
    /** The request the message already names ("GET /scim/v2/Users"), so that a caller does not name it again. */
    readonly request?: string,
  ) {
    super(message);
  }
}

const redacted = '****';

/**
 * Replaces every secret in text, in each form it travels or is quoted in, in any letter case (a peer
 * may quote a token upper-cased; a case-folded base64 form only ever hides more); secrets shorter
 * than 4 characters are left alone.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    for (const form of secretForms(secret))
      result = result.replace(new RegExp(form.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&'), 'gi'), redacted);
  }
  return result;
}

/**
 * A secret as a peer may quote it: plain; percent-encoded as in a URL (`?token=a%2Bb`) or as in a
 * form body (URLSearchParams, as token requests send a client secret: `~` is `%7E`, a space `+`),
 * with upper- or lower-case escapes; and base64-encoded (standard, unpadded and URL-safe). Longest
 * first, so no form leaves a piece of a longer one behind.
 */
function secretForms(secret: string): string[] {
  const encoded = [encodeURIComponent(secret), encodeURI(secret), new URLSearchParams({ s: secret }).toString().slice(2)];
  const base64 = Buffer.from(secret).toString('base64');
  const forms = new Set([
    secret,
    ...encoded,
    ...encoded.map((form) => form.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase())),
    base64,
    base64.replace(/=+$/, ''),
    Buffer.from(secret).toString('base64url'),
  ]);
  return [...forms].sort((a, b) => b.length - a.length);
}

/** Credentials after an Authorization scheme (`Bearer eyJ…`, `Basic dXNl…`) in a peer's text, whose secrets scimmap cannot know. */
export function redactCredentials(text: string): string {
  return text.replace(/\b(Bearer|Basic)(\s+)[A-Za-z0-9\-._~+/]+=*/gi, `$1$2${redacted}`);
}

/** Request headers whose values are never secret; every other header's value is treated as one. */
const plainHeaders = new Set(['accept', 'content-type', 'content-length', 'user-agent', 'if-match', 'if-none-match', 'consistencylevel']);

/**
 * The secret parts of request headers, for redaction: the value of every header that is not a plain
 * one (a custom API-key header, a cookie, an Authorization header whatever its scheme), its
 * credentials after the scheme (`Basic <credentials>`), and each cookie's value.
 */
export function headerSecrets(headers: Readonly<Record<string, string>> | undefined): string[] {
  return Object.entries(headers ?? {}).flatMap(([name, value]) => {
    if (plainHeaders.has(name.toLowerCase())) return [];
    const credentials = /^\S+\s+(\S.*)$/.exec(value)?.[1];
    const cookies = name.toLowerCase() === 'cookie' ? value.split(';').map((pair) => pair.slice(pair.indexOf('=') + 1).trim()) : [];
    return [value, ...(credentials ? [credentials] : []), ...cookies];
  });
}

/** The first line-ish part of a response body, for an error message: short, single-line, redacted. */
export function bodyExcerpt(text: string, secrets: readonly string[], max = 200): string {
  const flat = redact(text, secrets).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/**
 * The `detail` of a SCIM error body, the `message` of a Genesys ErrorBody, the text of an HTML error
 * page (a proxy's or a gateway's), or a short excerpt of plain text.
 */
export function serverDetail(body: string, secrets: readonly string[]): string | undefined {
  if (body.trim() === '') return undefined;
  const page = htmlPageText(body);
  if (page !== undefined) return page === '' ? 'an HTML page without text' : `${bodyExcerpt(page, secrets)} (an HTML page)`;
  try {
    const parsed = parsePeerJson(body);
    if (parsed && typeof parsed === 'object') {
      const record = parsed as Record<string, unknown>;
      for (const key of ['detail', 'message', 'error_description', 'error']) {
        if (typeof record[key] === 'string' && record[key] !== '') return bodyExcerpt(record[key] as string, secrets);
      }
    }
  } catch {
    // not JSON: a plain-text body (some servers answer 401 that way)
  }
  return bodyExcerpt(body, secrets);
}

const htmlEntities: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * The text of an HTML page, without its markup, scripts and styles; undefined when the body is no
 * HTML page. Quoted raw, a gateway's error page filled the message's 200 characters with markup.
 */
function htmlPageText(body: string): string | undefined {
  if (!/^\s*<(?:!doctype\s+html|html|head|body|title)\b/i.test(body)) return undefined;
  return body
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->|<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
      const code = name[0] !== '#' ? undefined : name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      if (code !== undefined) return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
      return htmlEntities[name.toLowerCase()] ?? entity;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/** The server's own words (serverDetail) as a sentence to append to a message; empty without any. */
export function serverSaid(detail: string | undefined): string {
  return detail ? ` The server said: "${detail.replace(/[.\s]+$/, '')}".` : '';
}

/** The schema URN of a SCIM Error message (RFC 7644 §3.12). */
export const scimErrorSchema = 'urn:ietf:params:scim:api:messages:2.0:Error';

/**
 * What a SCIM Error message in a success answer says: `a SCIM Error (status 403, scimType x)` and the
 * server's words as a sentence; undefined when the body is no Error message. Some servers answer a
 * failure with 200 and an Error body; read as the document asked for, it was "not a list of schemas"
 * and the cause was lost.
 */
export function scimErrorInBody(body: unknown, secrets: readonly string[]): { readonly error: string; readonly said: string } | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const { schemas, status, scimType, detail } = body as Record<string, unknown>;
  if (
    !Array.isArray(schemas) ||
    !schemas.some((schema) => typeof schema === 'string' && schema.toLowerCase() === scimErrorSchema.toLowerCase())
  )
    return undefined;
  const facts = [
    ...(typeof status === 'string' || typeof status === 'number' ? [`status ${bodyExcerpt(String(status), secrets, 20)}`] : []),
    ...(typeof scimType === 'string' && scimType !== '' ? [`scimType ${bodyExcerpt(scimType, secrets, 40)}`] : []),
  ];
  return {
    error: `a SCIM Error${facts.length > 0 ? ` (${facts.join(', ')})` : ''}`,
    said: typeof detail === 'string' && detail.trim() !== '' ? serverSaid(bodyExcerpt(detail, secrets)) : '',
  };
}

/** The `scimType` of a SCIM error body (RFC 7644 §3.12), if it has one. */
export function scimTypeOf(text: string): string | undefined {
  try {
    const body = parsePeerJson(text);
    const scimType = body && typeof body === 'object' ? (body as Record<string, unknown>).scimType : undefined;
    return typeof scimType === 'string' && scimType !== '' ? scimType : undefined;
  } catch {
    return undefined;
  }
}

/** What to do about a matching attribute the endpoint cannot filter on (a 400 invalidFilter), in Test Connection and provisioning alike. */
export function matchOnFilterableAttribute(genesys: boolean): string {
  return `Match on an attribute it can filter${genesys ? ' (Genesys Cloud: userName for users, displayName for groups)' : ''}.`;
}

const rootHint = 'the SCIM root of Genesys Cloud is https://api.<your region domain>/api/v2/scim/v2';

/**
 * What the user should do about an HTTP error status from a SCIM endpoint; `genesys`
 * (isGenesysEndpoint) adds what holds for Genesys Cloud only.
 */
export function statusError(status: number, detail: string | undefined, retryAfterSeconds?: number, genesys = false): ScimError {
  const said = serverSaid(detail);
  if (status === 401) {
    return new ScimError(
      'unauthorized',
      `401 Unauthorized: the token was refused (invalid, expired or revoked).${said} Paste a fresh access token, or check the OAuth client id and secret of this connection.`,
      status,
    );
  }
  if (status === 403) {
    return new ScimError(
      'forbidden',
      `403 Forbidden: the token is valid but its account lacks the permissions SCIM needs.${said} ${genesys ? 'As the Entra tutorial for Genesys Cloud advises, use an account with admin permissions (the "SCIM Integration" role, or directory:user:add/edit/delete and directory:group:edit).' : "Give the account (or OAuth client) behind the token the permissions the app's provisioning documentation asks for."}`,
      status,
    );
  }
  if (status === 404) {
    const root = genesys ? rootHint : "it must be the app's SCIM root, the address /Users and /Groups follow";
    return new ScimError('notFound', `404 Not Found: nothing answers at this URL.${said} Check the tenant URL: ${root}.`, status);
  }
  if (status === 429) {
    const wait = retryAfterSeconds !== undefined ? ` It asked to wait ${retryAfterSeconds} s.` : '';
    return new ScimError(
      'rateLimited',
      `429 Too Many Requests: the endpoint is rate limiting this client${genesys ? ' (Genesys allows about 300 requests a minute per token)' : ''}.${wait}${said} Wait and try again; avoid running other tools with the same token meanwhile.`,
      status,
    );
  }
  if (status >= 500) {
    return new ScimError(
      'server',
      `${status}: the SCIM service failed on its side, even after retries.${said} This is not a mapping problem; try again later and check the service's status page.`,
      status,
    );
  }
  return new ScimError('badRequest', `${status}: the endpoint rejected the request.${said}`, status);
}

const tlsCodes = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|EPROTO$|HOSTNAME_MISMATCH)/;

/** Maps a network-level failure (thrown by undici or Node) to what to do; `address` is where the user sets the URL called. */
export function networkError(error: unknown, host: string, address: string): ScimError {
  if (error instanceof ScimError) return error;
  const codes: string[] = [];
  const messages: string[] = [];
  const names: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const candidate = current as { code?: unknown; message?: unknown; cause?: unknown; name?: unknown };
    if (typeof candidate.code === 'string') codes.push(candidate.code);
    if (typeof candidate.name === 'string') names.push(candidate.name);
    if (typeof candidate.message === 'string') messages.push(candidate.message);
    current = candidate.cause;
  }
  const has = (test: (code: string) => boolean) => codes.some(test);
  if (has((code) => code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME')) {
    return new ScimError('dns', `The host name ${host} could not be resolved (DNS). Check ${address} for typos, and your network or VPN.`);
  }
  if (has((code) => tlsCodes.test(code)) || messages.some((message) => /ssl|tls|certificate/i.test(message))) {
    const reason = codes.find((code) => tlsCodes.test(code)) ?? 'TLS failure';
    return new ScimError(
      'tls',
      `A secure (TLS) connection to ${host} could not be established (${reason}). The server's certificate is not trusted or the server does not speak HTTPS there; if a corporate proxy inspects traffic, add its root certificate to the system trust store.`,
    );
  }
  if (
    has(
      (code) =>
        code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT',
    )
  ) {
    return timeoutError(host, address);
  }
  if (has((code) => code === 'UND_ERR_HEADERS_OVERFLOW')) {
    return new ScimError(
      'protocol',
      `${host} answered with response headers larger than the client accepts (16 KiB), and asking again would get the same. Check ${address} and any proxy in between.`,
    );
  }
  if (has((code) => code === 'UND_ERR_INVALID_ARG')) {
    return new ScimError(
      'protocol',
      `The request to ${host} could not be built (${messages[0] ?? 'an invalid header or argument'}); nothing was sent, and sending again would fail the same way.`,
    );
  }
  if (names.includes('HTTPParserError') || has((code) => code.startsWith('HPE_') || code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH')) {
    const reason = codes.find((code) => code.startsWith('HPE_') || code.startsWith('UND_ERR_')) ?? messages[0] ?? 'malformed';
    return new ScimError(
      'protocol',
      `${host} answered with a response that is not valid HTTP (${reason}): asking again would get the same. Check ${address} and any proxy in between.`,
    );
  }
  if (has((code) => code === 'ECONNREFUSED')) {
    return new ScimError('connection', `${host} refused the connection. Check the URL and port, and that the service is running.`);
  }
  return new ScimError(
    'connection',
    `The connection to ${host} failed or was dropped (${codes[0] ?? messages[0] ?? 'no details'}). Check your network and try again.`,
  );
}

export function timeoutError(host: string, address: string): ScimError {
  return new ScimError(
    'timeout',
    `${host} did not answer in time. Check your network or proxy, and ${address}; try again later if the service is slow.`,
  );
}
