// The one HTTP path of every SCIM and OAuth call (undici 7): URL rules before sending, a timeout per
// attempt, cancellation, a response size cap, same-origin redirects only, 429 Retry-After honoured,
// 5xx and dropped connections retried with bounded backoff (idempotent methods only), an optional
// time budget shared by a whole run (Test Connection) that every attempt, wait and backoff must fit
// in, and a log entry per attempt that never holds a secret.
import { lookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { Agent, buildConnector, request, type Dispatcher } from 'undici';
import { checkUrl, isLoopbackHost } from './endpoint';
import { networkError, redact, ScimError, timeoutError } from './errors';

export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly url: string | URL;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly signal?: AbortSignal;
  /** The run's time budget: no attempt, Retry-After wait or backoff goes past it. */
  readonly budget?: TimeBudget;
  /** A call to a token endpoint: its messages advise the token URL's setting, and its log line says its form body is not shown. */
  readonly tokenRequest?: boolean;
}

/**
 * What the messages of a transport tell the user to check, named as the user sets it: who is called
 * decides it (a SCIM endpoint's tenant URL, Graph's --graph-url or setting), not the HTTP layer.
 */
export interface CallAdvice {
  /** Where the address of the calls is set: "the tenant URL". */
  readonly url: string;
  /** Where the token endpoint's address is set: "the region or token URL". */
  readonly tokenUrl: string;
}

/** The advice of a SCIM connection's calls (the default). */
export const scimAdvice: CallAdvice = { url: 'the tenant URL', tokenUrl: 'the region or token URL' };

/**
 * A time budget for several calls together (Test Connection's probe and discovery): each attempt's
 * timeout is cut to what is left, a Retry-After or backoff longer than what is left is not waited
 * for, and running out is reported as such (not as a slow server, and not retried).
 */
export class TimeBudget {
  private readonly end: number;

  constructor(
    readonly totalMs: number,
    /** How the user gives more time (a CLI flag, a setting), for the messages. */
    readonly howToChange: string,
    /** Told before every wait (Retry-After, backoff), for progress output. */
    readonly onWait?: (ms: number, why: string) => void,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.end = now() + totalMs;
  }

  remainingMs(): number {
    return Math.max(0, this.end - this.now());
  }

  /** The budget in seconds as messages say it: --timeout 1.005 started "(time budget 1.0049999999999999 s)". */
  get seconds(): number {
    return seconds(this.totalMs);
  }

  /** "the 60 s time budget", for messages. */
  describe(): string {
    return `the ${this.seconds} s time budget`;
  }

  /** The budget ran out while `what` was pending; `request` when `what` names the request ("GET /scim/v2/Users"). */
  exhausted(what: string, request?: string): ScimError {
    return new ScimError('timeout', `${what}: ${this.describe()} ran out, so it stopped there. ${this.howToChange}`, undefined, request);
  }
}

/** Seconds to a tenth, or to two significant digits under a tenth: --timeout 0.001 ran out as "the 0 s time budget". */
const seconds = (ms: number) => (ms < 100 ? Number((ms / 1000).toPrecision(2)) : Math.round(ms / 100) / 10);

/** The default time budget of a run of a few calls: Test Connection, discovery, provisioning on demand (docs/connections.md). */
export const defaultTimeLimitSeconds = 60;

/**
 * The time budget of a whole run, `limitSeconds` long (else `defaultSeconds`); each wait it allows
 * (Retry-After, backoff) is told to `progress` with what is left, so a long wait is never silent.
 */
export function runBudget(
  limitSeconds: number | undefined,
  howToChange: string,
  progress: (line: string) => void = () => undefined,
  defaultSeconds = defaultTimeLimitSeconds,
): TimeBudget {
  const totalSeconds = limitSeconds !== undefined && Number.isFinite(limitSeconds) && limitSeconds > 0 ? limitSeconds : defaultSeconds;
  const budget = new TimeBudget(totalSeconds * 1000, howToChange, (_ms, why) =>
    progress(`      ${why} (${Math.round(budget.remainingMs() / 1000)} s of the time budget left)`),
  );
  return budget;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  /** The final URL (after same-origin redirects). */
  readonly url: URL;
  /** Milliseconds from sending to the whole body, for the last attempt. */
  readonly latencyMs: number;
}

/** One attempt, for the log. `url` holds no secret (tokens travel in headers only). */
export interface HttpLogEntry {
  readonly method: string;
  readonly url: string;
  readonly attempt: number;
  readonly status?: number;
  readonly latencyMs: number;
  /** Why the attempt failed or will be retried, already redacted. */
  readonly note?: string;
  /** Where the request carried its secret, left out of the log: its Authorization header, or a token request's form body. */
  readonly secretIn?: 'authorization' | 'form body';
}

export interface RetryPolicy {
  /** Retries after the first attempt (429, 5xx, dropped connection). Default 3. */
  readonly retries: number;
  /** First backoff for 5xx and dropped connections; doubles each time. Default 500 ms. */
  readonly baseDelayMs: number;
  /** A Retry-After longer than this is not waited for: the call stops at once, saying so. Default 60 s. */
  readonly maxRetryAfterSeconds: number;
}

export interface HttpOptions {
  /** Per attempt, from sending to the end of the body. Default 30 s. */
  readonly timeoutMs?: number;
  /** Responses larger than this are refused. Default 5 MiB. */
  readonly maxResponseBytes?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly log?: (entry: HttpLogEntry) => void;
  /** Secrets to keep out of log notes and error messages. */
  readonly secrets?: () => readonly string[];
  /** An undici dispatcher (a test passes one with its own DNS lookup); default: one Agent per transport. */
  readonly dispatcher?: Dispatcher;
  /** What its messages tell the user to check; default: a SCIM connection's settings. */
  readonly advice?: CallAdvice;
}

/**
 * undici's connector, with one more rule for plain http: every address the name resolves to must be
 * loopback. checkUrl checks the name only, and what `*.localhost` (or even `localhost`) reaches is
 * the resolver's choice; this refuses at the lookup, before a connection is opened.
 */
function loopbackForPlainHttp(): buildConnector.connector {
  const anyAddress = buildConnector({});
  const loopbackOnly = buildConnector({ lookup: loopbackLookup });
  return (options, callback) => (options.protocol === 'http:' ? loopbackOnly : anyAddress)(options, callback);
}

function loopbackLookup(
  hostname: string,
  options: LookupOptions,
  callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
): void {
  lookup(hostname, options, (error, address, family) => {
    const outside = error
      ? undefined
      : [address].flat().find((entry) => !isLoopbackHost(typeof entry === 'string' ? entry : entry.address));
    if (outside === undefined) return callback(error, address, family);
    callback(
      new ScimError(
        'url',
        `Plain http to ${hostname} goes to ${typeof outside === 'string' ? outside : outside.address}, not to a loopback address: the token would travel unencrypted, so nothing was sent. Use https (plain http is allowed only for loopback: localhost, 127.0.0.1, ::1).`,
      ),
      address,
      family,
    );
  });
}

/** The longest Retry-After a run waits for; a longer one stops the call at once, whatever the time budget. */
export const maxRetryAfterSeconds = 60;
const defaultRetry: RetryPolicy = { retries: 3, baseDelayMs: 500, maxRetryAfterSeconds };
const maxRedirects = 5;
const idempotent = new Set(['GET', 'PUT', 'DELETE']);

export class HttpTransport {
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly retry: RetryPolicy;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  readonly advice: CallAdvice;

  constructor(private readonly options: HttpOptions = {}) {
    this.advice = options.advice ?? scimAdvice;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxResponseBytes = options.maxResponseBytes ?? 5 * 1024 * 1024;
    this.retry = { ...defaultRetry, ...options.retry };
    this.ownsDispatcher = options.dispatcher === undefined;
    this.dispatcher = options.dispatcher ?? new Agent({ keepAliveTimeout: 4_000, connect: loopbackForPlainHttp() });
  }

  /** Sends with retries; returns the last response whatever its status. Throws ScimError for network-level failures. */
  async send(req: HttpRequest): Promise<HttpResponse> {
    const url = checkUrl(req.url);
    const budget = req.budget;
    for (let attempt = 1; ; attempt++) {
      const last = attempt > this.retry.retries;
      if (budget && budget.remainingMs() <= 0) throw budget.exhausted(`${req.method} ${url.host}${url.pathname}`);
      let response: HttpResponse;
      try {
        response = await this.sendFollowingRedirects(req, url, attempt);
      } catch (error) {
        const failure = error instanceof ScimError ? error : networkError(error, url.host, this.addressToCheck(req));
        const wait = this.backoff(attempt);
        if (!last && failure.kind === 'connection' && idempotent.has(req.method) && fits(budget, wait)) {
          await this.wait(wait, `the connection to ${url.host} failed or was dropped: trying again in ${seconds(wait)} s`, req);
          continue;
        }
        throw failure;
      }
      if (last) return response;
      if (response.status === 429) {
        const header = response.headers['retry-after']?.trim();
        const retryAfter = retryAfterSeconds(header);
        const wait = retryAfter !== undefined ? retryAfter * 1000 : this.backoff(attempt);
        // A date is said as the endpoint gave it: "until Wed, 21 Oct 2099 ...", not 2299583154 s.
        const until = retryAfter !== undefined && !/^\d+$/.test(header ?? '') ? `until ${header}` : `${seconds(wait)} s`;
        const asked = `429 Too Many Requests: ${url.host} asked to wait ${until} before trying again${retryAfter !== undefined ? ' (Retry-After)' : ''}`;
        // A wait over the cap or over what is left is not begun: the call stops at once and says why.
        if (retryAfter !== undefined && retryAfter > this.retry.maxRetryAfterSeconds) {
          throw new ScimError(
            'rateLimited',
            `${asked}, more than the ${this.retry.maxRetryAfterSeconds} s a run waits for one answer, so it stopped without waiting. Try again after that time.`,
            429,
          );
        }
        if (budget && !fits(budget, wait)) {
          throw new ScimError(
            'rateLimited',
            `${asked}, more than the ${seconds(budget.remainingMs())} s left of ${budget.describe()}, so it stopped without waiting. Try again later. ${budget.howToChange}`,
            429,
          );
        }
        await this.wait(
          wait,
          `429 from ${url.host}: waiting ${seconds(wait)} s${retryAfter !== undefined ? ' as its Retry-After asks' : ''}`,
          req,
        );
        continue;
      }
      if (response.status >= 500 && response.status !== 501 && idempotent.has(req.method)) {
        const wait = this.backoff(attempt);
        if (!fits(budget, wait)) return response;
        await this.wait(wait, `${response.status} from ${url.host}: trying again in ${seconds(wait)} s`, req);
        continue;
      }
      return response;
    }
  }

  /** Where the user sets the address `req` went to, for its messages. */
  private addressToCheck(req: HttpRequest): string {
    return req.tokenRequest ? this.advice.tokenUrl : this.advice.url;
  }

  private async wait(ms: number, why: string, req: HttpRequest): Promise<void> {
    req.budget?.onWait?.(ms, why);
    await sleep(ms, req.signal);
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  private backoff(attempt: number): number {
    return this.retry.baseDelayMs * 2 ** (attempt - 1);
  }

  private async sendFollowingRedirects(req: HttpRequest, first: URL, attempt: number): Promise<HttpResponse> {
    let url = first;
    const address = this.addressToCheck(req);
    for (let hop = 0; ; hop++) {
      const response = await this.sendOnce(req, url, attempt);
      const location = response.headers.location;
      if (response.status < 300 || response.status >= 400 || response.status === 304 || location === undefined) return response;
      const target = redirectTarget(location, url, response.status, this.options.secrets?.() ?? [], address);
      // Another origin first: checked for https before, `http://elsewhere` was answered "use https", as if the tenant URL were at fault.
      if (target.origin !== url.origin) {
        throw new ScimError(
          'redirect',
          `${url.host} redirected the call to ${target.origin}; it was not followed, so the token was not sent there. If that address is the real one, give it as ${address}.`,
          response.status,
        );
      }
      const next = checkUrl(target, 'redirect target');
      if (hop + 1 >= maxRedirects) {
        throw new ScimError(
          'redirect',
          `${url.host} redirected the call more than ${maxRedirects} times. Check ${address}.`,
          response.status,
        );
      }
      url = next;
    }
  }

  private async sendOnce(req: HttpRequest, url: URL, attempt: number): Promise<HttpResponse> {
    // Within a budget, the attempt gets what is left of it when that is less than its own timeout.
    const left = req.budget?.remainingMs() ?? Infinity;
    const budgetBinds = left < this.timeoutMs;
    const timeoutMs = Math.max(1, Math.floor(Math.min(this.timeoutMs, left)));
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    const started = performance.now();
    // A redirect's Location may carry the token in its path or query: the logged URL is redacted too.
    const loggedUrl = redact(`${url.origin}${url.pathname}${url.search}`, this.options.secrets?.() ?? []);
    const secretIn = req.headers?.authorization !== undefined ? 'authorization' : req.tokenRequest ? 'form body' : undefined;
    const log = (status: number | undefined, note?: string) =>
      this.options.log?.({
        method: req.method,
        url: loggedUrl,
        attempt,
        status,
        latencyMs: Math.round(performance.now() - started),
        note: note && redact(note, this.options.secrets?.() ?? []),
        secretIn,
      });
    try {
      if (req.signal?.aborted) throw cancelled();
      const response = await request(url, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        signal,
        dispatcher: this.dispatcher,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      const text = await this.readCapped(response.body, headers['content-length'], url, req);
      log(response.statusCode, response.statusCode === 429 ? `Retry-After: ${headers['retry-after'] ?? 'none'}` : undefined);
      return { status: response.statusCode, headers, text, url, latencyMs: Math.round(performance.now() - started) };
    } catch (error) {
      const failure = req.signal?.aborted
        ? cancelled()
        : timeout.aborted || isUndiciTimeout(error)
          ? budgetBinds && req.budget
            ? req.budget.exhausted(`${url.host} had not answered ${req.method} ${url.pathname}`, `${req.method} ${url.pathname}`)
            : timeoutError(url.host, this.addressToCheck(req))
          : error instanceof ScimError
            ? error
            : networkError(error, url.host, this.addressToCheck(req));
      log(undefined, failure.message);
      throw failure;
    }
  }

  private async readCapped(
    body: AsyncIterable<Buffer> & { destroy(): void },
    contentLength: string | undefined,
    url: URL,
    req: HttpRequest,
  ): Promise<string> {
    const tooLarge = () =>
      new ScimError(
        'tooLarge',
        `${url.host} sent a response larger than ${this.maxResponseBytes} bytes; it was not read. These calls are answered with small JSON documents: check ${this.addressToCheck(req)}.`,
      );
    if (contentLength !== undefined && Number(contentLength) > this.maxResponseBytes) {
      body.destroy();
      throw tooLarge();
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      size += chunk.length;
      if (size > this.maxResponseBytes) {
        body.destroy();
        throw tooLarge();
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  }
}

/** Whether waiting `ms` still fits in the budget (always, without one). */
function fits(budget: TimeBudget | undefined, ms: number): boolean {
  return budget === undefined || ms < budget.remainingMs();
}

function isUndiciTimeout(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
}

/** A redirect's Location as a URL; one that is not a URL is the server's mistake, said as such and not retried. */
function redirectTarget(location: string, base: URL, status: number, secrets: readonly string[], address: string): URL {
  try {
    return new URL(location, base);
  } catch {
    throw new ScimError(
      'redirect',
      `${base.host} answered ${status} with a Location header that is not a URL ("${redact(location, secrets).slice(0, 120)}"); it was not followed. Check ${address}.`,
      status,
    );
  }
}

function cancelled(): ScimError {
  return new ScimError('cancelled', 'Cancelled.');
}

/** Retry-After as seconds: a number of seconds (what Genesys sends) or an HTTP-date. */
export function retryAfterSeconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = httpDate(trimmed);
  return date === undefined ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * An HTTP-date (RFC 9110 §5.6.7) in milliseconds: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), or
 * the obsolete RFC 850 and asctime forms a recipient must also accept; undefined for anything else
 * (Date.parse would take "1.5" for January 5, 2001).
 */
export function httpDate(value: string): number | undefined {
  const time = '(\\d{2}):(\\d{2}):(\\d{2})';
  const imf = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d{2}) ([A-Z][a-z]{2}) (\\d{4}) ${time} GMT$`).exec(value);
  const rfc850 = new RegExp(`^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, (\\d{2})-([A-Z][a-z]{2})-(\\d{2}) ${time} GMT$`).exec(value);
  const asctime = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) ( \\d|\\d{2}) ${time} (\\d{4})$`).exec(value);
  const [day, month, year, hour, minute, second] = imf
    ? imf.slice(1)
    : rfc850
      ? rfc850.slice(1)
      : asctime
        ? [asctime[2], asctime[1], asctime[6], ...asctime.slice(3, 6)]
        : [];
  const monthIndex = monthNames.indexOf(month);
  if (monthIndex < 0) return undefined;
  let fullYear = Number(year);
  if (rfc850) {
    // A two-digit year more than 50 years ahead is the latest past year with those digits (RFC 9110 §5.6.7).
    const now = new Date().getUTCFullYear();
    fullYear += now - (now % 100);
    if (fullYear > now + 50) fullYear -= 100;
  }
  const date = Date.UTC(fullYear, monthIndex, Number(day), Number(hour), Number(minute), Number(second));
  // An impossible date (31 Feb) rolls over in Date.UTC: refused instead.
  return new Date(date).getUTCDate() === Number(day) && Number(hour) < 24 && Number(minute) < 60 && Number(second) < 61 ? date : undefined;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
