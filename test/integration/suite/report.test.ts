// The simulation report in the real editor: SCIM: Simulate Provisioning Cycle opens its view with the
// counts and the rows of the example directory (a hostile displayName stays text), a row opens its
// steps and requests; SCIM: Show Impact of Changes on a mapping edited in the editor lists exactly
// the users whose requests change, says so plainly when the file is not in git or is unchanged. The
// audit of the view (issue 15): a setting of the wrong shape, links after an unsaved edit, runs that
// end by cancel, close or replacement (no error), the table from the keyboard and a screen reader;
// the changed-mapping banner for a mapping changed on disk while it was closed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import {
  clickInWebview,
  clickInWorkbench,
  exampleUri,
  hostileName,
  hostileSampleUser,
  openInEditor,
  pageAvailable,
  pressInWebview,
  resetWorkbench,
  screenshot,
  waitUntil,
  webviewAttributes,
  webviewContent,
  webviewElement,
  workbenchTexts,
  workspaceRoot,
  writeScratchFile,
} from '../helpers';

interface Outcome {
  readonly ok: boolean;
  readonly message?: string;
  readonly ended?: string;
  readonly sameAsCommitted?: boolean;
  readonly objects?: number;
  readonly rows?: number;
  readonly shownMilliseconds?: number;
}

interface SampleUser {
  readonly $id: string;
  readonly jobTitle?: string | null;
  readonly department?: string | null;
  readonly [key: string]: unknown;
}

function exampleSamples(): { users: SampleUser[]; groups: unknown[] } {
  return JSON.parse(readFileSync(exampleUri('users.json').fsPath, 'utf8')) as { users: SampleUser[]; groups: unknown[] };
}

/** The example mapping's text, for copies a test may edit. */
async function exampleMapping(): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(exampleUri('purecloud.scimmap')));
}

/** A committed copy of the example mapping in a repository of its own under scratch/. */
async function committedExample(name: string): Promise<vscode.Uri> {
  const folder = vscode.Uri.joinPath(workspaceRoot(), 'scratch', name);
  mkdirSync(folder.fsPath, { recursive: true });
  const mapping = vscode.Uri.joinPath(folder, 'purecloud.scimmap');
  writeFileSync(mapping.fsPath, await exampleMapping());
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], {
      cwd: folder.fsPath,
      stdio: 'pipe',
    });
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'the mapping');
  return mapping;
}

/** A samples file of `count` generated users: a run long enough to close or replace while it runs. */
async function generatedUsers(count: number): Promise<vscode.Uri> {
  const users = Array.from({ length: count }, (_, index) => ({
    $id: `u${index}`,
    objectId: `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`,
    userPrincipalName: `user${index}@contoso.com`,
    mail: `user${index}@contoso.com`,
    displayName: `User ${index}`,
    givenName: 'User',
    surname: String(index),
    jobTitle: 'Agent',
    department: 'Sales',
    accountEnabled: true,
  }));
  return writeScratchFile(`generated-${count}.users.json`, JSON.stringify({ users, groups: [] }));
}

function simulate(command: 'scimmap.simulate' | 'scimmap.showImpact', mapping: vscode.Uri, directory?: vscode.Uri): Thenable<Outcome> {
  return vscode.commands.executeCommand<Outcome>(command, mapping, directory ? { directory: [directory.fsPath] } : undefined);
}

const staleBanner = '.banner.stale';

/**
 * Closes the mapping's editor and deletes the file as the Explorer does (a workspace edit), which
 * also ends the hold the extension host keeps for three minutes on a document an extension opened:
 * the document closes. Then writes `text` as the file.
 */
async function closeAndRewrite(mapping: vscode.Uri, text: string): Promise<void> {
  const isMapping = (document: vscode.TextDocument) => document.uri.toString() === mapping.toString();
  const closed = waitUntil(
    vscode.workspace.onDidCloseTextDocument,
    () => vscode.workspace.textDocuments.some(isMapping),
    (open) => !open,
    'the mapping document closed',
  );
  const tabs = vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === mapping.toString());
  await vscode.window.tabGroups.close(tabs);
  const deletion = new vscode.WorkspaceEdit();
  deletion.deleteFile(mapping);
  assert.ok(await vscode.workspace.applyEdit(deletion), 'the mapping deleted');
  await closed;
  await vscode.workspace.fs.writeFile(mapping, new TextEncoder().encode(text));
}

function reportTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputWebview);
}

describe('Simulation report', () => {
  afterEach(resetWorkbench);

  it('opens with the counts and a row per directory object, a hostile name as text, and a row opening its requests', async () => {
    const samples = exampleSamples();
    samples.users.push(hostileSampleUser);
    const directory = await writeScratchFile('report.users.json', `${JSON.stringify(samples, null, 2)}\n`);
    const editor = await openInEditor(exampleUri('purecloud.scimmap'));
    const outcome = await vscode.commands.executeCommand<Outcome>('scimmap.simulate', editor.document.uri, {
      directory: [directory.fsPath],
    });
    assert.equal(outcome.ok, true, outcome.message);
    const objects = samples.users.length + samples.groups.length;
    assert.equal(outcome.objects, objects);
    assert.equal(outcome.rows, objects, 'one row per directory object');

    if (pageAvailable()) {
      const content = await webviewContent(`${objects} objects`);
      assert.match(content.text, /Provisioning cycle: purecloud\.scimmap/);
      assert.match(content.text, /\d+\s+Create/);
      assert.ok(content.text.includes(hostileName), 'the rows name the objects by display name, a hostile one as text');
      assert.equal(content.images, 0, 'no <img> element was made from a value');
      assert.deepEqual(content.dialogs, [], 'no script ran');
      // The page told the panel when the frame with the table was painted (what bench/report-page.ts reads).
      assert.ok(
        Number.isInteger(outcome.shownMilliseconds) && (outcome.shownMilliseconds ?? -1) >= 0,
        `shownMilliseconds: ${outcome.shownMilliseconds}`,
      );

      await clickInWebview('.row[data-row="0"]');
      const opened = await webviewContent('Provisioning steps');
      assert.match(opened.text, /Requests/);
      assert.match(opened.text, /GET\s+\/Users\?filter=userName eq/);
      await vscode.commands.executeCommand('notifications.clearAll');
      await screenshot('simulation-report');
    }
  });

  it('Show Impact of Changes lists exactly the users whose requests an unsaved edit changes', async () => {
    // A mapping committed in its own repository, then edited in the editor (not saved).
    const mapping = await committedExample('impact-repo');
    const editor = await openInEditor(mapping);
    const line = editor.document
      .getText()
      .split('\n')
      .findIndex((text) => /^\s*title\s+<-\s+\[jobTitle\]/.test(text));
    assert.ok(line >= 0);
    const range = editor.document.lineAt(line).range;
    await editor.edit((edit) => edit.replace(range, editor.document.lineAt(line).text.replace('[jobTitle]', '[department]')));

    const samples = exampleSamples();
    const outcome = await vscode.commands.executeCommand<Outcome>('scimmap.showImpact', mapping, {
      directory: [exampleUri('users.json').fsPath],
    });
    assert.equal(outcome.ok, true, outcome.message);
    // Only users whose jobTitle and department differ can change, and every changed row is one of them.
    const candidates = samples.users.filter((user) => (user.jobTitle ?? null) !== (user.department ?? null));
    assert.ok(outcome.rows !== undefined && outcome.rows > 0 && outcome.rows <= candidates.length, JSON.stringify(outcome));

    if (pageAvailable()) {
      const content = await webviewContent('objects change');
      assert.match(content.text, /Impact of the changes to purecloud\.scimmap/);
      assert.match(content.text, new RegExp(`\\b${outcome.rows} of ${samples.users.length + samples.groups.length} objects change`));
      assert.match(content.text, /What changes/);
      assert.match(content.text, /\btitle\b/);
      await vscode.commands.executeCommand('notifications.clearAll');
      await screenshot('simulation-impact');
    }
  });

  it('Show Impact of Changes says so when the mapping is not in a git repository', async () => {
    const mapping = await writeScratchFile('not-in-git.scimmap', 'users {\n  userName <- [userPrincipalName]  match 1\n}\n');
    await openInEditor(mapping);
    const outcome = await vscode.commands.executeCommand<Outcome>('scimmap.showImpact', mapping, {
      directory: [exampleUri('users.json').fsPath],
    });
    assert.equal(outcome.ok, false);
    assert.match(outcome.message ?? '', /not-in-git\.scimmap is not in a git repository/);
  });

  it('Show Impact of an unchanged mapping says it is the same as at HEAD, with no table', async () => {
    const mapping = await committedExample('impact-unchanged');
    await openInEditor(mapping);
    const outcome = await simulate('scimmap.showImpact', mapping, exampleUri('users.json'));
    assert.equal(outcome.ok, true, outcome.message);
    assert.equal(outcome.sameAsCommitted, true, JSON.stringify(outcome));
    assert.equal(outcome.rows, 0);
    assert.match(outcome.message ?? '', /The mapping is the same as at HEAD \(the last commit\): no object's requests change/);
    if (pageAvailable()) {
      const content = await webviewContent('the same as at HEAD');
      assert.match(content.text, /Impact of the changes to purecloud\.scimmap/);
      assert.doesNotMatch(content.text, /Create|objects change/, 'no counts of a whole cycle, no table');
      await screenshot('simulation-impact-unchanged');
    }
  });

  it('reads a directory setting written as one string as that one file, and names a setting of another shape before asking anything', async () => {
    const mapping = await writeScratchFile('report-settings.scimmap', await exampleMapping());
    await openInEditor(mapping);
    const settings = vscode.workspace.getConfiguration('scimmap.simulation');
    try {
      await settings.update('directory', 'examples/users.json', vscode.ConfigurationTarget.Workspace);
      const one = await simulate('scimmap.simulate', mapping);
      assert.equal(one.ok, true, one.message);
      assert.equal(one.rows, exampleSamples().users.length + exampleSamples().groups.length);
      await settings.update('targetState', 42, vscode.ConfigurationTarget.Workspace);
      const bad = await simulate('scimmap.simulate', mapping);
      assert.equal(bad.ok, false);
      assert.match(
        bad.message ?? '',
        /^The setting scimmap\.simulation\.targetState must be a list of file paths, such as \["users\.csv"\], not 42/,
      );
    } finally {
      await settings.update('directory', undefined, vscode.ConfigurationTarget.Workspace);
      await settings.update('targetState', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('a newer run replacing an older one, and closing the report during a run, end without an error', async () => {
    const mapping = await writeScratchFile('report-runs.scimmap', await exampleMapping());
    await openInEditor(mapping);
    const directory = await generatedUsers(20_000);
    const older = simulate('scimmap.simulate', mapping, directory);
    const newer = simulate('scimmap.simulate', mapping, directory);
    const replaced = await older;
    assert.equal(replaced.ended, 'replaced', JSON.stringify(replaced));
    assert.equal((await newer).rows, 20_000);

    await vscode.window.tabGroups.close(reportTabs());
    const closed = simulate('scimmap.simulate', mapping, directory);
    await waitUntil(vscode.window.tabGroups.onDidChangeTabs, reportTabs, (tabs) => tabs.length > 0, 'the report tab');
    await vscode.window.tabGroups.close(reportTabs());
    const outcome = await closed;
    assert.equal(outcome.ended, 'closed', JSON.stringify(outcome));
    if (pageAvailable()) {
      const toasts = await workbenchTexts('.notifications-toasts .notification-toast');
      assert.deepEqual(
        toasts.filter((text) => /replaced|closed|cancelled/i.test(text)),
        [],
        'no notification for what the person did',
      );
    }
  });

  if (pageAvailable()) {
    it("Cancel in the run's progress notification ends it without an error, the report saying it was cancelled", async () => {
      const mapping = await writeScratchFile('report-cancel.scimmap', await exampleMapping());
      await openInEditor(mapping);
      // Long enough a run to press Cancel during it.
      const directory = await generatedUsers(50_000);
      const run = simulate('scimmap.simulate', mapping, directory);
      await clickInWorkbench('.notification-toast:has-text("Simulating report-cancel.scimmap") .monaco-button:has-text("Cancel")');
      const outcome = await run;
      assert.equal(outcome.ended, 'cancelled', JSON.stringify(outcome));
      const content = await webviewContent('The simulation was cancelled.');
      assert.match(content.text, /Run again/);
      const toasts = await workbenchTexts('.notifications-toasts .notification-toast');
      assert.deepEqual(
        toasts.filter((text) => /cancelled/i.test(text)),
        [],
        'no notification for the Cancel the person pressed',
      );
    });

    it('a value link after an unsaved edit above it selects the line that produces the value now, under a banner', async () => {
      const mapping = await writeScratchFile('report-links.scimmap', await exampleMapping());
      const editor = await openInEditor(mapping);
      const outcome = await simulate('scimmap.simulate', mapping, exampleUri('users.json'));
      assert.equal(outcome.ok, true, outcome.message);
      await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '# one\n# two\n# three\n'));
      assert.match(await webviewElement(staleBanner), /The mapping has changed since this run.*Run again/s);

      await clickInWebview('.row[data-row="0"]');
      await webviewContent('Provisioning steps');
      editor.selection = new vscode.Selection(0, 0, 0, 0);
      // The first link of the opened row: the matching query's userName, produced by the userName mapping.
      await clickInWebview('.detail a.src');
      const selection = await waitUntil(
        vscode.window.onDidChangeTextEditorSelection,
        () => vscode.window.visibleTextEditors.find((shown) => shown.document.uri.toString() === mapping.toString())?.selection,
        (selected) => selected !== undefined && !selected.isEmpty,
        'the link selected text in the mapping',
      );
      const userNameLine = editor.document
        .getText()
        .split('\n')
        .findIndex((text) => /^\s*userName\s+<-/.test(text));
      assert.equal(selection?.start.line, userNameLine, 'the userName mapping, three lines lower than when the simulation ran');
      assert.match(editor.document.getText(selection), /^userName\s+<-/);
      await screenshot('simulation-report-stale');
    });

    it('a mapping changed on disk while it was closed: the banner as soon as it is opened again, or the report comes back into view', async () => {
      const text = await exampleMapping();
      const mapping = await writeScratchFile('report-reopened.scimmap', text);
      await openInEditor(mapping);
      const outcome = await simulate('scimmap.simulate', mapping, exampleUri('users.json'));
      assert.equal(outcome.ok, true, outcome.message);
      // The report's group as it is now: closing the mapping's editor may close its group.
      const reportGroup = () => reportTabs()[0].group;
      await webviewElement(staleBanner, 'hidden');

      // Changed while closed, then opened again beside the report: no edit comes, the text itself differs.
      await closeAndRewrite(mapping, `# changed while closed\n${text}`);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(mapping), {
        viewColumn: reportGroup().viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One,
        preserveFocus: true,
        preview: false,
      });
      assert.match(await webviewElement(staleBanner), /The mapping has changed since this run.*Run again/s);

      // Back as it ran, while closed: the report learns it when it comes back from behind another tab.
      await closeAndRewrite(mapping, text);
      const other = exampleUri('users.json');
      await vscode.window.showTextDocument(other, { viewColumn: reportGroup().viewColumn, preview: false });
      const otherTab = reportGroup().tabs.find(
        (tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === other.toString(),
      );
      assert.ok(otherTab, "users.json opened in the report's group");
      await vscode.window.tabGroups.close(otherTab);
      await webviewElement(staleBanner, 'hidden');
    });

    it('the table from the keyboard: Home, End, Page Down, Enter and Space, each announced to a screen reader', async () => {
      const editor = await openInEditor(exampleUri('purecloud.scimmap'));
      const directory = await generatedUsers(1_000);
      const outcome = await simulate('scimmap.simulate', editor.document.uri, directory);
      assert.equal(outcome.rows, 1_000);
      await webviewContent('1,000 objects');
      const grid = '.table[role="grid"]';
      assert.deepEqual(await webviewAttributes(grid, ['aria-rowcount', 'tabindex']), { 'aria-rowcount': '1001', tabindex: '0' });

      const selected = async () => {
        const table = await webviewAttributes(grid, ['aria-activedescendant']);
        const row = await webviewAttributes(`#${table['aria-activedescendant']}`, ['aria-selected', 'aria-rowindex', 'data-row']);
        return { ...table, ...row };
      };
      await pressInWebview(grid, ['End']);
      assert.deepEqual(await selected(), {
        'aria-activedescendant': 'object-row-999',
        'aria-selected': 'true',
        'aria-rowindex': '1001',
        'data-row': '999',
      });
      await pressInWebview(grid, ['Home', 'PageDown']);
      const afterPage = await selected();
      assert.ok(Number(afterPage['data-row']) > 1, `Page Down moves by a page: ${JSON.stringify(afterPage)}`);
      await pressInWebview(grid, ['Home']);
      assert.equal((await selected())['data-row'], '0');
      // Enter opens the row's details and moves the focus to them (waited for: they arrive from the server).
      await pressInWebview(grid, ['Enter']);
      assert.deepEqual(await webviewAttributes('.detail-pane:focus', ['aria-label']), { 'aria-label': 'The selected object' });
      assert.match((await webviewContent('Provisioning steps')).text, /Requests/);
      await pressInWebview(grid, ['ArrowDown', ' ']);
      assert.equal((await selected())['data-row'], '1');
      // Space as Enter: the details of the row now selected take the focus (the page shows only the selected row's).
      await webviewAttributes('.detail-pane:focus', ['aria-label']);
      await screenshot('simulation-report-keyboard');
    });
  }
});
