// Issue 10 §9 and §10 through the built server over stdio, as an editor meets them: every request
// answered without an error on 5,000 nested calls, with ranges inside the document and the right
// content deep inside; and a lone-\r or \r\n file answered exactly as the same file with \n, by
// every feature, including completion asked past the end of a \r\n line.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionRequest,
  CompletionRequest,
  DidOpenTextDocumentNotification,
  DocumentFormattingRequest,
  DocumentRangeFormattingRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  SelectionRangeRequest,
  SemanticTokensRangeRequest,
  SemanticTokensRequest,
  SignatureHelpRequest,
  type CompletionList,
  type Position,
  type SelectionRange,
} from 'vscode-languageserver-protocol';
import { PreviewRequest, SampleListRequest, type PreviewResult } from '../../../shared/src/protocol';
import { nestedJson } from '../../support/generate';
import { rangeProblems, tokenProblems } from '../../support/ranges';
import { startServer, type ServerSession } from '../../support/lsp-client';
import { repositoryRoot } from '../../support/repository';

const root = repositoryRoot(__dirname);
const options = { tabSize: 2, insertSpaces: true };
let server: ServerSession;
let opened = 0;

before(async () => {
  server = await startServer(root);
});
after(async () => assert.equal(await server.close(), 0, server.stderr()));

async function open(text: string): Promise<TextDocument> {
  const uri = `file:///workspace/hostile-${opened++}.scimmap`;
  await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'scimmap', version: 1, text },
  });
  await server.diagnostics(uri, 1);
  return TextDocument.create(uri, 'scimmap', 1, text);
}

/** Every request the server serves, at `position`: each answer, checked to lie inside the document. */
async function everyRequest(document: TextDocument, position: Position): Promise<Record<string, unknown>> {
  const { connection } = server;
  const textDocument = { uri: document.uri };
  const whole = { start: { line: 0, character: 0 }, end: document.positionAt(document.getText().length) };
  const published = await server.diagnostics(document.uri, 1);
  const answers: Record<string, unknown> = {
    diagnostics: published.diagnostics,
    completion: await connection.sendRequest(CompletionRequest.type, { textDocument, position }),
    hover: await connection.sendRequest(HoverRequest.type, { textDocument, position }),
    signatureHelp: await connection.sendRequest(SignatureHelpRequest.type, { textDocument, position }),
    symbols: await connection.sendRequest(DocumentSymbolRequest.type, { textDocument }),
    folding: await connection.sendRequest(FoldingRangeRequest.type, { textDocument }),
    selection: await connection.sendRequest(SelectionRangeRequest.type, { textDocument, positions: [position] }),
    tokens: (await connection.sendRequest(SemanticTokensRequest.type, { textDocument }))?.data,
    tokensRange: (await connection.sendRequest(SemanticTokensRangeRequest.type, { textDocument, range: whole }))?.data,
    formatting: await connection.sendRequest(DocumentFormattingRequest.type, { textDocument, options }),
    rangeFormatting: await connection.sendRequest(DocumentRangeFormattingRequest.type, {
      textDocument,
      range: { start: { line: position.line, character: 0 }, end: position },
      options,
    }),
    codeActions: await connection.sendRequest(CodeActionRequest.type, {
      textDocument,
      range: whole,
      context: { diagnostics: published.diagnostics },
    }),
  };
  const problems = [
    ...rangeProblems(document, answers),
    ...tokenProblems(document, answers.tokens as number[]),
    ...tokenProblems(document, answers.tokensRange as number[]),
  ];
  for (const range of (answers.folding as Array<{ startLine: number; endLine: number }>) ?? [])
    if (range.startLine > range.endLine || range.endLine >= document.lineCount) problems.push(`folding ${JSON.stringify(range)}`);
  assert.deepEqual(problems, []);
  return answers;
}

describe('5,000 nested calls over stdio (issue 10 §10)', { timeout: 120_000 }, () => {
  const depth = 5_000;
  const text = `users {\n  userName <- [userPrincipalName] match 1\n  title <- ${'ToLower('.repeat(depth)}[jobT${')'.repeat(depth)}\n}\n`;
  const inside = text.indexOf('[jobT') + 5;

  test('every request answers inside the document, and deep inside says what is there', async () => {
    const document = await open(text);
    const answers = await everyRequest(document, document.positionAt(inside));
    const labels = (answers.completion as CompletionList).items.map((item) => item.label);
    assert.ok(labels.includes('jobTitle'), labels.slice(0, 10).join(', '));
    const help = answers.signatureHelp as { signatures: Array<{ label: string }> };
    assert.match(help.signatures[0].label, /^ToLower\(/);
    const folding = answers.folding as Array<{ startLine: number; endLine: number }>;
    assert.ok(
      folding.some((range) => range.startLine === 0 && range.endLine >= 2),
      JSON.stringify(folding),
    );
    // The selection grows from the cursor outwards, each range inside the next, up to the whole mapping line at least.
    let selection: SelectionRange | undefined = (answers.selection as SelectionRange[])[0];
    let steps = 0;
    for (; selection?.parent; selection = selection.parent, steps++) {
      const { range, parent } = selection;
      assert.ok(document.offsetAt(parent.range.start) <= document.offsetAt(range.start), `step ${steps}`);
      assert.ok(document.offsetAt(range.end) <= document.offsetAt(parent.range.end), `step ${steps}`);
    }
    assert.ok(steps >= 2, `${steps} steps`);
    // The parser stops at 100 nested calls and says so; what it read is served.
    assert.ok(
      (answers.diagnostics as Array<{ message: string }>).some((diagnostic) => /nested too deeply/.test(diagnostic.message)),
      JSON.stringify(answers.diagnostics),
    );
    const hoverOnCall = await server.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: document.uri },
      position: document.positionAt(text.indexOf('ToLower') + 2),
    });
    assert.match(JSON.stringify(hoverOnCall?.contents), /ToLower/);
  });

  test('formatting the deep file (a syntax error: too deeply nested) leaves it as written', async () => {
    const document = await open(text.replace('userName <-', 'userName    <-'));
    const edits = await server.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri: document.uri }, options });
    assert.deepEqual(edits, []);
  });
});

describe('a samples file whose $target nests 10,000 levels deep, over stdio', { timeout: 120_000 }, () => {
  const deep = nestedJson(10_000);
  const samples = {
    uri: 'file:///workspace/deep.users.json',
    text: `{"users":[{"$id":"ada","userPrincipalName":"ada@contoso.com","$target":{"id":"g-1","userName":"ada@contoso.com","title":${deep}}},{"$id":"bob","userPrincipalName":"bob@contoso.com"}]}`,
  };

  test('the preview and the sample list say where the file is wrong, and the server goes on answering (before: a stack overflow in the preview)', async () => {
    const document = await open('users {\n  userName <- [userPrincipalName] match 1\n  title <- [jobTitle]\n}\n');
    const { connection } = server;
    for (const id of ['ada', 'bob']) {
      const answer = (await connection.sendRequest(PreviewRequest, {
        uri: document.uri,
        samples,
        kind: 'user',
        id,
        compat: 'default',
      })) as PreviewResult;
      assert.deepEqual(answer, {
        ok: false,
        message: 'The samples file is not valid: users[0].$target: "title" nests deeper than 64 levels, which no SCIM resource does',
      });
    }
    const listed = await connection.sendRequest(SampleListRequest, { files: [samples] });
    assert.deepEqual(listed.problems, [
      { uri: samples.uri, errors: ['users[0].$target: "title" nests deeper than 64 levels, which no SCIM resource does'] },
    ]);
    const hover = await connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: document.uri },
      position: { line: 2, character: 12 },
    });
    assert.match(JSON.stringify(hover?.contents), /jobTitle/);
  });
});

describe('lone-\\r and \\r\\n files over stdio (issue 10 §9)', { timeout: 120_000 }, () => {
  const example = readFileSync(join(root, 'examples', 'purecloud.scimmap'), 'utf8').replace(/\r\n?/g, '\n');
  const messy = `users {\n  titel <- [jobTitle]\n  displayName    <-   Join(" ",\n      [givenName], [surname])\n  # a comment\n  userName <- [userPrincipalName] match 1\n\n  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")\n}\n`;
  /** The answers with the line breaks of text edits written as `\n`, so files that differ only in line breaks compare equal. */
  const withLf = (answers: Record<string, unknown>, eol: string) =>
    JSON.parse(JSON.stringify(answers).split(JSON.stringify(eol).slice(1, -1)).join('\\n'));

  for (const [name, source, at] of [
    ['the example mapping', example, 'userPrincipalName'],
    ['a mapping with errors and odd layout', messy, '[givenName]'],
    ['a mapping with errors, in a call', messy, 'Join("'],
  ] as const) {
    for (const eol of ['\r', '\r\n']) {
      test(`${name} with ${JSON.stringify(eol)}: every request answers as with \\n`, async () => {
        const offset = source.indexOf(at) + 2;
        const lf = await open(source);
        const other = await open(source.replace(/\n/g, eol));
        const position = lf.positionAt(offset);
        assert.deepEqual(other.positionAt(offset + (source.slice(0, offset).split('\n').length - 1) * (eol.length - 1)), position);
        const expected = JSON.parse(
          JSON.stringify(await everyRequest(lf, position))
            .split(lf.uri)
            .join(other.uri),
        );
        const answers = await everyRequest(other, position);
        delete expected.diagnostics;
        const diagnostics = answers.diagnostics;
        delete answers.diagnostics;
        assert.deepEqual(withLf(answers, eol), expected);
        assert.deepEqual(diagnostics, (await server.diagnostics(lf.uri, 1)).diagnostics);
      });
    }
  }

  test('completion asked past the end of a \\r\\n line answers for the line end, never between \\r and \\n', async () => {
    const text = 'users {\r\n  userName <- [userPrincipalName] match 1\r\n  title <- [job\r\n}\r\n';
    const document = await open(text);
    const lineEnd = { line: 2, character: '  title <- [job'.length };
    const past = await server.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri: document.uri },
      position: { line: 2, character: 40 },
    });
    const atEnd = await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: document.uri }, position: lineEnd });
    assert.deepEqual(rangeProblems(document, past), []);
    assert.deepEqual(past, atEnd);
    assert.ok((past as CompletionList).items.some((item) => item.label === 'jobTitle'));
  });
});
