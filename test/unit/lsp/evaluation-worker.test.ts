// Issue 10 §12: editing requests never wait behind a preview. A preview may evaluate for its whole
// budget (2 s); the server computes it in its evaluation worker (server/src/lsp/evaluation-thread.ts),
// so a hover, a completion and an edit's diagnostics sent while it runs are answered before it. The
// assertions are about order, not milliseconds: the preview below runs until its 2 s budget is
// spent, whatever the machine's speed, and with the old single thread every answer came after it.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import {
  CompletionRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  HoverRequest,
  LSPErrorCodes,
} from 'vscode-languageserver-protocol';
import { PreviewRequest, type PreviewParams } from '../../../shared/src/protocol';
import { EvaluationBudget } from '../../../server/src/evaluation/budget';
import { startServer, temporaryCodeCache, type ServerSession } from '../../support/lsp-client';
import { repositoryRoot } from '../../support/repository';

const root = repositoryRoot(__dirname);
const uri = 'file:///workspace/expensive.scimmap';

/**
 * Four hundred Replace calls whose anchored pattern backtracks about 460³/6 times on the sample's employeeId: each is
 * allowed, and together (some 6·10⁹ backtracking steps) they exceed the 2 s budget on any machine; forty did not on an idle one.
 */
const expensive = [
  'users {',
  '  userName <- [userPrincipalName]  match 1',
  '  displayName <- [displayName]',
  '  active <- Not([IsSoftDeleted])',
  ...Array.from(
    { length: 400 },
    (_, i) =>
      `  urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User:externalIds[authority eq "s${i}"].value <- Replace([employeeId], , "^\\\\d*\\\\d*\\\\d*x", , "", , )`,
  ),
  '}',
  '',
].join('\n');

const samples = {
  uri: 'file:///workspace/users.json',
  text: JSON.stringify({
    users: [{ $id: 'slow', userPrincipalName: 'slow@contoso.com', displayName: 'Slow', employeeId: '1'.repeat(460), IsSoftDeleted: false }],
  }),
};
const previewParams: PreviewParams = { uri, samples, kind: 'user', id: 'slow', compat: 'default' };

describe('editing requests while a preview evaluates (the evaluation worker)', { timeout: 120_000 }, () => {
  let server: ServerSession;

  before(async () => {
    server = await startServer(root);
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'scimmap', version: 1, text: expensive },
    });
    await server.diagnostics(uri, 1);
  });

  after(async () => assert.equal(await server.close(), 0, server.stderr()));

  test("hover, completion and an edit's diagnostics are answered before a preview that spends its whole budget", async () => {
    const order: string[] = [];
    const done = <T>(what: string, request: Promise<T>) => request.then((value) => (order.push(what), value));
    const preview = done('preview', server.connection.sendRequest(PreviewRequest, previewParams));
    // Once this first answer is back the server has taken the preview up (a single-threaded server
    // is then evaluating it, and would answer what follows only after it).
    await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 4 } });
    const hover = done(
      'hover',
      server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 4, character: 110 } }),
    );
    const completion = done(
      'completion',
      server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 2, character: 2 } }),
    );
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: '  titel <- [jobTitle]\n' }],
    });
    const diagnostics = done('diagnostics', server.diagnostics(uri, 2));

    assert.match(JSON.stringify((await hover)?.contents), /Replace/);
    assert.ok(await completion);
    assert.ok((await diagnostics).diagnostics.some((diagnostic) => diagnostic.code === 'unknown-target'));
    const result = await preview;
    assert.deepEqual(order, ['hover', 'completion', 'diagnostics', 'preview']);
    // The preview really ran until its budget was spent, and answered for the version it was asked about.
    assert.ok(result?.ok, JSON.stringify(result));
    assert.equal(result.create.action, 'error');
    assert.match(result.create.summary, /the preview stopped: its evaluations took longer than 2 s in all/);
  });

  test('a preview cancelled while it evaluates is answered RequestCancelled, and the next preview is computed', async () => {
    const cancellation = new CancellationTokenSource();
    const cancelled = server.connection.sendRequest(PreviewRequest, previewParams, cancellation.token);
    // The hover's answer shows the server has taken the preview up.
    await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 4 } });
    cancellation.cancel();
    await assert.rejects(cancelled, (error: unknown) => error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled);
    const cheap = await server.connection.sendRequest(PreviewRequest, { ...previewParams, id: 'nobody' });
    assert.deepEqual(cheap, { ok: false, message: 'The samples file no longer has a user "nobody". Pick another sample.' });
  });

  test('the worker writes its V8 code cache after its first job (dist/evaluation-worker.js, server/src/code-cache.ts)', async () => {
    const written = () => readdirSync(temporaryCodeCache()).some((name) => /^evaluation-[0-9a-f]{32}\.v8cache$/.test(name));
    // The previews above were its first jobs; it writes a second after the first arrived.
    for (let waited = 0; !written() && waited < 10_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(written(), readdirSync(temporaryCodeCache()).join(', '));
  });
});

describe('the evaluation budget of a cancelled preview', () => {
  test('stops the evaluation at its next clock reading with a message saying so', () => {
    let cancelled = false;
    const budget = new EvaluationBudget(
      undefined,
      undefined,
      () => 0,
      () => cancelled,
    );
    assert.equal(budget.charge(1_000), undefined);
    cancelled = true;
    assert.equal(budget.checkTime(), 'the preview stopped: it was cancelled');
    assert.equal(budget.charge(1), 'the preview stopped: it was cancelled');
  });
});
