// What Graph's error messages tell the user to do: the shared HTTP layer's advice names Graph's own
// options (--graph-url, --login-url, --tenant), while a SCIM connection's keeps the tenant URL and the
// region; Graph's own text and request ids are quoted as they are; --graph-url is an origin.
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { GraphClient, type GraphCall } from '../../../shared/src/graph/client';
import { ScimError } from '../../../shared/src/scim/errors';
import { HttpTransport } from '../../../shared/src/scim/http';
import { OAuthClientCredentials, StaticToken } from '../../../shared/src/scim/tokens';
import { main } from '../../../server/src/cli/main';
import { capture, tempFiles } from '../cli/cli-io';
import { clientFor, startLoopbackServer, type LoopbackServer } from '../scim/helpers';

const token = 'eyJ0eXAiOiJKV1Qi.messages-token.c2lnbmF0dXJl';
const secret = 'Qx8~messages-client-secret~w9';
const clientId = '4c3b2a19-aaaa-4bbb-8ccc-1d2e3f4a5b6c';
const output = () => tempFiles('scimmap-graph-messages-')('app.scimmap', '');
const tokenEnv = ['--token-env', 'SCIMMAP_TEST_MESSAGES_TOKEN'];
const listApps: GraphCall = { method: 'GET', path: '/servicePrincipals', permission: 'Application.Read.All', notFound: 'no such app.' };

/** How the loopback peer answers: set by each test. */
let answer: (res: ServerResponse, req: IncomingMessage) => void;
let peer: LoopbackServer;

before(async () => {
  peer = await startLoopbackServer((req, res) => answer(res, req));
  process.env.SCIMMAP_TEST_MESSAGES_TOKEN = token;
  process.env.SCIMMAP_TEST_MESSAGES_SECRET = secret;
});

after(() => peer.close());

const oversize = (res: ServerResponse) => res.writeHead(200, { 'content-type': 'application/json', 'content-length': '6000000' }).end();
const stall = () => undefined;
const html = (res: ServerResponse) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Sign in</html>');

/** Runs `scimmap pull --app x -o FILE` with the Graph options; its exit code and stderr. */
async function pull(graphOptions: string[]): Promise<{ code: number; stderr: string }> {
  const io = capture();
  const code = await main(['pull', '--app', 'x', '-o', output(), ...graphOptions], io);
  return { code, stderr: io.stderr.join('\n') };
}

async function failure(promise: Promise<unknown>): Promise<ScimError> {
  const error = await promise.then(
    () => assert.fail('the call succeeded'),
    (reason: unknown) => reason,
  );
  assert.ok(error instanceof ScimError, String(error));
  return error;
}

describe("a Graph call's advice names Graph's options", () => {
  test('an oversize answer: check --graph-url, not a SCIM tenant URL', async () => {
    answer = oversize;
    const { code, stderr } = await pull(['--graph-url', peer.origin, ...tokenEnv]);
    assert.equal(code, 1);
    assert.match(
      stderr,
      /^scimmap pull: .*larger than 5242880 bytes.*check --graph-url \(https:\/\/graph\.microsoft\.com or a national cloud's Graph\)\.$/,
    );
    assert.doesNotMatch(stderr, /SCIM|tenant URL|region/);
  });

  // Before: an entry that was not an object crashed pull with a TypeError (the bundle's stack trace),
  // and an app or job without an id was asked for at .../servicePrincipals/undefined/....
  test('an app or a job without an id is no answer of Graph: check --graph-url', async () => {
    const app = { id: '0a1b2c3d-0000-4000-8000-000000000001', displayName: 'x' };
    const cases: [string, unknown[], unknown[]][] = [
      ['an app that is null', [null], []],
      ['an app without an id', [{ displayName: 'x' }], []],
      ['a job that is null', [app], [null]],
      ['a job without an id', [app], [{ templateId: 'scim' }]],
    ];
    for (const [what, apps, jobs] of cases) {
      const asked: string[] = [];
      answer = (res, req) => {
        asked.push(req.url ?? '');
        const value = req.url?.includes('/synchronization/jobs') ? jobs : apps;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value }));
      };
      const { code, stderr } = await pull(['--graph-url', peer.origin, ...tokenEnv]);
      assert.equal(code, 1, `${what}: ${stderr}`);
      assert.match(stderr, /^scimmap pull: Graph answered .* with an entry that has no id.*Check --graph-url \(/, what);
      assert.ok(!asked.some((url) => url.includes('undefined')), `${what}: ${asked.join(' ')}`);
    }
  });

  test('a Graph that stalls: check --graph-url', async () => {
    answer = stall;
    const graph = new GraphClient({ graphUrl: peer.origin, tokens: new StaticToken(token), timeoutMs: 200, retry: { retries: 0 } });
    const error = await failure(graph.text(listApps));
    await graph.close();
    assert.equal(error.kind, 'timeout');
    assert.match(error.message, /did not answer in time\. Check your network or proxy, and --graph-url \(/);
    assert.doesNotMatch(error.message, /SCIM|tenant URL/);
  });

  test('a token endpoint answering HTML: check --login-url and --tenant, not a region or token URL', async () => {
    answer = html;
    const { code, stderr } = await pull([
      '--graph-url',
      peer.origin,
      '--login-url',
      peer.origin,
      '--tenant',
      't1',
      '--client-id',
      clientId,
      '--client-secret-env',
      'SCIMMAP_TEST_MESSAGES_SECRET',
    ]);
    assert.equal(code, 1);
    assert.equal(stderr, 'scimmap pull: The token endpoint answered 200 but not with JSON. Check --login-url and --tenant.');
  });

  test('a token endpoint that stalls: check --login-url and --tenant', async () => {
    answer = stall;
    const http = new HttpTransport({
      advice: { url: '--graph-url', tokenUrl: '--login-url and --tenant' },
      timeoutMs: 200,
      retry: { retries: 0 },
    });
    const tokens = new OAuthClientCredentials({ tokenUrl: `${peer.origin}/t1/oauth2/v2.0/token`, clientId, clientSecret: secret, http });
    const error = await failure(tokens.token());
    await http.close();
    assert.match(error.message, /did not answer in time\. Check your network or proxy, and --login-url and --tenant;/);
  });
});

describe("a SCIM call keeps the SCIM connection's advice", () => {
  test('an oversize answer and a stall: check the tenant URL', async () => {
    answer = oversize;
    const { client } = clientFor(`${peer.origin}/scim/v2`, token, { timeoutMs: 200, retry: { retries: 0 } });
    assert.match((await failure(client.json({ method: 'GET', path: '/Users' }))).message, /small JSON documents: check the tenant URL\.$/);
    answer = stall;
    assert.match(
      (await failure(client.json({ method: 'GET', path: '/Users' }))).message,
      /Check your network or proxy, and the tenant URL;/,
    );
    await client.close();
  });

  test('a token endpoint answering HTML: check the region or token URL', async () => {
    answer = html;
    const http = new HttpTransport();
    const tokens = new OAuthClientCredentials({ tokenUrl: `${peer.origin}/oauth/token`, clientId, clientSecret: secret, http });
    assert.equal(
      (await failure(tokens.token())).message,
      'The token endpoint answered 200 but not with JSON. Check the region or token URL.',
    );
    await http.close();
  });

  // Before: "answered 200 but not with JSON", though it was JSON: too deep to be read.
  test('a token endpoint answering JSON nested too deep says so', async () => {
    answer = (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('['.repeat(100_000));
    const http = new HttpTransport();
    const tokens = new OAuthClientCredentials({ tokenUrl: `${peer.origin}/oauth/token`, clientId, clientSecret: secret, http });
    assert.equal(
      (await failure(tokens.token())).message,
      'The token endpoint answered 200 with JSON that nests deeper than 64 levels. Check the region or token URL.',
    );
    await http.close();
  });
});

describe("Graph's own text and ids", () => {
  const graphError = (status: number, headers: Record<string, string>, message: string) => (res: ServerResponse) =>
    res
      .writeHead(status, { 'content-type': 'application/json', ...headers })
      .end(JSON.stringify({ error: { code: 'Authorization_RequestDenied', message } }));

  async function graphFailure(): Promise<string> {
    const graph = new GraphClient({ graphUrl: peer.origin, tokens: new StaticToken(token), retry: { retries: 0 } });
    const error = await failure(graph.text(listApps));
    await graph.close();
    return error.message;
  }

  test("Graph's message, ending in a period, is quoted with one period", async () => {
    answer = graphError(403, {}, 'Insufficient privileges to complete the operation.');
    const message = await graphFailure();
    assert.match(
      message,
      /Graph said: Authorization_RequestDenied: Insufficient privileges to complete the operation\. For an app registration/,
    );
    assert.doesNotMatch(message, /\.\./);
  });

  test("a 5xx gives Graph's request-id and client-request-id headers to report, and asks for no id it does not have", async () => {
    answer = graphError(500, { 'request-id': 'a1b2-request', 'client-request-id': 'c3d4-client' }, 'Boom.');
    assert.match(await graphFailure(), /report it to Microsoft with request-id a1b2-request, client-request-id c3d4-client\.$/);
    answer = graphError(500, {}, 'Boom.');
    const withoutIds = await graphFailure();
    assert.match(withoutIds, /Try again later; if it persists, report it to Microsoft\.$/);
    assert.doesNotMatch(withoutIds, /request.id/);
  });
});

describe('--graph-url', () => {
  test('a --graph-url with a path or query is refused (exit 2) with the origin to give; a trailing slash is an origin', async () => {
    answer = (res) => res.writeHead(401).end();
    for (const given of [`${peer.origin}/beta/some/path?x=1`, `${peer.origin}/v1.0`, `${peer.origin}?x=1`]) {
      const { code, stderr } = await pull(['--graph-url', given, ...tokenEnv]);
      assert.equal(code, 2);
      assert.match(stderr, new RegExp(`^scimmap pull: --graph-url takes a Graph's origin.*: give --graph-url '${peer.origin}'\\n`));
    }
    const { stderr } = await pull(['--graph-url', `${peer.origin}/`, ...tokenEnv]);
    assert.doesNotMatch(stderr, /--graph-url takes/);
  });
});
