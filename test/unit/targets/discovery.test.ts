// Discovery against real endpoints on loopback: the Genesys-like sandbox and the third-party scimmy
// peer; then the answers real servers give that are not textbook (bare arrays, paging, no
// /ResourceTypes) and bad input (not SCIM, 404s, a 50 MB answer, unknown types, nesting): a clear
// message, whatever could be read kept, nothing written on failure.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fetchDiscovery } from '../../../shared/src/scim/discovery';
import { targetSchemaFromDiscovery } from '../../../server/src/schema/discovery';
import { findTargetAttributeByPath, findTargetResource } from '../../../server/src/schema/target';
import { analyze } from '../../../server/src/validation/analyze';
import { main } from '../../../server/src/cli/main';
import { startScimmyPeer, type Peer } from '../../sandbox/scimmy-peer';
import { clientFor, startLoopbackServer, useSandbox, type LoopbackServer } from '../scim/helpers';
import { capture, tempFiles } from '../cli/cli-io';

const AT = '2026-12-06T21:00:00.000Z';
const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const GENESYS = 'urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User';

async function discover(root: string, token: string) {
  const { client } = clientFor(root, token);
  try {
    return targetSchemaFromDiscovery(await fetchDiscovery(client), { name: 'Discovered', at: AT });
  } finally {
    await client.close();
  }
}

describe('discovery against the Genesys sandbox', () => {
  const sandbox = useSandbox();

  test('users and groups with the core, enterprise and Genesys schemas, and what ServiceProviderConfig says', async () => {
    const { target, json, warnings } = await discover(sandbox().url, sandbox().token);
    assert.deepEqual(warnings, []);
    const users = findTargetResource(target, 'users')!;
    assert.deepEqual(
      users.schemas.map((s) => s.id),
      [CORE_USER, ENTERPRISE, GENESYS],
    );
    assert.deepEqual(users.required, ['userName', 'active', 'displayName']);
    assert.equal(findTargetResource(target, 'groups')!.endpoint, '/Groups');
    assert.deepEqual(target.serviceProvider, {
      patch: true,
      bulk: false,
      filter: true,
      etag: true,
      sort: false,
      changePassword: true,
    });
    assert.deepEqual((json.discovered as { url: string }).url, sandbox().url);
    // The sandbox lists id, externalId and meta itself: kept as listed, not added a second time.
    const core = users.schemas[0].attributes.map((attribute) => attribute.name);
    for (const name of ['id', 'externalId', 'meta']) assert.equal(core.filter((listed) => listed === name).length, 1, name);
    assert.match(findTargetAttributeByPath(users, 'externalId')!.attribute.description, /Genesys/);
    // The sandbox does not say what it can filter on: unknown, not guessed.
    assert.equal(findTargetAttributeByPath(users, 'userName')!.attribute.filterable, undefined);
    // Canonical values are suggestions in RFC 7643: kept as such.
    const phoneType = findTargetAttributeByPath(users, 'phoneNumbers')!.attribute.subAttributes!.find((s) => s.name === 'type')!;
    assert.ok(phoneType.suggestedValues!.includes('microsoftteams'));
  });

  test('the Genesys default mapping checks without errors against the discovered schema; typos are caught', async () => {
    const { target } = await discover(sandbox().url, sandbox().token);
    const mapping = readFileSync('examples/purecloud.scimmap', 'utf8');
    const errors = (text: string) =>
      analyze(text, { override: target })
        .diagnostics.filter((d) => d.severity === 'error')
        .map((d) => `${d.code} @ ${text.slice(d.span.start, d.span.end)}`);
    assert.deepEqual(errors(mapping), []);
    const typo = mapping
      .replace('displayName <- [displayName]\n  emails', 'dispalyName <- [displayName]\n  emails')
      .replace(`${ENTERPRISE}:department`, `${ENTERPRISE}:departmnet`);
    // dispalyName's unknown-target suggests displayName: one mistake, so no missing-required-target repeats it.
    assert.deepEqual(errors(typo), ['unknown-target @ dispalyName', 'unknown-target @ departmnet']);
  });
});

describe('discovery against the scimmy peer (a third-party SCIM implementation)', () => {
  let peer: Peer;
  before(async () => {
    peer = await startScimmyPeer();
  });
  after(async () => {
    await peer.close();
  });

  test('RFC 7643 schemas as scimmy declares them, with its ServiceProviderConfig', async () => {
    const { target } = await discover(peer.url, peer.token);
    const users = findTargetResource(target, 'users')!;
    assert.ok(users.schemas.some((s) => s.id === CORE_USER));
    assert.ok(findTargetResource(target, 'groups'));
    for (const path of ['userName', 'name', 'emails', 'active']) assert.ok(findTargetAttributeByPath(users, path), path);
    assert.equal(
      findTargetAttributeByPath(users, 'name')!.attribute.subAttributes!.some((s) => s.name === 'givenName'),
      true,
    );
    assert.equal(target.serviceProvider?.patch, true);
    assert.equal(target.serviceProvider?.filter, true);
    const text = `users {\n  userName <- [userPrincipalName] match 1\n  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")\n  name.givenName <- [givenName]\n  emails[type eq "work"].value <- [mail]\n  name.famlyName <- [surname]\n}\n`;
    const found = analyze(text, { override: target }).diagnostics.map((d) => `${d.code} @ ${text.slice(d.span.start, d.span.end)}`);
    assert.deepEqual(found, ['unknown-sub-attribute @ famlyName']);
  });

  // Before: scimmy's /Schemas, like RFC 7643 §8.7.1, does not list the §3.1 common attributes, so
  // `externalId <- [objectId]` (Entra's default for users and groups) was an unknown target.
  test('the RFC 7643 common attributes: externalId writable, id and meta read-only; the Genesys example checks clean', async () => {
    const { target } = await discover(peer.url, peer.token);
    for (const block of ['users', 'groups'] as const) {
      const resource = findTargetResource(target, block)!;
      const externalId = findTargetAttributeByPath(resource, 'externalId')!.attribute;
      assert.deepEqual([externalId.type, externalId.mutability, externalId.caseExact], ['string', 'readWrite', true], block);
      assert.equal(findTargetAttributeByPath(resource, 'id')!.attribute.mutability, 'readOnly', block);
      const meta = findTargetAttributeByPath(resource, 'meta')!.attribute;
      assert.deepEqual([meta.mutability, meta.subAttributes!.some((sub) => sub.name === 'lastModified')], ['readOnly', true], block);
    }
    const errors = (text: string) =>
      analyze(text, { override: target })
        .diagnostics.filter((d) => d.severity === 'error')
        .map((d) => `${d.code} @ ${text.slice(d.span.start, d.span.end)}`);
    assert.deepEqual(errors(readFileSync('examples/purecloud.scimmap', 'utf8')), []);
    const entraDefault = `users {\n  externalId <- [objectId] match 1\n  userName <- [userPrincipalName] match 2\n  id <- [objectId]\n}\ngroups {\n  displayName <- [displayName] match 1\n  externalId <- [objectId]\n}\n`;
    assert.deepEqual(errors(entraDefault), ['read-only-target @ id']);
  });
});

/** A loopback SCIM endpoint answering from a table of paths (query ignored unless the key has one). */
function endpoint(routes: Record<string, (request: IncomingMessage, response: ServerResponse) => void>): () => LoopbackServer {
  let server: LoopbackServer | undefined;
  before(async () => {
    server = await startLoopbackServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://x');
      const route = routes[`${url.pathname}${url.search}`] ?? routes[url.pathname];
      if (route) return route(request, response);
      response.writeHead(404, { 'content-type': 'application/scim+json' });
      response.end(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404', detail: 'Not found' }));
    });
  });
  after(async () => server?.close());
  return () => server!;
}

const json =
  (body: unknown, status = 200) =>
  (_request: IncomingMessage, response: ServerResponse) => {
    response.writeHead(status, { 'content-type': 'application/scim+json' });
    response.end(JSON.stringify(body));
  };

const userSchema = (attributes: unknown[]) => ({ id: CORE_USER, name: 'User', attributes });

describe('the variants real servers answer', () => {
  const server = endpoint({
    // No /ResourceTypes (404), no /ServiceProviderConfig; /Schemas a bare array on two pages? No: a paged ListResponse.
    '/scim/Schemas': json({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 2,
      startIndex: 1,
      itemsPerPage: 1,
      Resources: [
        userSchema([
          { name: 'userName', type: 'String', required: 'true', mutability: 'READWRITE' },
          {
            name: 'emails',
            multiValued: true,
            subAttributes: [
              { name: 'value', type: 'string' },
              { name: 'type', type: 'string', canonicalValues: ['work'] },
            ],
          },
          { name: 'shoeSize', type: 'float' },
          {
            name: 'address',
            type: 'complex',
            subAttributes: [{ name: 'geo', type: 'complex', subAttributes: [{ name: 'lat', type: 'decimal' }] }],
          },
          { name: 'photo' },
          { name: 'attr3_ü', type: 'string' },
          { name: 'cost-center', type: 'string' },
          { name: 'two\nlines', type: 'string' },
        ]),
      ],
    }),
    '/scim/Schemas?startIndex=2&count=1': json({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 2,
      startIndex: 2,
      itemsPerPage: 1,
      Resources: [{ id: ENTERPRISE, attributes: [{ name: 'department', type: 'string' }] }],
    }),
    // RFC 7643 §2.1: attribute names are case-insensitive, the discovery documents' own included.
    '/lower/ServiceProviderConfig': json({ Patch: { Supported: false }, FILTER: { supported: true, MaxResults: 50 } }),
    '/lower/ResourceTypes': json({
      totalresults: 1,
      resources: [
        { ID: 'User', Name: 'User', Endpoint: '/Users', Schema: CORE_USER, SchemaExtensions: [{ Schema: ENTERPRISE, Required: true }] },
      ],
    }),
    '/lower/Schemas': json({
      TotalResults: 2,
      resources: [
        {
          ID: CORE_USER,
          Attributes: [
            { Name: 'userName', Type: 'string', Required: true },
            {
              Name: 'emails',
              Type: 'complex',
              MultiValued: true,
              SubAttributes: [
                { Name: 'value', Type: 'string' },
                { Name: 'type', Type: 'string' },
              ],
            },
          ],
        },
        { id: ENTERPRISE, attributes: [{ name: 'department', type: 'string', Required: true }] },
      ],
    }),
    '/idlisted/Schemas': json([
      userSchema([
        { name: 'id', type: 'string', required: true, caseExact: true, uniqueness: 'server' },
        { name: 'meta', type: 'complex', subAttributes: [{ name: 'created', type: 'dateTime' }] },
        { name: 'userName', type: 'string', required: true },
      ]),
    ]),
    '/stringflags/ServiceProviderConfig': json({ patch: { supported: 'False' }, filter: { supported: 'true', maxResults: '100' } }),
    '/stringflags/Schemas': json([userSchema([{ name: 'userName', type: 'string', required: 'true' }])]),
    '/people/ResourceTypes': json([{ id: 'User', name: 'User', endpoint: '/People', schema: CORE_USER }]),
    '/people/Schemas': json([userSchema([{ name: 'userName', type: 'string', required: true }])]),
    '/twousers/ResourceTypes': json([
      { id: 'Bot', name: 'Bot', endpoint: '/Bots', schema: CORE_USER },
      { id: 'User', name: 'User', endpoint: '/Users', schema: CORE_USER, schemaExtensions: [{ schema: ENTERPRISE, required: false }] },
    ]),
    '/twousers/Schemas': json([
      userSchema([{ name: 'userName', type: 'string', required: true }]),
      { id: ENTERPRISE, attributes: [{ name: 'department', type: 'string' }] },
    ]),
    '/bare/Schemas': json([userSchema([{ name: 'userName', type: 'string' }])]),
    '/bare/ResourceTypes': json([
      {
        id: 'User',
        name: 'User',
        endpoint: 'Users',
        schema: CORE_USER,
        schemaExtensions: [{ schema: 'urn:example:missing', required: false }],
      },
    ]),
  });

  test('paging, lenient types and case, nested sub-attributes cut, no ResourceTypes: read, each departure reported', async () => {
    const { target, warnings } = await discover(`${server().origin}/scim`, 't0ken-abc');
    const users = findTargetResource(target, 'users')!;
    assert.deepEqual(
      users.schemas.map((s) => s.id),
      [CORE_USER, ENTERPRISE],
    );
    assert.deepEqual(users.required, ['userName']);
    const emails = findTargetAttributeByPath(users, 'emails')!.attribute;
    assert.equal(emails.type, 'complex');
    assert.equal(emails.filterKey, 'type');
    assert.equal(findTargetAttributeByPath(users, 'shoeSize')!.attribute.type, 'string');
    const text = warnings.join('\n');
    for (const expected of [
      /\/ServiceProviderConfig could not be read/,
      // Before: "/ResourceTypes could not be read (404 ... Check the tenant URL ...)", over a root that had just answered.
      /The endpoint does not offer \/ResourceTypes \(404; it is optional in RFC 7644 §4\): the resources were inferred from the schemas' URNs/,
      /emails: no type; read as complex/,
      /shoeSize: unknown type "float"; read as string/,
      /address\.geo: a complex sub-attribute .*read as a string/,
      /photo: no type; read as string/,
      /User\.two\\nlines": a line break in the name, so no mapping can write it; left out/,
    ])
      assert.match(text, expected);
    assert.doesNotMatch(text, /attr3_ü|cost-center/);
    assert.equal(findTargetAttributeByPath(users, 'two\nlines'), undefined);
    assert.ok(findTargetAttributeByPath(users, 'cost-center'));
    // A name outside RFC 7643's ATTRNAME is kept and suggested in the quotes that write it.
    const typo = 'users {\n  userName <- [userPrincipalName] match 1\n  attr3 <- [mail]\n}\n';
    const unknown = analyze(typo, { override: target }).diagnostics.find((d) => d.code === 'unknown-target')!;
    assert.match(unknown.message, /Did you mean `"attr3_ü"`\?/);
    const fixed = typo.replace('attr3', '"attr3_ü"');
    assert.deepEqual(
      analyze(fixed, { override: target }).diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    assert.equal(target.serviceProvider, undefined);
    assert.doesNotMatch(text, /ResourceTypes.*Check the tenant URL/);
  });

  // Before: "/lower/Schemas did not answer with a list of SCIM schemas", nothing discovered.
  test('member names in any case (resources, Attributes, SubAttributes, Patch.Supported) are read as the RFC spells them', async () => {
    const { target, warnings } = await discover(`${server().origin}/lower`, 't0ken-abc');
    assert.deepEqual(warnings, []);
    const users = findTargetResource(target, 'users')!;
    assert.deepEqual(
      users.schemas.map((s) => [s.id, s.required ?? false]),
      [
        [CORE_USER, false],
        [ENTERPRISE, true],
      ],
    );
    assert.deepEqual(users.required, ['userName']);
    const emails = findTargetAttributeByPath(users, 'emails')!.attribute;
    assert.deepEqual([emails.type, emails.multiValued, emails.filterKey], ['complex', true, 'type']);
    assert.equal(findTargetAttributeByPath(users, `${ENTERPRISE}:department`)!.attribute.required, true);
    assert.deepEqual(
      [target.serviceProvider?.patch, target.serviceProvider?.filter, target.serviceProvider?.filterMaxResults],
      [false, true, 50],
    );
  });

  // Before: `id` listed required without a mutability (readWrite by RFC 7643 §2.2) made check demand
  // "missing-required-target ... add a mapping such as `id <- [displayName]`", and meta.created was writable.
  test('id and meta listed without their RFC 7643 §3.1 characteristics are read-only and not required, with a warning', async () => {
    const { target, warnings } = await discover(`${server().origin}/idlisted`, 't0ken-abc');
    const users = findTargetResource(target, 'users')!;
    assert.deepEqual(users.required, ['userName']);
    const id = findTargetAttributeByPath(users, 'id')!.attribute;
    assert.deepEqual([id.mutability, id.required, id.uniqueness], ['readOnly', false, 'server']);
    const meta = findTargetAttributeByPath(users, 'meta')!.attribute;
    assert.deepEqual([meta.mutability, meta.subAttributes![0].mutability], ['readOnly', 'readOnly']);
    assert.match(
      warnings.join('\n'),
      /User\.id: listed as required and readWrite, but RFC 7643 §3\.1 has the server set it: read as read-only and not required\./,
    );
    assert.match(
      warnings.join('\n'),
      /User\.meta: listed as readWrite, but RFC 7643 §3\.1 has the server set it: read as read-only and not required\./,
    );
    const text = 'users {\n  userName <- [userPrincipalName] match 1\n  meta.created <- "2026-01-01T00:00:00Z"\n}\n';
    assert.deepEqual(
      analyze(text, { override: target }).diagnostics.map((d) => `${d.code} @ ${text.slice(d.span.start, d.span.end)}`),
      ['read-only-target @ meta.created'],
    );
  });

  // Before: "Discovered requires `userName` for every user (its gallery app marks it Required)", of an app with no gallery entry.
  test("a required core attribute unmapped: the message says the endpoint's /Schemas requires it", async () => {
    const { target } = await discover(`${server().origin}/idlisted`, 't0ken-abc');
    const text = 'users {\n  externalId <- [objectId] match 1\n}\n';
    const messages = analyze(text, { override: target })
      .diagnostics.filter((d) => d.code === 'missing-required-target')
      .map((d) => d.message);
    assert.deepEqual(messages, [
      'Discovered requires `userName` for every user (its /Schemas marks it required): add a mapping such as `userName <- [displayName]`.',
    ]);
  });

  // Before: no serviceProvider at all, so the preview never warned that every update PATCH is refused.
  test('ServiceProviderConfig flags and maxResults as strings ("False", "100") are read as the schemas\' are', async () => {
    const { target } = await discover(`${server().origin}/stringflags`, 't0ken-abc');
    assert.deepEqual(target.serviceProvider, { patch: false, filter: true, filterMaxResults: 100 });
  });

  // Before: the endpoint was recorded without a word, though Entra's requests go to /Users whatever ResourceTypes says.
  test('a User resource type at another endpoint than /Users is recorded with a warning that Entra sends to /Users', async () => {
    const { target, warnings } = await discover(`${server().origin}/people`, 't0ken-abc');
    assert.equal(findTargetResource(target, 'users')!.endpoint, '/People');
    assert.match(
      warnings.join('\n'),
      /Resource type User is at \/People, but Entra sends every user request to \/Users \(GET \/Users\?filter=\.\.\., POST \/Users, PATCH \/Users\/id\): the app must answer there too, or Entra's requests get 404\./,
    );
  });

  // Before: the first listed, Bot at /Bots without the enterprise extension, became the users resource and User was left out.
  test('two resource types on the core User schema: the one named User is the users resource, the other left out', async () => {
    const { target, warnings } = await discover(`${server().origin}/twousers`, 't0ken-abc');
    const users = findTargetResource(target, 'users')!;
    assert.deepEqual([users.name, users.endpoint, users.schemas.length], ['User', '/Users', 2]);
    assert.match(warnings.join('\n'), /Resource type Bot: a second resource for users; left out\./);
  });

  test('a bare array of schemas; a resource type whose extension is not listed', async () => {
    const { target, warnings } = await discover(`${server().origin}/bare`, 't0ken-abc');
    assert.equal(findTargetResource(target, 'users')!.endpoint, '/Users');
    assert.match(warnings.join('\n'), /its extension urn:example:missing is not in \/Schemas; left out/);
    assert.equal(findTargetResource(target, 'groups'), undefined);
  });
});

describe('bad input: a clear message, nothing written', () => {
  const big = 'x'.repeat(50 * 1024 * 1024);
  const server = endpoint({
    '/html/Schemas': (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html><body>Sign in</body></html>');
    },
    '/notscim/Schemas': json({ hello: 'world' }),
    '/big/Schemas': (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(big);
    },
    '/nousers/Schemas': json({ Resources: [{ id: 'urn:example:Device', attributes: [{ name: 'serial', type: 'string' }] }] }),
    '/ok/Schemas': json([userSchema([{ name: 'userName', type: 'string' }])]),
    '/noschemas/ServiceProviderConfig': json({ patch: { supported: true }, filter: { supported: true, maxResults: 100 } }),
    // Every document refuses the token: only the first may be asked.
    ...Object.fromEntries(
      ['/ServiceProviderConfig', '/ResourceTypes', '/Schemas'].map((path) => [
        `/refused${path}`,
        (request: IncomingMessage, response: ServerResponse) => {
          refusedCalls.push(path);
          json({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401', detail: 'Invalid token' }, 401)(
            request,
            response,
          );
        },
      ]),
    ),
  });
  const refusedCalls: string[] = [];
  const write = tempFiles('scimmap-discover-');

  async function run(path: string, output: string) {
    process.env.SCIMMAP_TEST_DISCOVER = 't0ken-abc';
    const io = capture();
    const code = await main(
      ['discover', '--url', `${server().origin}${path}`, '--token-env', 'SCIMMAP_TEST_DISCOVER', '-o', output, '--name', 'Test app'],
      io,
    );
    return { code, err: io.stderr.join('\n') };
  }

  test('an HTML page, a JSON body that is not SCIM, a 50 MB answer, no users or groups: exit 1 and no file', async () => {
    const cases: Array<[string, RegExp]> = [
      ['/html', /not JSON .*text\/html.*probably not a SCIM endpoint/],
      ['/notscim', /did not answer with a list of SCIM schemas/],
      ['/big', /larger than \d+ bytes; it was not read/],
      ['/nousers', /describes no User or Group resource \(1 schema read\)/],
    ];
    for (const [path, message] of cases) {
      const output = write(`${path.slice(1)}.target.json`, '');
      const { rmSync } = await import('node:fs');
      rmSync(output);
      const result = await run(path, output);
      assert.equal(result.code, 1, path);
      assert.match(result.err, message, path);
      assert.match(result.err, /nothing was written/);
      assert.equal(existsSync(output), false, `${path}: nothing written`);
    }
  });

  // Before: "404 Not Found: nothing answers at this URL ... Check the tenant URL", over a root whose
  // /ServiceProviderConfig had just answered.
  test('a 404 on /Schemas after /ServiceProviderConfig answered: the endpoint publishes no schemas, not a wrong URL', async () => {
    const output = join(dirname(write('placeholder', '')), 'noschemas.target.json');
    const result = await run('/noschemas', output);
    assert.equal(result.code, 1);
    assert.match(
      result.err,
      /\/noschemas\/Schemas answered 404 Not Found, though \/ServiceProviderConfig answered: the endpoint does not publish its schemas \(RFC 7644 §4\), so they cannot be discovered\. Write the target schema by hand \(docs\/targets\.md\), starting from the bundled "generic-scim" if the app follows RFC 7643\./,
    );
    assert.doesNotMatch(result.err, /Check the tenant URL/);
    assert.equal(existsSync(output), false);
    // Nothing answers at all: the URL is what is wrong, as before.
    assert.match((await run('/nothing', output)).err, /404 Not Found: nothing answers at this URL.* Check the tenant URL/);
  });

  // Before: /ResourceTypes and /Schemas were still asked with the token the first answer refused.
  test('a token refused (401) at /ServiceProviderConfig stops discovery there: no more requests carry it', async () => {
    const output = join(dirname(write('placeholder', '')), 'refused.target.json');
    const result = await run('/refused', output);
    assert.equal(result.code, 1);
    assert.match(result.err, /401/);
    assert.deepEqual(refusedCalls, ['/ServiceProviderConfig']);
    assert.equal(existsSync(output), false);
  });

  // Before: the whole discovery ran first (up to its time budget), then "cannot write ...".
  test('-o into a missing folder or onto a folder is said before any request, and nothing is left behind', async () => {
    const folder = dirname(write('placeholder', ''));
    for (const [output, why] of [
      [join(folder, 'missing', 'app.target.json'), /its folder .*missing does not exist/],
      [folder, /it is a folder/],
    ] as const) {
      const result = await run('/ok', output);
      assert.equal(result.code, 2, output);
      assert.match(result.err, why);
      assert.doesNotMatch(result.err, /Reading \/ServiceProviderConfig/);
    }
    assert.deepEqual(
      readdirSync(folder).filter((name) => name.endsWith('.tmp')),
      [],
    );
  });

  // Before: discovery ran, then failed with ` is not a valid target schema: $.name: must be a non-empty string`, exit 1.
  test('--name that is empty or blank is a usage error, before any request', async () => {
    process.env.SCIMMAP_TEST_DISCOVER = 't0ken-abc';
    for (const name of ['', '  ']) {
      const io = capture();
      const code = await main(['discover', '--url', `${server().origin}/ok`, '--token-env', 'SCIMMAP_TEST_DISCOVER', '--name', name], io);
      assert.equal(code, 2, JSON.stringify(name));
      assert.match(io.stderr.join('\n'), /^scimmap discover: --name must name the app; it is empty/);
      assert.doesNotMatch(io.stderr.join('\n'), /Reading \/Schemas/);
    }
  });

  // Before: "give the tenant URL (--url) or a Genesys Cloud region (--region)", silent on the --connection the synopsis offers.
  test('neither --url, --region nor --connection: the usage error names all three', async () => {
    const io = capture();
    assert.equal(await main(['discover', '-o', 'x.target.json'], io), 2);
    assert.match(
      io.stderr.join('\n'),
      /^scimmap discover: give the tenant URL \(--url\), a Genesys Cloud region \(--region\) or a connection of \.vscode\/settings\.json \(--connection NAME\)/,
    );
  });

  test('--connection NAME reads the workspace settings (JSONC) and the token from its tokenEnv', async () => {
    const settingsFile = write('settings.json', '');
    const folder = dirname(settingsFile);
    mkdirSync(join(folder, '.vscode'), { recursive: true });
    writeFileSync(
      join(folder, '.vscode', 'settings.json'),
      `{\n  // the workspace's connections\n  "scimmap.connections": [\n    { "name": "Loopback app", "url": "${server().origin}/ok", "tokenEnv": "SCIMMAP_TEST_DISCOVER", },\n    { "name": "Stored secret", "url": "${server().origin}/ok" },\n    { "name": "Plain variable", "url": "${server().origin}/ok", "tokenEnv": "TOK" },\n  ],\n}\n`,
    );
    process.env.SCIMMAP_TEST_DISCOVER = 't0ken-abc';
    const previous = process.cwd();
    process.chdir(folder);
    try {
      const io = capture();
      assert.equal(await main(['discover', '--connection', 'Loopback app', '-o', 'loopback.target.json'], io), 0, io.stderr.join('\n'));
      assert.equal(JSON.parse(readFileSync('loopback.target.json', 'utf8')).name, '127.0.0.1:' + new URL(server().origin).port);
      const stored = capture();
      assert.equal(await main(['discover', '--connection', 'Stored secret'], stored), 2);
      assert.match(stored.stderr.join('\n'), /keeps its secret in VS Code's secret storage, which the command line cannot read/);
      const missing = capture();
      assert.equal(await main(['discover', '--connection', 'Nope'], missing), 2);
      assert.match(missing.stderr.join('\n'), /has no connection "Nope" \(it has: "Loopback app", "Stored secret"\)/);
      // Before: "has no connection "Plain variable" (it has: ...)", though the entry is there.
      const refused = capture();
      assert.equal(await main(['discover', '--connection', 'Plain variable'], refused), 2);
      assert.match(
        refused.stderr.join('\n'),
        /connection "Plain variable" cannot be used: scimmap\.connections\[2\] \("Plain variable"\): "tokenEnv" must name a variable starting with SCIMMAP_/,
      );
    } finally {
      process.chdir(previous);
    }
  });

  test('success writes the file, which a mapping can declare', async () => {
    const output = write('ok.target.json', 'old content');
    const result = await run('/ok', output);
    assert.equal(result.code, 0, result.err);
    // userName and the RFC 7643 common attributes id, externalId and meta.
    assert.match(result.err, /wrote .*ok\.target\.json: Test app, users \(4 attributes\)\. Declare it with: target "\.\/ok\.target\.json"/);
    const mapping = write(
      'app.scimmap',
      'target "./ok.target.json"\nusers {\n  userName <- [userPrincipalName] match 1\n  titel <- [jobTitle]\n}\n',
    );
    const io = capture();
    assert.equal(await main(['check', mapping], io), 1);
    assert.deepEqual(
      io.stdout.map((line) => line.replace(/^.*app\.scimmap/, 'app.scimmap')),
      [
        "app.scimmap:4:3 error unknown-target `titel` is not an attribute of Test app User resources. If Test app has it, add it to ./ok.target.json (docs/targets.md): then `scimmap export` adds its attribute definition to Entra's schema.",
      ],
    );
  });
});
