// Format Document in the real editor: a carelessly typed copy of the example comes back exactly as
// the example is written (indentation, aligned arrows), as one undoable edit.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { exampleUri, openInEditor, resetWorkbench, writeScratchFile } from '../helpers';

describe('formatting', () => {
  after(resetWorkbench);

  it('Format Document turns a carelessly typed copy of the example into the example', async () => {
    const example = new TextDecoder().decode(await vscode.workspace.fs.readFile(exampleUri('purecloud.scimmap')));
    // No indentation, one space around every arrow.
    const careless = example
      .split('\n')
      .map((line) => line.trim().replace(/\s+<-\s+/, ' <- '))
      .join('\n');
    assert.notEqual(careless, example);
    const editor = await openInEditor(await writeScratchFile('careless.scimmap', careless));
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', editor.document.uri, {
      tabSize: 2,
      insertSpaces: true,
    });
    assert.ok(edits && edits.length > 0, 'the formatter has edits');
    const workspaceEdit = new vscode.WorkspaceEdit();
    workspaceEdit.set(editor.document.uri, edits);
    assert.ok(await vscode.workspace.applyEdit(workspaceEdit));
    assert.equal(editor.document.getText(), example);

    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), careless, 'one undo restores what was typed');
  });
});
