// The "Get started with scimmap" walkthrough (contributes.walkthroughs in package.json): each step's
// button runs one of these commands, which does what the step teaches. The lessons open untitled
// documents, so trying them never changes a file of the user's.
import * as vscode from 'vscode';
import { exampleCopies } from './example-copies';
import { walkthroughCategory, type Manifest } from './manifest';

const exampleGlob = '**/purecloud.scimmap';

/** Untitled mappings for the lessons, and where the cursor goes in each. */
const lessons = {
  quickFix: {
    text: [
      '# Genesys Cloud has no attribute "titel": the squiggle is the diagnostic, the light bulb',
      '# (Ctrl+. or Cmd+.) offers the fix "Change titel to title". Apply it and the squiggle goes away.',
      'users {',
      '  userName    <- [userPrincipalName]  match 1',
      '  displayName <- [displayName]',
      '  active      <- Switch([IsSoftDeleted], , "False", "True", "True", "False")',
      '  titel       <- [jobTitle]',
      '}',
      '',
    ].join('\n'),
    cursor: new vscode.Position(6, 2),
    action: 'editor.action.quickFix',
  },
  completion: {
    text: [
      '# Completion: on the empty line, the list offers every Genesys Cloud attribute you can write',
      '# (Ctrl+Space brings it back). After "<- [" it offers Entra ID source attributes, and it offers',
      '# the expression functions with their argument slots.',
      'users {',
      '  userName    <- [userPrincipalName]  match 1',
      '  displayName <- [displayName]',
      '  active      <- Switch([IsSoftDeleted], , "False", "True", "True", "False")',
      '  ',
      '}',
      '',
    ].join('\n'),
    cursor: new vscode.Position(7, 2),
    action: 'editor.action.triggerSuggest',
  },
} as const;

export function activateWalkthrough(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('scimmap.walkthrough.open', () =>
      vscode.commands.executeCommand(
        'workbench.action.openWalkthrough',
        walkthroughCategory(context.extension.packageJSON as Manifest),
        false,
      ),
    ),
    vscode.commands.registerCommand('scimmap.walkthrough.openExample', () => openExample(context)),
    vscode.commands.registerCommand('scimmap.walkthrough.tryQuickFix', () => tryLesson(lessons.quickFix)),
    vscode.commands.registerCommand('scimmap.walkthrough.tryCompletion', () => tryLesson(lessons.completion)),
    vscode.commands.registerCommand('scimmap.walkthrough.preview', async () => {
      const example = await findExample();
      if (!example) return offerExampleFolder(context);
      const editor = await vscode.window.showTextDocument(example, { preview: false });
      await vscode.commands.executeCommand('scimmap.previewPayload', editor.document.uri);
    }),
  );
}

async function findExample(): Promise<vscode.Uri | undefined> {
  const [found] = await vscode.workspace.findFiles(exampleGlob, '**/node_modules/**', 1);
  return found;
}

/** The workspace's purecloud.scimmap; without one, a copy of the examples the extension ships. */
async function openExample(context: vscode.ExtensionContext): Promise<void> {
  const example = await findExample();
  if (example) {
    await vscode.window.showTextDocument(example, { preview: false });
    return;
  }
  await offerExampleFolder(context);
}

/** Copies the shipped examples into the extension's storage and opens that folder (a new window when one is open). */
async function offerExampleFolder(context: vscode.ExtensionContext): Promise<void> {
  const open = 'Open the examples';
  const answer = await vscode.window.showInformationMessage(
    'This workspace has no purecloud.scimmap. Open a folder with a copy of the scimmap examples (a Genesys Cloud mapping and sample users)?',
    open,
  );
  if (answer !== open) return;
  const folder = vscode.Uri.joinPath(context.globalStorageUri, 'examples');
  await vscode.workspace.fs.createDirectory(folder);
  for (const { from, to, rewrite } of exampleCopies) {
    const source = vscode.Uri.joinPath(context.extensionUri, from);
    const target = vscode.Uri.joinPath(folder, to);
    if (!rewrite) await vscode.workspace.fs.copy(source, target, { overwrite: true });
    else {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(source));
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(rewrite(text)));
    }
  }
  await vscode.commands.executeCommand('vscode.openFolder', folder, { forceNewWindow: vscode.workspace.workspaceFolders !== undefined });
}

async function tryLesson(lesson: (typeof lessons)[keyof typeof lessons]): Promise<void> {
  const document = await vscode.workspace.openTextDocument({ language: 'scimmap', content: lesson.text });
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  editor.selection = new vscode.Selection(lesson.cursor, lesson.cursor);
  if (lesson.action === 'editor.action.quickFix') await diagnosticsOf(document.uri);
  await vscode.commands.executeCommand(lesson.action);
}

/** Waits (at most 5 seconds) for the server's first diagnostics of a document, so the light bulb has a fix to offer. */
function diagnosticsOf(uri: vscode.Uri): Promise<void> {
  return new Promise((resolve) => {
    if (vscode.languages.getDiagnostics(uri).length > 0) return resolve();
    const done = () => {
      listener.dispose();
      clearTimeout(timer);
      resolve();
    };
    const listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) done();
    });
    const timer = setTimeout(done, 5000);
  });
}
