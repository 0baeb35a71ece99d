// What the extension asks VS Code's Microsoft sign-in for: the provider of each cloud, and the scopes
// (each permission on the chosen Graph's resource, then the app registration and tenant scopes).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { authenticationProviderId, signInScopes } from '../../../shared/src/graph/sign-in';

test('the global Graph (and a Graph that is no Microsoft cloud) signs in with microsoft, the national clouds with microsoft-sovereign-cloud', () => {
  assert.equal(authenticationProviderId('https://graph.microsoft.com'), 'microsoft');
  assert.equal(authenticationProviderId('http://127.0.0.1:4567'), 'microsoft');
  assert.equal(authenticationProviderId('https://graph.microsoft.us/'), 'microsoft-sovereign-cloud');
  assert.equal(authenticationProviderId('https://dod-graph.microsoft.us'), 'microsoft-sovereign-cloud');
  assert.equal(authenticationProviderId('https://microsoftgraph.chinacloudapi.cn'), 'microsoft-sovereign-cloud');
});

test("each permission is a scope on the settings' Graph; the app registration and tenant follow as the provider's scopes", () => {
  assert.deepEqual(
    signInScopes({ graphUrl: 'https://graph.microsoft.us/v1.0', clientId: '4c3b2a19-aaaa-4bbb-8ccc-1d2e3f4a5b6c', tenant: 'contoso.us' }, [
      'Application.Read.All',
      'Synchronization.Read.All',
    ]),
    [
      'https://graph.microsoft.us/Application.Read.All',
      'https://graph.microsoft.us/Synchronization.Read.All',
      'VSCODE_CLIENT_ID:4c3b2a19-aaaa-4bbb-8ccc-1d2e3f4a5b6c',
      'VSCODE_TENANT:contoso.us',
    ],
  );
  assert.deepEqual(signInScopes({ graphUrl: 'https://graph.microsoft.com', clientId: '', tenant: '' }, ['Synchronization.ReadWrite.All']), [
    'https://graph.microsoft.com/Synchronization.ReadWrite.All',
  ]);
});
