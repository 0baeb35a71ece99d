// Completion in the real editor: the language server's targets and Entra attributes at the cursor,
// and the suggest widget as a person sees it. (Snippets: language.test.ts.)
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { resetWorkbench, completionsAt, labelOf, marked, openInEditor, placeCursor, screenshot, writeScratchFile } from '../helpers';

/** Opens `source` (with a `<|>` cursor) as a scratch file and returns the completion labels there. */
async function completionLabels(
  name: string,
  source: string,
): Promise<{ labels: string[]; items: vscode.CompletionItem[]; editor: vscode.TextEditor; position: vscode.Position }> {
  const cursor = marked(source);
  const editor = await openInEditor(await writeScratchFile(name, cursor.text));
  const position = placeCursor(editor, cursor.offset);
  const items = await completionsAt(editor.document.uri, position);
  return { labels: items.map(labelOf), items, editor, position };
}

describe('completion', () => {
  after(resetWorkbench);

  it('offers Genesys Cloud target attributes where a mapping starts, not read-only ones', async () => {
    const { labels } = await completionLabels('complete-target.scimmap', 'users {\n  <|>\n}\n');
    for (const label of [
      'userName',
      'displayName',
      'active',
      'emails[type eq "work"].value',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
    ]) {
      assert.ok(labels.includes(label), `${label} is offered`);
    }
    for (const label of ['id', 'meta']) assert.ok(!labels.includes(label), `${label} (read-only) is not offered`);
  });

  it('offers Entra user attributes inside [ ], and shows them in the suggest widget', async () => {
    const { labels, editor, position } = await completionLabels('complete-source.scimmap', 'users {\n  userName <- [<|>]\n}\n');
    for (const label of ['userPrincipalName', 'mail', 'displayName', 'jobTitle']) assert.ok(labels.includes(label), `${label} is offered`);
    editor.selection = new vscode.Selection(position, position);
    await vscode.commands.executeCommand('editor.action.triggerSuggest');
    await screenshot('completion', '.editor-widget.suggest-widget.visible');
  });
});
