// The tenant from the real editor, without a tenant: the stand-in Graph (test/support/graph-server.ts)
// on loopback, and an injected session where the extension asks vscode.authentication.getSession for
// one (VS Code's Microsoft provider cannot sign in offline, and VS Code refuses its consent dialog in
// tests). Pull, Push (with a save in the portal meanwhile) and Check Expressions run as a person would
// run them (the confirmations answered on the page); then every file, view and log is searched for the token.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { allPermissions, newVersion, startGraphStandIn, type GraphStandIn } from '../../support/graph-server';
import { repositoryRoot } from '../../support/repository';
import {
  activateExtension,
  answerQuickInput,
  eventTimeoutMs,
  pageAvailable,
  resetWorkbench,
  screenshot,
  webviewContent,
  withTimeout,
  workspaceRoot,
} from '../helpers';

const scratch = (name: string) => vscode.Uri.joinPath(workspaceRoot(), 'scratch', name);
const read = async (uri: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
const galleryText = readFileSync(join(repositoryRoot(__dirname), 'test', 'fixtures', 'entra', 'genesys-gallery.json'), 'utf8');
const gallery = JSON.parse(galleryText) as { version: string };
const entra = () => vscode.workspace.getConfiguration('scimmap.entra');

/** Every file under `folder` (the run's logs, the scratch files), for the token search. */
function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder).flatMap((name) => {
    const file = join(folder, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}

/** What the extension asked VS Code's sign-in for. */
interface SignInRequest {
  readonly providerId: string;
  readonly scopes: readonly string[];
  readonly createIfNone: unknown;
}

/** The extension's sign-in as its exports give it to the suite (ExtensionMode.Test). */
interface EntraSignInHook {
  getSession: (providerId: string, scopes: readonly string[], options: { createIfNone: unknown }) => Thenable<vscode.AuthenticationSession>;
}

describe('the tenant through Microsoft Graph (stand-in Graph, injected Microsoft session)', () => {
  const token = `eyJ0eXAi.${randomBytes(18).toString('base64url')}.injected`;
  const appObjectId = '6f1c9a52-3d0e-4b7a-9c21-5e8f0d4a7b13';
  let graph: GraphStandIn;
  const requests: SignInRequest[] = [];
  let hook: EntraSignInHook;
  let original: EntraSignInHook['getSession'];
  let pulled: vscode.Uri | undefined;

  before(async () => {
    graph = await startGraphStandIn([
      {
        id: '0a1b2c3d-0000-4000-8000-000000000001',
        appId: '1a1b2c3d-0000-4000-8000-000000000001',
        displayName: 'Genesys Cloud EU',
        jobs: [],
      },
      {
        id: appObjectId,
        appId: '9e8d7c6b-5a49-4838-a7b6-c5d4e3f2a1b0',
        displayName: 'Genesys Cloud',
        jobs: [{ id: 'purecloudbygenesys.job', templateId: 'purecloudbygenesys', schema: galleryText }],
      },
    ]);
    graph.tokens.set(token, new Set(allPermissions));
    // VS Code's Microsoft provider cannot sign in offline, and VS Code refuses its consent dialog
    // in tests: the session is injected where the extension asks vscode.authentication for it.
    const exports = (await activateExtension()).exports as { entraSignIn?: EntraSignInHook } | undefined;
    assert.ok(exports?.entraSignIn, 'the extension exports its Entra sign-in in test mode');
    hook = exports.entraSignIn;
    original = hook.getSession;
    hook.getSession = async (providerId, scopes, options) => {
      requests.push({ providerId, scopes, createIfNone: options.createIfNone });
      return { id: 'injected', accessToken: token, account: { id: 'admin', label: 'admin@contoso.com' }, scopes };
    };
    await entra().update('graphUrl', graph.url, vscode.ConfigurationTarget.Global);
    await entra().update('clientId', '4c3b2a19-aaaa-4bbb-8ccc-1d2e3f4a5b6c', vscode.ConfigurationTarget.Global);
    await entra().update('tenant', 'contoso.onmicrosoft.com', vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await resetWorkbench();
    if (hook) hook.getSession = original;
    for (const name of ['graphUrl', 'clientId', 'tenant']) await entra().update(name, undefined, vscode.ConfigurationTarget.Global);
    await graph?.close();
  });

  it('Pull: signs in through vscode.authentication with the app registration, finds the app and writes the .scimmap and its base', async () => {
    pulled = await vscode.commands.executeCommand<vscode.Uri | undefined>('scimmap.entra.pull', {
      app: 'Genesys Cloud',
      output: scratch('tenant.scimmap'),
    });
    assert.equal(pulled?.toString(), scratch('tenant.scimmap').toString());
    assert.equal(requests[0]?.providerId, 'microsoft');
    assert.ok(requests[0].createIfNone, 'the user is asked to sign in when there is no session');
    assert.deepEqual(requests[0].scopes, [
      `${graph.url}/Application.Read.All`,
      `${graph.url}/Synchronization.Read.All`,
      'VSCODE_CLIENT_ID:4c3b2a19-aaaa-4bbb-8ccc-1d2e3f4a5b6c',
      'VSCODE_TENANT:contoso.onmicrosoft.com',
    ]);
    const search = graph.requests.find((request) => request.url.includes('%24search'));
    assert.equal(search?.headers.consistencylevel, 'eventual');
    assert.match(await read(pulled!), /^# Imported from "tenant\.schema\.json" by scimmap import/);
    const origin = JSON.parse(await read(scratch('tenant.entra.json'))) as { graphUrl: string; app: { id: string }; version: string };
    assert.deepEqual(
      { graphUrl: origin.graphUrl, app: origin.app.id, version: origin.version },
      {
        graphUrl: graph.url,
        app: appObjectId,
        version: gallery.version,
      },
    );
    assert.ok(JSON.parse(await read(scratch('tenant.target.json'))).resources.length > 0);
    assert.equal(JSON.parse(await read(scratch('tenant.schema.json'))).version, gallery.version);
  });

  // Push asks for confirmation in quick picks, answered by typing on the page.
  if (pageAvailable())
    it('Push: the diff editor, then on confirmation a PUT that gets a new version, read back and round-tripped; a save in the portal stops the next push', async () => {
      assert.ok(pulled, 'the pull ran');
      const document = await vscode.workspace.openTextDocument(pulled);
      const edit = new vscode.WorkspaceEdit();
      const text = document.getText();
      const at = text.indexOf('[jobTitle]');
      assert.ok(at > 0, 'the pulled mapping maps jobTitle');
      edit.replace(
        document.uri,
        new vscode.Range(document.positionAt(at), document.positionAt(at + '[jobTitle]'.length)),
        'ToUpper([jobTitle])',
      );
      await vscode.workspace.applyEdit(edit);
      await document.save();

      const pushing = vscode.commands.executeCommand<{ pushed: boolean; version?: string; roundTrip?: string[] }>(
        'scimmap.entra.push',
        pulled,
      );
      await answerQuickInput('Replace the provisioning schema', { text: 'Push' });
      const outcome = await withTimeout(Promise.resolve(pushing), eventTimeoutMs, () => 'the push');
      const kept = JSON.parse(graph.apps[1].jobs[0].schema) as { version: string };
      assert.equal(outcome?.pushed, true);
      assert.deepEqual(outcome?.roundTrip, []);
      assert.notEqual(kept.version, gallery.version, 'the PUT gave the schema a new version');
      assert.equal(outcome?.version, kept.version);
      assert.match(graph.apps[1].jobs[0].schema, /ToUpper\(\[jobTitle\]\)/);
      assert.equal(graph.requests.filter((request) => request.method === 'PUT').length, 1);
      assert.ok(!graph.requests.some((request) => request.method === 'PATCH'), 'never a PATCH');
      assert.equal(JSON.parse(await read(scratch('tenant.entra.json'))).version, kept.version);
      assert.ok(
        vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => tab.input instanceof vscode.TabInputTextDiff)),
        'the JSON diff was shown',
      );

      // Someone saves in the portal: the next push shows what changed there and stops when the user cancels.
      const portal = JSON.parse(graph.apps[1].jobs[0].schema) as { version: string };
      portal.version = newVersion();
      graph.apps[1].jobs[0].schema = JSON.stringify(portal, null, 2);
      const stopped = vscode.commands.executeCommand<{ pushed: boolean; reason?: string }>('scimmap.entra.push', pulled);
      await answerQuickInput('was changed since the pull', { text: 'Cancel' });
      assert.deepEqual(await withTimeout(Promise.resolve(stopped), eventTimeoutMs, () => 'the stopped push'), {
        pushed: false,
        reason: 'changed since the pull',
      });
      assert.equal(graph.requests.filter((request) => request.method === 'PUT').length, 1, 'nothing more was sent');
    });

  it('Check Expressions with Entra: parseExpression per mapping for a sample user, differences listed with both values and exported', async () => {
    assert.ok(pulled, 'the pull ran');
    graph.parseExpression = (body) => {
      const properties = Object.fromEntries(body.testInputObject.properties.map(({ key, value }) => [key, value]));
      if (body.expression === '[userPrincipalName]')
        return {
          parsingSucceeded: true,
          evaluationSucceeded: true,
          evaluationResult: [String(properties.userPrincipalName)],
          error: null,
        };
      return { parsingSucceeded: true, evaluationSucceeded: true, evaluationResult: ['ENTRA SAYS OTHERWISE'], error: null };
    };
    const result = await vscode.commands.executeCommand<{
      summary: { same: number; different: number };
      results: { target: string; verdict: string; scimmap: { values?: string[] } }[];
    }>('scimmap.entra.checkExpressions', pulled, 'amelia');
    assert.ok(result, 'the check ran');
    assert.equal(result.results.find((each) => each.target === 'userName')?.verdict, 'same');
    assert.ok(result.summary.different > 0);
    const view = vscode.workspace.textDocuments.find((candidate) => candidate.uri.path.endsWith('.checked-with-entra.txt'));
    assert.match(view?.getText() ?? '', /DIFFERENT +users .* <- .*\n {2}scimmap: .*\n {2}Entra: {3}\["ENTRA SAYS OTHERWISE"\]/);
    const exported = await vscode.commands.executeCommand<vscode.Uri>(
      'scimmap.entra.exportCheckReport',
      'tenant.scimmap',
      scratch('tenant.verify.json'),
    );
    const report = JSON.parse(await read(exported)) as { user: string; summary: { different: number } };
    assert.deepEqual({ user: report.user, different: report.summary.different }, { user: 'amelia', different: result.summary.different });
  });

  it("Compare Functions with Entra: the tenant's lists against scimmap's catalogues", async () => {
    assert.ok(pulled, 'the pull ran');
    graph.catalogue.functions.push({ name: 'Append' }, { name: 'ConvertToUniversalTime' });
    graph.catalogue.filterOperators.push({ name: 'IsNull' });
    const lines = await vscode.commands.executeCommand<string[]>('scimmap.entra.compareFunctions', pulled);
    assert.ok(
      lines?.some((line) => /^missing +function ConvertToUniversalTime/.test(line)),
      JSON.stringify(lines),
    );
    assert.ok(!lines.some((line) => / function Append:/.test(line) && !line.startsWith('not listed')), 'Append is in both');
    const view = vscode.workspace.textDocuments.find((candidate) => candidate.uri.path.endsWith('functions-compared-with-entra.txt'));
    assert.match(view?.getText() ?? '', /The tenant .* lists 2 functions and 1 scoping operators/);
  });

  // Provisioning through Entra asks for confirmation in a quick pick, and its steps show in a webview.
  if (pageAvailable())
    it("Provision through Entra: Entra's steps in the preview's steps view, in a panel beside", async () => {
      assert.ok(pulled, 'the pull ran');
      const amelia = '3f1e2d4c-5b6a-4789-8a9b-0c1d2e3f4a5b';
      graph.directory.set(amelia, { objectTypeName: 'User', displayName: 'Amelia Hart', userPrincipalName: 'amelia.hart@contoso.com' });
      const running = vscode.commands.executeCommand<{ action: string; succeeded: boolean }>('scimmap.entra.provisionOnDemand', pulled, {
        kind: 'user',
        objectId: amelia,
      });
      await answerQuickInput('Entra provisions user', { text: 'Provision' });
      const report = await withTimeout(Promise.resolve(running), eventTimeoutMs, () => 'the provisioning through Entra');
      assert.deepEqual({ action: report?.action, succeeded: report?.succeeded }, { action: 'create', succeeded: true });
      const sent = graph.requests.find((request) => request.url.endsWith('/provisionOnDemand'));
      assert.equal(JSON.parse(sent?.body ?? '{}').parameters[0].subjects[0].objectTypeName, 'User');
      const panel = await webviewContent('EntryExportAdd');
      assert.match(panel.text, /Provision to "Entra"/);
      assert.match(panel.text, /EntryImport \(Import\)/);
      assert.match(panel.text, /amelia\.hart@contoso\.com/);
      assert.ok(!panel.text.includes(token), 'the token is not in the panel');
      await screenshot('entra-provision-on-demand');
    });

  it('the token is in no file, view or log', async () => {
    const root = workspaceRoot().fsPath;
    const logs = join(root, '..', 'user-data', 'logs');
    // The Entra log is written by the log service a moment after each call: wait until it holds the pull's search.
    const logFiles = () => filesUnder(logs).filter((file) => file.endsWith('.log'));
    const deadline = Date.now() + eventTimeoutMs;
    while (!logFiles().some((file) => /scimmap Entra/.test(file) && readFileSync(file, 'utf8').includes('/servicePrincipals'))) {
      if (Date.now() > deadline) assert.fail(`no "scimmap Entra" log with the Graph calls under ${logs}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const searched = [...filesUnder(join(root, 'scratch')), ...logFiles()];
    for (const file of searched) assert.ok(!readFileSync(file, 'utf8').includes(token), `the token is in ${file}`);
    for (const document of vscode.workspace.textDocuments)
      assert.ok(!document.getText().includes(token), `the token is in ${document.uri}`);
    assert.ok(searched.length > 5);
  });
});
