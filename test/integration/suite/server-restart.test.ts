// The language server dies or is restarted: the client starts a new one, hands it the open
// documents as they are in the editor (unsaved typing included) and the diagnostics come back from
// it. Nothing the user typed is lost. Model: Prisma's language server crash test.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import {
  eventTimeoutMs,
  exampleUri,
  openInEditor,
  replaceText,
  resetWorkbench,
  seenDiagnostics,
  waitForDiagnostics,
  withTimeout,
  writeScratchFile,
  type SeenDiagnostic,
} from '../helpers';

/**
 * The live language servers of this extension host: the language client starts the server with
 * `--clientProcessId=<the extension host's pid>`.
 */
function languageServerPids(): number[] {
  const marker = `--clientProcessId=${process.pid}`;
  const isServer = (commandLine: string) => commandLine.includes('server.js') && commandLine.includes(marker);
  if (existsSync('/proc/self/cmdline')) {
    return readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .filter((pid) => {
        try {
          // A killed process stays a zombie (state Z) until its parent collects it.
          const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
          return state !== 'Z' && isServer(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '));
        } catch {
          return false; // gone meanwhile
        }
      })
      .map(Number);
  }
  const listing =
    process.platform === 'win32'
      ? execFileSync(
          'powershell.exe',
          ['-NoProfile', '-Command', 'Get-CimInstance Win32_Process | ForEach-Object { "$($_.ProcessId) $($_.CommandLine)" }'],
          { encoding: 'utf8' },
        )
      : execFileSync('ps', ['-A', '-o', 'pid=,args='], { encoding: 'utf8' });
  return listing
    .split(/\r?\n/)
    .filter(isServer)
    .map((line) => Number.parseInt(line.trim(), 10));
}

/** Waits until exactly one language server runs and it is not `previous`; its pid. No editor event says so: the process table is read every 100 ms. */
async function newServer(previous: number): Promise<number> {
  let seen: number[] = [];
  const started = (async () => {
    for (;;) {
      seen = languageServerPids();
      if (seen.length === 1 && seen[0] !== previous) return seen[0];
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return withTimeout(started, eventTimeoutMs, () => `a new language server (not ${previous}); running: ${JSON.stringify(seen)}`);
}

/** Resolves at the next change of `uri`'s diagnostics: after a crash, the client keeps the old ones until the new server publishes. */
function nextDiagnosticsOf(uri: vscode.Uri): Promise<SeenDiagnostic[]> {
  return new Promise((resolve) => {
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((changed) => changed.toString() === uri.toString())) return;
      subscription.dispose();
      resolve(seenDiagnostics(uri));
    });
  });
}

/** The quick fixes the server offers at `range`, asked until it answers (a starting server is not registered yet). */
async function quickFixTitles(uri: vscode.Uri, range: vscode.Range, expected: string): Promise<string[]> {
  let titles: string[] = [];
  const answered = (async () => {
    for (;;) {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        uri,
        range,
        vscode.CodeActionKind.QuickFix.value,
      );
      titles = actions.map((action) => action.title);
      if (titles.includes(expected)) return titles;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return withTimeout(answered, eventTimeoutMs, () => `the quick fix "${expected}"; offered: ${JSON.stringify(titles)}`);
}

describe('language server restarts', () => {
  after(resetWorkbench);

  /** Opens a scratch copy of the example and types a misspelt target without saving; the diagnostic it gets. */
  async function typeAMistake(name: string): Promise<{ editor: vscode.TextEditor; typed: SeenDiagnostic }> {
    const example = new TextDecoder().decode(await vscode.workspace.fs.readFile(exampleUri('purecloud.scimmap')));
    const editor = await openInEditor(await writeScratchFile(name, example));
    const misspelt = example.replace(/^(\s*)title(\s*<-\s*\[jobTitle\])/m, '$1titel$2');
    assert.notEqual(misspelt, example);
    await replaceText(editor, misspelt);
    const [typed] = await waitForDiagnostics(
      editor.document.uri,
      (diagnostics) => diagnostics.some((d) => d.code === 'unknown-target'),
      'the typed mistake',
    );
    return { editor, typed };
  }

  /**
   * The new server has the editor's text, typing included: its diagnostics and its quick fix for the
   * typed mistake. (Whether the workbench has auto-saved the typing by then is its own business.)
   */
  async function expectTypingKept(editor: vscode.TextEditor, typed: SeenDiagnostic, republished: Promise<SeenDiagnostic[]>): Promise<void> {
    const diagnostics = await withTimeout(republished, eventTimeoutMs, () => 'the diagnostics published by the new server');
    assert.deepEqual(
      diagnostics.map(({ code, range }) => ({ code, range })),
      [{ code: typed.code, range: typed.range }],
    );
    assert.match(editor.document.getText(), /^\s*titel\s*<-\s*\[jobTitle\]/m, 'the typing is still in the editor');
    const range = new vscode.Range(typed.range[0], typed.range[1], typed.range[2], typed.range[3]);
    await quickFixTitles(editor.document.uri, range, 'Change `titel` to `title`');
  }

  it('a killed server is started again, with the open documents and their unsaved typing', async () => {
    const { editor, typed } = await typeAMistake('killed-server.scimmap');
    const [killed] = languageServerPids();
    assert.ok(killed, 'the language server process is found');
    const republished = nextDiagnosticsOf(editor.document.uri);
    process.kill(killed, 'SIGKILL');
    const restarted = await newServer(killed);
    assert.notEqual(restarted, killed);
    await expectTypingKept(editor, typed, republished);
  });

  it('SCIM: Restart Language Server replaces the server, and the document stays analysed', async () => {
    const { editor, typed } = await typeAMistake('restarted-server.scimmap');
    const [before] = languageServerPids();
    assert.ok(before, 'the language server process is found');
    await vscode.commands.executeCommand('scimmap.restartServer');
    await newServer(before);
    // Stopping the old server cleared the diagnostics: those that come back are the new server's.
    await expectTypingKept(
      editor,
      typed,
      waitForDiagnostics(editor.document.uri, (diagnostics) => diagnostics.length > 0, 'the diagnostics of the new server'),
    );
    // And it follows the next edit.
    await replaceText(editor, editor.document.getText().replace(/^(\s*)titel(\s*<-)/m, '$1title$2'));
    await waitForDiagnostics(editor.document.uri, (diagnostics) => diagnostics.length === 0, 'no diagnostics once the mistake is fixed');
  });
});
