// Every error class a SCIM call can end in, produced for real against the sandbox's fault switches
// (and loopback tricks for DNS and TLS), each with a message that says what to do.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { LookupFunction } from 'node:net';
import { Agent } from 'undici';
import { isGenesysEndpoint } from '../../../shared/src/scim/endpoint';
import { redact, ScimError, serverDetail } from '../../../shared/src/scim/errors';
import { clientFor, startLoopbackServer, useSandbox, type LoopbackServer } from './helpers';

async function failure(promise: Promise<unknown>): Promise<ScimError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ScimError, `expected a ScimError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

describe('SCIM call errors', () => {
  const sandbox = useSandbox();

  const listUsers = (root = sandbox().url, token = sandbox().token, options = {}) =>
    clientFor(root, token, options).client.json({ method: 'GET', path: '/Users' });

  test('401 with Genesys JSON body: token refused, paste a fresh one', async () => {
    const error = await failure(listUsers(sandbox().url, 'not-the-token'));
    assert.equal(error.kind, 'unauthorized');
    assert.equal(error.status, 401);
    assert.match(error.message, /fresh access token/);
    assert.match(error.message, /Invalid login credentials/);
  });

  test('401 with a plain-text body is still a 401 with advice', async () => {
    sandbox().setFaults({ plainText401: true });
    const error = await failure(listUsers(sandbox().url, 'not-the-token'));
    assert.equal(error.kind, 'unauthorized');
    assert.match(error.message, /The server said: "Unauthorized"/);
  });

  test('403: the account lacks admin permissions, as the Entra tutorial says', async () => {
    sandbox().setFaults({ forbidden: { times: 1 } });
    const error = await failure(listUsers());
    assert.equal(error.kind, 'forbidden');
    assert.match(error.message, /admin permissions/);
    assert.match(error.message, /directory:user:add/);
  });

  test('404 under the Genesys SCIM path: wrong URL, and the message gives the Genesys root', async () => {
    const error = await failure(listUsers(`${sandbox().url}/nowhere`));
    assert.equal(error.kind, 'notFound');
    assert.match(error.message, /the SCIM root of Genesys Cloud is https:\/\/api\.<your region domain>\/api\/v2\/scim\/v2/);
  });

  // Before: every endpoint was told the Genesys root, the Entra tutorial for Genesys, and Genesys' rate limit.
  test('404, 403 and 429 from an endpoint that is not Genesys Cloud: neutral advice', async () => {
    const wrongRoot = sandbox().url.replace('/api/v2/scim/v2', '/scim/v2');
    const notFound = await failure(listUsers(wrongRoot));
    assert.equal(notFound.kind, 'notFound');
    assert.match(notFound.message, /Check the tenant URL: it must be the app's SCIM root/);
    const server = await startLoopbackServer((request, response) => {
      response.writeHead(request.url?.startsWith('/busy') ? 429 : 403, { 'content-type': 'application/scim+json' }).end('{}');
    });
    try {
      const forbidden = await failure(listUsers(`${server.origin}/scim`, 'token-value'));
      assert.equal(forbidden.kind, 'forbidden');
      assert.match(forbidden.message, /permissions the app's provisioning documentation asks for/);
      const busy = await failure(listUsers(`${server.origin}/busy`, 'token-value', { retry: { retries: 0 } }));
      assert.equal(busy.kind, 'rateLimited');
      for (const error of [notFound, forbidden, busy]) assert.doesNotMatch(error.message, /Genesys|tutorial/, error.message);
    } finally {
      await server.close();
    }
  });

  test('Genesys Cloud is known by its region hosts and its SCIM path', () => {
    assert.equal(isGenesysEndpoint(new URL('https://api.mypurecloud.de/api/v2/scim/v2')), true);
    assert.equal(isGenesysEndpoint(new URL('https://api.usw2.pure.cloud/scim')), true);
    assert.equal(isGenesysEndpoint(new URL('http://127.0.0.1:8080/api/v2/scim/v2')), true);
    assert.equal(isGenesysEndpoint(new URL('https://scim.example.com/scim/v2')), false);
    assert.equal(isGenesysEndpoint(new URL('https://mypurecloud.de.example.com/scim/v2')), false);
  });

  test('429 beyond the longest wait allowed is reported with the wait asked for', async () => {
    sandbox().setFaults({ rateLimit: { times: 1, retryAfterSeconds: 120 } });
    const error = await failure(listUsers(sandbox().url, sandbox().token, { retry: { maxRetryAfterSeconds: 60 } }));
    assert.equal(error.kind, 'rateLimited');
    // Before: the 429 came back as if retried, and the message said nothing of the wait not taken.
    assert.match(
      error.message,
      /asked to wait 120 s before trying again \(Retry-After\), more than the 60 s a run waits for one answer, so it stopped without waiting/,
    );
    assert.equal(sandbox().requests.length, 1, 'a wait longer than allowed is not attempted');
  });

  test('5xx that persists is retried a bounded number of times, then reported', async () => {
    sandbox().setFaults({ serverError: { times: 10, status: 503 } });
    const error = await failure(listUsers(sandbox().url, sandbox().token, { retry: { retries: 2, baseDelayMs: 5 } }));
    assert.equal(error.kind, 'server');
    assert.equal(error.status, 503);
    assert.equal(sandbox().requests.length, 3, 'one attempt and two retries');
  });

  test('a transient 5xx is retried and the call succeeds', async () => {
    sandbox().setFaults({ serverError: { times: 2, status: 502 } });
    const { body } = await clientFor(sandbox().url, sandbox().token).client.json({ method: 'GET', path: '/Users' });
    assert.equal((body as { totalResults: number }).totalResults, 2);
  });

  test('a body that is not JSON: probably not a SCIM endpoint', async () => {
    sandbox().setFaults({ malformedBody: { times: 1 } });
    const error = await failure(listUsers());
    assert.equal(error.kind, 'notScim');
    assert.match(error.message, /not JSON \(text\/html/);
  });

  test('a dropped connection is retried for a GET, then reported as a connection failure', async () => {
    sandbox().setFaults({ dropConnection: { times: 10 } });
    const error = await failure(listUsers(sandbox().url, sandbox().token, { retry: { retries: 1, baseDelayMs: 5 } }));
    assert.equal(error.kind, 'connection');
    assert.match(error.message, /failed or was dropped/);
  });

  test('a slow answer times out with advice', async () => {
    sandbox().setFaults({ latencyMs: 500 });
    const error = await failure(listUsers(sandbox().url, sandbox().token, { timeoutMs: 100, retry: { retries: 0 } }));
    assert.equal(error.kind, 'timeout');
    assert.match(error.message, /did not answer in time/);
  });

  test('a response over the size cap is refused', async () => {
    sandbox().setFaults({ oversizedBody: { times: 1, bytes: 20_000 } });
    const error = await failure(listUsers(sandbox().url, sandbox().token, { maxResponseBytes: 10_000 }));
    assert.equal(error.kind, 'tooLarge');
  });

  test('cancelling stops the call, including a Retry-After wait', async () => {
    sandbox().setFaults({ rateLimit: { times: 1, retryAfterSeconds: 30 } });
    const controller = new AbortController();
    const call = clientFor(sandbox().url, sandbox().token).client.json({ method: 'GET', path: '/Users', signal: controller.signal });
    setImmediate(() => setImmediate(() => controller.abort()));
    const error = await failure(call);
    assert.equal(error.kind, 'cancelled');
  });

  test('DNS failure: the host name could not be resolved', async () => {
    // The lookup is answered locally: nothing leaves the machine.
    const dispatcher = new Agent({
      connect: {
        lookup: ((hostname: string, _options: unknown, callback: (error: NodeJS.ErrnoException) => void) =>
          callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }))) as unknown as LookupFunction,
      },
    });
    try {
      const error = await failure(
        listUsers('https://api.nowhere.invalid/api/v2/scim/v2', 'token-value', { dispatcher, retry: { retries: 0 } }),
      );
      assert.equal(error.kind, 'dns');
      assert.match(error.message, /api\.nowhere\.invalid could not be resolved/);
    } finally {
      await dispatcher.close();
    }
  });

  test('TLS failure: https to a server that does not speak TLS', async () => {
    const error = await failure(listUsers(sandbox().url.replace('http://', 'https://'), sandbox().token, { retry: { retries: 0 } }));
    assert.equal(error.kind, 'tls');
    assert.match(error.message, /secure \(TLS\) connection/);
  });
});

describe('redirects', () => {
  const sandbox = useSandbox();
  let other: LoopbackServer;
  const seenByOther: Array<string | undefined> = [];
  before(async () => {
    other = await startLoopbackServer((req, res) => {
      seenByOther.push(req.headers.authorization);
      res.end('{}');
    });
  });
  after(async () => {
    await other.close();
  });

  test('a redirect to another host is refused and the token never reaches it', async () => {
    const elsewhere = `${other.origin}/api/v2/scim/v2/Users`;
    sandbox().setFaults({ redirect: { times: 1, location: elsewhere } });
    const error = await failure(clientFor(sandbox().url, sandbox().token).client.json({ method: 'GET', path: '/Users' }));
    assert.equal(error.kind, 'redirect');
    assert.match(error.message, /was not followed/);
    assert.deepEqual(seenByOther, []);
  });

  // Before: "The redirect target uses plain http to elsewhere.example ... Use https", advice about the tenant URL, not the redirect.
  test('a redirect to plain http on another host is refused as a redirect, not as a URL to fix', async () => {
    sandbox().setFaults({ redirect: { times: 1, location: 'http://elsewhere.example/scim/v2/Users' } });
    const error = await failure(clientFor(sandbox().url, sandbox().token).client.json({ method: 'GET', path: '/Users' }));
    assert.equal(error.kind, 'redirect');
    assert.match(error.message, /redirected the call to http:\/\/elsewhere\.example; it was not followed, so the token was not sent there/);
    assert.doesNotMatch(error.message, /Use https/);
  });

  test('a redirect within the same origin is followed', async () => {
    sandbox().setFaults({ redirect: { times: 1, location: '/api/v2/scim/Users' } });
    const { body } = await clientFor(sandbox().url, sandbox().token).client.json({ method: 'GET', path: '/Users' });
    assert.equal((body as { totalResults: number }).totalResults, 2);
  });
});

// Before: the page was quoted raw, its 200 characters spent on the doctype, a <meta> and a <style>.
test("an HTML error page (a gateway's, a proxy's) is quoted as its text, marked as a page, secrets removed", () => {
  const page =
    '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>502 Bad Gateway</title><style>body { font: 12px sans-serif }</style>' +
    '<script>var t = "abc";</script></head><body><!-- upstream --><h1>Bad&nbsp;Gateway</h1><p>Proxy &amp; upstream &#8212; token-value-123</p></body></html>';
  assert.equal(serverDetail(page, ['token-value-123']), '502 Bad Gateway Bad Gateway Proxy & upstream — **** (an HTML page)');
  assert.equal(serverDetail('<html><body></body></html>', []), 'an HTML page without text');
  assert.equal(serverDetail('Unauthorized <b>not a page</b>', []), 'Unauthorized <b>not a page</b>');
});

// Before: only the token's own letter case was redacted, so a peer quoting it upper-cased leaked it.
test('a secret is redacted in any letter case, in each form it travels in, and regex characters in it are taken as they are', () => {
  const token = 'eyJhbGciOi.Jz+x/y=';
  const quoted = `token ${token.toUpperCase()} or ${token.toLowerCase()} or ${encodeURIComponent(token).toLowerCase()}; ${token}`;
  assert.equal(redact(quoted, [token]), 'token **** or **** or ****; ****');
  assert.equal(redact('a.b+c and aXb+c', ['a.b+c']), '**** and aXb+c');
});
