// Quick fixes in the real editor: the fix offered for a diagnostic repairs the text, and the
// diagnostic goes away.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { exampleUri, openInEditor, resetWorkbench, waitForDiagnostics, writeScratchFile } from '../helpers';

describe('quick fixes', () => {
  after(resetWorkbench);

  it('"did you mean" repairs a misspelt target, and its diagnostic goes away', async () => {
    const example = new TextDecoder().decode(await vscode.workspace.fs.readFile(exampleUri('purecloud.scimmap')));
    const misspelt = example.replace(/^(\s*)title(\s*<-\s*\[jobTitle\])/m, '$1titel$2');
    assert.notEqual(misspelt, example);
    const editor = await openInEditor(await writeScratchFile('misspelt.scimmap', misspelt));
    const [diagnostic] = await waitForDiagnostics(
      editor.document.uri,
      (diagnostics) => diagnostics.length === 1,
      'the unknown-target diagnostic',
    );
    assert.equal(diagnostic.code, 'unknown-target');
    const [line, character, endLine, endCharacter] = diagnostic.range;
    const range = new vscode.Range(line, character, endLine, endCharacter);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      editor.document.uri,
      range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((action) => action.kind?.value === vscode.CodeActionKind.QuickFix.value && /title/.test(action.title));
    assert.ok(fix?.edit, `a quick fix to "title"; offered: ${actions.map((action) => action.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));

    await waitForDiagnostics(editor.document.uri, (diagnostics) => diagnostics.length === 0, 'no diagnostics after the fix');
    assert.equal(editor.document.getText(), example);
  });
});
