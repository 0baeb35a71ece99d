// Provisioning on demand from the preview panel, in the real editor, against the sandbox (running
// inside the extension host, on loopback): "Dry run against sandbox" looks the user up and writes
// nothing (the sandbox's log proves it); "Provision to sandbox", once confirmed, creates the user,
// links the manager found by matching, and shows the read-back. The buttons are clicked and the
// confirmation answered as a person would, so the test needs the page (offline launcher).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ProvisionReport } from '../../../shared/src/provisioning/run';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import {
  answerQuickInput,
  clickInWebview,
  exampleUri,
  openInEditor,
  pageAvailable,
  resetWorkbench,
  sandboxToken,
  screenshot,
  webviewContent,
  writeScratchFile,
} from '../helpers';

const tokenVariable = 'SCIMMAP_INTEGRATION_PROVISION_TOKEN';
const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const samples = {
  users: [
    {
      $id: 'kat-on-demand',
      userPrincipalName: 'kat.johnson@example.com',
      displayName: 'Katherine Johnson',
      jobTitle: 'Mathematician',
      department: 'Flight',
      manager: { ref: 'ada-on-demand' },
    },
    {
      $id: 'ada-on-demand',
      userPrincipalName: 'ada.lovelace@example.com',
      displayName: 'Ada Lovelace',
      mail: 'ada@example.com',
      jobTitle: 'Analyst',
      department: 'Sales',
    },
  ],
};

function settings(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('scimmap');
}

describe('Provision on demand', () => {
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startSandbox({ port: 0, token: sandboxToken() });
    process.env[tokenVariable] = sandboxToken();
    const connection = { name: 'sandbox', url: sandbox.url, tokenEnv: tokenVariable };
    await settings().update('connections', [connection], vscode.ConfigurationTarget.Global);
    await settings().update('activeConnection', connection.name, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    delete process.env[tokenVariable];
    for (const key of ['connections', 'activeConnection']) await settings().update(key, undefined, vscode.ConfigurationTarget.Global);
    await sandbox.close();
    await resetWorkbench();
  });

  if (!pageAvailable()) return;

  it('dry-runs, then provisions a new user from the preview panel', async () => {
    await writeScratchFile('on-demand.users.json', `${JSON.stringify(samples, null, 2)}\n`);
    const editor = await openInEditor(exampleUri('purecloud.scimmap'));
    const command = vscode.commands.executeCommand('scimmap.previewPayload', editor.document.uri);
    await answerQuickInput('Pick a sample user or group', { text: 'kat-on-demand' });
    await command;

    // The dry run: lookups only.
    await clickInWebview('button:has-text("Dry run against sandbox")');
    const dryRun = await webviewContent('Dry run: nothing was written');
    assert.match(dryRun.text, /Dry run against "sandbox"/);
    assert.match(dryRun.text, /POST\s+http:\/\/127\.0\.0\.1:\d+\/api\/v2\/scim\/v2\/Users\s+not sent \(dry run\)/);
    assert.ok(sandbox.requests.length >= 2, 'the user and the manager were looked up');
    assert.deepEqual([...new Set(sandbox.requests.map((request) => request.method))], ['GET'], 'the dry run wrote nothing');
    await screenshot('provision-dry-run');

    // The real run, confirmed as a person would: the question names the endpoint.
    await clickInWebview('button:has-text("Provision to sandbox")');
    await answerQuickInput(`Provision user "Katherine Johnson" to "sandbox" (${sandbox.url})?`, { text: 'Provision' });
    const done = await webviewContent('The target holds every value as it was sent');
    assert.match(done.text, /Provision to "sandbox"/);
    assert.match(done.text, /POST\s+http:\/\/127\.0\.0\.1:\d+\/api\/v2\/scim\/v2\/Users\s+→\s+201/);
    assert.ok(!done.text.includes(sandboxToken()), 'the token is not in the panel');
    const kat = sandbox.store.listUsers({ filter: 'userName eq "kat.johnson@example.com"' }).Resources[0];
    const ada = sandbox.store.listUsers({ filter: 'userName eq "ada.lovelace@example.com"' }).Resources[0];
    assert.ok(kat, 'the user exists in the sandbox');
    assert.deepEqual(kat[enterprise].manager, { value: ada.id });
    await screenshot('provision-real-run');

    // The same run from the command the button runs: now nothing differs, so nothing is written.
    const before = sandbox.requests.filter((request) => request.method !== 'GET').length;
    const again = await vscode.commands.executeCommand<ProvisionReport | undefined>('scimmap.provision.apply');
    assert.ok(again, 'the command resolves to the report');
    assert.equal(again.action, 'none', again.summary);
    assert.equal(sandbox.requests.filter((request) => request.method !== 'GET').length, before);
  });
});
