// scimmap pull and push against the stand-in Graph (test/support/graph-server.ts): an app found by
// name across pages, the four files a pull writes, a push that PUTs (never PATCHes) and round-trips,
// a push stopped by a save in the portal, every refusal saying what to do, and no token in any output.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { main } from '../../../server/src/cli/main';
import { allPermissions, newVersion, startGraphStandIn, type GraphStandIn } from '../../support/graph-server';
import { capture, tempFiles } from '../cli/cli-io';

const gallery = readFileSync(join('test', 'fixtures', 'entra', 'genesys-gallery.json'), 'utf8');
const folder = dirname(tempFiles('scimmap-graph-')('.keep', ''));
const appObjectId = '6f1c9a52-3d0e-4b7a-9c21-5e8f0d4a7b13';
const jobId = 'purecloudbygenesys.7d2c51e0a4b94f1c8e3a6b5d4c3b2a19.4b8f2e71-9c3d-4a5e-8f6b-1d2c3e4f5a6b';
const token = 'eyJ0eXAiOiJKV1Qi.stand-in-admin-token.c2lnbmF0dXJl';
const readOnlyToken = 'eyJ0eXAiOiJKV1Qi.stand-in-apps-only.c2lnbmF0dXJl';
const secret = 'Qx8~stand-in-client-secret~w9';
let graph: GraphStandIn;

before(async () => {
  graph = await startGraphStandIn([
    {
      id: '0a1b2c3d-0000-4000-8000-000000000001',
      appId: '1a1b2c3d-0000-4000-8000-000000000001',
      displayName: 'Genesys Cloud Sandbox',
      jobs: [],
    },
    {
      id: '0a1b2c3d-0000-4000-8000-000000000002',
      appId: '1a1b2c3d-0000-4000-8000-000000000002',
      displayName: 'Genesys Cloud EU',
      jobs: [],
    },
    {
      id: appObjectId,
      appId: '9e8d7c6b-5a49-4838-a7b6-c5d4e3f2a1b0',
      displayName: 'Genesys Cloud',
      jobs: [{ id: jobId, templateId: 'purecloudbygenesys', schema: gallery }],
    },
    { id: '0a1b2c3d-0000-4000-8000-000000000004', appId: '1a1b2c3d-0000-4000-8000-000000000004', displayName: 'Salesforce', jobs: [] },
    {
      id: '0a1b2c3d-0000-4000-8000-000000000005',
      appId: '1a1b2c3d-0000-4000-8000-000000000005',
      displayName: 'Contoso HR',
      jobs: [{ id: 'scim.noschema', templateId: 'scim', schema: '' }],
    },
  ]);
  graph.tokens.set(token, new Set(allPermissions));
  graph.tokens.set(readOnlyToken, new Set(['Application.Read.All']));
  graph.clients.set('4c3b2a19-aaaa-4bbb-8ccc-1d2e3f4a5b6c', {
    secret,
    tenant: 'contoso.onmicrosoft.com',
    permissions: new Set(allPermissions),
  });
  process.env.SCIMMAP_TEST_GRAPH_TOKEN = token;
  process.env.SCIMMAP_TEST_GRAPH_READ_ONLY = readOnlyToken;
  process.env.SCIMMAP_TEST_GRAPH_SECRET = secret;
});

after(() => graph.close());

const auth = () => ['--graph-url', graph.url, '--token-env', 'SCIMMAP_TEST_GRAPH_TOKEN'];

/** Runs the CLI and checks that no secret appears in anything it printed. */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string; report: Record<string, unknown> | undefined }> {
  const io = capture();
  const code = await main(args, io);
  const stdout = io.stdout.join('\n');
  const stderr = io.stderr.join('\n');
  for (const secretValue of [token, readOnlyToken, secret, ...graph.tokens.keys()]) {
    assert.ok(!stdout.includes(secretValue) && !stderr.includes(secretValue), 'a token or secret was printed');
  }
  let report: Record<string, unknown> | undefined;
  try {
    report = JSON.parse(stdout) as Record<string, unknown>;
  } catch {
    report = undefined;
  }
  return { code, stdout, stderr, report };
}

function jobSchema(): string {
  return graph.apps[2].jobs[0].schema;
}

test('pull finds the app by name across pages ($search with ConsistencyLevel: eventual) and writes the .scimmap, its target, base and origin', async () => {
  const scimmap = join(folder, 'genesys.scimmap');
  const result = await run(['pull', '--app', 'Genesys Cloud', '-o', scimmap, ...auth()]);
  assert.equal(result.code, 0, result.stderr);
  const search = graph.requests.filter((request) => request.url.startsWith('/v1.0/servicePrincipals?'));
  assert.ok(search.length >= 2, 'the search result was paged and every page read');
  assert.ok(search.every((request) => request.headers.consistencylevel === 'eventual'));
  assert.match(readFileSync(scimmap, 'utf8'), /^# Imported from "genesys\.schema\.json" by scimmap import/);
  const base = readFileSync(join(folder, 'genesys.schema.json'), 'utf8');
  assert.match(base, /"@odata\.context"/, 'the base is the schema exactly as Graph sent it');
  const origin = JSON.parse(readFileSync(join(folder, 'genesys.entra.json'), 'utf8')) as Record<string, unknown>;
  assert.deepEqual(origin.app, { id: appObjectId, appId: '9e8d7c6b-5a49-4838-a7b6-c5d4e3f2a1b0', displayName: 'Genesys Cloud' });
  assert.equal(origin.version, JSON.parse(gallery).version);
  assert.equal((result.report?.job as { id: string }).id, jobId);
  const check = capture();
  assert.equal(await main(['check', scimmap], check), 0, check.stdout.join('\n'));
});

test('a pull that cannot write one of its files leaves the previous set as it was (exit 2)', async () => {
  const scimmap = join(folder, 'set.scimmap');
  assert.equal((await run(['pull', '--app', 'Genesys Cloud', '-o', scimmap, ...auth()])).code, 0);
  const names = ['set.scimmap', 'set.schema.json', 'set.entra.json'];
  const previous = names.map((name) => readFileSync(join(folder, name), 'utf8'));
  const job = graph.apps[2].jobs[0];
  const pulledSchema = job.schema;
  job.schema = JSON.stringify({ ...JSON.parse(job.schema), version: 'saved-since' });
  rmSync(join(folder, 'set.target.json'));
  mkdirSync(join(folder, 'set.target.json'));
  try {
    const failed = await run(['pull', '--app', 'Genesys Cloud', '-o', scimmap, ...auth()]);
    assert.equal(failed.code, 2);
    assert.match(failed.stderr, /cannot write .*set\.target\.json: it is a folder/);
    assert.deepEqual(
      names.map((name) => readFileSync(join(folder, name), 'utf8')),
      previous,
    );
    assert.deepEqual(
      readdirSync(folder).filter((name) => name.startsWith('.set.')),
      [],
      'no temporary file is left',
    );
  } finally {
    job.schema = pulledSchema;
  }
});

// Before: a second pull into the same file replaced the edited .scimmap without a word (exit 0).
test('pull over a .scimmap that is not what the pull of its set wrote is refused (exit 2, nothing written); over an unedited one it pulls', async () => {
  const scimmap = join(folder, 'again.scimmap');
  assert.equal((await run(['pull', '--app', 'Genesys Cloud', '-o', scimmap, ...auth()])).code, 0);
  writeFileSync(scimmap, readFileSync(scimmap, 'utf8').replaceAll('\n', '\r\n'));
  assert.equal((await run(['pull', '--app', 'Genesys Cloud', '-o', scimmap, ...auth()])).code, 0, 'a re-pull over an unedited set');

  const edited = `${readFileSync(scimmap, 'utf8')}# my unpushed edit\n`;
  writeFileSync(scimmap, edited);
  const names = ['again.scimmap', 'again.schema.json', 'again.entra.json', 'again.target.json'];
  const set = names.map((name) => readFileSync(join(folder, name), 'utf8'));
  const sent = graph.requests.length;
  const refused = await run(['pull', '--app', 'Genesys Cloud', '-o', scimmap, ...auth()]);
  assert.equal(refused.code, 2);
  assert.ok(
    refused.stderr.includes(
      `${scimmap} exists and is not what the pull of its set wrote (edited or pushed since): pulling over it would lose it. Nothing written: pull into another file and carry your edits over, or move ${scimmap} away first.`,
    ),
    refused.stderr,
  );
  assert.deepEqual(
    names.map((name) => readFileSync(join(folder, name), 'utf8')),
    set,
  );
  assert.equal(graph.requests.length, sent, 'Graph was not asked');

  const mine = join(folder, 'mine.scimmap');
  writeFileSync(mine, 'users {\n  userName <- [userPrincipalName]\n}\n');
  const notPulled = await run(['pull', '--app', 'Genesys Cloud', '-o', mine, ...auth()]);
  assert.equal(notPulled.code, 2);
  assert.match(
    notPulled.stderr,
    /mine\.scimmap exists and is not part of a pulled set \(no readable .*mine\.entra\.json and .*mine\.schema\.json beside it\)/,
  );
  assert.equal(readFileSync(mine, 'utf8'), 'users {\n  userName <- [userPrincipalName]\n}\n');
});

/** An app registration's client credentials, the secret in the environment. */
const appCredentials = [
  '--tenant',
  'contoso.onmicrosoft.com',
  '--client-id',
  '4c3b2a19-aaaa-4bbb-8ccc-1d2e3f4a5b6c',
  '--client-secret-env',
  'SCIMMAP_TEST_GRAPH_SECRET',
];
/** The token request to the stand-in's sign-in endpoint, as --verbose logs it. */
const signedInAtStandIn = /POST http:\/\/127\.0\.0\.1:\d+\/contoso\.onmicrosoft\.com\/oauth2\/v2\.0\/token \(form body redacted\) -> 200/;

test('pull by Application ID, and through the client-credentials flow of an app registration', async () => {
  const scimmap = join(folder, 'by-app-id.scimmap');
  const result = await run([
    'pull',
    '--app',
    '9e8d7c6b-5a49-4838-a7b6-c5d4e3f2a1b0',
    '-o',
    scimmap,
    '--graph-url',
    graph.url,
    '--login-url',
    graph.loginUrl,
    ...appCredentials,
    '--verbose',
  ]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, signedInAtStandIn);
  const tokenRequest = graph.requests.find((request) => request.url.endsWith('/oauth2/v2.0/token'));
  assert.match(tokenRequest?.body ?? '', /scope=http%3A%2F%2F127\.0\.0\.1%3A\d+%2F\.default/);
});

test('a wrong client secret says what to check', async () => {
  process.env.SCIMMAP_TEST_GRAPH_WRONG = 'not-the-secret-at-all';
  const result = await run([
    'pull',
    '--app',
    'Genesys Cloud',
    '-o',
    join(folder, 'never.scimmap'),
    '--graph-url',
    graph.url,
    '--login-url',
    graph.loginUrl,
    '--tenant',
    'contoso.onmicrosoft.com',
    '--client-id',
    '4c3b2a19-aaaa-4bbb-8ccc-1d2e3f4a5b6c',
    '--client-secret-env',
    'SCIMMAP_TEST_GRAPH_WRONG',
  ]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /AADSTS7000215.*Certificates & secrets/);
  assert.ok(!result.stderr.includes('not-the-secret-at-all'));
});

test('a refused token: 401 with what Graph said in WWW-Authenticate and how to get a fresh one', async () => {
  process.env.SCIMMAP_TEST_GRAPH_EXPIRED = 'eyJ0eXAiOiJKV1Qi.expired-token.c2ln';
  const result = await run([
    'pull',
    '--app',
    'Genesys Cloud',
    '-o',
    join(folder, 'never.scimmap'),
    '--graph-url',
    graph.url,
    '--token-env',
    'SCIMMAP_TEST_GRAPH_EXPIRED',
  ]);
  assert.equal(result.code, 1);
  assert.match(
    result.stderr,
    /401 Unauthorized.*InvalidAuthenticationToken.*WWW-Authenticate: Bearer .*az account get-access-token --resource-type ms-graph/,
  );
  assert.ok(!result.stderr.includes('expired-token'));
});

test('a token without Synchronization.Read.All: 403 Authorization_RequestDenied naming the permission and the roles', async () => {
  const result = await run([
    'pull',
    '--app',
    'Genesys Cloud',
    '-o',
    join(folder, 'never.scimmap'),
    '--graph-url',
    graph.url,
    '--token-env',
    'SCIMMAP_TEST_GRAPH_READ_ONLY',
  ]);
  assert.equal(result.code, 1);
  assert.match(
    result.stderr,
    /403 Authorization_RequestDenied: .*needs Synchronization\.Read\.All.*admin consent.*Cloud Application Administrator/,
  );
});

test("a wrong --job lists the app's jobs; an app without provisioning says how to set it up; several matches are listed", async () => {
  const wrongJob = await run(['pull', '--app', appObjectId, '--job', 'customappsso.0000', '-o', join(folder, 'never.scimmap'), ...auth()]);
  assert.equal(wrongJob.code, 1);
  assert.ok(wrongJob.stderr.includes(`has no provisioning job customappsso.0000. Its jobs: ${jobId}`), wrongJob.stderr);
  const noJob = await run(['pull', '--app', 'Salesforce', '-o', join(folder, 'never.scimmap'), ...auth()]);
  assert.match(noJob.stderr, /has no provisioning job\. Set up provisioning first: .*Provisioning Mode: Automatic/);
  const several = await run(['pull', '--app', 'Genesys', '-o', join(folder, 'never.scimmap'), ...auth()]);
  assert.match(several.stderr, /3 enterprise apps match "Genesys": "Genesys Cloud Sandbox"/);
  assert.match(several.stderr, /Give the Object ID/);
});

// Before: "the app ... has no provisioning job scim.noschema (deleted and recreated jobs get a new
// id)", of the job the pull had just found.
test('a job that is there without a schema is not called absent: the message says to save its provisioning once', async () => {
  const noSchema = await run(['pull', '--app', 'Contoso HR', '-o', join(folder, 'never.scimmap'), ...auth()]);
  assert.equal(noSchema.code, 1);
  assert.match(
    noSchema.stderr,
    /404 Not Found: the provisioning job scim\.noschema of the app .* is there, but Graph has no synchronization schema for it: .*Provisioning/,
  );
  assert.doesNotMatch(noSchema.stderr, /has no provisioning job/);
});

test('429 with Retry-After is waited for and the call repeated', async () => {
  graph.throttle('/schema', 1, 0);
  const before = graph.requests.length;
  const result = await run(['pull', '--app', appObjectId, '-o', join(folder, 'throttled.scimmap'), ...auth()]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(graph.requests.slice(before).filter((request) => request.url.endsWith('/schema')).length, 2);
});

test('push: a dry run without --yes, then a PUT of the whole schema that Entra gives a new version, read back and round-tripped', async () => {
  const scimmap = join(folder, 'push.scimmap');
  assert.equal((await run(['pull', '--app', 'Genesys Cloud', '-o', scimmap, ...auth()])).code, 0);
  writeFileSync(
    scimmap,
    readFileSync(scimmap, 'utf8').replace(
      '  displayName <- [displayName]\n  emails',
      '  displayName <- Join(" ", [givenName], [surname])\n  emails',
    ),
  );
  const before = graph.requests.length;
  const dry = await run(['push', scimmap, ...auth()]);
  assert.equal(dry.code, 0, dry.stderr);
  assert.equal(dry.report?.pushed, false);
  assert.match(dry.stderr, /~ users "Provision Microsoft Entra ID Users" displayName/);
  assert.ok(!graph.requests.slice(before).some((request) => request.method !== 'GET'), 'a dry run sends nothing but GETs');

  const pulledVersion = JSON.parse(jobSchema()).version as string;
  const pushed = await run(['push', scimmap, '--yes', ...auth()]);
  assert.equal(pushed.code, 0, pushed.stderr);
  assert.equal(pushed.report?.pushed, true);
  assert.deepEqual(pushed.report?.roundTrip, { same: true, differences: [], normalised: [] });
  const put = graph.requests.filter((request) => request.method === 'PUT');
  assert.equal(put.length, 1);
  assert.ok(!graph.requests.some((request) => request.method === 'PATCH'));
  assert.ok(!put[0].body.includes('@odata.context'), 'the PUT body leaves out what GET added');
  const kept = JSON.parse(jobSchema()) as { version: string; synchronizationRules: unknown[] };
  assert.notEqual(kept.version, pulledVersion);
  assert.equal(pushed.report?.version, kept.version);
  assert.match(JSON.stringify(kept.synchronizationRules), /Join\(\\" \\", \[givenName\], \[surname\]\)/);
  assert.equal(
    JSON.parse(readFileSync(join(folder, 'push.entra.json'), 'utf8')).version,
    kept.version,
    'the next push starts from what Entra kept',
  );

  const again = await run(['push', scimmap, '--yes', ...auth()]);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.report?.reason, 'nothing to push');
});

// Before: the push listed its changes with scimmap diff's polarity, so a mapping the PUT removed was
// "+ ... (only in the schema)", "added", and one it added "- ... (only in the .scimmap)", "removed".
test('push lists what the PUT adds as added (+) and what it removes as removed (-); an object mapping without a block is kept', async () => {
  const scimmap = join(folder, 'polarity.scimmap');
  const original = jobSchema();
  assert.equal((await run(['pull', '--app', 'Genesys Cloud', '-o', scimmap, ...auth()])).code, 0);
  const pulled = readFileSync(scimmap, 'utf8');
  const mobile = '  phoneNumbers[type eq "mobile"].value <- [mobile]\n';
  const users = 'users "Provision Microsoft Entra ID Users"';
  try {
    writeFileSync(scimmap, pulled.replace(mobile, ''));
    const removing = await run(['push', scimmap, ...auth()]);
    assert.equal(removing.code, 0, removing.stderr);
    assert.match(
      removing.stderr,
      new RegExp(
        `\\n {2}- ${users} phoneNumbers\\[type eq "mobile"\\]\\.value: \\[mobile\\] {3}\\(the push removes it, /synchronizationRules/0/objectMappings/0/attributeMappings/5\\)`,
      ),
    );
    assert.deepEqual(
      (removing.report?.changes as { change: string; item: string }[]).map(({ change, item }) => [change, item]),
      [['removed', 'phoneNumbers[type eq "mobile"].value']],
    );
    assert.equal((await run(['push', scimmap, '--yes', ...auth()])).code, 0);
    assert.doesNotMatch(jobSchema(), /"targetAttributeName":\s*"phoneNumbers/, 'the PUT removed it');

    writeFileSync(scimmap, pulled);
    const adding = await run(['push', scimmap, ...auth()]);
    assert.match(
      adding.stderr,
      new RegExp(`\\n {2}\\+ ${users} phoneNumbers\\[type eq "mobile"\\]\\.value: \\[mobile\\] {3}\\(the push adds it\\)`),
    );
    assert.deepEqual(
      (adding.report?.changes as { change: string; item: string; scimmap: string }[]).map(({ change, item, scimmap }) => [
        change,
        item,
        scimmap,
      ]),
      [['added', 'phoneNumbers[type eq "mobile"].value', '[mobile]']],
    );
    assert.equal((await run(['push', scimmap, '--yes', ...auth()])).code, 0);

    writeFileSync(scimmap, pulled.replace('  title <- [jobTitle]  default ""', '  title <- [department]  default ""'));
    const changing = await run(['push', scimmap, ...auth()]);
    assert.match(
      changing.stderr,
      new RegExp(`~ ${users} title: \\[jobTitle\\] {2}default "" in Entra; the push sets \\[department\\] {2}default ""`),
    );

    // Export keeps an object mapping the .scimmap has no block for: nothing to push, not "- groups".
    writeFileSync(scimmap, pulled.replace(/\ngroups "Provision Microsoft Entra ID Groups" \{[^}]*\}\n/, '\n'));
    const kept = await run(['push', scimmap, ...auth()]);
    assert.equal(kept.report?.reason, 'nothing to push', kept.stderr);
    assert.doesNotMatch(kept.stderr, /groups "Provision Microsoft Entra ID Groups"\s+\(/);
  } finally {
    graph.apps[2].jobs[0].schema = original;
  }
});

// Before: these stops printed nothing on stdout, though --help promises a JSON report.
// Before: push printed only errors, so a mapping of an attribute Entra's directory does not have
// went out with no word of what scimmap check warns about it.
test("push prints the .scimmap's warnings, as check does, before what it changes", async () => {
  const scimmap = join(folder, 'warned.scimmap');
  assert.equal((await run(['pull', '--app', 'Genesys Cloud', '-o', scimmap, ...auth()])).code, 0);
  writeFileSync(scimmap, readFileSync(scimmap, 'utf8').replace(/^ {2}title <- .*$/m, '  title <- [favouriteColour]'));
  const dry = await run(['push', scimmap, ...auth()]);
  assert.equal(dry.code, 0, dry.stderr);
  const warning = /^.*warned\.scimmap:\d+:\d+ warning unknown-source-attribute `favouriteColour`/m;
  assert.match(dry.stderr, warning);
  assert.ok(dry.stderr.search(warning) < dry.stderr.indexOf('What the push changes'), dry.stderr);
  assert.deepEqual(
    (dry.report?.warnings as string[]).map((line) => line.includes('unknown-source-attribute')),
    [true],
  );
});

test('push prints its JSON report when it stops on errors in the .scimmap and when Graph refuses the PUT', async () => {
  const scimmap = join(folder, 'stops.scimmap');
  assert.equal((await run(['pull', '--app', 'Genesys Cloud', '-o', scimmap, ...auth()])).code, 0);
  const pulled = readFileSync(scimmap, 'utf8');
  writeFileSync(scimmap, pulled.replace('  title <- [jobTitle]', '  nickName <- [mail]\n  title <- [jobTitle]'));
  const invalid = await run(['push', scimmap, '--yes', ...auth()]);
  assert.equal(invalid.code, 1);
  assert.equal(invalid.report?.pushed, false, invalid.stdout);
  assert.equal(invalid.report?.reason, 'errors in the .scimmap');
  const errors = invalid.report?.errors as string[];
  assert.equal(errors.length, 1);
  assert.ok(invalid.stderr.includes(errors[0]) && errors[0].includes('nickName'), errors[0]);

  // A token that may read the schema but not write it: Graph answers the PUT 403.
  const readSync = 'eyJ0eXAiOiJKV1Qi.stand-in-read-sync.c2lnbmF0dXJl';
  graph.tokens.set(readSync, new Set(['Application.Read.All', 'Synchronization.Read.All']));
  process.env.SCIMMAP_TEST_GRAPH_READ_SYNC = readSync;
  writeFileSync(scimmap, pulled.replace('  title <- [jobTitle]', '  title <- [department]'));
  const refused = await run(['push', scimmap, '--yes', '--graph-url', graph.url, '--token-env', 'SCIMMAP_TEST_GRAPH_READ_SYNC']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /403/);
  assert.equal(refused.report?.pushed, false, refused.stdout);
  assert.equal(refused.report?.reason, 'refused by Graph');
  assert.match(refused.report?.error as string, /403.*Synchronization\.ReadWrite\.All/);
  assert.deepEqual(
    (refused.report?.changes as { change: string; item: string }[]).map(({ change, item }) => [change, item]),
    [['changed', 'title']],
  );
  assert.equal(refused.report?.currentVersion, JSON.parse(jobSchema()).version);
});

test('push reports what the service normalised outside the .scimmap, by JSON pointer, without failing', async () => {
  const scimmap = join(folder, 'normalised.scimmap');
  const original = jobSchema();
  assert.equal((await run(['pull', '--app', 'Genesys Cloud', '-o', scimmap, ...auth()])).code, 0);
  writeFileSync(scimmap, readFileSync(scimmap, 'utf8').replace('  title <- [jobTitle]', '  title <- [department]'));
  // The service drops the first object mapping's metadata and re-spaces an expression it keeps (same meaning).
  graph.keepOnPut = (schema) => {
    const rules = schema.synchronizationRules as { objectMappings: Record<string, unknown>[] }[];
    const users = rules[0].objectMappings[0];
    delete users.metadata;
    const mappings = users.attributeMappings as { source: { expression: string } | null }[];
    const spaced = mappings.find((mapping) => mapping.source?.expression.includes(', '))!;
    spaced.source!.expression = spaced.source!.expression.replaceAll(', ', ',');
    return schema;
  };
  try {
    const pushed = await run(['push', scimmap, '--yes', ...auth()]);
    assert.equal(pushed.code, 0, 'a normalisation alone is no round-trip failure');
    const roundTrip = pushed.report?.roundTrip as { same: boolean; normalised: { pointer: string; sent?: unknown; kept?: unknown }[] };
    assert.equal(roundTrip.same, true);
    const pointers = roundTrip.normalised.map((difference) => difference.pointer);
    assert.ok(pointers.includes('/synchronizationRules/0/objectMappings/0/metadata'), pointers.join(' '));
    assert.ok(
      pointers.some((pointer) =>
        /^\/synchronizationRules\/0\/objectMappings\/0\/attributeMappings\/\d+\/source\/expression$/.test(pointer),
      ),
    );
    assert.equal(roundTrip.normalised.length, 2, 'nothing else: not the version, not @odata.context');
    assert.match(pushed.stderr, /the JSON Entra kept differs from the JSON sent at 2 places/);
    assert.match(pushed.stderr, /\/synchronizationRules\/0\/objectMappings\/0\/metadata: dropped \[/);
  } finally {
    graph.keepOnPut = (schema) => schema;
    graph.apps[2].jobs[0].schema = original; // the tests after this one start from the job as it was
  }
});

// Before: elements were paired by position, so the one mapping the service inserted and the one
// definition it removed were reported at 47 places (each later element "changed" into its neighbour).
test('push pairs mappings and definitions by their names: one the service inserts or removes is one place', async () => {
  const scimmap = join(folder, 'inserted.scimmap');
  const original = jobSchema();
  assert.equal((await run(['pull', '--app', 'Genesys Cloud', '-o', scimmap, ...auth()])).code, 0);
  writeFileSync(scimmap, readFileSync(scimmap, 'utf8').replace('  title <- [jobTitle]', '  title <- [department]'));
  type Named = Record<string, unknown> & { name: string };
  let inserted: unknown;
  let removed: unknown;
  graph.keepOnPut = (schema) => {
    const users = (schema.synchronizationRules as { objectMappings: { attributeMappings: Record<string, unknown>[] }[] }[])[0]
      .objectMappings[0];
    inserted = { ...users.attributeMappings[0], targetAttributeName: 'nickName', source: null, matchingPriority: 0 };
    users.attributeMappings.unshift(inserted as Record<string, unknown>);
    const target = (schema.directories as { objects: { attributes: Named[] }[] }[])[1].objects[0];
    removed = target.attributes.splice(2, 1)[0];
    return schema;
  };
  try {
    const pushed = await run(['push', scimmap, '--yes', ...auth()]);
    assert.equal(pushed.report?.pushed, true, pushed.stderr);
    const roundTrip = pushed.report?.roundTrip as { normalised: { pointer: string; sent?: unknown; kept?: unknown }[] };
    assert.deepEqual(roundTrip.normalised, [
      { pointer: '/synchronizationRules/0/objectMappings/0/attributeMappings/0', kept: inserted },
      { pointer: '/directories/1/objects/0/attributes/2', sent: removed },
    ]);
    assert.match(pushed.stderr, /the JSON Entra kept differs from the JSON sent at 2 places/);
    assert.match(pushed.stderr, /\/attributeMappings\/0: added \{/);
  } finally {
    graph.keepOnPut = (schema) => schema;
    graph.apps[2].jobs[0].schema = original;
  }
});

test('push stops when the schema was saved in the portal since the pull, listing what changed there; --force overwrites', async () => {
  const scimmap = join(folder, 'stale.scimmap');
  assert.equal((await run(['pull', '--app', 'Genesys Cloud', '-o', scimmap, ...auth()])).code, 0);
  const job = graph.apps[2].jobs[0];
  const portal = JSON.parse(job.schema) as {
    version: string;
    synchronizationRules: {
      objectMappings: { attributeMappings: { targetAttributeName: string; source: { expression: string; name: string } }[] }[];
    }[];
  };
  const title = portal.synchronizationRules[0].objectMappings[0].attributeMappings.find(
    (mapping) => mapping.targetAttributeName === 'title',
  )!;
  title.source = { ...title.source, expression: '[department]', name: 'department' };
  const mappings = portal.synchronizationRules[0].objectMappings[0].attributeMappings;
  const removed = mappings.pop()!.targetAttributeName;
  portal.version = newVersion();
  job.schema = JSON.stringify(portal, null, 2);
  const puts = graph.requests.filter((request) => request.method === 'PUT').length;

  const stopped = await run(['push', scimmap, '--yes', ...auth()]);
  assert.equal(stopped.code, 1);
  assert.match(stopped.stderr, /was changed since the pull .*nothing sent/);
  // The pulled schema against Entra's now, each side named, with what --force does to it.
  assert.match(
    stopped.stderr,
    /~ users "Provision Microsoft Entra ID Users" title: pulled \[jobTitle\] {2}default ""; now \[department\] {2}default "" {3}\(changed in Entra since the pull, .*; --force sets the \.scimmap's\)/,
  );
  assert.ok(
    stopped.stderr.includes(`- users "Provision Microsoft Entra ID Users" ${removed}: `) &&
      /\(removed in Entra since the pull, .*; --force puts the \.scimmap's back\)/.test(stopped.stderr),
    stopped.stderr,
  );
  assert.doesNotMatch(stopped.stderr, /only in the/);
  assert.match(stopped.stderr, /push --force/);
  const changedSincePull = (stopped.report?.changedSincePull ?? []) as Record<string, string>[];
  assert.deepEqual(
    changedSincePull.map(({ change, item, pulled, current, withForce }) => ({ change, item, pulled, current, withForce })),
    [
      {
        change: 'changed in Entra',
        item: 'title',
        pulled: '[jobTitle]  default ""',
        current: '[department]  default ""',
        withForce: "sets the .scimmap's",
      },
      {
        change: 'removed in Entra',
        item: removed,
        pulled: changedSincePull[1]?.pulled,
        current: undefined,
        withForce: "puts the .scimmap's back",
      },
    ],
  );
  assert.equal(graph.requests.filter((request) => request.method === 'PUT').length, puts, 'nothing was sent');

  const forced = await run(['push', scimmap, '--yes', '--force', ...auth()]);
  assert.equal(forced.code, 0, forced.stderr);
  assert.match(JSON.stringify(JSON.parse(job.schema).synchronizationRules), /"expression":"\[jobTitle\]"/);
});

// Before: only the version told a save since the pull, so a schema changed under the same version
// (or one with no version at all) was overwritten without a word.
test('push stops when what the .scimmap says changed since the pull under the same version, or without any', async () => {
  const scimmap = join(folder, 'unversioned.scimmap');
  const job = graph.apps[2].jobs[0];
  const original = job.schema;
  try {
    for (const version of ['same', 'none']) {
      const withVersion = JSON.parse(original) as Record<string, unknown>;
      if (version === 'none') delete withVersion.version;
      job.schema = JSON.stringify(withVersion, null, 2);
      rmSync(scimmap, { force: true });
      assert.equal((await run(['pull', '--app', 'Genesys Cloud', '-o', scimmap, ...auth()])).code, 0);
      writeFileSync(scimmap, readFileSync(scimmap, 'utf8').replace(/^ {2}title <- .*$/m, '  title <- [department]'));
      const portal = JSON.parse(job.schema) as {
        synchronizationRules: { objectMappings: { attributeMappings: { targetAttributeName: string; source: unknown }[] }[] }[];
      };
      portal.synchronizationRules[0].objectMappings[0].attributeMappings.find(
        (mapping) => mapping.targetAttributeName === 'displayName',
      )!.source = { expression: '[mail]', name: 'mail', type: 'Attribute', parameters: [] };
      job.schema = JSON.stringify(portal, null, 2);
      const puts = graph.requests.filter((request) => request.method === 'PUT').length;
      const stopped = await run(['push', scimmap, '--yes', ...auth()]);
      assert.equal(stopped.code, 1, `${version}: ${stopped.stderr}`);
      assert.equal(stopped.report?.reason, 'changed since the pull');
      assert.deepEqual(
        (stopped.report?.changedSincePull as { item: string }[]).map(({ item }) => item),
        ['displayName'],
      );
      assert.match(stopped.stderr, /was changed since the pull \(without a new version/);
      assert.equal(graph.requests.filter((request) => request.method === 'PUT').length, puts, 'nothing was sent');
    }
    // Under the same version, a change the .scimmap does not express stops nothing: the push keeps it.
    const outside = JSON.parse(original) as { directories: { objects: { metadata?: unknown }[] }[] };
    outside.directories[0].objects[0].metadata = [{ key: 'Changed', value: 'under the same version' }];
    job.schema = JSON.stringify(outside, null, 2);
    rmSync(scimmap, { force: true });
    assert.equal((await run(['pull', '--app', 'Genesys Cloud', '-o', scimmap, ...auth()])).code, 0);
    writeFileSync(scimmap, readFileSync(scimmap, 'utf8').replace(/^ {2}title <- .*$/m, '  title <- [department]'));
    outside.directories[0].objects[0].metadata = [{ key: 'Changed', value: 'again, version kept' }];
    job.schema = JSON.stringify(outside, null, 2);
    const kept = await run(['push', scimmap, '--yes', ...auth()]);
    assert.equal(kept.code, 0, kept.stderr);
    assert.equal(kept.report?.pushed, true);
    assert.match(jobSchema(), /again, version kept/, 'the change outside the .scimmap was kept');
  } finally {
    job.schema = original;
  }
});

// Before: when a PUT landed but its answer was lost (FILE.schema.json and FILE.entra.json still the
// pulled ones), the next push stopped "changed since the pull", listing the .scimmap's own edit as
// changed in Entra, and so did every push after it, --force too ("nothing to push", the base never
// following Entra): the only way on was a pull into another file.
test('push of a file Entra already has, saved since the pull: the stop says so, and --force sends nothing but makes the base follow Entra', async () => {
  const scimmap = join(folder, 'landed.scimmap');
  assert.equal((await run(['pull', '--app', 'Genesys Cloud', '-o', scimmap, ...auth()])).code, 0);
  const base = [join(folder, 'landed.schema.json'), join(folder, 'landed.entra.json')];
  const pulledBase = base.map((file) => readFileSync(file, 'utf8'));
  writeFileSync(scimmap, readFileSync(scimmap, 'utf8').replace(/^ {2}title <- .*$/m, '  title <- Join("/", [jobTitle], [department])'));
  assert.equal((await run(['push', scimmap, '--yes', ...auth()])).code, 0);
  base.forEach((file, index) => writeFileSync(file, pulledBase[index])); // the PUT landed, its answer did not
  const puts = graph.requests.filter((request) => request.method === 'PUT').length;

  const stopped = await run(['push', scimmap, '--yes', ...auth()]);
  assert.equal(stopped.code, 1, stopped.stderr);
  assert.equal(stopped.report?.reason, 'changed since the pull');
  assert.match(stopped.stderr, /already says everything .*landed\.scimmap says .*push --force sends nothing/);
  const forced = await run(['push', scimmap, '--yes', '--force', ...auth()]);
  assert.equal(forced.code, 0, forced.stderr);
  assert.equal(forced.report?.reason, 'nothing to push');
  assert.equal(graph.requests.filter((request) => request.method === 'PUT').length, puts, 'nothing was sent');
  const current = JSON.parse(jobSchema()).version as string;
  assert.match(forced.stderr, /already says what .*landed\.scimmap says.*saved since the pull/);
  assert.equal(JSON.parse(readFileSync(base[1], 'utf8')).version, current, 'the base follows the schema in Entra');
  assert.equal(JSON.parse(readFileSync(base[0], 'utf8')).version, current);

  writeFileSync(scimmap, readFileSync(scimmap, 'utf8').replace(/^ {2}title <- .*$/m, '  title <- [jobTitle]'));
  const next = await run(['push', scimmap, '--yes', ...auth()]);
  assert.equal(next.code, 0, next.stderr);
  assert.equal(next.report?.pushed, true);
});

// Before: a PUT that got no answer was reported as "Graph not reached" (pushed: false), and one that
// was answered but could not be read back as "refused by Graph": both had landed in Entra.
test('a PUT with no answer may have landed, one not read back has: push says so, and pushing again settles it', async () => {
  const scimmap = join(folder, 'unsettled.scimmap');
  assert.equal((await run(['pull', '--app', 'Genesys Cloud', '-o', scimmap, ...auth()])).code, 0);
  writeFileSync(scimmap, readFileSync(scimmap, 'utf8').replace(/^ {2}title <- .*$/m, '  title <- Join("-", [jobTitle], [department])'));
  graph.loseAnswersToPut(4); // the first try and its three retries
  const unanswered = await run(['push', scimmap, '--yes', ...auth()]);
  assert.equal(unanswered.code, 1);
  assert.equal(unanswered.report?.pushed, false);
  assert.equal(unanswered.report?.reason, 'no answer to the PUT');
  assert.match(unanswered.stderr, /no answer came, so Entra may have replaced the schema: push again/);
  await settle(scimmap);

  writeFileSync(scimmap, readFileSync(scimmap, 'utf8').replace(/^ {2}title <- .*$/m, '  title <- [jobTitle]'));
  graph.keepOnPut = (schema) => {
    graph.throttle('/schema', 1, 600); // the GET after the PUT: a Retry-After too long to wait for
    return schema;
  };
  try {
    const unread = await run(['push', scimmap, '--yes', ...auth()]);
    assert.equal(unread.code, 1);
    assert.equal(unread.report?.pushed, true);
    assert.equal(unread.report?.reason, 'not read back');
    assert.match(unread.stderr, /Entra replaced the schema, but reading it back failed: push again/);
  } finally {
    graph.keepOnPut = (schema) => schema;
  }
  await settle(scimmap);
});

/** Pushes `scimmap` again after a PUT that landed unseen: a stop saying Entra has it already, then --force sending nothing. */
async function settle(scimmap: string): Promise<void> {
  const puts = graph.requests.filter((request) => request.method === 'PUT').length;
  const again = await run(['push', scimmap, '--yes', ...auth()]);
  assert.equal(again.code, 1, again.stderr);
  assert.match(again.stderr, /already says everything .* push --force sends nothing/, 'the PUT had landed');
  const forced = await run(['push', scimmap, '--yes', '--force', ...auth()]);
  assert.equal(forced.code, 0, forced.stderr);
  assert.equal(forced.report?.reason, 'nothing to push');
  assert.equal(graph.requests.filter((request) => request.method === 'PUT').length, puts, 'nothing was sent again');
}

test('push of a file that was not pulled, or whose job is gone, says what to do', async () => {
  const notPulled = tempFiles('scimmap-graph-not-pulled-')('mine.scimmap', 'users {\n  userName <- [userPrincipalName]\n}\n');
  const result = await run(['push', notPulled, ...auth()]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /was not pulled from Entra .*scimmap pull --app NAME -o/);

  const scimmap = join(folder, 'gone.scimmap');
  assert.equal((await run(['pull', '--app', 'Genesys Cloud', '-o', scimmap, ...auth()])).code, 0);
  const origin = join(folder, 'gone.entra.json');
  writeFileSync(origin, JSON.stringify({ ...JSON.parse(readFileSync(origin, 'utf8')), job: { id: 'purecloudbygenesys.deleted' } }));
  const user = tempFiles('scimmap-graph-gone-user-')('user.json', JSON.stringify({ userPrincipalName: 'a@contoso.com' }));
  // Each command on the job answers Graph's 404 with the app's jobs, as pull --job does.
  for (const command of [
    ['push', scimmap, '--yes'],
    ['verify-with-entra', scimmap, '--user', user],
    ['compare-functions', scimmap],
    ['provision-with-entra', scimmap, '--user', '3f1e2d4c-5b6a-4789-8a9b-0c1d2e3f4a5b', '--yes'],
  ]) {
    const gone = await run([...command, ...auth()]);
    assert.equal(gone.code, 1, command[0]);
    assert.ok(
      gone.stderr.includes(
        `has no provisioning job purecloudbygenesys.deleted. Its jobs: ${jobId}. Deleted and recreated jobs get a new id: pull again`,
      ),
      `${command[0]}: ${gone.stderr}`,
    );
  }
});

// Before: push read its base from, and wrote Entra's schema to, whatever "schema" FILE.entra.json
// named: "../victim.json" or an absolute path was overwritten (exit 0, "pushed").
test('push reads and writes only FILE.schema.json beside FILE: an .entra.json naming another base is refused (exit 2), an edited base is blamed', async () => {
  const sub = join(folder, 'sub');
  mkdirSync(sub, { recursive: true });
  const scimmap = join(sub, 'r.scimmap');
  assert.equal((await run(['pull', '--app', 'Genesys Cloud', '-o', scimmap, ...auth()])).code, 0);
  writeFileSync(scimmap, readFileSync(scimmap, 'utf8').replace('  title <- [jobTitle]', '  title <- [department]'));
  const origin = join(sub, 'r.entra.json');
  const pulledOrigin = readFileSync(origin, 'utf8');
  const base = readFileSync(join(sub, 'r.schema.json'), 'utf8');
  const victim = join(folder, 'victim.json');
  const sent = graph.requests.length;
  for (const named of ['../victim.json', victim]) {
    writeFileSync(victim, base);
    writeFileSync(origin, JSON.stringify({ ...JSON.parse(pulledOrigin), schema: named }));
    for (const command of [
      ['push', scimmap, '--yes'],
      ['compare-functions', scimmap],
    ]) {
      const refused = await run([...command, ...auth()]);
      assert.equal(refused.code, 2, `${command[0]} ${named}: ${refused.stderr}`);
      assert.ok(
        refused.stderr.includes(`r.entra.json names the base schema ${JSON.stringify(named)}, not r.schema.json beside it`) &&
          refused.stderr.includes('Put back "schema": "./r.schema.json", or pull again into another file'),
        refused.stderr,
      );
    }
    assert.equal(readFileSync(victim, 'utf8'), base, 'the other file is untouched');
  }
  assert.equal(graph.requests.length, sent, 'nothing was sent');

  writeFileSync(origin, pulledOrigin);
  writeFileSync(join(sub, 'r.schema.json'), 'not a schema');
  const edited = await run(['push', scimmap, '--yes', ...auth()]);
  assert.equal(edited.code, 2, edited.stderr);
  assert.match(edited.stderr, /r\.schema\.json \(the base pulled with .*r\.scimmap\): \/: not JSON/);
  assert.match(edited.stderr, /r\.schema\.json is not a schema pull wrote; nothing sent/);
  assert.doesNotMatch(edited.stderr, /the schema of "Genesys Cloud"/);
  assert.ok(!graph.requests.slice(sent).some((request) => request.method === 'PUT'), 'nothing was sent');
});

// Before: JSON.parse threw (a SyntaxError, or a TypeError reading "schema" of null) out of the command.
test('a FILE.entra.json that is not what pull writes is refused (exit 2), not a crash', async () => {
  const scimmap = join(folder, 'broken-origin.scimmap');
  assert.equal((await run(['pull', '--app', 'Genesys Cloud', '-o', scimmap, ...auth()])).code, 0);
  const origin = join(folder, 'broken-origin.entra.json');
  for (const text of ['{oops', 'null', '{"graphUrl": "x"}']) {
    writeFileSync(origin, text);
    for (const command of [
      ['push', scimmap, '--yes'],
      ['compare-functions', scimmap],
    ]) {
      const refused = await run([...command, ...auth()]);
      assert.equal(refused.code, 2, `${command[0]} ${text}: ${refused.stderr}`);
      assert.ok(
        refused.stderr.includes(
          `broken-origin.entra.json is not what scimmap pull writes (JSON naming the Graph, app, job and base schema it came from): pull again`,
        ),
        refused.stderr,
      );
    }
  }
});

test('a pulled file never chooses where the token goes: its .entra.json must name the Graph of the command line', async () => {
  const scimmap = join(folder, 'elsewhere.scimmap');
  assert.equal((await run(['pull', '--app', 'Genesys Cloud', '-o', scimmap, ...auth()])).code, 0);
  const tokenOnly = ['--token-env', 'SCIMMAP_TEST_GRAPH_TOKEN'];
  // Without --graph-url the command talks to the default Graph, not the one the file names.
  const sent = graph.requests.length;
  const defaulted = await run(['push', scimmap, '--yes', ...tokenOnly]);
  assert.equal(defaulted.code, 2);
  assert.ok(
    defaulted.stderr.includes(
      `was pulled from the Graph at ${graph.url}, but this command talks to https://graph.microsoft.com (the default): give --graph-url`,
    ),
  );
  // An edited .entra.json naming another host is refused too, before anything is sent.
  const origin = join(folder, 'elsewhere.entra.json');
  writeFileSync(origin, JSON.stringify({ ...JSON.parse(readFileSync(origin, 'utf8')), graphUrl: 'http://127.0.0.1:9' }));
  const edited = await run(['push', scimmap, '--yes', ...auth()]);
  assert.equal(edited.code, 2);
  assert.match(edited.stderr, /was pulled from the Graph at http:\/\/127\.0\.0\.1:9, but this command talks to http/);
  assert.equal(graph.requests.length, sent, 'no request was sent');
});

test('secrets are refused as arguments, and a missing authentication is a usage error', async () => {
  const asArgument = await run(['pull', '--app', 'x', '-o', 'x.scimmap', '--token', token]);
  assert.equal(asArgument.code, 2);
  assert.match(asArgument.stderr, /--token is not accepted/);
  const none = await run(['pull', '--app', 'x', '-o', 'x.scimmap']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /give --token-env VAR, or --tenant T --client-id ID --client-secret-env VAR/);
  const unknownCloud = await run([
    'pull',
    '--app',
    'x',
    '-o',
    'x.scimmap',
    '--graph-url',
    'https://graph.example.test',
    '--tenant',
    't',
    '--client-id',
    'c',
    '--client-secret-env',
    'SCIMMAP_TEST_GRAPH_SECRET',
  ]);
  assert.equal(unknownCloud.code, 2);
  assert.match(unknownCloud.stderr, /is not a Microsoft cloud's Graph: give its sign-in authority with --login-url URL/);
});

// Before: a Graph on loopback was an unknown cloud too, so a local stand-in needed --login-url naming itself.
test('client credentials against a Graph on loopback sign in at its own origin, without --login-url', async () => {
  const result = await run([
    'pull',
    '--app',
    '9e8d7c6b-5a49-4838-a7b6-c5d4e3f2a1b0',
    '-o',
    join(folder, 'loopback-login.scimmap'),
    '--graph-url',
    graph.url,
    ...appCredentials,
    '--verbose',
  ]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, signedInAtStandIn);
});

// Before: a token copied with its scheme ("Bearer eyJ...", as a curl command or a header shows it)
// went as "Bearer Bearer eyJ...", and Graph's 401 was read as an expired or foreign token.
test('a --token-env variable holding "Bearer " and the token is refused (exit 2) before anything is sent, the token not printed', async () => {
  process.env.SCIMMAP_TEST_GRAPH_WITH_SCHEME = `Bearer ${token}`;
  const before = graph.requests.length;
  const result = await run([
    'pull',
    '--app',
    'Genesys Cloud',
    '-o',
    join(folder, 'never.scimmap'),
    '--graph-url',
    graph.url,
    '--token-env',
    'SCIMMAP_TEST_GRAPH_WITH_SCHEME',
  ]);
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /SCIMMAP_TEST_GRAPH_WITH_SCHEME holds "Bearer " before the token: put the token alone in it/);
  assert.equal(graph.requests.length, before, 'nothing was sent');
});

// Before: a pull that Graph refused, or whose app or job was not found, printed nothing on stdout,
// so a script reading pull's JSON report got no JSON at all (push prints its report on every stop).
test('a pull that fails after asking Graph prints its JSON report too: pulled false and the error, nothing written', async () => {
  const refused = await run([
    'pull',
    '--app',
    'Genesys Cloud',
    '-o',
    join(folder, 'never.scimmap'),
    '--graph-url',
    graph.url,
    '--token-env',
    'SCIMMAP_TEST_GRAPH_READ_ONLY',
  ]);
  assert.equal(refused.code, 1);
  assert.equal(refused.report?.pulled, false, refused.stdout);
  assert.match(refused.report?.error as string, /^403 Authorization_RequestDenied: .*Synchronization\.Read\.All/);
  const missing = await run(['pull', '--app', 'Nothing Like It', '-o', join(folder, 'never.scimmap'), ...auth()]);
  assert.equal(missing.code, 1);
  assert.deepEqual(Object.keys(missing.report ?? {}), ['pulled', 'error']);
  assert.match(missing.report?.error as string, /No enterprise app matches "Nothing Like It"/);
  assert.ok(!readdirSync(folder).some((name) => name.startsWith('never.')), 'nothing written');
});

test('pull says the line and column in the schema of each warning and problem, as import does (before: the JSON pointer only)', async () => {
  const job = graph.apps[2].jobs[0];
  const pulledSchema = job.schema;
  try {
    job.schema = pulledSchema.replace('"name": "userPrincipalName",', '"name": "mail",');
    const scimmap = join(folder, 'located.scimmap');
    const pulled = await run(['pull', '--app', 'Genesys Cloud', '-o', scimmap, ...auth()]);
    assert.equal(pulled.code, 0, pulled.stderr);
    const warning =
      /^located\.schema\.json: warning \/synchronizationRules\/0\/objectMappings\/0\/attributeMappings\/0\/source\/name: the source tree disagrees .* \(line (\d+), column (\d+)\)$/m.exec(
        pulled.stderr.replace(/^.*[\\/](?=located\.schema\.json)/gm, ''),
      );
    assert.ok(warning, pulled.stderr);
    const base = readFileSync(join(folder, 'located.schema.json'), 'utf8').split('\n');
    assert.ok(base[Number(warning[1]) - 1].slice(Number(warning[2]) - 1).startsWith('"mail"'), 'at the value in the base written');
    assert.match((pulled.report?.warnings as string[])[0], /\/source\/name: .* \(line \d+, column \d+\)$/);
    job.schema = pulledSchema.replace('"flowType": "Always"', '"flowType": "Sometimes"');
    const refused = await run(['pull', '--app', 'Genesys Cloud', '-o', join(folder, 'never-located.scimmap'), ...auth()]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /\/attributeMappings\/0\/flowType: unknown flowType "Sometimes" \(line \d+, column \d+\)$/m);
  } finally {
    job.schema = pulledSchema;
  }
});
