// How the server treats requests whatever the feature does (server/src/lsp/handlers.ts), over stdio
// as an editor drives it: a feature that throws answers its request with an error naming it, logs
// the stack, and the server goes on serving; on a 1 MB file, a request the editor cancelled is
// skipped, and formatting edits computed for a version the editor no longer has are never sent.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import {
  CompletionRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentFormattingRequest,
  ErrorCodes,
  HoverRequest,
  LSPErrorCodes,
  MessageType,
  type CompletionItem,
  type CompletionList,
} from 'vscode-languageserver-protocol';
import { forcedFailure } from '../../support/failing-server';
import { generateBytes } from '../../support/generate';
import { startServer, type ServerSession } from '../../support/lsp-client';
import { repositoryRoot } from '../../support/repository';

const root = repositoryRoot(__dirname);
const options = { tabSize: 2, insertSpaces: true };

function labels(result: CompletionItem[] | CompletionList | null): string[] {
  return (Array.isArray(result) ? result : (result?.items ?? [])).map((item) => item.label);
}

/** Asserts that `request` is answered with the error `code`, its message matching `message`. */
async function answeredWithError(request: Promise<unknown>, code: number, message: RegExp): Promise<void> {
  await assert.rejects(request, (error: unknown) => {
    assert.ok(error instanceof ResponseError, String(error));
    assert.equal(error.code, code, error.message);
    assert.match(error.message, message);
    return true;
  });
}

async function closeCleanly(server: ServerSession | undefined): Promise<void> {
  if (server)
    assert.equal(
      await server.close(),
      0,
      `the server exits cleanly after shutdown and exit${server.stderr() ? `: ${server.stderr()}` : ''}`,
    );
}

describe('a feature that throws (a server whose hover fails on purpose)', { timeout: 120_000 }, () => {
  const uri = 'file:///workspace/failing.scimmap';
  const source = 'users {\n  userName <- [userPrincipalName]  match 1\n  \n}\n';
  let server: ServerSession;

  before(async () => {
    server = await startServer(root, [join(root, 'out', 'test', 'support', 'failing-server.js'), '--stdio']);
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'scimmap', version: 1, text: source },
    });
    await server.diagnostics(uri, 1);
  });

  after(() => closeCleanly(server));

  test('answers that request with an error naming it, and logs the stack', async () => {
    const hover = server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 4 } });
    await answeredWithError(hover, ErrorCodes.InternalError, new RegExp(`^textDocument/hover failed: ${forcedFailure}$`));
    const logged = server.logged().find((message) => message.message.startsWith('textDocument/hover failed'));
    assert.ok(logged, JSON.stringify(server.logged()));
    assert.equal(logged.type, MessageType.Error);
    assert.match(logged.message, new RegExp(`TypeError: ${forcedFailure}\\n\\s+at hoverThatThrows`));
  });

  test('keeps serving: completion, diagnostics of an edit, and the failing request again', async () => {
    const targets = labels(
      await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 2, character: 2 } }),
    );
    assert.ok(targets.includes('displayName'), targets.join(', '));
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 2, character: 2 }, end: { line: 2, character: 2 } }, text: 'titel <- [jobTitle]' }],
    });
    const codes = (await server.diagnostics(uri, 2)).diagnostics.map((diagnostic) => diagnostic.code);
    assert.ok(codes.includes('unknown-target'), codes.join(', '));
    await answeredWithError(
      server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 4 } }),
      ErrorCodes.InternalError,
      /hover failed/,
    );
  });
});

describe('requests on a 1 MB file the editor no longer wants', { timeout: 120_000 }, () => {
  const uri = 'file:///workspace/large.scimmap';
  const source = generateBytes(1_000_000);
  // The first line of the users block with a mapping: completion there offers targets.
  const line = source.split('\n').findIndex((text) => text.includes('displayName <-'));
  let server: ServerSession;
  let version = 1;

  before(async () => {
    server = await startServer(root);
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'scimmap', version, text: source },
    });
    await server.diagnostics(uri, version);
  });

  after(() => closeCleanly(server));

  const format = () => server.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options });

  // Each test first asks to format the whole file, which keeps the server busy long enough for the
  // messages sent next to arrive before it gets to them, however slow the machine.

  test('a completion cancelled while it waits is answered RequestCancelled', async () => {
    const busy = format();
    const cancellation = new CancellationTokenSource();
    const completion = server.connection.sendRequest(
      CompletionRequest.type,
      { textDocument: { uri }, position: { line, character: 2 } },
      cancellation.token,
    );
    cancellation.cancel();
    await answeredWithError(completion, LSPErrorCodes.RequestCancelled, /cancelled/);
    assert.ok(Array.isArray(await busy), 'the formatting is answered');
  });

  test('formatting a version that an edit replaced is answered ContentModified, not with stale edits', async () => {
    // The first formatting may finish before the edit arrives (edits) or not (ContentModified); the second cannot.
    const busy = format().catch((error: unknown) => error);
    const formatting = format();
    version++;
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [
        { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '  # a comment typed while formatting ran\n' },
      ],
    });
    await answeredWithError(formatting, LSPErrorCodes.ContentModified, /changed/);
    const first = await busy;
    assert.ok(Array.isArray(first) || (first instanceof ResponseError && first.code === LSPErrorCodes.ContentModified), String(first));
    assert.equal((await server.diagnostics(uri, version)).version, version);
  });

  test('the next request is answered as usual', async () => {
    // The comment typed above moved the mapping one line down.
    const targets = labels(
      await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: line + 1, character: 2 } }),
    );
    assert.ok(targets.includes('title'), targets.slice(0, 20).join(', '));
  });
});

describe('the version the server reports', () => {
  test("is package.json's (written in at build time)", async () => {
    const server = await startServer(root);
    try {
      const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
      assert.deepEqual(server.initialized.serverInfo, { name: 'scimmap', version });
    } finally {
      await closeCleanly(server);
    }
  });
});
