// The "Get started with scimmap" walkthrough: every step has a button whose command exists and a
// packaged page, and the lesson buttons open a mapping that shows what their step promises, without
// touching any file of the workspace.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, completionsAt, labelOf, resetWorkbench, seenDiagnostics, waitForDiagnostics } from '../helpers';

interface Step {
  readonly title: string;
  readonly description: string;
  readonly media: { readonly markdown: string };
}

describe('walkthrough', () => {
  afterEach(resetWorkbench);

  it('has five steps, each with a button whose command exists and a packaged page', async () => {
    const extension = await activateExtension();
    const manifest = extension.packageJSON as { contributes: { walkthroughs: Array<{ steps: Step[] }> } };
    const [walkthrough] = manifest.contributes.walkthroughs;
    assert.equal(walkthrough.steps.length, 5);
    const commands = await vscode.commands.getCommands(true);
    for (const step of walkthrough.steps) {
      const button = /\]\(command:([\w.]+)\)/.exec(step.description);
      assert.ok(button && commands.includes(button[1]), `"${step.title}" has a button running a registered command`);
      assert.ok(existsSync(join(extension.extensionPath, step.media.markdown)), `${step.media.markdown} is packaged`);
    }
  });

  it('"Try a misspelt target" opens an untitled mapping whose diagnostic has the fix the step names', async () => {
    await vscode.commands.executeCommand('scimmap.walkthrough.tryQuickFix');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document.isUntitled && editor.document.languageId === 'scimmap', 'an untitled .scimmap editor');
    // The lesson's mapping is complete but for the one mistake: its only diagnostic.
    const [diagnostic] = await waitForDiagnostics(editor.document.uri, (diagnostics) => diagnostics.length > 0, "the lesson's diagnostic");
    assert.deepEqual(
      seenDiagnostics(editor.document.uri).map((seen) => seen.code),
      ['unknown-target'],
    );
    const [line, character, endLine, endCharacter] = diagnostic.range;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      editor.document.uri,
      new vscode.Range(line, character, endLine, endCharacter),
      vscode.CodeActionKind.QuickFix.value,
    );
    assert.ok(
      actions.some((action) => /titel.*title/.test(action.title)),
      `the fix to "title"; offered: ${actions.map((action) => action.title).join(' | ')}`,
    );
  });

  it('"Complete a target" puts the cursor where completion offers Genesys Cloud targets', async () => {
    await vscode.commands.executeCommand('scimmap.walkthrough.tryCompletion');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document.isUntitled && editor.document.languageId === 'scimmap', 'an untitled .scimmap editor');
    const labels = (await completionsAt(editor.document.uri, editor.selection.active)).map(labelOf);
    assert.ok(labels.includes('displayName') && labels.includes('title'), `Genesys targets offered; got ${labels.slice(0, 20).join(', ')}`);
  });
});
