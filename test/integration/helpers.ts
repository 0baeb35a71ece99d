// Helpers for the integration suite: open documents in the real editor, wait on VS Code events
// (never on fixed sleeps), and ask the launcher for screenshots of what a person sees.
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { marked } from '../unit/helpers/markers';
import {
  eventsFileVariable,
  responseFile,
  sandboxTokenVariable,
  screenshotsVariable,
  type PageRequest,
  type PageResponse,
  type SuiteEvent,
  type WebviewContent,
} from './protocol';

export { marked };

/** The extension under test, as the .vsix installs it. */
export const extensionId = 'scimmap.scimmap';
export const languageId = 'scimmap';
/** How long one awaited editor event may take: generous, because CI machines have 2 cores. */
export const eventTimeoutMs = 30_000;

export function emit(event: SuiteEvent): void {
  const eventsFile = process.env[eventsFileVariable];
  if (eventsFile) appendFileSync(eventsFile, `${JSON.stringify(event)}\n`);
}

/** Rejects with `label` and what was last seen when `promise` takes longer than `timeoutMs`. */
export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, label: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms: ${label()}`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Resolves with `read()`'s value as soon as it satisfies `accept`: checked now and after every
 * firing of `event`. Rejects after `timeoutMs`, saying what `read()` gave last.
 */
export async function waitUntil<T>(
  event: vscode.Event<unknown>,
  read: () => T,
  accept: (value: T) => boolean,
  description: string,
  timeoutMs = eventTimeoutMs,
): Promise<T> {
  let subscription: vscode.Disposable | undefined;
  const satisfied = new Promise<T>((resolve) => {
    const check = () => {
      const value = read();
      if (!accept(value)) return false;
      subscription?.dispose();
      resolve(value);
      return true;
    };
    if (!check()) subscription = event(check);
  });
  try {
    return await withTimeout(satisfied, timeoutMs, () => `${description}; last seen: ${JSON.stringify(read())}`);
  } finally {
    subscription?.dispose();
  }
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration suite needs a workspace folder (the launcher opens one)');
  return folder.uri;
}

/** A file of the examples/ folder, copied into the test workspace by the launcher. */
export function exampleUri(name: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), 'examples', name);
}

/** Writes `text` into the workspace's scratch/ folder and returns its URI. */
export async function writeScratchFile(name: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(workspaceRoot(), 'scratch', name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

/** Opens `uri` in an editor and makes sure the scimmap extension is active for it. */
export async function openInEditor(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  await activateExtension();
  return editor;
}

export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(extensionId);
  if (!extension) throw new Error(`extension ${extensionId} is not installed`);
  await extension.activate();
  return extension;
}

/** A diagnostic reduced to what a user sees: code, severity and range (0-based lines and characters). */
export interface SeenDiagnostic {
  readonly code: string;
  readonly severity: string;
  readonly range: readonly [number, number, number, number];
  readonly message: string;
}

/** A diagnostic's code, whether or not it links to its documentation. */
export function diagnosticCode(diagnostic: vscode.Diagnostic): string {
  return String(typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code);
}

export function seenDiagnostics(uri: vscode.Uri): SeenDiagnostic[] {
  return vscode.languages.getDiagnostics(uri).map((diagnostic) => {
    const { start, end } = diagnostic.range;
    return {
      code: diagnosticCode(diagnostic),
      severity: vscode.DiagnosticSeverity[diagnostic.severity],
      range: [start.line, start.character, end.line, end.character],
      message: diagnostic.message,
    };
  });
}

/** Waits until the diagnostics of `uri` satisfy `accept`. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: SeenDiagnostic[]) => boolean,
  description: string,
): Promise<SeenDiagnostic[]> {
  return waitUntil(vscode.languages.onDidChangeDiagnostics, () => seenDiagnostics(uri), accept, `${description} (${basename(uri.path)})`);
}

/** Replaces the whole text of the editor's document (unsaved, as typing would). */
export async function replaceText(editor: vscode.TextEditor, text: string): Promise<void> {
  const document = editor.document;
  const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
  const applied = await editor.edit((builder) => builder.replace(whole, text));
  if (!applied) throw new Error(`the editor refused the edit of ${basename(document.uri.path)}`);
}

/**
 * Proves that the language server has analysed the editor's current text and found nothing:
 * an empty diagnostics list looks the same before and after analysis, so break the text, wait for
 * the server to say so, restore the text and wait for its diagnostics to clear.
 */
export async function expectNoDiagnosticsAfterAnalysis(editor: vscode.TextEditor, breakage: string): Promise<void> {
  const original = editor.document.getText();
  await replaceText(editor, `${breakage}\n${original}`);
  await waitForDiagnostics(editor.document.uri, (diagnostics) => diagnostics.length > 0, 'diagnostics for the broken text');
  await replaceText(editor, original);
  await waitForDiagnostics(editor.document.uri, (diagnostics) => diagnostics.length === 0, 'no diagnostics once the text is restored');
}

/**
 * Reverts every unsaved document, closes all editors and clears the notifications: the suite
 * never writes a file by accident, no save prompt blocks, and the next screenshot shows only its own.
 */
export async function resetWorkbench(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((candidate) => candidate.isDirty)) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await vscode.commands.executeCommand('notifications.clearAll');
}

/** Asks the launcher's page for something (a screenshot, keys, a webview's content) and waits for its answer. */
export async function requestFromPage(request: PageRequest, timeoutMs = eventTimeoutMs): Promise<string> {
  const eventsFile = process.env[eventsFileVariable];
  if (!eventsFile) throw new Error(`${eventsFileVariable} is not set: page requests need the offline launcher`);
  // Random, because each bundled test file has its own copy of this module.
  const id = randomUUID();
  const answerFile = responseFile(eventsFile, id);
  const answered = new Promise<PageResponse>((resolve) => {
    const read = () => {
      // The launcher renames a complete answer into place, so an existing file is whole.
      if (!existsSync(answerFile)) return false;
      watcher.close();
      resolve(JSON.parse(readFileSync(answerFile, 'utf8')) as PageResponse);
      return true;
    };
    const watcher = watch(dirname(answerFile), () => read());
    read();
  });
  emit({ event: 'request', id, request });
  const response = await withTimeout(answered, timeoutMs, () => `the launcher did not answer ${JSON.stringify(request)}`);
  if (!response.ok) throw new Error(`the launcher could not do ${JSON.stringify(request)}: ${response.error}`);
  return response.detail;
}

/**
 * Saves a screenshot of the whole workbench as screenshots/<name>.png when the offline launcher
 * runs the suite, once an element matching the CSS selector `visible` shows (when given); other
 * launchers cannot see the page, so there it does nothing.
 */
export async function screenshot(name: string, visible?: string): Promise<void> {
  if (!pageAvailable()) return;
  await requestFromPage({ kind: 'screenshot', name, visible });
}

/** True when the page is reachable (the offline launcher): screenshots and typing into quick inputs. */
export function pageAvailable(): boolean {
  return Boolean(process.env[screenshotsVariable]);
}

/**
 * Types into the quick input whose prompt or placeholder contains `prompt` once it shows, then
 * presses Enter: a person answering a command's question. Offline launcher only.
 */
export async function answerQuickInput(prompt: string, answer: { text: string } | { sandboxToken: true }): Promise<void> {
  const quoted = JSON.stringify(prompt);
  await requestFromPage({
    kind: 'keyboard',
    visible: `.quick-input-widget:is(:has-text(${quoted}), :has(input[placeholder*=${quoted}]))`,
    ...('text' in answer ? { text: answer.text } : { typeSandboxToken: true }),
    press: 'Enter',
  });
}

/** The content of the visible webview once it contains `contains`, with any dialog the page opened. Offline launcher only. */
export async function webviewContent(contains: string): Promise<WebviewContent> {
  return JSON.parse(await requestFromPage({ kind: 'webview', contains })) as WebviewContent;
}

/** Clicks the first element of the visible webview matching the Playwright selector, once it shows. Offline launcher only. */
export async function clickInWebview(selector: string): Promise<void> {
  await requestFromPage({ kind: 'webviewClick', selector });
}

/** Presses `keys` one after the other with the focus on the first element of the visible webview matching the selector. Offline launcher only. */
export async function pressInWebview(selector: string, keys: readonly string[]): Promise<void> {
  await requestFromPage({ kind: 'webviewKeys', selector, keys });
}

/** The attributes `names` of the first element of the visible webview matching the selector (':focus': the focused one). Offline launcher only. */
export async function webviewAttributes(selector: string, names: readonly string[]): Promise<Record<string, string | null>> {
  return JSON.parse(await requestFromPage({ kind: 'webviewAttributes', selector, names })) as Record<string, string | null>;
}

/**
 * Waits until the first element of the visible webview matching the selector is shown (or hidden,
 * as by its `hidden` attribute), and returns the text it shows. Unlike webviewContent, which also
 * finds text in hidden elements. Offline launcher only.
 */
export async function webviewElement(selector: string, state: 'visible' | 'hidden' = 'visible'): Promise<string> {
  return requestFromPage({ kind: 'webviewElement', selector, state });
}

/** The text of every element of the workbench matching the CSS selector, now. Offline launcher only. */
export async function workbenchTexts(selector: string): Promise<string[]> {
  return JSON.parse(await requestFromPage({ kind: 'workbenchTexts', selector })) as string[];
}

/** Clicks the first element of the workbench matching the Playwright selector once it shows (a notification's button). Offline launcher only. */
export async function clickInWorkbench(selector: string): Promise<void> {
  await requestFromPage({ kind: 'workbenchClick', selector });
}

/** The token the suite's sandbox accepts (made by the launcher). */
export function sandboxToken(): string {
  const token = process.env[sandboxTokenVariable];
  if (!token) throw new Error(`${sandboxTokenVariable} is not set: the launcher makes it`);
  return token;
}

/** The items the editor's completion offers at `position`, all providers together (language server and snippets). */
export async function completionsAt(uri: vscode.Uri, position: vscode.Position): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
  return list.items;
}

export function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

/** Puts the cursor at `offset` of the editor's document and returns its position. */
export function placeCursor(editor: vscode.TextEditor, offset: number): vscode.Position {
  const position = editor.document.positionAt(offset);
  editor.selection = new vscode.Selection(position, position);
  return position;
}

/** The extension's settings section. */
export function settings(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('scimmap');
}

/** Makes `connection` the only and active connection, and waits until the extension host sees it. */
export async function useConnection(connection: Record<string, string>): Promise<void> {
  await settings().update('connections', [connection], vscode.ConfigurationTarget.Global);
  await settings().update('activeConnection', connection.name, vscode.ConfigurationTarget.Global);
  await waitUntil(
    vscode.workspace.onDidChangeConfiguration,
    () => ({ active: settings().get('activeConnection'), connections: settings().get('connections') }),
    (seen) => seen.active === connection.name && JSON.stringify(seen.connections) === JSON.stringify([connection]),
    `connection "${connection.name}" in the settings`,
  );
}

/** A displayName that is HTML: every view must show it as the text it is, with no element and no script. */
export const hostileName = '<img src=x onerror=alert(1)>';

/** A sample user (samples-file form) whose displayName is `hostileName`. */
export const hostileSampleUser = {
  $id: 'hostile-name',
  $description: 'a displayName that is HTML',
  objectId: '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9',
  userPrincipalName: 'mallory@contoso.com',
  mail: 'mallory@contoso.com',
  displayName: hostileName,
  jobTitle: 'Agent',
  accountEnabled: true,
};
