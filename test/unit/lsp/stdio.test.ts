// End to end: the built server started as other editors start it (`scimmap lsp --stdio`), driven by
// a real JSON-RPC client through initialize -> didOpen -> diagnostics -> completion -> hover ->
// signature help -> formatting -> code action -> edits, then shutdown and exit.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionRequest,
  CompletionRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentFormattingRequest,
  HoverRequest,
  SignatureHelpRequest,
  TextDocumentSyncKind,
  type CompletionItem,
  type CompletionList,
  type MarkupContent,
  type TextEdit,
} from 'vscode-languageserver-protocol';
import { startServer, type ServerSession } from '../../support/lsp-client';
import { repositoryRoot } from '../../support/repository';

const uri = 'file:///workspace/e2e.scimmap';
const source = `users {
  userName <- [userPrincipalName]  match 1
  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")
  displayName    <-   [displayName]
  titel <- [jobTitle]
  emails[type eq "work"].value <- [mail]

}
`;

function labels(result: CompletionItem[] | CompletionList | null): string[] {
  return (Array.isArray(result) ? result : (result?.items ?? [])).map((item) => item.label);
}

describe('the language server over stdio', { timeout: 120_000 }, () => {
  let server: ServerSession;
  let version = 1;
  let document = TextDocument.create(uri, 'scimmap', version, source);

  /**
   * Applies edits made against the current version (as a formatting or quick-fix answer is) and sends
   * them as incremental changes, which apply one after the other: last first, so that each range still
   * holds. Returns the diagnostics of the new version.
   */
  async function change(edits: TextEdit[]) {
    version++;
    const offset = (edit: TextEdit) => document.offsetAt(edit.range.start);
    const contentChanges = [...edits].sort((a, b) => offset(b) - offset(a)).map((edit) => ({ range: edit.range, text: edit.newText }));
    document = TextDocument.create(uri, 'scimmap', version, TextDocument.applyEdits(document, edits));
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
    return server.diagnostics(uri, version);
  }

  before(async () => {
    server = await startServer(repositoryRoot(__dirname));
  });

  after(async () => {
    if (server)
      assert.equal(
        await server.close(),
        0,
        `the server exits cleanly after shutdown and exit${server.stderr() ? `: ${server.stderr()}` : ''}`,
      );
  });

  test('initialize advertises incremental sync and the editing features', () => {
    const { capabilities, serverInfo } = server.initialized;
    assert.equal(serverInfo?.name, 'scimmap');
    assert.equal(capabilities.textDocumentSync, TextDocumentSyncKind.Incremental);
    for (const provider of [
      'completionProvider',
      'hoverProvider',
      'signatureHelpProvider',
      'documentFormattingProvider',
      'codeActionProvider',
    ] as const) {
      assert.ok(capabilities[provider], provider);
    }
  });

  test('didOpen publishes the diagnostics of the version opened', async () => {
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'scimmap', version, text: source },
    });
    const published = await server.diagnostics(uri, version);
    assert.equal(published.version, 1);
    assert.deepEqual(
      published.diagnostics.map((d) => ({ code: d.code, range: d.range, severity: d.severity })),
      [{ code: 'unknown-target', range: { start: { line: 4, character: 2 }, end: { line: 4, character: 7 } }, severity: 1 }],
    );
    assert.match(published.diagnostics[0].message, /Did you mean `title`\?/);
  });

  test('completion offers targets on a new line and source attributes inside brackets', async () => {
    const targets = labels(
      await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 6, character: 2 } }),
    );
    assert.ok(targets.includes('title') && targets.includes('phoneNumbers[type eq "work"].value'), targets.join(', '));
    const sources = labels(
      await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 4, character: 13 } }),
    );
    assert.ok(sources.includes('mail') && sources.includes('jobTitle'), sources.join(', '));
  });

  test('a value completed right before a value may replace it: an insert and a replace range, as the client supports', async () => {
    const line = source.split('\n')[2];
    const character = line.indexOf('"False"');
    const result = await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 2, character } });
    const item = (Array.isArray(result) ? result : (result?.items ?? [])).find((i) => i.label === '"True"');
    assert.deepEqual(item?.textEdit, {
      newText: '"True"',
      insert: { start: { line: 2, character }, end: { line: 2, character } },
      replace: { start: { line: 2, character }, end: { line: 2, character: character + '"False"'.length } },
    });
  });

  test('hover describes the target attribute under the cursor', async () => {
    const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 4 } });
    const contents = hover?.contents as MarkupContent;
    assert.equal(contents.kind, 'markdown');
    assert.match(contents.value, /userName/);
    assert.match(contents.value, /\*\*Required:\*\* yes/);
  });

  test('signature help counts Switch arguments past an empty slot', async () => {
    // Line 2, character 38 is inside "False", Switch's third argument (the first key).
    const help = await server.connection.sendRequest(SignatureHelpRequest.type, {
      textDocument: { uri },
      position: { line: 2, character: 38 },
    });
    assert.ok(help);
    assert.match(help.signatures[help.activeSignature ?? 0].label, /^Switch\(/);
    assert.equal(help.activeParameter ?? help.signatures[0].activeParameter, 2);
  });

  test('formatting aligns the arrows, and formatting the result changes nothing', async () => {
    const options = { tabSize: 2, insertSpaces: true };
    const edits = await server.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options });
    assert.ok(edits && edits.length > 0);
    const formatted = TextDocument.applyEdits(document, edits);
    const arrows = formatted
      .split('\n')
      .filter((line) => line.includes(' <- '))
      .map((line) => line.indexOf('<-'));
    assert.equal(arrows.length, 5);
    assert.equal(new Set(arrows.slice(0, 4)).size, 1, formatted);
    assert.match(formatted, /displayName +<- \[displayName\]\n/);
    await change(edits);
    assert.deepEqual(await server.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options }), []);
  });

  test('the quick fix for a misspelt target applies, and the next version is clean', async () => {
    const [diagnostic] = (await server.diagnostics(uri, version)).diagnostics;
    assert.equal(diagnostic.code, 'unknown-target');
    const actions = await server.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    const fix = actions?.find((action) => 'title' in action && action.title === 'Change `titel` to `title`');
    assert.ok(fix && 'edit' in fix && fix.edit?.changes, JSON.stringify(actions));
    const published = await change(fix.edit.changes[uri]);
    assert.deepEqual(published.diagnostics, []);
    assert.match(document.getText(), /\n {2}title +<- \[jobTitle\]\n/);
  });

  test('typing an error reports it, and undoing it clears it', async () => {
    const line = document
      .getText()
      .split('\n')
      .findIndex((text) => text.includes('[jobTitle]'));
    const at = document.getText().split('\n')[line].indexOf('[jobTitle]') + 1;
    const typed = await change([{ range: { start: { line, character: at }, end: { line, character: at } }, newText: 'x' }]);
    assert.deepEqual(
      typed.diagnostics.map((d) => [d.code, d.range.start.line]),
      [['unknown-source-attribute', line]],
    );
    const undone = await change([{ range: { start: { line, character: at }, end: { line, character: at + 1 } }, newText: '' }]);
    assert.deepEqual(undone.diagnostics, []);
  });
});
