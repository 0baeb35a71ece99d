// `scimmap simulate --url ... --token-env ...`: the target's state read live from the Genesys-like
// sandbox and from the scimmy peer (a third-party SCIM server), with the connection flags of
// test-connection and provision; --target-state and a connection together are a usage error;
// progress on stderr; Ctrl+C cancels; the token never appears in what the command prints.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { main } from '../../../server/src/cli/main';
import type { ProvisioningRecord } from '../../../server/src/simulation/simulate';
import { startScimmyPeer, type Peer } from '../../sandbox/scimmy-peer';
import { repositoryRoot } from '../../support/repository';
import { clientFor, startLoopbackServer, useSandbox } from '../scim/helpers';
import { capture, tempFiles } from './cli-io';

const map = join(repositoryRoot(__dirname), 'examples', 'purecloud.scimmap');
const file = tempFiles('scimmap-simulate-live-');
const tokenVariable = 'SCIMMAP_SIMULATE_LIVE_TOKEN';

const directory = file('directory.json', {
  users: [
    {
      $id: 'ada',
      userPrincipalName: 'ada.lovelace@example.com',
      displayName: 'Ada Lovelace',
      jobTitle: 'Countess',
      mail: 'ada@example.com',
    },
    { $id: 'grace', userPrincipalName: 'grace.hopper@example.com', displayName: 'Grace Hopper', accountEnabled: true },
    { $id: 'kat', userPrincipalName: 'kat.johnson@example.com', displayName: 'Katherine Johnson' },
  ],
  groups: [{ $id: 'sales', displayName: 'Sales', objectId: 'g-sales', members: ['ada', 'kat'] }],
});

const printed: string[] = [];
async function run(...argv: string[]) {
  const io = capture();
  const code = await main(['simulate', map, '--directory', directory, ...argv], io);
  printed.push(...io.stdout, ...io.stderr);
  const lines = io.stdout.map((line) => JSON.parse(line) as Record<string, unknown>);
  const records = lines.filter((line) => !('summary' in line)) as unknown as ProvisioningRecord[];
  const actions = Object.fromEntries(records.map((record) => [record.sourceIdentity.id, record.simulation.action]));
  return { code, records, actions, err: io.stderr.join('\n') };
}

describe('scimmap simulate with the target read live', () => {
  const sandbox = useSandbox();
  const connection = () => ['--url', sandbox().url, '--token-env', tokenVariable];
  before(() => {
    process.env[tokenVariable] = sandbox().token;
  });
  after(() => {
    delete process.env[tokenVariable];
    for (const line of printed) assert.ok(!line.includes(sandbox().token), `the token appeared in: ${line}`);
  });

  test('the sandbox: users matched (the inactive one too), a new one created, the group found by its matching query and updated', async () => {
    const { code, records, actions, err } = await run(...connection());
    assert.equal(code, 0, err);
    assert.deepEqual(actions, { ada: 'update', grace: 'update', kat: 'create', 'g-sales': 'update' });
    const ada = records.find((record) => record.sourceIdentity.id === 'ada')!;
    assert.match(
      ada.provisioningSteps.find((step) => step.provisioningStepType === 'matching')!.description,
      /^Matched the target object /,
    );
    assert.ok(ada.simulation.requests.some((request) => request.method === 'PATCH' && JSON.stringify(request.body).includes('Countess')));
    assert.match(err, /simulate: reading the target: \/Users: 2 of 2/);
    assert.match(err, /warning: \/Groups: the target does not list groups without a filter/);
    assert.match(err, /simulate: the target holds 3 users and 1 group$/m);
    // Only reads: the state is read, nothing is written.
    assert.deepEqual(new Set(sandbox().requests.map((request) => request.method)), new Set(['GET']));
  });

  // Before: the flag was dropped and ada's PATCH planned in the default format ("op":"Replace"), unlike the tenant's cycles.
  test('a tenant URL (--url or a saved connection) that carries ?aadOptscim062020 selects that PATCH format unless --compat says otherwise, and says so', async () => {
    const patchOps = (records: ProvisioningRecord[]) =>
      records
        .find((record) => record.sourceIdentity.id === 'ada')!
        .simulation.requests.filter((request) => request.method === 'PATCH')
        .flatMap((request) => (request.body as { Operations: { op: string }[] }).Operations.map((operation) => operation.op));
    const flagged = ['--url', `${sandbox().url}?aadOptscim062020`, '--token-env', tokenVariable];
    const selected = await run(...flagged);
    assert.equal(selected.code, 0, selected.err);
    assert.deepEqual(new Set(patchOps(selected.records)), new Set(['replace']));
    assert.match(selected.err, /scimmap simulate: note: The query "\?aadOptscim062020" of the tenant URL is not sent with the calls/);
    assert.match(
      selected.err,
      /scimmap simulate: the tenant URL selects the aadOptscim062020 PATCH format, as in Entra's scheduled cycles \(--compat chooses another\)/,
    );
    const overridden = await run(...flagged, '--compat', 'default');
    assert.deepEqual(new Set(patchOps(overridden.records)), new Set(['Replace']));
    assert.match(overridden.err, /but --compat default was given: the run uses default/);
    const plain = await run(...connection());
    assert.deepEqual(new Set(patchOps(plain.records)), new Set(['Replace']));
    assert.doesNotMatch(plain.err, /PATCH format/);

    const folder = dirname(file('settings.json', {}));
    mkdirSync(join(folder, '.vscode'), { recursive: true });
    const saved = { name: 'Flagged', url: `${sandbox().url}?aadOptscim062020`, tokenEnv: tokenVariable };
    writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'scimmap.connections': [saved] }));
    const previous = process.cwd();
    process.chdir(folder);
    try {
      const named = await run('--connection', 'Flagged');
      assert.equal(named.code, 0, named.err);
      assert.deepEqual(new Set(patchOps(named.records)), new Set(['replace']));
      assert.match(named.err, /the tenant URL selects the aadOptscim062020 PATCH format/);
    } finally {
      process.chdir(previous);
    }
  });

  test('--target-state with a connection is a usage error, before anything is sent', async () => {
    const state = file('state.json', { Resources: [] });
    const { code, err } = await run('--target-state', state, ...connection());
    assert.equal(code, 2);
    assert.match(err, /give --target-state FILE or a live connection \(--connection, --url or --region\), not both/);
    assert.equal(sandbox().requests.length, 0);
  });

  // Before: the whole target was read (within its time budget) before the CSV was refused at its header.
  test('a Users CSV that cannot be read, the only input, is refused (exit 2) before the target is read', async () => {
    const unusable = file('unusable.csv', 'foo,bar\n1,2\n');
    const io = capture();
    const code = await main(['simulate', map, '--directory', unusable, ...connection()], io);
    assert.equal(code, 2, io.stderr.join('\n'));
    assert.match(
      io.stderr.join('\n'),
      /the header row has no objectId \(id\), userPrincipalName or displayName column.*nothing in the file could be read/,
    );
    assert.equal(sandbox().requests.length, 0);
  });

  test('--token is refused as on every connection command', async () => {
    const { code, err } = await run('--url', sandbox().url, '--token', 'secret-on-the-command-line');
    assert.equal(code, 2);
    assert.match(err, /--token is not accepted/);
  });

  test('a target that fails: the state cannot be read, exit 1, nothing simulated', async () => {
    sandbox().setFaults({ forbidden: { times: 1 } });
    const { code, records, err } = await run(...connection());
    assert.equal(code, 1);
    assert.equal(records.length, 0);
    assert.match(err, /scimmap simulate: the target's state could not be read: 403/);
  });

  test('Ctrl+C while the state is read: cancelled, exit 1, no records', async () => {
    sandbox().setFaults({ latencyMs: 400 });
    const running = run(...connection());
    await new Promise((resolve) => setTimeout(resolve, 100));
    process.emit('SIGINT');
    const { code, records, err } = await running;
    assert.equal(code, 1);
    assert.equal(records.length, 0);
    assert.match(err, /the target's state could not be read: Cancelled/);
  });
});

describe('scimmap simulate reading the scimmy peer (a third-party SCIM server)', () => {
  let peer: Peer;
  before(async () => {
    peer = await startScimmyPeer();
    process.env[tokenVariable] = peer.token;
    const { client } = clientFor(peer.url, peer.token);
    try {
      await client.json({
        method: 'POST',
        path: '/Users',
        body: {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName: 'ada.lovelace@example.com',
          displayName: 'Ada Lovelace',
        },
      });
      await client.json({
        method: 'POST',
        path: '/Groups',
        body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Sales' },
      });
    } finally {
      await client.close();
    }
  });
  after(async () => {
    delete process.env[tokenVariable];
    await peer.close();
    for (const line of printed) assert.ok(!line.includes(peer.token), `the token appeared in: ${line}`);
  });

  test('users and groups listed page by page: matched ones updated, the rest created', async () => {
    const { code, actions, err } = await run('--url', peer.url, '--token-env', tokenVariable);
    assert.equal(code, 0, err);
    assert.deepEqual(actions, { ada: 'update', grace: 'create', kat: 'create', 'g-sales': 'update' });
    assert.match(err, /simulate: the target holds 1 user and 1 group$/m);
    assert.doesNotMatch(err, /warning:/);
  });
});

// Before: the page was read with JSON.parse, which rounds 129699324000000001 to 129699324000000000,
// so a user whose Entra value has the very digits the target holds was an update of employeeNumber.
test('an integer past 2^53 that the target lists keeps every digit: the same digits from Entra are no change', async () => {
  const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
  const page = `{"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "totalResults": 1, "startIndex": 1, "itemsPerPage": 1,
    "Resources": [{"id": "t-ada", "userName": "ada@example.com", "displayName": "Ada", "active": true, "${enterprise}": {"employeeNumber": 129699324000000001}}]}`;
  const empty = '{"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "totalResults": 0, "Resources": []}';
  const target = await startLoopbackServer((request, response) => {
    response.setHeader('content-type', 'application/scim+json');
    // The plain list holds the user; the list of inactive users (filter=active eq false) does not.
    response.end(request.url?.includes('filter=') ? empty : page);
  });
  process.env[tokenVariable] = 'loopback-token';
  try {
    const users = file('employee.json', {
      users: [{ $id: 'ada', userPrincipalName: 'ada@example.com', displayName: 'Ada', employeeId: '129699324000000001' }],
    });
    const io = capture();
    const code = await main(['simulate', map, '--directory', users, '--url', `${target.origin}/scim/v2`, '--token-env', tokenVariable], io);
    assert.equal(code, 0, io.stderr.join('\n'));
    const record = JSON.parse(io.stdout[0]) as ProvisioningRecord;
    assert.equal(record.simulation.action, 'noChange', JSON.stringify(record.modifiedProperties));
  } finally {
    delete process.env[tokenVariable];
    await target.close();
  }
});
