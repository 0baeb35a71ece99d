// Preview Payload in the real editor: the command opens its panel, the panel shows the requests
// Entra would send for the picked sample user, and a hostile displayName stays text: no element,
// no script. Picking the sample and reading the webview need the page (offline launcher only).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  answerQuickInput,
  resetWorkbench,
  exampleUri,
  hostileName,
  hostileSampleUser,
  openInEditor,
  pageAvailable,
  screenshot,
  waitUntil,
  webviewContent,
  writeScratchFile,
} from '../helpers';

const samples = { users: [hostileSampleUser] };

function previewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('scimmapPreview'));
}

describe('Preview Payload', () => {
  after(resetWorkbench);

  if (pageAvailable()) {
    it('opens its panel with the requests for a new user, and shows a hostile displayName as text without running it', async () => {
      await writeScratchFile('hostile.users.json', `${JSON.stringify(samples, null, 2)}\n`);
      const editor = await openInEditor(exampleUri('purecloud.scimmap'));
      const command = vscode.commands.executeCommand('scimmap.previewPayload', editor.document.uri);
      await answerQuickInput('Pick a sample user or group', { text: 'hostile-name' });
      await command;
      await waitUntil(
        vscode.window.tabGroups.onDidChangeTabs,
        () => previewTabs().length,
        (count) => count === 1,
        'the preview panel',
      );

      const content = await webviewContent('mallory@contoso.com');
      // Entra looks the user up by the matching attribute, then creates it.
      assert.match(content.text, /GET\s+\/Users\?filter=userName eq "mallory@contoso\.com"/);
      assert.match(content.text, /POST\s+\/Users/);
      assert.ok(content.text.includes(hostileName), 'the displayName is shown as the text it is');
      assert.equal(content.images, 0, 'no <img> element was made from the displayName');
      assert.deepEqual(content.dialogs, [], 'no script ran');
      await vscode.commands.executeCommand('notifications.clearAll');
      await screenshot('preview-hostile-display-name');
    });

    it('shows the PATCH that brings an existing Genesys Cloud user up to date', async () => {
      const editor = await openInEditor(exampleUri('purecloud.scimmap'));
      const command = vscode.commands.executeCommand('scimmap.previewPayload', editor.document.uri);
      await answerQuickInput('Pick a sample user or group', { text: 'amelia' });
      await command;
      // amelia's $target in examples/users.json has the old title "Sales Manager"; Entra replaces it.
      const content = await webviewContent('/Users/7c0e5b52-1f0a-4f4e-8d43-2b1b3c4d5e6f');
      const patchAt = content.text.search(/PATCH\s+\/Users\/7c0e5b52-1f0a-4f4e-8d43-2b1b3c4d5e6f/);
      assert.ok(patchAt >= 0, "a PATCH of amelia's Genesys Cloud id");
      const patch = content.text.slice(patchAt, patchAt + 1500);
      assert.match(patch, /"op": "(replace|Replace)"/, patch);
      assert.match(patch, /"title"[\s\S]*"Head of Sales"/, patch);
      await vscode.commands.executeCommand('notifications.clearAll');
      await screenshot('preview');
    });
  }
});
