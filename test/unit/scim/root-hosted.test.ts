// A SCIM service hosted at the root of its host (http://host:port, no path): every networked command
// calls {base}/Users, {base}/Schemas... as RFC 7644 §3.2 writes them, never //Users. The peer is
// scimmy mounted at "/", and its request log is the evidence.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { main } from '../../../server/src/cli/main';
import { startScimmyPeer, type Peer } from '../../sandbox/scimmy-peer';
import { capture, tempFiles } from '../cli/cli-io';

const tokenVariable = 'SCIMMAP_ROOT_HOSTED_TOKEN';
const file = tempFiles('scimmap-root-hosted-');
const map = file(
  'root.scimmap',
  `target "generic-scim"
users {
  userName    <- [userPrincipalName] match 1
  active      <- Switch([IsSoftDeleted], , "False", "True", "True", "False")
  displayName <- [displayName]
}
`,
);
const samples = file('samples.json', {
  users: [{ $id: 'pat', objectId: 'o-pat', userPrincipalName: 'pat.one@example.com', displayName: 'Pat One' }],
});

describe('a SCIM service at the root of its host', () => {
  let peer: Peer;
  before(async () => {
    peer = await startScimmyPeer({ path: '/' });
    process.env[tokenVariable] = peer.token;
  });
  after(async () => {
    delete process.env[tokenVariable];
    await peer.close();
  });

  /** Runs a command against the tenant URL; returns its exit code, stderr and the paths the peer received (query left out). */
  const run = async (command: string[], tenantUrl: string) => {
    peer.requests.splice(0);
    const io = capture();
    const code = await main([...command, '--url', tenantUrl, '--token-env', tokenVariable], io);
    const paths = peer.requests.map((request) => request.split('?')[0]);
    return { code, err: io.stderr.join('\n'), out: io.stdout.join('\n'), paths };
  };

  for (const [form, tenantUrl] of [
    ['http://host:port', () => peer.url],
    ['http://host:port/', () => `${peer.url}/`],
  ] as const) {
    test(`${form}: discover, test-connection, provision --apply and simulate call /Users, /Schemas... at the root`, async () => {
      const base = tenantUrl();
      const discovered = await run(['discover'], base);
      assert.equal(discovered.code, 0, discovered.err);
      assert.deepEqual(discovered.paths, ['GET /ServiceProviderConfig', 'GET /ResourceTypes', 'GET /Schemas']);

      const tested = await run(['test-connection'], base);
      assert.equal(tested.code, 0, tested.out);
      assert.deepEqual(tested.paths, ['GET /Users', 'GET /ServiceProviderConfig', 'GET /Schemas']);

      const provisioned = await run(['provision', map, '--samples', samples, '--id', 'pat', '--apply'], base);
      assert.equal(provisioned.code, 0, provisioned.out);
      assert.equal(provisioned.paths[0], 'GET /Users');
      for (const path of provisioned.paths) assert.match(path, /^(GET|POST|PATCH) \/Users(\/[^/]+)?$/);
      assert.doesNotMatch(provisioned.out, /\/\/Users/);

      const simulated = await run(['simulate', map, '--directory', samples], base);
      assert.equal(simulated.code, 0, simulated.err);
      assert.ok(simulated.paths.length > 0);
      for (const path of simulated.paths) assert.equal(path, 'GET /Users');
    });
  }
});
