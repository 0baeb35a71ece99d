// Test Connection against the local Genesys-compatible sandbox: it succeeds with the right token,
// and fails with the right message for a bad token and for a wrong URL. The sandbox runs inside
// the extension host, on loopback.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import * as vscode from 'vscode';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import {
  answerQuickInput,
  resetWorkbench,
  exampleUri,
  openInEditor,
  pageAvailable,
  sandboxToken,
  settings,
  useConnection,
  waitUntil,
} from '../helpers';

/** What the Test Connection command resolves to (the parts a user is told). */
interface Report {
  readonly accepted: boolean;
  readonly probe: { readonly message: string; readonly errorKind?: string };
}

/** The extension reads a connection's token from this variable of its own process (tokenEnv). */
const tokenVariable = 'SCIMMAP_INTEGRATION_TOKEN';

async function runTestConnection(): Promise<Report> {
  const report = await vscode.commands.executeCommand<Report | undefined>('scimmap.connections.test');
  assert.ok(report, 'Test Connection reported');
  return report;
}

/** A loopback port where nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.ok(address && typeof address === 'object');
  return address.port;
}

describe('Test Connection', () => {
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startSandbox({ port: 0, token: sandboxToken() });
    // With a mapping open, Test Connection also checks its targets against the endpoint's schemas.
    await openInEditor(exampleUri('purecloud.scimmap'));
  });

  after(async () => {
    delete process.env[tokenVariable];
    await settings().update('connections', undefined, vscode.ConfigurationTarget.Global);
    await settings().update('activeConnection', undefined, vscode.ConfigurationTarget.Global);
    await sandbox.close();
    await resetWorkbench();
  });

  it("succeeds against the sandbox with its token, sending Entra's probe query", async () => {
    process.env[tokenVariable] = sandboxToken();
    await useConnection({ name: 'sandbox', url: sandbox.url, tokenEnv: tokenVariable });
    const before = sandbox.requests.length;
    const report = await runTestConnection();
    assert.equal(report.accepted, true, report.probe.message);
    const probes = sandbox.requests.slice(before).filter((request) => request.method === 'GET' && /\/Users$/.test(request.path));
    assert.ok(probes.length > 0, 'the sandbox saw a GET of /Users');
  });

  it('fails with 401 Unauthorized for a bad token', async () => {
    process.env[tokenVariable] = 'not-the-sandbox-token';
    await useConnection({ name: 'sandbox, bad token', url: sandbox.url, tokenEnv: tokenVariable });
    const report = await runTestConnection();
    assert.equal(report.accepted, false);
    assert.equal(report.probe.errorKind, 'unauthorized');
    assert.match(report.probe.message, /401 Unauthorized: the token was refused/);
    assert.ok(!report.probe.message.includes('not-the-sandbox-token'), 'the token is not repeated to the user');
  });

  it('fails with "refused the connection" for a wrong URL', async () => {
    process.env[tokenVariable] = sandboxToken();
    const port = await closedPort();
    await useConnection({ name: 'wrong port', url: `http://127.0.0.1:${port}/api/v2/scim/v2`, tokenEnv: tokenVariable });
    const report = await runTestConnection();
    assert.equal(report.accepted, false);
    assert.equal(report.probe.errorKind, 'connection');
    assert.match(report.probe.message, new RegExp(`127\\.0\\.0\\.1:${port} refused the connection`));
  });

  it("the setting scimmap.testConnection.timeoutSeconds is the run's time budget, and the message names the setting", async () => {
    process.env[tokenVariable] = sandboxToken();
    await useConnection({ name: 'sandbox, slow', url: sandbox.url, tokenEnv: tokenVariable });
    await settings().update('testConnection.timeoutSeconds', 1, vscode.ConfigurationTarget.Global);
    // Within the default 60 s budget the sandbox would answer after 4 s and the test would pass.
    sandbox.setFaults({ latencyMs: 4_000 });
    try {
      const report = await runTestConnection();
      assert.equal(report.accepted, false);
      assert.equal(report.probe.errorKind, 'timeout');
      assert.match(report.probe.message, /the 1 s time budget ran out/);
      assert.match(report.probe.message, /Allow more time with the setting scimmap\.testConnection\.timeoutSeconds\./);
    } finally {
      sandbox.setFaults({});
      await settings().update('testConnection.timeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  // Typing into the command's quick inputs needs the page, which only the offline launcher drives.
  if (pageAvailable()) {
    it('Add Connection keeps the typed token in secret storage, never in settings; Test Connection uses it, and a wrong one set by Set Connection Secret fails', async () => {
      await settings().update('connections', undefined, vscode.ConfigurationTarget.Global);
      const name = 'sandbox via Add Connection';
      void vscode.commands.executeCommand('scimmap.connections.add');
      await answerQuickInput('A name for this connection', { text: name });
      await answerQuickInput('Genesys Cloud region', { text: 'Custom tenant URL' });
      await answerQuickInput('Tenant URL (the SCIM root)', { text: sandbox.url });
      await answerQuickInput('How does this connection authenticate?', { text: 'Access token' });
      await answerQuickInput('Secret Token), stored', { sandboxToken: true });
      await waitUntil(
        vscode.workspace.onDidChangeConfiguration,
        () => settings().get('activeConnection'),
        (active) => active === name,
        'the added connection selected',
      );
      assert.ok(!JSON.stringify(settings().get('connections')).includes(sandboxToken()), 'no token in the settings');
      const report = await runTestConnection();
      assert.equal(report.accepted, true, report.probe.message);

      // Set Connection Secret replaces the stored token: a wrong one now fails with 401.
      const setSecret = vscode.commands.executeCommand('scimmap.connections.setSecret');
      await answerQuickInput('Set the secret of which connection?', { text: name });
      await answerQuickInput('Secret Token), stored', { text: 'a-token-the-sandbox-never-issued' });
      await setSecret; // resolves once the secret is stored
      const refused = await runTestConnection();
      assert.equal(refused.probe.errorKind, 'unauthorized');
      assert.match(refused.probe.message, /401 Unauthorized/);
    });
  }
});
