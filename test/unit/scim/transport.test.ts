// The transport's rules a user relies on: plain http only to loopback (checked before anything is
// sent), Retry-After honoured, regions giving the right URLs, OAuth tokens cached and refreshed.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import dns from 'node:dns';
import { isIP } from 'node:net';
import { Dispatcher } from 'undici';
import { GraphClient } from '../../../shared/src/graph/client';
import {
  checkScimRoot,
  checkUrl,
  findRegion,
  isLoopbackHost,
  regions,
  regionScimRoot,
  regionTokenUrl,
} from '../../../shared/src/scim/endpoint';
import { createScimClient, resolveEndpoint } from '../../../shared/src/scim/connection';
import { ScimError } from '../../../shared/src/scim/errors';
import { HttpTransport, retryAfterSeconds } from '../../../shared/src/scim/http';
import { OAuthClientCredentials, StaticToken } from '../../../shared/src/scim/tokens';
import { testConnection } from '../../../shared/src/scim/test-connection';
import { ScimClient } from '../../../shared/src/scim/client';
import { clientFor, fastRetry, startLoopbackServer, useSandbox } from './helpers';

/** A dispatcher that records every request it is asked to send and sends none. */
class RecordingDispatcher extends Dispatcher {
  readonly dispatched: string[] = [];
  override dispatch(options: Dispatcher.DispatchOptions): boolean {
    this.dispatched.push(`${options.method} ${String(options.origin)}${options.path}`);
    throw new Error('this test must not send anything');
  }
}

describe('URL rules', () => {
  test('plain http to a non-loopback host is refused before anything is sent', async () => {
    const dispatcher = new RecordingDispatcher();
    const transport = new HttpTransport({ dispatcher });
    await assert.rejects(transport.send({ method: 'GET', url: 'http://api.mypurecloud.com/api/v2/scim/v2/Users' }), (error: ScimError) => {
      assert.equal(error.kind, 'url');
      assert.match(error.message, /plain http to api\.mypurecloud\.com/);
      return true;
    });
    assert.deepEqual(dispatcher.dispatched, []);
  });

  test('a client for an http non-loopback tenant URL cannot even be created', () => {
    assert.throws(
      () => createScimClient({ url: 'http://10.0.0.5/scim/v2', auth: 'token' }, { token: 'abcd1234' }),
      (error: ScimError) => error.kind === 'url',
    );
  });

  test('the OAuth token URL follows the same rule, checked before the secret is sent', async () => {
    const dispatcher = new RecordingDispatcher();
    const tokens = new OAuthClientCredentials({
      tokenUrl: 'http://login.example.com/oauth/token',
      clientId: 'id',
      clientSecret: 'secret-value',
      http: new HttpTransport({ dispatcher }),
    });
    await assert.rejects(tokens.token(), (error: ScimError) => error.kind === 'url');
    assert.deepEqual(dispatcher.dispatched, []);
  });

  test('loopback hosts may use http', () => {
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '[::1]', 'api.localhost']) assert.ok(isLoopbackHost(host), host);
    for (const host of ['10.0.0.1', 'example.com', 'localhost.example.com', '[::2]', '128.0.0.1']) assert.ok(!isLoopbackHost(host), host);
    assert.equal(checkUrl('http://127.0.0.1:8990/api/v2/scim/v2').port, '8990');
  });

  // Before: http://scim.localhost passed the name rule and the token went, in clear text, to whatever
  // address the resolver gave (audit E F3: a machine's own non-loopback address).
  test('plain http to a name goes only to a loopback address it resolves to, checked before anything is sent', async (t) => {
    const requests: string[] = [];
    const peer = await startLoopbackServer((req, res) => {
      requests.push(`${req.url} ${req.headers.authorization ?? ''}`);
      res.writeHead(200, { 'content-type': 'application/scim+json' });
      res.end(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0 }));
    });
    // A resolver that answers *.localhost with `resolved`. 0.0.0.0 is no loopback address, yet on
    // Linux a connection to it reaches this loopback peer: a leak is seen without leaving loopback.
    let resolved = '0.0.0.0';
    t.mock.method(dns, 'lookup', (hostname: string, options: unknown, callback?: (...args: unknown[]) => void) => {
      const done = (typeof options === 'function' ? options : callback) as (...args: unknown[]) => void;
      const address = hostname.endsWith('.localhost') ? resolved : '127.0.0.1';
      const family = isIP(address);
      if (typeof options === 'object' && (options as { all?: boolean }).all) done(null, [{ address, family }]);
      else done(null, address, family);
    });
    const port = new URL(peer.origin).port;
    try {
      const { client } = clientFor(`http://scim.localhost:${port}/scim`, 'secret-token-value');
      const report = await testConnection(client);
      assert.equal(report.accepted, false);
      assert.equal(report.probe.errorKind, 'url');
      assert.match(
        report.probe.message,
        /^Plain http to scim\.localhost goes to 0\.0\.0\.0, not to a loopback address: the token would travel unencrypted, so nothing was sent\./,
      );
      await client.close();
      const graph = new GraphClient({ graphUrl: `http://graph.localhost:${port}`, tokens: new StaticToken('graph-token-value') });
      await assert.rejects(
        graph.text({ method: 'GET', path: '/servicePrincipals', permission: 'Application.Read.All', notFound: 'no such app' }),
        (error: Error) => error instanceof ScimError && error.kind === 'url' && /graph\.localhost goes to 0\.0\.0\.0/.test(error.message),
      );
      await graph.close();
      assert.deepEqual(requests, []);
      // The same name resolved to loopback is loopback.
      resolved = '127.0.0.1';
      const { client: loopback } = clientFor(`http://scim.localhost:${port}/scim`, 'secret-token-value');
      assert.equal((await testConnection(loopback)).accepted, true);
      await loopback.close();
      assert.equal(requests.length, 3);
    } finally {
      await peer.close();
    }
  });

  test('credentials in the URL and other schemes are refused', () => {
    assert.throws(() => checkUrl('https://user:pass@api.mypurecloud.com/api/v2/scim/v2'), /user name or password/);
    assert.throws(() => checkUrl('ftp://api.mypurecloud.com/'), /must start with https/);
    assert.throws(() => checkUrl('api.mypurecloud.com'), /not a valid URL/);
  });

  test("a likely wrong Genesys root is pointed out; Entra's flag query is dropped", () => {
    assert.match(checkScimRoot('https://api.mypurecloud.de/scim/v2').notes.join(), /https:\/\/api\.mypurecloud\.de\/api\/v2\/scim\/v2/);
    assert.match(checkScimRoot('https://login.mypurecloud.ie/api/v2/scim/v2').notes.join(), /not the API host/);
    const flagged = checkScimRoot('https://api.mypurecloud.com/api/v2/scim/v2/?aadOptscim062020');
    assert.equal(flagged.root.href, 'https://api.mypurecloud.com/api/v2/scim/v2');
    assert.equal(flagged.notes.length, 1);
    assert.deepEqual(checkScimRoot('https://api.mypurecloud.jp/api/v2/scim/v2').notes, []);
  });
});

describe('regions', () => {
  test('every region gives https://api.<domain>/api/v2/scim/v2 and https://login.<domain>/oauth/token', () => {
    assert.equal(regions.length, 18);
    for (const region of regions) {
      assert.equal(regionScimRoot(region), `https://api.${region.domain}/api/v2/scim/v2`);
      assert.equal(regionTokenUrl(region), `https://login.${region.domain}/oauth/token`);
    }
    assert.equal(regionScimRoot(findRegion('ap_northeast_1')!), 'https://api.mypurecloud.jp/api/v2/scim/v2');
  });

  test('a region is found by key, hyphenated key or domain', () => {
    assert.equal(findRegion('eu-central-1')?.domain, 'mypurecloud.de');
    assert.equal(findRegion('mypurecloud.com.au')?.key, 'ap_southeast_2');
    assert.equal(findRegion('mars_north_1'), undefined);
  });

  test('a connection resolves its tenant and token URLs', () => {
    assert.deepEqual(resolveEndpoint({ region: 'eu_west_1', auth: 'oauth', clientId: 'c' }), {
      root: 'https://api.mypurecloud.ie/api/v2/scim/v2',
      tokenUrl: 'https://login.mypurecloud.ie/oauth/token',
    });
    assert.deepEqual(
      resolveEndpoint({ url: 'https://api.usw2.pure.cloud/api/v2/scim/v2', auth: 'oauth' }).tokenUrl,
      'https://login.usw2.pure.cloud/oauth/token',
    );
    assert.deepEqual(
      resolveEndpoint({ url: 'http://127.0.0.1:8990/api/v2/scim/v2', auth: 'oauth' }).tokenUrl,
      'http://127.0.0.1:8990/oauth/token',
    );
    assert.throws(() => resolveEndpoint({ region: 'mars', auth: 'token' }), /Unknown Genesys Cloud region "mars"/);
  });
});

describe('Retry-After and OAuth against the sandbox', () => {
  const sandbox = useSandbox({ tokenLifetimeSeconds: 3600 });

  test('429 with Retry-After: 1 waits at least one second, then succeeds', async () => {
    sandbox().setFaults({ rateLimit: { times: 1, retryAfterSeconds: 1 } });
    const { client, log } = clientFor(sandbox().url, sandbox().token);
    const started = performance.now();
    const { response } = await client.json({ method: 'GET', path: '/Users' });
    const waited = performance.now() - started;
    assert.equal(response.status, 200);
    assert.ok(waited >= 1000, `waited ${waited} ms, Retry-After asked for 1000`);
    assert.deepEqual(
      sandbox().requests.map((request) => request.status),
      [429, 200],
    );
    assert.match(log[0], /-> 429 .*Retry-After: 1/);
  });

  test('Retry-After is read as seconds or as an HTTP date', () => {
    assert.equal(retryAfterSeconds('3'), 3);
    assert.equal(retryAfterSeconds(undefined), undefined);
    assert.equal(retryAfterSeconds('soon'), undefined);
    const inTwo = new Date(Date.now() + 2000).toUTCString();
    assert.ok([1, 2].includes(retryAfterSeconds(inTwo)!));
  });

  test('an OAuth token is fetched once, cached, and fetched again when it runs out', async () => {
    let now = 1_000_000;
    const http = new HttpTransport({ retry: fastRetry });
    const tokens = new OAuthClientCredentials({
      tokenUrl: sandbox().tokenUrl,
      clientId: sandbox().clientId,
      clientSecret: sandbox().clientSecret,
      http,
      now: () => now,
    });
    const client = new ScimClient({ root: sandbox().url, tokens, http });
    const issuedBefore = sandbox().tokensIssued();
    await client.json({ method: 'GET', path: '/Users' });
    await client.json({ method: 'GET', path: '/Groups', query: { filter: 'displayName eq "Sales"' } });
    assert.equal(tokens.fetches, 1);
    now += 3600 * 1000 - 30_000; // inside the renewal margin before expiry
    await client.json({ method: 'GET', path: '/Users' });
    assert.equal(tokens.fetches, 2);
    assert.equal(sandbox().tokensIssued() - issuedBefore, 2);
    await client.close();
  });

  test('a 401 with an OAuth client fetches a fresh token once and retries', async () => {
    const http = new HttpTransport({ retry: fastRetry });
    const tokens = new OAuthClientCredentials({
      tokenUrl: sandbox().tokenUrl,
      clientId: sandbox().clientId,
      clientSecret: sandbox().clientSecret,
      http,
    });
    const client = new ScimClient({ root: sandbox().url, tokens, http });
    await client.json({ method: 'GET', path: '/Users' });
    sandbox().revokeIssuedTokens(); // as when Genesys revokes or expires a token before its expires_in
    const before = tokens.fetches;
    const { response } = await client.json({ method: 'GET', path: '/Users' });
    assert.equal(response.status, 200);
    assert.equal(tokens.fetches, before + 1);
    await client.close();
  });

  test('a wrong client secret is an OAuth error that says what to check', async () => {
    const client = createScimClient(
      { url: sandbox().url, auth: 'oauth', clientId: sandbox().clientId },
      { clientSecret: 'wrong-secret-value' },
    );
    await assert.rejects(client.json({ method: 'GET', path: '/Users' }), (error: ScimError) => {
      assert.equal(error.kind, 'oauth');
      assert.match(error.message, /client id and secret/);
      assert.match(error.message, /invalid_client|client not found/);
      return true;
    });
    await client.close();
  });
});
