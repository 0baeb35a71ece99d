// Test Connection as Entra runs it, against the Genesys sandbox and against a third-party SCIM
// server (scimmy), plus the report the user reads.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { matchOnFilterableAttribute } from '../../../shared/src/scim/errors';
import { formatReport } from '../../../shared/src/scim/report';
import { testConnection } from '../../../shared/src/scim/test-connection';
import { startScimmyPeer, type Peer } from '../../sandbox/scimmy-peer';
import { clientFor, startLoopbackServer, useSandbox, type LoopbackServer } from './helpers';

const guidFilter = (attribute: string) =>
  new RegExp(`^${attribute} eq "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"$`);

describe('Test Connection against the Genesys sandbox', () => {
  const sandbox = useSandbox();

  test("sends exactly Entra's probe and accepts 200 with an empty ListResponse", async () => {
    const report = await testConnection(clientFor(sandbox().url, sandbox().token).client);
    assert.equal(report.accepted, true);
    const [probe] = sandbox().requests;
    assert.equal(probe.method, 'GET');
    assert.equal(probe.path, '/api/v2/scim/v2/Users');
    assert.deepEqual(Object.keys(probe.query), ['filter']);
    assert.match(probe.query.filter, guidFilter('userName'));
    assert.match(report.probe.message, /Entra accepts/);
  });

  test("the matching attribute of the open mapping is the probe's filter attribute", async () => {
    await testConnection(clientFor(sandbox().url, sandbox().token).client, { matchingAttribute: 'externalId' });
    assert.match(sandbox().requests[0].query.filter, guidFilter('externalId'));
  });

  test('reports what ServiceProviderConfig and Schemas say', async () => {
    const report = await testConnection(clientFor(sandbox().url, sandbox().token).client);
    assert.deepEqual(
      {
        patch: report.capabilities?.patch,
        filter: report.capabilities?.filter,
        etag: report.capabilities?.etag,
        bulk: report.capabilities?.bulk,
      },
      { patch: true, filter: true, etag: true, bulk: false },
    );
    assert.deepEqual(report.schemas, [
      'urn:ietf:params:scim:schemas:core:2.0:User',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
      'urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User',
      'urn:ietf:params:scim:schemas:core:2.0:Group',
    ]);
    assert.deepEqual(
      sandbox().requests.map((request) => request.path),
      ['/api/v2/scim/v2/Users', '/api/v2/scim/v2/ServiceProviderConfig', '/api/v2/scim/v2/Schemas'],
    );
  });

  test("lists the mapped targets the endpoint's schemas lack", async () => {
    const report = await testConnection(clientFor(sandbox().url, sandbox().token).client, {
      userTargets: [
        'userName',
        'emails[type eq "work"].value',
        'phoneNumbers[type eq "mobile"].value',
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
        'urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User:externalIds[authority eq "microsoftteams"].value',
        'name.givenName',
        'emails[type eq "work"].display',
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter',
        'urn:example:custom:1.0:User:badge',
      ],
      groupTargets: ['displayName', 'members', 'description'],
    });
    assert.deepEqual(
      report.missingTargets.map((missing) => `${missing.object} ${missing.target}`),
      [
        'users name.givenName',
        'users emails[type eq "work"].display',
        'users urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter',
        'users urn:example:custom:1.0:User:badge',
        'groups description',
      ],
    );
    assert.match(report.missingTargets[0].reason, /has no attribute "name"/);
    assert.match(report.missingTargets[3].reason, /no schema for this URN/);
    assert.ok(
      formatReport(report).includes('    users: name.givenName (urn:ietf:params:scim:schemas:core:2.0:User has no attribute "name")'),
    );
  });

  test('a 404 to the probe is the incompatibility Entra rejects', async () => {
    const report = await testConnection(clientFor(`${sandbox().url}/nowhere`, sandbox().token).client);
    assert.equal(report.accepted, false);
    assert.equal(report.probe.status, 404);
    assert.match(report.probe.message, /Entra rejects this endpoint/);
    assert.deepEqual(report.notes, [
      'ServiceProviderConfig and Schemas are not found either: the tenant URL itself is wrong, not only the filter query.',
    ]);
  });

  test('a refused token fails the test and skips discovery', async () => {
    const report = await testConnection(clientFor(sandbox().url, 'expired-token-value').client);
    assert.equal(report.accepted, false);
    assert.equal(report.probe.errorKind, 'unauthorized');
    assert.equal(report.capabilities, undefined);
    assert.equal(sandbox().requests.length, 1);
    assert.match(formatReport(report)[0], /^FAIL/);
  });

  test('a matching attribute Genesys Cloud cannot filter on: the advice names the ones it can', async () => {
    const report = await testConnection(clientFor(sandbox().url, sandbox().token).client, { matchingAttribute: 'title' });
    assert.match(report.probe.message, /cannot filter on title, .*\(Genesys Cloud: userName for users, displayName for groups\)\.$/);
  });

  // Before: /ServiceProviderConfig and /Schemas were tried after the probe had failed the TLS handshake, and the report repeated the failure twice.
  test('a host that cannot be reached securely stops the test after the probe, said once', async () => {
    const { client, log } = clientFor(sandbox().url.replace('http://', 'https://'), sandbox().token, { retry: { retries: 0 } });
    const report = await testConnection(client);
    assert.equal(report.probe.errorKind, 'tls');
    assert.deepEqual(report.notes, ['ServiceProviderConfig and Schemas were not read: no secure connection could be made.']);
    assert.equal(log.length, 1);
  });

  // Before: both discovery reads were retried with backoff against the refusing port, tripling the wait, and each repeated the failure.
  test('a port that refuses the connection stops the test after the probe and its retries, said once', async () => {
    const closed = await startLoopbackServer((_req, res) => res.end());
    await closed.close();
    const { client, log } = clientFor(`${closed.origin}/scim`, 'token-value', { retry: { retries: 1, baseDelayMs: 1 } });
    const report = await testConnection(client);
    assert.equal(report.probe.errorKind, 'connection');
    assert.match(report.probe.message, /refused the connection/);
    assert.deepEqual(report.notes, [
      'ServiceProviderConfig and Schemas were not read: the connection was refused or dropped, even after retries.',
    ]);
    assert.equal(log.length, 2);
  });

  // Before: "FAIL  Entra's Test Connection would fail for ...", a verdict on an endpoint that was never heard.
  test('a test cancelled before the probe is answered gives no verdict', async () => {
    const controller = new AbortController();
    controller.abort();
    const report = await testConnection(clientFor(sandbox().url, sandbox().token).client, { signal: controller.signal });
    assert.equal(report.accepted, false);
    assert.equal(report.probe.errorKind, 'cancelled');
    assert.equal(
      formatReport(report)[0],
      `STOP  Test Connection of ${sandbox().url} was cancelled before the probe was answered: no verdict`,
    );
  });

  test('the legacy root answers too', async () => {
    const report = await testConnection(clientFor(sandbox().url.replace(/\/v2$/, ''), sandbox().token).client);
    assert.equal(report.accepted, true);
  });
});

describe('Test Connection against a third-party SCIM server (scimmy)', () => {
  let peer: Peer;
  before(async () => {
    peer = await startScimmyPeer();
  });
  after(async () => {
    await peer.close();
  });

  test("accepted, with the peer's own capabilities", async () => {
    const report = await testConnection(clientFor(peer.url, peer.token).client, {
      userTargets: [
        'userName',
        'name.givenName',
        'externalId',
        'meta.lastModified',
        'urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User:routingSkills',
      ],
      groupTargets: ['displayName', 'externalId'],
    });
    assert.equal(report.accepted, true, report.probe.message);
    assert.equal(report.capabilities?.bulk, true);
    assert.equal(report.capabilities?.etag, false);
    assert.deepEqual(report.capabilities?.authenticationSchemes, ['oauthbearertoken']);
    assert.ok(report.schemas?.includes('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'));
    // externalId and meta are RFC 7643 §3.1 common attributes, which scimmy's /Schemas does not list.
    assert.deepEqual(
      report.missingTargets.map((missing) => missing.target),
      ['urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User:routingSkills'],
    );
  });

  test('the RFC 7644 JSON 401 body is read into the message', async () => {
    const report = await testConnection(clientFor(peer.url, 'wrong-token-value').client);
    assert.equal(report.probe.errorKind, 'unauthorized');
    assert.match(report.probe.message, /Authorization failed: missing or invalid bearer token/);
  });

  test("a strict peer's refusal of Entra's string boolean is reported with its detail", async () => {
    const { client } = clientFor(peer.url, peer.token);
    const { body } = await client.json({
      method: 'POST',
      path: '/Users',
      body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ada@example.com', active: true },
    });
    const id = (body as { id: string }).id;
    const response = await client.send({
      method: 'PATCH',
      path: `/Users/${id}`,
      body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] },
    });
    assert.equal(response.status, 400);
    const error = client.error(response);
    assert.equal(error.kind, 'badRequest');
    assert.match(error.message, /boolean/);
  });
});

describe('Test Connection against an endpoint that cannot filter on the matching attribute', () => {
  let server: LoopbackServer;
  before(async () => {
    server = await startLoopbackServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname !== '/scim/Users') return void res.writeHead(404).end();
      res.writeHead(400, { 'content-type': 'application/scim+json' }).end(
        JSON.stringify({
          schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
          status: '400',
          scimType: 'invalidFilter',
          detail: `cannot filter on ${url.searchParams.get('filter')?.split(' ')[0]}`,
        }),
      );
    });
  });
  after(async () => {
    await server.close();
  });

  // Before: "400: the endpoint rejected the request", with nothing about filtering or what to match on.
  test('a 400 invalidFilter names the probed attribute and says to match on one it can filter, as provisioning does', async () => {
    const report = await testConnection(clientFor(`${server.origin}/scim`, 'token-value').client, {
      matchingAttribute: 'emails[type eq "work"].value',
    });
    assert.equal(report.accepted, false);
    assert.equal(report.probe.errorKind, 'badRequest');
    assert.match(
      report.probe.message,
      /^400 \(invalidFilter\) to the filter query: the endpoint cannot filter on emails\[type eq "work"\]\.value, .*The server said: "cannot filter on emails\[type/,
    );
    assert.ok(report.probe.message.endsWith(matchOnFilterableAttribute(false)), report.probe.message);
    assert.doesNotMatch(report.probe.message, /Genesys/);
  });
});

describe('Test Connection against endpoints that answer oddly', () => {
  let server: LoopbackServer;
  let answers: Record<string, unknown> = {};
  /** The probe's status, when not 200. */
  let usersStatus = 200;
  let requested: string[] = [];
  let root = '';
  before(async () => {
    server = await startLoopbackServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const path = url.pathname.replace(/^\/scim/, '');
      requested.push(`${path}${url.search}`);
      // An answer may depend on the query (a paged list): a function of startIndex.
      const given = answers[path];
      const answer =
        typeof given === 'function' ? (given as (startIndex: number) => unknown)(Number(url.searchParams.get('startIndex') ?? 1)) : given;
      if (answer === undefined) return void res.writeHead(404).end();
      const status = path === '/Users' ? usersStatus : 200;
      res.writeHead(status, { 'content-type': 'application/scim+json' }).end(status === 204 ? undefined : JSON.stringify(answer));
    });
    root = `${server.origin}/scim`;
  });
  after(async () => {
    await server.close();
  });

  const list = { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0 };

  // String flags were "not stated" here while discover read the same document's "true" leniently (docs/targets.md): one reading now.
  test('an empty list without Resources is accepted; string flags are read as the booleans they spell', async () => {
    answers = {
      '/Users': list,
      '/ServiceProviderConfig': { patch: { supported: 'true' }, filter: { supported: true }, etag: { supported: 'False' } },
      '/Schemas': { detail: 'not a list' },
    };
    const report = await testConnection(clientFor(root, 'token-value').client, { userTargets: ['userName'] });
    assert.equal(report.accepted, true);
    assert.deepEqual([report.capabilities?.patch, report.capabilities?.filter, report.capabilities?.etag], [true, true, false]);
    assert.ok(formatReport(report).includes('  supports: patch yes, filter yes, etag no, sort not stated, bulk not stated'));
    assert.match(report.notes.join(), /not a list of schemas/);
  });

  // A SCIM Error sent with 200 was "not a list of schemas" (or "schemas does not name ListResponse"): the server's words were lost.
  test('a SCIM Error answered with 200 is reported with what the server said, on /Schemas and on the probe', async () => {
    const error = (status: string, detail: string) => ({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status, detail });
    answers = { '/Users': list, '/ServiceProviderConfig': {}, '/Schemas': error('403', 'Schema discovery is not allowed for this token') };
    const report = await testConnection(clientFor(root, 'token-value').client, { userTargets: ['userName'] });
    assert.equal(report.accepted, true);
    const note = report.notes.find((line) => line.startsWith('/Schemas:'));
    assert.match(note ?? '', /answered 200, but with a SCIM Error \(status 403\).*"Schema discovery is not allowed for this token"/);
    assert.doesNotMatch(note ?? '', /not a list of schemas/);
    answers = { '/Users': error('401', 'Token expired at 12:00') };
    const refused = await testConnection(clientFor(root, 'token-value').client);
    assert.equal(refused.accepted, false);
    assert.match(refused.probe.message, /answered 200, but with a SCIM Error \(status 401\).*"Token expired at 12:00"/);
  });

  // Before: a mapping given and /Schemas unreadable (404, 403, a SCIM Error), the report said nothing of the targets it could not check.
  test('mapped targets that could not be checked, because /Schemas could not be read, are said to be unchecked', async () => {
    answers = { '/Users': list, '/ServiceProviderConfig': {} };
    const report = await testConnection(clientFor(root, 'token-value').client, {
      userTargets: ['userName', 'title'],
      groupTargets: ['displayName'],
    });
    assert.equal(report.checkedTargets, 0);
    assert.ok(
      report.notes.includes("The 3 mapped targets were not checked: the endpoint's /Schemas could not be read."),
      report.notes.join('\n'),
    );
    const unmapped = await testConnection(clientFor(root, 'token-value').client);
    assert.ok(!unmapped.notes.some((note) => note.includes('not checked')));
  });

  test('a filter that matches the random GUID, or a body that is not a ListResponse, is rejected', async () => {
    answers = { '/Users': { ...list, totalResults: 3, Resources: [{ id: '1' }, { id: '2' }, { id: '3' }] } };
    const ignored = await testConnection(clientFor(root, 'token-value').client);
    assert.equal(ignored.accepted, false);
    assert.match(ignored.probe.message, /matched 3 user\(s\): the endpoint ignores or mis-evaluates the filter/);
    // Before: "matched 0 user(s)", the totalResults of a body that holds a user.
    answers = { '/Users': { ...list, totalResults: 0, Resources: [{ id: 'x' }] } };
    const miscounted = await testConnection(clientFor(root, 'token-value').client);
    assert.equal(miscounted.accepted, false);
    assert.match(miscounted.probe.message, /matched 1 user\(s\): the endpoint ignores or mis-evaluates the filter/);
    answers = { '/Users': [] };
    const notList = await testConnection(clientFor(root, 'token-value').client);
    assert.equal(notList.accepted, false);
    assert.match(notList.probe.message, /not a JSON object/);
    answers = { '/Users': { totalResults: 0, Resources: [] } };
    const noSchemas = await testConnection(clientFor(root, 'token-value').client);
    assert.match(noSchemas.probe.message, /does not name urn:ietf:params:scim:api:messages:2.0:ListResponse/);
  });

  // Before: a 201 was accepted ("PASS ... 200 with an empty ListResponse"), and a 204 failed as "200, but the body is not a JSON object".
  test('only 200 passes the probe: another 2xx fails with its own status', async () => {
    answers = { '/Users': list };
    try {
      for (const status of [201, 202, 204]) {
        usersStatus = status;
        const report = await testConnection(clientFor(root, 'token-value').client);
        assert.equal(report.accepted, false, `${status}`);
        assert.equal(report.probe.status, status);
        assert.match(report.probe.message, new RegExp(`^${status} to the filter query, not 200: Entra accepts`));
        assert.doesNotMatch(report.probe.message, /Entra accepts this endpoint/);
      }
    } finally {
      usersStatus = 200;
    }
  });

  // Before: only the first page of /Schemas was read, and the enterprise extension on the second page
  // was reported missing ("the endpoint lists no schema for this URN"), where discover reads both.
  // Before (with a SCIM Error under 200 read as one): the whole /Schemas read failed, and the page read before it was lost.
  test('a later /Schemas page answered with a SCIM Error under 200: the schemas read before it are kept, with a note', async () => {
    const core = { id: 'urn:ietf:params:scim:schemas:core:2.0:User', attributes: [{ name: 'userName' }] };
    answers = {
      '/Users': list,
      '/Schemas': (startIndex: number) =>
        startIndex === 1
          ? { ...list, totalResults: 2, itemsPerPage: 1, startIndex, Resources: [core] }
          : { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '500', detail: 'Page cache expired' },
    };
    const report = await testConnection(clientFor(root, 'token-value').client, { userTargets: ['userName'] });
    assert.deepEqual(report.schemas, [core.id]);
    assert.equal(report.checkedTargets, 1);
    assert.match(
      report.notes.join('\n'),
      /\/Schemas: page 2: .*SCIM Error \(status 500\).*"Page cache expired"\. Kept the 1 of 2 items read before it\./,
    );
  });

  test('/Schemas is read following its paging, as discover reads it', async () => {
    const schema = (id: string, name: string) => ({ id, attributes: [{ name }] });
    const pages = [
      schema('urn:ietf:params:scim:schemas:core:2.0:User', 'userName'),
      schema('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', 'department'),
    ];
    answers = {
      '/Users': list,
      '/Schemas': (startIndex: number) => ({ ...list, totalResults: 2, itemsPerPage: 1, startIndex, Resources: [pages[startIndex - 1]] }),
    };
    requested = [];
    const report = await testConnection(clientFor(root, 'token-value').client, {
      userTargets: ['userName', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department'],
    });
    assert.deepEqual(
      report.schemas,
      pages.map((page) => page.id),
    );
    assert.deepEqual(report.missingTargets, []);
    assert.equal(report.checkedTargets, 2);
    assert.deepEqual(
      requested.filter((request) => request.startsWith('/Schemas')),
      ['/Schemas', '/Schemas?startIndex=2&count=1'],
    );
  });
});
