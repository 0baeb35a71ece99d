// Hover in the real editor: documentation of target attributes and Entra functions.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { resetWorkbench, marked, openInEditor, placeCursor, screenshot, writeScratchFile } from '../helpers';

async function hoverText(name: string, source: string): Promise<{ text: string; editor: vscode.TextEditor }> {
  const cursor = marked(source);
  const editor = await openInEditor(await writeScratchFile(name, cursor.text));
  const position = placeCursor(editor, cursor.offset);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position);
  const text = hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
  return { text, editor };
}

describe('hover', () => {
  after(resetWorkbench);

  it('documents a Genesys Cloud target attribute, and shows it over the editor', async () => {
    const { text } = await hoverText('hover-target.scimmap', 'users {\n  userNa<|>me <- [userPrincipalName]  match 1\n}\n');
    assert.match(text, /userName/);
    assert.match(text, /\*\*Type:\*\* string/);
    await vscode.commands.executeCommand('editor.action.showHover');
    await screenshot('hover', '.monaco-hover:not(.hidden) .hover-contents');
  });

  it('documents an Entra expression function', async () => {
    const { text } = await hoverText(
      'hover-function.scimmap',
      'users {\n  active <- Swi<|>tch([IsSoftDeleted], , "False", "True", "True", "False")\n}\n',
    );
    assert.match(text, /Switch/);
  });
});
