// Mapping tests in VS Code's Test Explorer (docs/testing.md): every *.scimmap-test.json of the
// workspace that `scimmap test` finds (shared/src/test-files.ts), and one open from outside the
// workspace, is a test file item, each directory object it names an item below it, and each
// expectation a test with its range in the JSON, so the editor's gutter has run buttons and shows
// results. The language server reads the files and runs them as `scimmap test` does, with the
// editor's unsaved text; a failure shows expected against actual as a diff at the expectation.
// Saving a test file, its mapping, directory, target state or snapshot file reruns its tests
// (scimmap.tests.runOnSave).
import { posix } from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  MappingTestItemsRequest,
  RunMappingTestsRequest,
  type MappingTestCaseResult,
  type MappingTestItemsResult,
  type RunMappingTestsResult,
  type SampleFileText,
  type WireLocation,
  type WireRange,
} from '../../../shared/src/protocol';
import { isDiscoveredTestFile, skippedFoldersGlob, testFileGlob, testFileSuffix } from '../../../shared/src/test-files';
import { testFilesToRerun } from './save-runs';

/** Which test file and which of its expectations (JSON pointer; '' for the whole file) an item is. */
interface ItemData {
  readonly file: vscode.Uri;
  readonly pointer: string;
}

/** What the integration suite reads of the controller: the items as Test Explorer has them and each test's latest outcome. */
export interface MappingTestsHook {
  items(): TestItemView[];
  /** Test item id -> the outcome of the latest run that included it. */
  results(): Record<string, TestOutcomeView>;
  /** How many runs have ended. */
  runCount(): number;
  /** Runs the items with these ids (every test when absent) through a profile's run handler, as Test Explorer's buttons do. */
  run(profile: 'Run' | 'Run and Update Snapshots', ids?: readonly string[]): Promise<void>;
  /** Fires when the items change and when a run ends. */
  readonly onDidChange: vscode.Event<void>;
}

export interface TestItemView {
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly uri?: string;
  /** [startLine, startCharacter, endLine, endCharacter], zero-based. */
  readonly range?: readonly number[];
  readonly error?: string;
  readonly children: readonly TestItemView[];
}

export interface TestOutcomeView {
  readonly state: 'passed' | 'failed' | 'errored' | 'skipped';
  readonly messages: ReadonlyArray<{
    readonly message: string;
    readonly expected?: string;
    readonly actual?: string;
    readonly location?: string;
  }>;
}

export function activateMappingTests(context: vscode.ExtensionContext, client: LanguageClient): MappingTestsHook {
  const tests = new MappingTests(client);
  context.subscriptions.push(tests);
  return tests;
}

class MappingTests implements MappingTestsHook, vscode.Disposable {
  private readonly controller = vscode.tests.createTestController('scimmapMappingTests', 'scimmap mapping tests');
  private readonly data = new WeakMap<vscode.TestItem, ItemData>();
  /** Test file (URI text) -> the paths of the files a run of it reads. */
  private readonly inputs = new Map<string, ReadonlySet<string>>();
  /** Test file -> its run started on save, cancelled by the next save. */
  private readonly saveRuns = new Map<string, vscode.CancellationTokenSource>();
  private readonly outcomes = new Map<string, TestOutcomeView>();
  /** Test file -> the number of its latest refresh: an older answer arriving late is dropped. */
  private readonly refreshes = new Map<string, number>();
  private endedRuns = 0;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly runProfile: vscode.TestRunProfile;
  private readonly updateProfile: vscode.TestRunProfile;
  readonly onDidChange = this.changed.event;

  constructor(private readonly client: LanguageClient) {
    this.runProfile = this.controller.createRunProfile(
      'Run',
      vscode.TestRunProfileKind.Run,
      (request, token) => this.execute(request, token, false),
      true,
    );
    // Only on explicit request, as `scimmap test --update`: never the default, never on save.
    this.updateProfile = this.controller.createRunProfile(
      'Run and Update Snapshots',
      vscode.TestRunProfileKind.Run,
      (request, token) => this.execute(request, token, true),
      false,
    );
    this.controller.refreshHandler = () => this.discover();
    const watcher = vscode.workspace.createFileSystemWatcher(testFileGlob);
    this.disposables.push(
      this.controller,
      this.changed,
      watcher,
      // Found by the rule discovery and `scimmap test` follow: an `npm install` adds no test items.
      watcher.onDidCreate((uri) => {
        if (isDiscovered(uri)) void this.refresh(uri);
      }),
      watcher.onDidChange((uri) => {
        if (isDiscovered(uri)) void this.refresh(uri);
      }),
      watcher.onDidDelete((uri) => this.forget(uri)),
      // Created in the editor (Explorer's New File, a workspace edit): known at once, not only when the
      // disk watcher reports it, which can miss a file in a folder created an instant before.
      vscode.workspace.onDidCreateFiles((event) => {
        for (const uri of event.files) if (isDiscovered(uri)) void this.refresh(uri);
      }),
      // A test file outside the workspace's folders has its tests while it is open.
      vscode.workspace.onDidOpenTextDocument((document) => {
        if (isOutsideTestFile(document.uri)) void this.refresh(document.uri);
      }),
      // The gutter's buttons follow the expectations as they are typed.
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (isShown(event.document.uri)) this.refreshSoon(event.document.uri);
      }),
      // Closed without saving: the items go back to the file's text on disk (or go, outside the workspace).
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (isDiscovered(document.uri)) void this.refresh(document.uri);
        else if (isOutsideTestFile(document.uri)) this.forget(document.uri);
      }),
      vscode.workspace.onDidSaveTextDocument((document) => this.runOnSave(document.uri)),
    );
    void this.discover();
  }

  dispose(): void {
    for (const source of this.saveRuns.values()) source.cancel();
    clearTimeout(this.refreshTimer);
    for (const disposable of this.disposables) disposable.dispose();
  }

  /** Every test file of the workspace, without opening any, and those open from outside it. */
  private async discover(): Promise<void> {
    const found = (await vscode.workspace.findFiles(testFileGlob, skippedFoldersGlob)).filter(isDiscovered);
    found.push(...vscode.workspace.textDocuments.map((document) => document.uri).filter(isOutsideTestFile));
    const known = new Set(found.map((uri) => uri.toString()));
    this.controller.items.forEach((item) => {
      if (!known.has(item.id)) this.forget(item.uri!);
    });
    await Promise.all(found.map((uri) => this.refresh(uri)));
  }

  private refreshTimer: NodeJS.Timeout | undefined;
  private readonly refreshPending = new Set<string>();

  private refreshSoon(uri: vscode.Uri): void {
    this.refreshPending.add(uri.toString());
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      const pending = [...this.refreshPending];
      this.refreshPending.clear();
      for (const text of pending) void this.refresh(vscode.Uri.parse(text));
    }, 300);
  }

  /** Reads the test file (the editor's text when open) and rebuilds its items. */
  private async refresh(uri: vscode.Uri): Promise<vscode.TestItem | undefined> {
    if (uri.scheme !== 'file') return undefined;
    // Typed in, then closed before the refresh came: a file outside the workspace has no items once closed.
    if (isOutsideTestFile(uri) && !openDocument(uri)) {
      this.forget(uri);
      return undefined;
    }
    const generation = (this.refreshes.get(uri.toString()) ?? 0) + 1;
    this.refreshes.set(uri.toString(), generation);
    let text: string;
    try {
      text = await readText(uri);
    } catch {
      this.forget(uri);
      return undefined;
    }
    let result: MappingTestItemsResult;
    try {
      result = await this.client.sendRequest(MappingTestItemsRequest, { uri: uri.toString(), text });
    } catch (error) {
      result = { ok: false, message: `The language server could not read the test file: ${(error as Error).message}`, range: emptyRange };
    }
    if (this.refreshes.get(uri.toString()) !== generation) return this.controller.items.get(uri.toString());
    // Outside the workspace a relative path would be the absolute one: the name, and the path beside it.
    const outside = isOutsideTestFile(uri);
    const file = this.item(uri, '', outside ? posix.basename(uri.path) : vscode.workspace.asRelativePath(uri));
    file.description = outside ? uri.fsPath : undefined;
    if (!result.ok) {
      file.error = result.message;
      file.range = toRange(result.range);
      file.children.replace([]);
      this.inputs.delete(uri.toString());
    } else {
      file.error = undefined;
      file.range = undefined;
      file.children.replace(
        result.objects.map((object) => {
          const objectItem = this.item(uri, object.pointer, object.id, toRange(object.range));
          objectItem.children.replace(
            object.cases.map((item) => {
              const caseItem = this.item(uri, item.pointer, item.label, toRange(item.range));
              caseItem.description = item.description;
              return caseItem;
            }),
          );
          return objectItem;
        }),
      );
      this.inputs.set(uri.toString(), new Set(result.inputs.map((input) => vscode.Uri.parse(input).fsPath)));
    }
    this.controller.items.add(file);
    this.changed.fire();
    return file;
  }

  private item(file: vscode.Uri, pointer: string, label: string, range?: vscode.Range): vscode.TestItem {
    const item = this.controller.createTestItem(itemId(file, pointer), label, file);
    item.range = range;
    this.data.set(item, { file, pointer });
    return item;
  }

  private forget(uri: vscode.Uri): void {
    // A refresh still under way must not bring the items back.
    this.refreshes.set(uri.toString(), (this.refreshes.get(uri.toString()) ?? 0) + 1);
    this.controller.items.delete(uri.toString());
    this.inputs.delete(uri.toString());
    this.changed.fire();
  }

  /** Saving a test file or a file one reads reruns that file's tests. */
  private async runOnSave(saved: vscode.Uri): Promise<void> {
    const files = testFilesToRerun({ id: saved.toString(), path: saved.fsPath, isTestFile: isShown(saved) }, this.inputs, (file) =>
      vscode.workspace.getConfiguration('scimmap.tests', vscode.Uri.parse(file)).get<boolean>('runOnSave', true),
    );
    for (const file of files) {
      this.saveRuns.get(file)?.cancel();
      const source = new vscode.CancellationTokenSource();
      this.saveRuns.set(file, source);
      // The test file's own items first: the run reports expectations just written.
      const item = file === saved.toString() ? await this.refresh(saved) : this.controller.items.get(file);
      if (!item || source.token.isCancellationRequested) continue;
      await this.execute(new vscode.TestRunRequest([item], undefined, this.runProfile), source.token, false);
      if (this.saveRuns.get(file) === source) this.saveRuns.delete(file);
      source.dispose();
    }
  }

  private async execute(request: vscode.TestRunRequest, token: vscode.CancellationToken, update: boolean): Promise<void> {
    const run = this.controller.createTestRun(request, update ? 'Run and update snapshots' : undefined);
    try {
      for (const file of this.unreadable(request)) run.errored(file, new vscode.TestMessage(errorText(file.error!)));
      for (const [file, leaves] of this.planned(request)) {
        if (token.isCancellationRequested) break;
        await this.runFile(run, file, leaves, token, update);
      }
    } finally {
      run.end();
      this.endedRuns++;
      this.changed.fire();
    }
  }

  /** The requested test files that have no tests because they cannot be read as test files. */
  private unreadable(request: vscode.TestRunRequest): vscode.TestItem[] {
    const files: vscode.TestItem[] = [];
    if (request.include) files.push(...request.include);
    else this.controller.items.forEach((item) => files.push(item));
    return files.filter((item) => item.error !== undefined && !request.exclude?.includes(item) && this.data.get(item)?.pointer === '');
  }

  /** The requested tests (the expectations, without the excluded ones), grouped by test file. */
  private planned(request: vscode.TestRunRequest): Map<vscode.TestItem, vscode.TestItem[]> {
    const excluded = new Set(request.exclude ?? []);
    const byFile = new Map<vscode.TestItem, vscode.TestItem[]>();
    const visit = (item: vscode.TestItem, file: vscode.TestItem) => {
      if (excluded.has(item)) return;
      if (item.children.size === 0 && this.data.get(item)?.pointer) byFile.set(file, [...(byFile.get(file) ?? []), item]);
      item.children.forEach((child) => visit(child, file));
    };
    const included: vscode.TestItem[] = [];
    if (request.include) included.push(...request.include);
    else this.controller.items.forEach((item) => included.push(item));
    for (const item of included) {
      const file = this.controller.items.get(this.data.get(item)?.file.toString() ?? '');
      if (file) visit(item, file);
    }
    return byFile;
  }

  private async runFile(
    run: vscode.TestRun,
    file: vscode.TestItem,
    leaves: vscode.TestItem[],
    token: vscode.CancellationToken,
    update: boolean,
  ) {
    const all = leafCount(file);
    const pointers = leaves.map((leaf) => this.data.get(leaf)!.pointer);
    for (const leaf of leaves) run.started(leaf);
    const started = Date.now();
    let result: RunMappingTestsResult;
    try {
      result = await this.client.sendRequest(
        RunMappingTestsRequest,
        { uri: file.id, openFiles: unsavedFiles(), only: leaves.length === all ? undefined : pointers, update },
        token,
      );
    } catch (error) {
      if (token.isCancellationRequested) {
        for (const leaf of leaves) run.skipped(leaf);
        return;
      }
      result = { ok: false, message: `The language server could not run the tests: ${(error as Error).message}` };
    }
    const duration = Date.now() - started;
    if (!result.ok) {
      const message = testMessage({ message: result.message, location: result.location });
      for (const leaf of leaves) this.record(run, leaf, 'errored', [message], duration);
      return;
    }
    for (const warning of result.warnings) run.appendOutput(`warning: ${warning}\r\n`, undefined, file);
    if (result.snapshotUpdate) await this.writeSnapshots(run, file, result.snapshotUpdate);
    const byPointer = new Map(result.results.map((outcome) => [outcome.pointer, outcome]));
    for (const leaf of leaves) {
      // Each expectation has its outcome, also when its object is missing or the mapping has errors.
      const outcome = byPointer.get(this.data.get(leaf)!.pointer);
      if (!outcome) this.record(run, leaf, 'skipped', [], duration);
      else if (outcome.passed) this.record(run, leaf, 'passed', [], duration);
      else this.record(run, leaf, 'failed', [testMessage(outcome)], duration);
    }
  }

  private record(
    run: vscode.TestRun,
    item: vscode.TestItem,
    state: TestOutcomeView['state'],
    messages: vscode.TestMessage[],
    duration: number,
  ) {
    if (state === 'passed') run.passed(item, duration);
    else if (state === 'failed') run.failed(item, messages, duration);
    else if (state === 'errored') run.errored(item, messages, duration);
    else run.skipped(item);
    this.outcomes.set(item.id, {
      state,
      messages: messages.map((message) => ({
        message: typeof message.message === 'string' ? message.message : message.message.value,
        expected: message.expectedOutput,
        actual: message.actualOutput,
        location: message.location && `${message.location.uri.toString()}#${message.location.range.start.line + 1}`,
      })),
    });
  }

  /** `--update`'s snapshot file, written as the user asked; one with unsaved edits is left alone and the run says so. */
  private async writeSnapshots(run: vscode.TestRun, file: vscode.TestItem, update: { uri: string; text: string; count: number }) {
    const uri = vscode.Uri.parse(update.uri);
    const open = vscode.workspace.textDocuments.find((document) => document.uri.fsPath === uri.fsPath);
    if (open?.isDirty) {
      const message = `${vscode.workspace.asRelativePath(uri)} has unsaved changes: save or revert it, then update the snapshots again.`;
      run.appendOutput(`${message}\r\n`, undefined, file);
      void vscode.window.showWarningMessage(message);
      return;
    }
    await vscode.workspace.fs.writeFile(uri, Buffer.from(update.text, 'utf8'));
    run.appendOutput(
      `wrote ${update.count} snapshot${update.count === 1 ? '' : 's'} to ${vscode.workspace.asRelativePath(uri)}\r\n`,
      undefined,
      file,
    );
  }

  items(): TestItemView[] {
    const view = (item: vscode.TestItem): TestItemView => {
      const children: TestItemView[] = [];
      item.children.forEach((child) => children.push(view(child)));
      return {
        id: item.id,
        label: item.label,
        description: item.description,
        uri: item.uri?.toString(),
        range: item.range && [item.range.start.line, item.range.start.character, item.range.end.line, item.range.end.character],
        error: item.error === undefined ? undefined : errorText(item.error),
        children,
      };
    };
    const items: TestItemView[] = [];
    this.controller.items.forEach((item) => items.push(view(item)));
    return items;
  }

  async run(label: 'Run' | 'Run and Update Snapshots', ids?: readonly string[]): Promise<void> {
    const profile = label === 'Run' ? this.runProfile : this.updateProfile;
    const items: vscode.TestItem[] = [];
    const find = (item: vscode.TestItem) => {
      if (ids?.includes(item.id)) items.push(item);
      item.children.forEach(find);
    };
    this.controller.items.forEach(find);
    const source = new vscode.CancellationTokenSource();
    try {
      await profile.runHandler(new vscode.TestRunRequest(ids ? items : undefined, undefined, profile), source.token);
    } finally {
      source.dispose();
    }
  }

  runCount(): number {
    return this.endedRuns;
  }

  results(): Record<string, TestOutcomeView> {
    return Object.fromEntries(this.outcomes);
  }
}

const emptyRange: WireRange = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function itemId(file: vscode.Uri, pointer: string): string {
  return pointer === '' ? file.toString() : `${file.toString()}#${pointer}`;
}

function errorText(error: string | vscode.MarkdownString): string {
  return typeof error === 'string' ? error : error.value;
}

/** A test file of a workspace folder that discovery finds, by the rule `scimmap test` follows. */
function isDiscovered(uri: vscode.Uri): boolean {
  const folder = uri.scheme === 'file' ? vscode.workspace.getWorkspaceFolder(uri) : undefined;
  return folder !== undefined && isDiscoveredTestFile(posix.relative(folder.uri.path, uri.path));
}

/** A test file in no workspace folder (only an open one has items). */
function isOutsideTestFile(uri: vscode.Uri): boolean {
  return uri.scheme === 'file' && uri.path.endsWith(testFileSuffix) && vscode.workspace.getWorkspaceFolder(uri) === undefined;
}

/** Whether a test file has items: found in the workspace, or open from outside it. */
function isShown(uri: vscode.Uri): boolean {
  return isDiscovered(uri) || isOutsideTestFile(uri);
}

function leafCount(item: vscode.TestItem): number {
  let count = item.children.size === 0 ? 1 : 0;
  item.children.forEach((child) => (count += leafCount(child)));
  return count;
}

function toRange(range: WireRange): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

/**
 * A failure: expected against actual in the editor's diff view when there is an actual value (a
 * snapshot not yet written has no expected one: the view shows what --update would write), else the message.
 */
function testMessage(outcome: Pick<MappingTestCaseResult, 'message' | 'expected' | 'actual'> & { location?: WireLocation }) {
  const text = outcome.message ?? 'failed';
  const message =
    outcome.actual !== undefined ? vscode.TestMessage.diff(text, outcome.expected ?? '', outcome.actual) : new vscode.TestMessage(text);
  if (outcome.location) message.location = new vscode.Location(vscode.Uri.parse(outcome.location.uri), toRange(outcome.location.range));
  return message;
}

/** The editor's unsaved files (test, directory and snapshot files): a run sees what the user sees. */
function unsavedFiles(): SampleFileText[] {
  return vscode.workspace.textDocuments
    .filter((document) => document.isDirty && document.uri.scheme === 'file' && document.languageId !== 'scimmap')
    .map((document) => ({ uri: document.uri.toString(), text: document.getText() }));
}

function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
}

async function readText(uri: vscode.Uri): Promise<string> {
  const open = openDocument(uri);
  return open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}
