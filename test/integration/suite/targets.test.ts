// Target schemas in a real VS Code: switching a file's declared target changes its diagnostics at
// once; a target-schema file beside the mapping is read, and editing it on disk re-checks the open
// mapping; SCIM: Discover Target Schema reads the sandbox and saves a schema the mapping can declare.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import {
  openInEditor,
  replaceText,
  resetWorkbench,
  sandboxToken,
  settings,
  useConnection,
  waitForDiagnostics,
  workspaceRoot,
  writeScratchFile,
} from '../helpers';

const ACTIVE = 'Switch([IsSoftDeleted], , "False", "True", "True", "False")';
const body = `users {\n  userName <- [userPrincipalName] match 1\n  active <- ${ACTIVE}\n  name.givenName <- [givenName]\n}\n`;
const tokenVariable = 'SCIMMAP_INTEGRATION_TOKEN';

function acme(attributes: string[]): string {
  return JSON.stringify({
    name: 'Acme HR',
    resources: [
      {
        name: 'User',
        block: 'users',
        endpoint: '/Users',
        coreSchema: 'urn:ietf:params:scim:schemas:core:2.0:User',
        schemas: [
          {
            id: 'urn:ietf:params:scim:schemas:core:2.0:User',
            attributes: attributes.map((name) => ({
              name,
              type: name === 'active' ? 'boolean' : 'string',
              entraType: name === 'active' ? 'Boolean' : 'String',
              filterable: name === 'userName',
            })),
          },
        ],
      },
    ],
  });
}

describe('target schemas', () => {
  after(async () => {
    delete process.env[tokenVariable];
    await settings().update('connections', undefined, vscode.ConfigurationTarget.Global);
    await settings().update('activeConnection', undefined, vscode.ConfigurationTarget.Global);
    await resetWorkbench();
  });

  it('switching the declared target re-checks the file: name.givenName is unknown to Genesys Cloud, fine for generic SCIM', async () => {
    const editor = await openInEditor(await writeScratchFile('switch-target.scimmap', `target "genesys-cloud"\n${body}`));
    const genesys = await waitForDiagnostics(
      editor.document.uri,
      (diagnostics) => diagnostics.some((d) => d.code === 'unknown-target'),
      'Genesys Cloud does not know name',
    );
    assert.match(genesys.find((d) => d.code === 'unknown-target')!.message, /Genesys Cloud User resources/);
    await replaceText(editor, `target "generic-scim"\n${body}`);
    await waitForDiagnostics(editor.document.uri, (diagnostics) => diagnostics.length === 0, 'no diagnostics under the generic profile');
    await replaceText(editor, `target "generic-scm"\n${body}`);
    const unknown = await waitForDiagnostics(
      editor.document.uri,
      (diagnostics) => diagnostics.some((d) => d.code === 'unknown-target-schema'),
      'an unknown target name',
    );
    assert.deepEqual(unknown.find((d) => d.code === 'unknown-target-schema')!.range, [0, 7, 0, 20]);
  });

  it('a target-schema file beside the mapping is read, and saving a change to it re-checks the open mapping', async () => {
    const schema = await writeScratchFile('acme.target.json', acme(['userName', 'active']));
    const editor = await openInEditor(await writeScratchFile('acme.scimmap', `target "./acme.target.json"\n${body}`));
    const before = await waitForDiagnostics(
      editor.document.uri,
      (diagnostics) => diagnostics.some((d) => d.code === 'unknown-target'),
      'Acme HR has no name',
    );
    assert.match(before.find((d) => d.code === 'unknown-target')!.message, /Acme HR User resources/);
    await vscode.workspace.fs.writeFile(schema, new TextEncoder().encode(acme(['userName', 'active', 'name'])));
    // `name` is now a string attribute: mapping a sub-attribute of it is the remaining complaint.
    await waitForDiagnostics(
      editor.document.uri,
      (diagnostics) => diagnostics.length > 0 && diagnostics.every((d) => d.code === 'unknown-sub-attribute'),
      'the changed file re-checked',
    );
  });

  it('SCIM: Discover Target Schema reads the sandbox and saves a schema the mapping can declare', async () => {
    const sandbox: Sandbox = await startSandbox({ port: 0, token: sandboxToken() });
    try {
      process.env[tokenVariable] = sandboxToken();
      await useConnection({ name: 'Sandbox App', url: sandbox.url, tokenEnv: tokenVariable });
      const editor = await openInEditor(
        await writeScratchFile(
          'discover.scimmap',
          `users {\n  userName <- [userPrincipalName] match 1\n  displayName <- [displayName]\n  active <- ${ACTIVE}\n  titel <- [jobTitle]\n}\n`,
        ),
      );
      const written = await vscode.commands.executeCommand<vscode.Uri | undefined>('scimmap.discoverTargetSchema');
      assert.ok(written, 'the command saved a file');
      assert.equal(written.path, vscode.Uri.joinPath(workspaceRoot(), 'scratch', 'sandbox-app.target.json').path);
      const saved = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(written)));
      assert.equal(saved.name, 'Sandbox App');
      assert.equal(saved.discovered.url, sandbox.url);
      assert.ok(
        sandbox.requests.some((request) => /\/Schemas$/i.test(request.path)),
        'the sandbox was asked for its schemas',
      );
      await replaceText(editor, `target "./sandbox-app.target.json"\n${editor.document.getText()}`);
      const seen = await waitForDiagnostics(
        editor.document.uri,
        (diagnostics) => diagnostics.some((d) => d.code === 'unknown-target' && /Sandbox App/.test(d.message)),
        'checked against the discovered schema',
      );
      assert.deepEqual(
        seen.map((d) => d.code),
        ['unknown-target'],
      );
    } finally {
      await sandbox.close();
    }
  });
});
