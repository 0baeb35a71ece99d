// Test Connection against hostile peers on loopback (issue 10 §14): a whole-run time budget with
// progress (and the same budget for discover, provision and simulate's live read), a Retry-After longer than what is left, a peer that never answers, a deeply nested JSON
// answer, a malformed Location and oversized headers: each said as what it is, and none retried.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBudget } from '../../../server/src/cli/connection-options';
import { UsageError } from '../../../server/src/cli/io';
import { main } from '../../../server/src/cli/main';
import { runTestConnection } from '../../../server/src/cli/test-connection';
import { GraphClient } from '../../../shared/src/graph/client';
import { ScimError } from '../../../shared/src/scim/errors';
import { httpDate, HttpTransport, retryAfterSeconds, runBudget } from '../../../shared/src/scim/http';
import { JsonTooDeepError, maxJsonDepth, nestsDeeperThan, parsePeerJson } from '../../../shared/src/scim/json';
import { OAuthClientCredentials, StaticToken } from '../../../shared/src/scim/tokens';
import { ScimClient } from '../../../shared/src/scim/client';
import { testConnection } from '../../../shared/src/scim/test-connection';
import { repositoryRoot } from '../../support/repository';
import { capture, tempFiles } from '../cli/cli-io';
import { clientFor, fastRetry, startLoopbackServer } from './helpers';

const emptyList = JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [] });

/** A TCP server on loopback that answers every request with `raw` bytes (or nothing), counting the requests. */
async function startRawPeer(raw: string | undefined): Promise<{ origin: string; requests: () => number; close(): Promise<void> }> {
  let requests = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('data', (chunk) => {
      if (!chunk.toString('latin1').includes('\r\n\r\n')) return;
      requests++;
      if (raw !== undefined) socket.end(raw);
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function cli(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runTestConnection(argv, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

describe('Test Connection within a time budget', () => {
  before(() => {
    process.env.SCIMMAP_BOUNDS_TOKEN = 'token-1234';
  });
  after(() => {
    delete process.env.SCIMMAP_BOUNDS_TOKEN;
  });

  test('a Retry-After longer than the budget left: stopped at once and said so, no wait, discovery skipped', async () => {
    let requests = 0;
    const peer = await startLoopbackServer((_req, res) => {
      requests++;
      res.writeHead(429, { 'retry-after': '60', 'content-type': 'application/json' }).end('{"message":"slow down"}');
    });
    try {
      const progress: string[] = [];
      const started = Date.now();
      const report = await testConnection(clientFor(`${peer.origin}/scim/v2`, 'token-1234').client, {
        progress: (line) => progress.push(line),
        howToAllowMore: 'Allow more time with --timeout SECONDS.',
      });
      assert.ok(Date.now() - started < 10_000, 'it did not wait for the Retry-After');
      assert.equal(report.probe.errorKind, 'rateLimited');
      assert.match(
        report.probe.message,
        /asked to wait 60 s before trying again \(Retry-After\), more than the [\d.]+ s left of the 60 s time budget/,
      );
      assert.match(report.probe.message, /--timeout SECONDS/);
      assert.equal(requests, 1, 'one request: nothing retried, no discovery');
      assert.match(report.notes.join('\n'), /were not read: the endpoint is rate limiting this client/);
      assert.match(progress[0], /^\[1\/3\] Entra's probe: GET http:\/\/127\.0\.0\.1:\d+\/scim\/v2\/Users\?filter=.* \(time budget 60 s\)$/);
      assert.match(progress[1], /^\[1\/3\] failed: Entra would reject this$/);
    } finally {
      await peer.close();
    }
  });

  test('a Retry-After given as an HTTP-date is said as that date, not as seconds (before: "asked to wait 2299583154 s")', async () => {
    const peer = await startLoopbackServer((_req, res) => {
      res.writeHead(429, { 'retry-after': 'Wed, 21 Oct 2099 07:28:00 GMT' }).end();
    });
    try {
      const report = await testConnection(clientFor(`${peer.origin}/scim/v2`, 'token-1234').client, {
        howToAllowMore: 'Allow more time with --timeout SECONDS.',
      });
      assert.match(
        report.probe.message,
        /asked to wait until Wed, 21 Oct 2099 07:28:00 GMT before trying again \(Retry-After\), more than the 60 s a run waits for one answer/,
      );
    } finally {
      await peer.close();
    }
  });

  test('an HTTP-date is one of RFC 9110\'s three forms; anything else is no date (before: Date.parse took "1.5" for January 5, 2001)', () => {
    const expected = Date.UTC(1994, 10, 6, 8, 49, 37);
    assert.equal(httpDate('Sun, 06 Nov 1994 08:49:37 GMT'), expected);
    assert.equal(httpDate('Sunday, 06-Nov-94 08:49:37 GMT'), expected);
    assert.equal(httpDate('Sun Nov  6 08:49:37 1994'), expected);
    for (const junk of ['1.5', 'soon', '2099-10-21', 'Sun, 31 Feb 1994 08:49:37 GMT', 'Sun, 06 Nov 1994 08:49:37 PST'])
      assert.equal(httpDate(junk), undefined, junk);
    assert.equal(retryAfterSeconds('1.5'), undefined);
    assert.equal(retryAfterSeconds(' 120 '), 120);
  });

  test('a Retry-After that fits is waited for, and the wait is said as progress', async () => {
    let requests = 0;
    const peer = await startLoopbackServer((req, res) => {
      requests++;
      if (requests === 1) return res.writeHead(429, { 'retry-after': '1' }).end();
      res.writeHead(200, { 'content-type': 'application/scim+json' }).end(req.url?.includes('/Users') ? emptyList : '{}');
    });
    try {
      const progress: string[] = [];
      const report = await testConnection(clientFor(`${peer.origin}/scim/v2`, 'token-1234').client, {
        progress: (line) => progress.push(line),
      });
      assert.equal(report.accepted, true, report.probe.message);
      assert.ok(
        progress.some((line) =>
          /429 from 127\.0\.0\.1:\d+: waiting 1 s as its Retry-After asks \(\d+ s of the time budget left\)/.test(line),
        ),
        progress.join('\n'),
      );
      assert.deepEqual(
        progress.filter((line) => /^\[\d\/3\]/.test(line)).map((line) => line.slice(0, 5)),
        ['[1/3]', '[1/3]', '[2/3]', '[2/3]', '[3/3]', '[3/3]'],
        'each step said as it starts and ends',
      );
      // Before: the last attempt's time only ("200 in 2 ms" after a 1 s wait).
      assert.ok(report.probe.latencyMs! >= 1000, `${report.probe.latencyMs} ms`);
      assert.ok(
        progress.some((line) => /^\[1\/3\] 200 in \d{4,} ms/.test(line)),
        progress.join('\n'),
      );
    } finally {
      await peer.close();
    }
  });

  test('a peer that never answers costs the budget once, not three sequential timeouts', async () => {
    const peer = await startRawPeer(undefined);
    try {
      const started = Date.now();
      const result = await cli(['--url', `${peer.origin}/scim/v2`, '--token-env', 'SCIMMAP_BOUNDS_TOKEN', '--timeout', '1.5']);
      const elapsed = Date.now() - started;
      const printed = [...result.out, ...result.err].join('\n');
      assert.equal(result.code, 1);
      assert.match(
        printed,
        /had not answered GET \/scim\/v2\/Users: the 1\.5 s time budget ran out, so it stopped there\. Allow more time with --timeout SECONDS\./,
      );
      assert.equal(peer.requests(), 1, 'the probe only: no retry, no discovery');
      assert.ok(elapsed < 10_000, `bounded by the budget (${elapsed} ms)`);
      assert.match(result.err[0], /^\[1\/3\] Entra's probe: GET .* \(time budget 1\.5 s\)$/);
    } finally {
      await peer.close();
    }
  });

  test('--timeout takes a positive number of seconds', async () => {
    for (const value of ['0', '0.0', 'soon', '']) {
      await assert.rejects(
        cli(['--url', 'http://127.0.0.1:9/scim/v2', '--token-env', 'SCIMMAP_BOUNDS_TOKEN', '--timeout', value]),
        (error: Error) => error instanceof UsageError && /--timeout takes a number of seconds greater than 0/.test(error.message),
        value,
      );
    }
  });
});

describe('discover, provision and simulate within a time budget, as Test Connection', () => {
  const file = tempFiles('scimmap-bounds-');
  const map = join(repositoryRoot(__dirname), 'examples', 'purecloud.scimmap');
  const samples = file('samples.json', { users: [{ $id: 'pat', userPrincipalName: 'pat.one@example.com', displayName: 'Pat One' }] });
  let peer: Awaited<ReturnType<typeof startRawPeer>>;
  before(async () => {
    process.env.SCIMMAP_BOUNDS_TOKEN = 'token-1234';
    peer = await startRawPeer(undefined);
  });
  after(async () => {
    delete process.env.SCIMMAP_BOUNDS_TOKEN;
    await peer.close();
  });
  const connection = () => ['--url', `${peer.origin}/scim/v2`, '--token-env', 'SCIMMAP_BOUNDS_TOKEN', '--timeout', '1.5'];
  const runBounded = async (argv: string[]) => {
    const before = peer.requests();
    const io = capture();
    const started = Date.now();
    const code = await main([...argv, ...connection()], io);
    return {
      code,
      err: io.stderr,
      printed: [...io.stdout, ...io.stderr].join('\n'),
      elapsed: Date.now() - started,
      requests: peer.requests() - before,
    };
  };
  const ranOut =
    /had not answered GET \/scim\/v2\/[A-Za-z]+: the 1\.5 s time budget ran out, so it stopped there\. Allow more time with --timeout SECONDS\./;

  test('discover against a peer that never answers: the budget once, said at the start and at the end, nothing written', async () => {
    const output = join(tmpdir(), `scimmap-bounds-${process.pid}.target.json`);
    const result = await runBounded(['discover', '-o', output]);
    assert.equal(result.code, 1);
    assert.match(result.err[0], /^scimmap discover: reading http:\/\/127\.0\.0\.1:\d+\/scim\/v2 \(time budget 1\.5 s\)$/);
    assert.equal(result.err[1], 'scimmap discover: Reading /ServiceProviderConfig');
    assert.match(result.printed, ranOut);
    assert.match(result.printed, /nothing was written/);
    assert.equal(result.requests, 1, 'no answer to the first document: the others are not asked for');
    assert.ok(result.elapsed < 10_000, `bounded by the budget (${result.elapsed} ms)`);
    assert.equal(existsSync(output), false);
  });

  test('provision and simulate --url: the run, or the read of the target, stops when the budget runs out', async () => {
    const provisioned = await runBounded(['provision', map, '--samples', samples, '--id', 'pat']);
    assert.equal(provisioned.code, 1);
    assert.match(provisioned.err[0], /^scimmap provision: dry run against http:\/\/127\.0\.0\.1:\d+\/scim\/v2 \(time budget 1\.5 s\)$/);
    assert.match(provisioned.printed, ranOut);
    assert.ok(provisioned.elapsed < 10_000, `bounded by the budget (${provisioned.elapsed} ms)`);

    const simulated = await runBounded(['simulate', map, '--directory', samples]);
    assert.equal(simulated.code, 1);
    assert.match(simulated.err[0], /^simulate: reading the target at http:\/\/127\.0\.0\.1:\d+\/scim\/v2 \(time budget 1\.5 s\)$/);
    assert.match(simulated.printed, /the target's state could not be read: .*the 1\.5 s time budget ran out/);
    assert.ok(simulated.elapsed < 10_000, `bounded by the budget (${simulated.elapsed} ms)`);
  });

  test('--timeout is checked before anything is sent; simulate takes it only with a live target', async () => {
    const before = peer.requests();
    for (const command of [
      ['discover'],
      ['provision', map, '--samples', samples, '--id', 'pat'],
      ['simulate', map, '--directory', samples],
    ]) {
      const io = capture();
      assert.equal(await main([...command, ...connection().slice(0, -1), 'soon'], io), 2, command[0]);
      assert.match(io.stderr.join('\n'), /--timeout takes a number of seconds greater than 0, not "soon"/, command[0]);
    }
    const io = capture();
    assert.equal(await main(['simulate', map, '--directory', samples, '--timeout', '5'], io), 2);
    assert.match(io.stderr.join('\n'), /--timeout goes with a live connection/);
    assert.equal(peer.requests(), before, 'nothing sent');
  });
});

describe('answers that break what a SCIM peer may send: said as what they are, never retried', () => {
  test('a 4 MB answer nested deeper than any SCIM document is refused before it is parsed', async () => {
    const depth = 2_000_000;
    const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    let requests = 0;
    const peer = await startLoopbackServer((_req, res) => {
      requests++;
      res.writeHead(200, { 'content-type': 'application/scim+json' }).end(nested);
    });
    try {
      const report = await testConnection(clientFor(`${peer.origin}/scim/v2`, 'token-1234').client);
      assert.equal(report.probe.errorKind, 'notScim');
      assert.match(report.probe.message, /answered 200 with JSON that nests deeper than 64 levels; it was not read/);
      assert.match(report.notes.join('\n'), /ServiceProviderConfig: .*nests deeper than 64 levels/);
      assert.equal(requests, 3, 'the probe, ServiceProviderConfig and Schemas, once each');
    } finally {
      await peer.close();
    }
  });

  test('the depth bound: SCIM-shaped documents pass, brackets inside strings do not count, deeper nesting is refused', () => {
    const atBound = `${'['.repeat(maxJsonDepth)}${']'.repeat(maxJsonDepth)}`;
    assert.deepEqual(parsePeerJson('{"Resources":[{"emails":[{"value":"a@b.c"}]}]}'), { Resources: [{ emails: [{ value: 'a@b.c' }] }] });
    assert.doesNotThrow(() => parsePeerJson(atBound));
    assert.throws(() => parsePeerJson(`[${atBound}]`), JsonTooDeepError);
    assert.throws(() => parsePeerJson(`{"a":${'{"a":'.repeat(maxJsonDepth)}1${'}'.repeat(maxJsonDepth)}}`), JsonTooDeepError);
    const bracketsInStrings = JSON.stringify({ detail: '['.repeat(1000), quoted: 'a \\" [[[ \\\\', after: [1] });
    assert.deepEqual(parsePeerJson(bracketsInStrings), JSON.parse(bracketsInStrings));
    assert.throws(() => parsePeerJson('{"a": [1,'), SyntaxError, 'malformed JSON still fails as JSON.parse does');
  });

  test('the same bound on a value already parsed (a file): nestsDeeperThan counts as parsePeerJson does, and 200,000 levels do not overflow it', () => {
    for (const text of [
      `${'['.repeat(maxJsonDepth)}${']'.repeat(maxJsonDepth)}`,
      `[${'['.repeat(maxJsonDepth)}${']'.repeat(maxJsonDepth)}]`,
      `{"a":${'{"a":'.repeat(maxJsonDepth - 1)}1${'}'.repeat(maxJsonDepth - 1)}}`,
      `{"a":${'{"a":'.repeat(maxJsonDepth)}1${'}'.repeat(maxJsonDepth)}}`,
      '{"Resources":[{"emails":[{"value":"a@b.c"}]}],"n":null,"s":"[[["}',
    ]) {
      let refused = false;
      try {
        parsePeerJson(text);
      } catch {
        refused = true;
      }
      assert.equal(nestsDeeperThan(JSON.parse(text), maxJsonDepth), refused, text.slice(0, 80));
    }
    assert.equal(nestsDeeperThan('text', 0), false);
    assert.equal(nestsDeeperThan([], 0), true);
    const deep = 200_000;
    assert.equal(nestsDeeperThan(JSON.parse(`${'{"a":['.repeat(deep)}1${']}'.repeat(deep)}`), maxJsonDepth), true);
  });

  test('a redirect whose Location is not a URL: said so, not followed, not retried', async () => {
    const peer = await startRawPeer('HTTP/1.1 302 Found\r\nLocation: http://[::1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    try {
      const report = await testConnection(clientFor(`${peer.origin}/scim/v2`, 'token-1234').client);
      assert.equal(report.probe.errorKind, 'redirect');
      assert.match(report.probe.message, /answered 302 with a Location header that is not a URL \("http:\/\/\[::1"\); it was not followed/);
      assert.doesNotMatch(report.probe.message, /dropped/);
      assert.equal(peer.requests(), 3, 'the probe, ServiceProviderConfig and Schemas, once each: no retries');
    } finally {
      await peer.close();
    }
  });

  test('response headers over the client limit: said so, not "connection dropped", not retried', async () => {
    const peer = await startRawPeer(`HTTP/1.1 200 OK\r\nX-Padding: ${'x'.repeat(70_000)}\r\nContent-Length: 2\r\n\r\n{}`);
    try {
      const report = await testConnection(clientFor(`${peer.origin}/scim/v2`, 'token-1234').client);
      assert.equal(report.probe.errorKind, 'protocol');
      assert.match(report.probe.message, /response headers larger than the client accepts/);
      assert.equal(peer.requests(), 1, 'one request: not retried, and no discovery after an answer that breaks HTTP');
    } finally {
      await peer.close();
    }
  });

  test('a response that is not valid HTTP: said so, not retried', async () => {
    const peer = await startRawPeer('HTTP/1.1 200 OK\r\nContent-Length: nope\r\n\r\n{}');
    try {
      const report = await testConnection(clientFor(`${peer.origin}/scim/v2`, 'token-1234').client);
      assert.equal(report.probe.errorKind, 'protocol');
      assert.match(report.probe.message, /not valid HTTP \(.*Content-Length/);
      assert.equal(peer.requests(), 1);
    } finally {
      await peer.close();
    }
  });
});

describe('secrets in headers other than Authorization (issue 10 §15)', () => {
  test('a custom API-key header, a Basic header and a cookie from a secret are redacted from the log and from errors, as the token is', async () => {
    const apiKey = 'api-key-0123456789abcdef';
    const cookieSecret = 'cookie-secret-fedcba9876';
    const basic = Buffer.from(`someone:${'basic-secret-42'}`).toString('base64');
    const peer = await startLoopbackServer((req, res) => {
      // A same-origin redirect whose URL carries the key, then a 400 that echoes every header back.
      if (!req.url?.includes('redirected')) return res.writeHead(302, { location: `/scim/v2/redirected?key=${apiKey}` }).end();
      res
        .writeHead(400, { 'content-type': 'application/json' })
        .end(JSON.stringify({ detail: `you sent ${JSON.stringify(req.headers)} to ${req.url}` }));
    });
    try {
      const { client, log } = clientFor(`${peer.origin}/scim/v2`, 'bearer-token-value');
      const response = await client.send({
        method: 'GET',
        path: '/Users',
        headers: { 'x-api-key': apiKey, cookie: `session=${cookieSecret}; theme=dark`, 'x-legacy-auth': `Basic ${basic}` },
      });
      const message = client.error(response).message;
      const printed = [...log, message].join('\n');
      assert.match(message, /you sent/);
      assert.match(printed, /redirected\?key=\*\*\*\*/);
      for (const secret of [apiKey, cookieSecret, basic, 'bearer-token-value'])
        assert.ok(!printed.includes(secret), `${secret} was printed`);
    } finally {
      await peer.close();
    }
  });
});

describe('the Graph client shares the header rules', () => {
  test('a token with a line break or a character outside Latin-1 is refused before anything is sent, not retried', async () => {
    let requests = 0;
    const peer = await startLoopbackServer((_req, res) => {
      requests++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    try {
      for (const [token, reason] of [
        ['graph-token\n', /contains a line break/],
        ['graph\u2019token', /contains the character U\+2019/],
      ] as const) {
        const graph = new GraphClient({ graphUrl: peer.origin, tokens: new StaticToken(`${token}x`) });
        await assert.rejects(
          graph.text({ method: 'GET', path: '/servicePrincipals', permission: 'Application.Read.All', notFound: 'no such app' }),
          (error: Error) => {
            assert.ok(error instanceof ScimError && error.kind === 'token', String(error));
            assert.match(error.message, reason);
            return true;
          },
        );
        await graph.close();
      }
      assert.equal(requests, 0);
    } finally {
      await peer.close();
    }
  });
});

describe('an access token the token endpoint issued that no header can carry', () => {
  // Before: "The token contains a line break (at character 7) ... copy it again without it (a trailing
  // newline from a file or a paste is the usual cause)", about a token nobody pasted.
  test('blames the token endpoint, not a paste, and nothing is sent with it', async () => {
    const scimCalls: string[] = [];
    const peer = await startLoopbackServer((req, res) => {
      if (req.url === '/oauth/token') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ access_token: 'ISSUED\r\nX-Injected: 1', token_type: 'bearer', expires_in: 86399 }));
      }
      scimCalls.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/scim+json' }).end('{}');
    });
    const http = new HttpTransport({ retry: fastRetry });
    const tokens = new OAuthClientCredentials({
      tokenUrl: `${peer.origin}/oauth/token`,
      clientId: 'id',
      clientSecret: 'secret-value',
      http,
    });
    const client = new ScimClient({ root: `${peer.origin}/scim`, tokens, http });
    try {
      await assert.rejects(client.json({ method: 'GET', path: '/Users' }), (error: Error) => {
        assert.ok(error instanceof ScimError && error.kind === 'token', String(error));
        assert.match(
          error.message,
          /^The token endpoint 127\.0\.0\.1:\d+ issued an access token that contains a line break \(at character 7\)/,
        );
        assert.match(error.message, /the region or token URL/);
        assert.doesNotMatch(error.message, /paste|copy it again/);
        return true;
      });
      assert.deepEqual(scimCalls, []);
    } finally {
      await client.close();
      await peer.close();
    }
  });
});

describe('a secret quoted back in the forms it travelled in', () => {
  // An Azure client secret holds "~"; this one a space too. URLSearchParams writes them %7E and +.
  const clientSecret = 'Qx38Q~Zp9rT2vL.wM4n B_kY7cH-dF1sJ6gA0eUiO';
  const formEncoded = new URLSearchParams({ client_secret: clientSecret }).toString().slice('client_secret='.length);

  // Before: "The token endpoint refused the OAuth client (400: bad body: grant_type=...&client_secret=Qx38Q%7EZp9rT2vL...)".
  test('a token endpoint that quotes the form body it got: the form-urlencoded secret is redacted, in either case of its escapes', async () => {
    const peer = await startLoopbackServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const lower = body.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'invalid_client', error_description: `bad body: ${body} (read as ${lower})` }));
      });
    });
    const tokens = new OAuthClientCredentials({
      tokenUrl: `${peer.origin}/oauth2/v2.0/token`,
      clientId: 'cid1',
      clientSecret,
      http: new HttpTransport({ retry: fastRetry }),
      credentialsInBody: true,
    });
    try {
      await assert.rejects(tokens.token(), (error: Error) => {
        assert.ok(error instanceof ScimError && error.kind === 'oauth', String(error));
        assert.match(error.message, /client_secret=\*\*\*\*/);
        assert.ok(formEncoded.includes('%7E') && formEncoded.includes('+'), formEncoded);
        for (const form of [formEncoded, formEncoded.toLowerCase(), 'Qx38Q', 'dF1sJ6gA0eUiO'])
          assert.ok(!error.message.includes(form), error.message);
        return true;
      });
    } finally {
      await peer.close();
    }
  });

  // Before: "bad token U0VDUkVUVE9LRU4tcTlXOGU3UjZ0NQ==" was printed: base64 was redacted for Basic credentials only.
  test('a SCIM peer that quotes the bearer token base64-encoded: that form is redacted too', async () => {
    const token = 'SECRETTOKEN-q9W8e7R6t5';
    const peer = await startLoopbackServer((req, res) => {
      const sent = (req.headers.authorization ?? '').split(' ').pop() ?? '';
      res.writeHead(400, { 'content-type': 'application/scim+json' });
      res.end(
        JSON.stringify({
          status: '400',
          detail: `bad token ${Buffer.from(sent).toString('base64')} / ${Buffer.from(sent).toString('base64url')}`,
        }),
      );
    });
    const { client, log } = clientFor(`${peer.origin}/scim`, token);
    try {
      await assert.rejects(client.json({ method: 'GET', path: '/Users' }), (error: Error) => {
        const printed = [...log, error.message].join('\n');
        assert.match(error.message, /bad token \*\*\*\* \/ \*\*\*\*/);
        for (const form of [token, Buffer.from(token).toString('base64'), Buffer.from(token).toString('base64url')])
          assert.ok(!printed.includes(form), printed);
        return true;
      });
    } finally {
      await client.close();
      await peer.close();
    }
  });
});

// Before: --timeout 0.001 started "(time budget 0.001 s)" and ran out as "the 0 s time budget".
test('a time budget under a tenth of a second is named by its own value', () => {
  assert.equal(runBudget(0.001, '').describe(), 'the 0.001 s time budget');
  assert.equal(runBudget(0.05, '').describe(), 'the 0.05 s time budget');
  assert.equal(runBudget(1.5, '').describe(), 'the 1.5 s time budget');
  assert.equal(runBudget(60, '').describe(), 'the 60 s time budget');
});

// Before: "(time budget 1.0049999999999999 s)" at the start, "the 1 s time budget" when it ran out.
test('the time budget said at the start is the one said when it runs out', async () => {
  const io = capture();
  assert.equal(startBudget(io, 'scimmap discover: reading x', 1.005).describe(), 'the 1 s time budget');
  assert.equal(startBudget(io, 'scimmap discover: reading x', 0.0123).describe(), 'the 0.012 s time budget');
  const progress: string[] = [];
  const server = await startLoopbackServer((_request, response) => response.writeHead(200).end('{"Resources":[]}'));
  try {
    await testConnection(clientFor(`${server.origin}/scim/v2`, 'token').client, {
      timeLimitSeconds: 1.005,
      progress: (line) => progress.push(line),
    });
  } finally {
    await server.close();
  }
  assert.deepEqual(
    [...io.stderr, progress[0].replace(/^.*\(/, '(')],
    ['scimmap discover: reading x (time budget 1 s)', 'scimmap discover: reading x (time budget 0.012 s)', '(time budget 1 s)'],
  );
});
