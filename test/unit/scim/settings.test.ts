// The connection settings: what is accepted, and what is refused with a reason (never a secret in settings).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { activeConnection, describeConnection, openSecret, parseConnections, sealSecret } from '../../../shared/src/scim/settings';

describe('scimmap.connections', () => {
  test('region, URL, OAuth and environment-token connections are read', () => {
    const { connections, problems } = parseConnections([
      { name: 'prod', region: 'eu_central_1', auth: 'oauth', clientId: 'abc' },
      { name: 'sandbox', url: 'http://127.0.0.1:8990/api/v2/scim/v2', tokenEnv: 'SCIMMAP_SANDBOX_TOKEN' },
      { name: 'other', url: 'https://scim.example.com/v2', auth: 'token' },
    ]);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      connections.map((connection) => [connection.name, connection.auth, describeConnection(connection)]),
      [
        ['prod', 'oauth', 'Europe (Frankfurt)'],
        ['sandbox', 'token', '127.0.0.1:8990'],
        ['other', 'token', 'scim.example.com'],
      ],
    );
  });

  test('bad entries are skipped with a reason each', () => {
    const { connections, problems } = parseConnections([
      { region: 'us_east_1' },
      { name: 'a' },
      { name: 'b', region: 'atlantis' },
      { name: 'c', url: 'https://x.example.com', auth: 'basic' },
      { name: 'd', region: 'us_east_1', auth: 'oauth' },
      { name: 'e', url: 'https://x.example.com', tokenEnv: 'AWS_SECRET_ACCESS_KEY' },
      { name: 'f', url: 'https://x.example.com', token: 'pasted-secret' },
      { name: 'g', region: 'us_east_1' },
      { name: 'g', region: 'eu_west_1' },
      'not an object',
    ]);
    assert.deepEqual(
      connections.map((connection) => connection.name),
      ['g'],
    );
    assert.deepEqual(problems, [
      'scimmap.connections[0] has no name.',
      'scimmap.connections[1] ("a") needs a "region" or a "url".',
      'scimmap.connections[2] ("b"): unknown region "atlantis".',
      'scimmap.connections[3] ("c"): "auth" is "token" or "oauth".',
      'scimmap.connections[4] ("d"): an OAuth connection needs a "clientId".',
      'scimmap.connections[5] ("e"): "tokenEnv" must name a variable starting with SCIMMAP_ (A-Z, 0-9, _).',
      'scimmap.connections[6] ("f"): "token" does not belong in settings; secrets are kept in VS Code\'s secret storage (use "SCIM: Add Connection").',
      'scimmap.connections[8] ("g"): the name is used twice; the first one wins.',
      'scimmap.connections[9] has no name.',
    ]);
    assert.ok(!problems.join().includes('pasted-secret'));
    assert.deepEqual(parseConnections({ name: 'x' }).problems, ['scimmap.connections must be a list of connections.']);
  });

  test('the active connection is the one named, else the first', () => {
    const { connections } = parseConnections([
      { name: 'one', region: 'us_east_1' },
      { name: 'two', region: 'us_west_2' },
    ]);
    assert.equal(activeConnection(connections, 'two')?.name, 'two');
    assert.equal(activeConnection(connections, '')?.name, 'one');
    assert.equal(activeConnection(connections, 'gone')?.name, 'one');
    assert.equal(activeConnection([], 'one'), undefined);
  });
});

describe('stored secrets', () => {
  const prod = { name: 'prod', region: 'eu_central_1', auth: 'token' as const };

  test('a secret is handed out for the endpoint it was stored for', () => {
    assert.equal(openSecret(prod, sealSecret(prod, 'the-token-value')), 'the-token-value');
    assert.equal(openSecret(prod, undefined), undefined);
    assert.equal(openSecret(prod, 'not json'), undefined);
  });

  test('a connection of the same name that now points elsewhere does not get the secret', () => {
    const stored = sealSecret(prod, 'the-token-value');
    const moved = { ...prod, region: undefined, url: 'https://collector.example.net/scim' };
    assert.throws(
      () => openSecret(moved, stored),
      (error: Error) => {
        assert.match(
          error.message,
          /now points at https:\/\/collector\.example\.net\/scim, but its secret was stored for https:\/\/api\.mypurecloud\.de\/api\/v2\/scim\/v2/,
        );
        assert.ok(!error.message.includes('the-token-value'));
        return true;
      },
    );
    const oauth = { name: 'o', region: 'us_east_1', auth: 'oauth' as const, clientId: 'c' };
    assert.throws(
      () => openSecret({ ...oauth, tokenUrl: 'https://login.example.net/oauth/token' }, sealSecret(oauth, 'client-secret')),
      /token URL/,
    );
  });
});
