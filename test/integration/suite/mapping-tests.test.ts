// Mapping tests in Test Explorer, in the real editor: the example's *.scimmap-test.json shows as a
// file of objects of expectations, each at its line of the JSON, without opening any file; they
// pass; a mapping edited in the editor (not saved) fails exactly the expectation it breaks, with
// expected against actual as a diff at the expectation; saving a mapping reruns its tests. Which
// files have tests: those `scimmap test` finds (hidden folders yes, node_modules no, also for files
// created while the window is open), and a test file from outside the workspace while it is open.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ScimmapTestApi } from '../../../client/src/extension';
import type { MappingTestsHook, TestItemView } from '../../../client/src/testing/mapping-tests';
import {
  activateExtension,
  exampleUri,
  openInEditor,
  resetWorkbench,
  screenshot,
  waitUntil,
  workspaceRoot,
  writeScratchFile,
} from '../helpers';

const testFile = 'genesys.scimmap-test.json';

async function hook(): Promise<MappingTestsHook> {
  const exports = (await activateExtension()).exports as ScimmapTestApi | undefined;
  assert.ok(exports, 'the extension exports its test hooks in test mode');
  return exports.mappingTests;
}

function leaves(item: TestItemView): TestItemView[] {
  return item.children.length === 0 ? [item] : item.children.flatMap(leaves);
}

/** The test file's item once it has its 17 expectations. */
async function fileItem(tests: MappingTestsHook, uri: vscode.Uri): Promise<TestItemView> {
  const found = await waitUntil(
    tests.onDidChange,
    () => tests.items().find((item) => item.id === uri.toString()),
    (item) => item !== undefined && leaves(item).length === 17,
    `Test Explorer's item for ${uri.toString()} with 17 expectations`,
  );
  return found!;
}

/**
 * Runs every test through the Run profile's handler, as the Testing view's "Run Tests" does (its
 * command, testing.runAll, does nothing while the workbench has not yet listed the controller's items).
 */
async function runAll(tests: MappingTestsHook): Promise<void> {
  const before = tests.runCount();
  await tests.run('Run');
  assert.equal(tests.runCount(), before + 1);
}

/** Saves the document and waits for the run that the save starts (scimmap.tests.runOnSave) to end. */
async function saveAndWaitForRun(tests: MappingTestsHook, document: vscode.TextDocument): Promise<void> {
  const before = tests.runCount();
  assert.ok(await document.save());
  await waitUntil(
    tests.onDidChange,
    () => tests.runCount(),
    (count) => count > before,
    'the run that saving the mapping starts',
  );
}

function failures(tests: MappingTestsHook, file: TestItemView) {
  const results = tests.results();
  return leaves(file)
    .filter((leaf) => results[leaf.id]?.state !== 'passed')
    .map((leaf) => ({ id: leaf.id.slice(file.id.length), ...results[leaf.id] }));
}

const original = 'title <- [jobTitle]';
const changed = 'title <- Coalesce([jobTitle], "Agent")';

/** The files the example's test file reads: its mapping, samples and snapshots. */
const exampleInputs = ['purecloud.scimmap', 'users.json', 'genesys.scimmap-test.snap.json'];

/** The example's mapping, samples, snapshots and (unless left out of `names`) test file copied into scratch/FOLDER/ (examples/ is never saved over). */
async function copyOfExample(folder: string, names = [...exampleInputs, testFile]): Promise<Record<string, vscode.Uri>> {
  const copies: Record<string, vscode.Uri> = {};
  for (const name of names)
    copies[name] = await writeScratchFile(
      `${folder}/${name}`,
      new TextDecoder().decode(await vscode.workspace.fs.readFile(exampleUri(name))),
    );
  return copies;
}

async function replaceInEditor(editor: vscode.TextEditor, from: string, to: string): Promise<void> {
  const at = editor.document.getText().indexOf(from);
  assert.ok(at >= 0, `${editor.document.uri.toString()} holds ${from}`);
  const range = new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + from.length));
  assert.ok(await editor.edit((edit) => edit.replace(range, to)));
}

describe('mapping tests in Test Explorer', () => {
  after(resetWorkbench);

  it('shows the example tests at their lines, and they pass', async () => {
    const tests = await hook();
    const uri = exampleUri(testFile);
    const file = await fileItem(tests, uri);
    assert.deepEqual(
      file.children.map((object) => object.label),
      ['chloe', 'amelia', 'kenji', 'dmitri', 'support', 'group:sales'],
    );
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)).split('\n');
    const kenjiTitle = file.children[2].children.find((item) => item.label === 'title')!;
    assert.equal(kenjiTitle.description, 'null');
    const [line, start, , end] = kenjiTitle.range!;
    assert.equal(text[line].slice(start, end), '"title": null');

    await runAll(tests);
    assert.deepEqual(failures(tests, file), []);
    await vscode.commands.executeCommand('workbench.view.testing.focus');
    await openInEditor(uri);
    await screenshot('test-explorer');
  });

  it('an unsaved edit of the mapping fails exactly the expectation it breaks, with a diff at the expectation', async () => {
    const tests = await hook();
    const copies = await copyOfExample('unsaved');
    const file = await fileItem(tests, copies[testFile]);
    // By default the workbench saves every editor before a run: this run is to see the unsaved text.
    const testing = vscode.workspace.getConfiguration('testing');
    await testing.update('saveBeforeTest', false, vscode.ConfigurationTarget.Global);
    try {
      const editor = await openInEditor(copies['purecloud.scimmap']);
      await replaceInEditor(editor, original, changed);
      await runAll(tests);
      assert.ok(editor.document.isDirty, 'the edit is still unsaved');
      const failed = failures(tests, file);
      assert.deepEqual(
        failed.map((failure) => [failure.id, failure.state]),
        [['#/expect/kenji/attributes/title', 'failed']],
      );
      const [message] = failed[0].messages;
      assert.equal(message.message, 'expected null, got "Agent"');
      assert.equal(message.expected, 'null');
      assert.equal(message.actual, '"Agent"');
      const kenjiTitle = file.children[2].children.find((item) => item.label === 'title')!;
      assert.equal(message.location, `${copies[testFile].toString()}#${kenjiTitle.range![0] + 1}`);
      await openInEditor(copies[testFile]);
      await screenshot('test-explorer-failure');

      // Put right (spaced differently, so the editor cannot take it for the saved text) and saved: the save reruns the tests, and they pass again.
      const mapping = await openInEditor(copies['purecloud.scimmap']);
      await replaceInEditor(mapping, changed, 'title  <- [jobTitle]');
      await saveAndWaitForRun(tests, mapping.document);
      // Under load, a save run that this save cancelled can be the run that ended first: wait for the rerun's results.
      await waitUntil(
        tests.onDidChange,
        () => failures(tests, file),
        (failed) => failed.length === 0,
        'the rerun after the fix is saved passing',
      );
    } finally {
      await testing.update('saveBeforeTest', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('discovers a new test file and reruns its tests when its mapping is saved', async () => {
    const tests = await hook();
    const copies = await copyOfExample('saved');
    const file = await fileItem(tests, copies[testFile]);
    const editor = await openInEditor(copies['purecloud.scimmap']);
    await replaceInEditor(editor, original, changed);
    await saveAndWaitForRun(tests, editor.document);
    assert.deepEqual(
      failures(tests, file).map((failure) => [failure.id, failure.state, failure.messages[0]?.message]),
      [['#/expect/kenji/attributes/title', 'failed', 'expected null, got "Agent"']],
    );
  });

  it('Run and Update Snapshots rewrites the snapshot of the expectation it runs, and only on request', async () => {
    const tests = await hook();
    const copies = await copyOfExample('update');
    const file = await fileItem(tests, copies[testFile]);
    const snapshotId = `${file.id}#/expect/chloe/snapshot`;
    const read = async (uri: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const users = await openInEditor(copies['users.json']);
    await replaceInEditor(users, '"jobTitle": "Sales Agent"', '"jobTitle": "Sales Lead"');
    await saveAndWaitForRun(tests, users.document);
    assert.equal(tests.results()[snapshotId]?.state, 'failed', 'a changed request fails its snapshot; the save did not update it');

    const before = await read(copies['genesys.scimmap-test.snap.json']);
    await tests.run('Run and Update Snapshots', [snapshotId]);
    assert.equal(tests.results()[snapshotId]?.state, 'passed');
    const after = await read(copies['genesys.scimmap-test.snap.json']);
    assert.notEqual(after, before);
    assert.match(after, /"title": "Sales Lead"/);
    await tests.run('Run', [file.id]);
    assert.deepEqual(
      failures(tests, file).map((failure) => failure.id),
      ['#/expect/chloe/attributes/title'],
      'the hand-written expectation still fails: an update never changes the test file',
    );
  });
});

describe('which test files Test Explorer shows', () => {
  after(resetWorkbench);

  it("Run and Update Snapshots on a selection rewrites only the selected snapshots (before: chloe's was deleted)", async () => {
    const tests = await hook();
    const copies = await copyOfExample('update-selection');
    const file = await fileItem(tests, copies[testFile]);
    const snapshots = copies['genesys.scimmap-test.snap.json'];
    const before = new TextDecoder().decode(await vscode.workspace.fs.readFile(snapshots));
    await tests.run('Run and Update Snapshots', [`${file.id}#/expect/chloe/action`, `${file.id}#/expect/dmitri/snapshot`]);
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(snapshots)), before, 'nothing changed, nothing written');
    await tests.run('Run', [file.id]);
    assert.deepEqual(failures(tests, file), []);
  });

  it('the files scimmap test finds: in hidden folders such as .github, never under node_modules, also when created later', async () => {
    const tests = await hook();
    const read = (name: string) => vscode.workspace.fs.readFile(exampleUri(name));
    // The test file itself is created below, as a new file.
    await copyOfExample('rule/.github/mapping-tests', exampleInputs);
    const scratch = vscode.Uri.joinPath(workspaceRoot(), 'scratch', 'rule');
    // Directly in node_modules: VS Code's files.watcherExclude leaves out node_modules/*/**, whose events may not come at all.
    const dependency = vscode.Uri.joinPath(scratch, 'node_modules', 'dep.scimmap-test.json');
    const github = vscode.Uri.joinPath(scratch, '.github', 'mapping-tests', testFile);
    const create = async (uri: vscode.Uri) => {
      const edit = new vscode.WorkspaceEdit();
      edit.createFile(uri, { contents: await read(testFile) });
      assert.ok(await vscode.workspace.applyEdit(edit));
    };
    // As `npm install` of a package that ships mapping tests, with the window open. The extension's
    // watcher has the event when this one does: its item, if it made one, would come before the next file's.
    const watcher = vscode.workspace.createFileSystemWatcher('**/node_modules/*.scimmap-test.json');
    const created = new Set<string>();
    try {
      watcher.onDidCreate((uri) => created.add(uri.toString()));
      await create(dependency);
      await waitUntil(watcher.onDidCreate, () => created.has(dependency.toString()), Boolean, 'the created file reported by the watcher');
    } finally {
      watcher.dispose();
    }
    await create(github);
    await fileItem(tests, github);
    assert.equal(
      tests.items().find((item) => item.id === dependency.toString()),
      undefined,
    );
  });

  it('a test file outside the workspace has its tests as soon as it opens, under its file name (before: only once typed in, labelled with its path)', async () => {
    const tests = await hook();
    const folder = vscode.Uri.file(mkdtempSync(join(tmpdir(), 'scimmap-outside-')));
    for (const name of [...exampleInputs, testFile])
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, name), await vscode.workspace.fs.readFile(exampleUri(name)));
    const uri = vscode.Uri.joinPath(folder, testFile);
    try {
      await openInEditor(uri);
      const file = await fileItem(tests, uri);
      assert.equal(file.label, testFile);
      assert.equal(file.description, uri.fsPath);
      await tests.run('Run', [file.id]);
      assert.deepEqual(failures(tests, file), []);
    } finally {
      await resetWorkbench();
      rmSync(folder.fsPath, { recursive: true, force: true });
    }
  });
});
