// The Entra schema commands in the real editor: export the example as a new schema, import it back
// (with its target schema beside it), export the import onto that schema byte for byte, and compare.
// URIs are passed to the commands, so no dialog opens; the diff editor does.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { exampleUri, openInEditor, resetWorkbench, workspaceRoot } from '../helpers';

const scratch = (name: string) => vscode.Uri.joinPath(workspaceRoot(), 'scratch', name);
const read = async (uri: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));

describe('Entra schema round trip', () => {
  after(resetWorkbench);

  it('export, import, export again onto the same base gives the same bytes; compare finds nothing', async () => {
    await openInEditor(exampleUri('purecloud.scimmap'));
    const schema = await vscode.commands.executeCommand<vscode.Uri>(
      'scimmap.exportEntraSchema',
      exampleUri('purecloud.scimmap'),
      null,
      scratch('entra-new.json'),
    );
    assert.equal(schema?.toString(), scratch('entra-new.json').toString());
    const exported = await read(schema);
    assert.equal(JSON.parse(exported).synchronizationRules[0].objectMappings.length, 2);

    const imported = await vscode.commands.executeCommand<vscode.Uri>('scimmap.importEntraSchema', schema, scratch('entra-app.scimmap'));
    assert.ok(imported, 'the import wrote a .scimmap');
    const text = await read(imported);
    assert.match(text, /^# Imported from "entra-new.json" by scimmap import.*\n\ntarget "\.\/entra-app\.target\.json"\n/);
    assert.ok(JSON.parse(await read(scratch('entra-app.target.json'))).resources.length > 0, 'the target schema is beside it');

    const again = await vscode.commands.executeCommand<vscode.Uri>(
      'scimmap.exportEntraSchema',
      imported,
      schema,
      scratch('entra-again.json'),
    );
    assert.ok(again);
    assert.equal(await read(again), exported);

    const differences = await vscode.commands.executeCommand<string[]>('scimmap.compareEntraSchema', imported, schema);
    assert.deepEqual(differences, []);
  });
});
