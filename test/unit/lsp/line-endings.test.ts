// Issue 10 §9: `\r\n`, `\n` and a lone `\r` are all line breaks (LSP "Text Documents"), for the
// line index, every feature's ranges, formatting and check's positions; and the server's copy of a
// document stays equal to the editor's whatever an edit does to a `\r\n` pair.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../../../server/src/syntax/positions';
import { ScimmapDocument } from '../../../server/src/text-document';
import { codeActions } from '../../../server/src/lsp/code-actions';
import { completion } from '../../../server/src/lsp/completion';
import { documentSymbols } from '../../../server/src/lsp/document-symbols';
import { foldingRanges } from '../../../server/src/lsp/folding-ranges';
import { formattingEdits } from '../../../server/src/lsp/formatting';
import { toLspDiagnostic } from '../../../server/src/lsp/lsp-convert';
import { selectionRanges } from '../../../server/src/lsp/selection-ranges';
import { semanticTokens } from '../../../server/src/lsp/semantic-tokens';
import { runCheck } from '../../../server/src/cli/check';
import { random } from '../../support/random';
import { repositoryRoot } from '../../support/repository';
import { analyzedDocument } from './analyzed-document';
import { capture, tempFiles } from '../cli/cli-io';

const root = repositoryRoot(__dirname);
const example = readFileSync(join(root, 'examples', 'purecloud.scimmap'), 'utf8').replace(/\r\n?/g, '\n');
const messy = `users {\n  titel <- [jobTitle]\n  displayName    <-   Join(" ",\n      [givenName], [surname])\n  # a comment\n  userName <- [userPrincipalName] match 1\n\n\n  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")\n}\n`;

describe('the line index', () => {
  const cases: Array<[string, string]> = [
    ['\\n', 'ab\ncd\n\nef'],
    ['\\r\\n', 'ab\r\ncd\r\n\r\nef'],
    ['lone \\r', 'ab\rcd\r\ref'],
    ['mixed', 'ab\r\ncd\r\nef'.replace('cd\r\n', 'cd\n\r')],
  ];
  for (const [name, text] of cases) {
    test(`agrees with the LSP reference implementation on ${name}`, () => {
      const reference = TextDocument.create('file:///x', 'scimmap', 1, text);
      const index = new LineIndex(text);
      assert.equal(index.lineCount, reference.lineCount);
      for (let offset = 0; offset <= text.length; offset++)
        assert.deepEqual(index.positionAt(offset), reference.positionAt(offset), `offset ${offset}`);
      for (let line = 0; line <= reference.lineCount; line++) {
        for (let character = 0; character < 6; character++)
          assert.equal(index.offsetAt({ line, character }), reference.offsetAt({ line, character }), `${line}:${character}`);
      }
    });
  }

  test('an index made from the edit (LineIndex.edited) answers what one built from the new text does', () => {
    const pieces = ['\r', '\n', '\r\n', 'a', '', 'x\r', '\ny', 'ab\ncd\r\nef\r', '\uFEFF'];
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const next = random(seed);
      let text = 'users {\r\n  a <- [b]\n\r}\r';
      let index = new LineIndex(text);
      for (let step = 0; step < 300; step++) {
        const start = Math.floor(next() * (text.length + 1));
        const end = Math.min(text.length, start + Math.floor(next() * 4));
        const inserted = pieces[Math.floor(next() * pieces.length)];
        text = text.slice(0, start) + inserted + text.slice(end);
        index = index.edited(text, start, end, inserted.length);
        const fresh = new LineIndex(text);
        const where = `seed ${seed}, step ${step}, ${JSON.stringify(text)}`;
        assert.equal(index.lineCount, fresh.lineCount, where);
        for (let offset = 0; offset <= text.length; offset++) assert.deepEqual(index.positionAt(offset), fresh.positionAt(offset), where);
        for (let line = 0; line < fresh.lineCount; line++) assert.equal(index.lineEnd(line), fresh.lineEnd(line), where);
      }
    }
  });

  test('a position past the end of a \\r\\n line is its end, never between \\r and \\n', () => {
    const index = new LineIndex('users {\r\n  title <- [x]\r\n}');
    assert.equal(index.offsetAt({ line: 1, character: 99 }), 'users {\r\n  title <- [x]'.length);
    assert.deepEqual(index.positionAt('users {\r'.length), { line: 0, character: 7 });
  });
});

describe('every feature answers the same positions whatever the line breaks', () => {
  const features = (text: string, eol: string) => {
    const document = analyzedDocument(text);
    const lines = document.lines;
    const everything = { start: 0, end: text.length };
    const newTexts = (value: unknown) => JSON.parse(JSON.stringify(value).split(JSON.stringify(eol).slice(1, -1)).join('\\n'));
    return {
      diagnostics: document.diagnostics.map((diagnostic) => toLspDiagnostic(diagnostic, lines)),
      symbols: documentSymbols(document),
      folding: foldingRanges(document),
      tokens: semanticTokens(document).data,
      formatting: newTexts(formattingEdits(document)),
      actions: newTexts(codeActions(document, everything).map((action) => ({ ...action, edit: action.edit?.changes?.[document.uri] }))),
      selection: selectionRanges(document, [lines.positionAt(text.indexOf('[jobTitle]') + 2)]),
      completion: completion(document, text.indexOf('[jobTitle]') + 1)
        .items.slice(0, 5)
        .map((item) => item.textEdit),
    };
  };
  for (const [name, source] of [
    ['the example mapping', example],
    ['a mapping with errors and odd layout', messy],
  ] as const) {
    for (const eol of ['\r\n', '\r']) {
      test(`${name}, ${JSON.stringify(eol)}`, () => {
        assert.deepEqual(features(source.replace(/\n/g, eol), eol), features(source, '\n'));
      });
    }
  }

  test('formatting a lone-\\r file keeps lone \\r line breaks and is idempotent', () => {
    const text = messy.replace(/\n/g, '\r').replace('titel', 'title');
    const document = analyzedDocument(text);
    const edits = formattingEdits(document);
    assert.ok(edits.length > 0);
    const formatted = TextDocument.applyEdits(TextDocument.create('file:///x', 'scimmap', 1, text), edits);
    assert.ok(!formatted.includes('\n'), JSON.stringify(formatted));
    const withLf = analyzedDocument(text.replace(/\r/g, '\n'));
    assert.equal(
      formatted,
      TextDocument.applyEdits(TextDocument.create('file:///x', 'scimmap', 1, withLf.text), formattingEdits(withLf)).replace(/\n/g, '\r'),
    );
    assert.deepEqual(formattingEdits(analyzedDocument(formatted)), []);
  });

  test('check prints the line and column of a diagnostic in a lone-\\r file', async () => {
    const file = tempFiles('scimmap-cr-')('lone-cr.scimmap', messy.replace(/\n/g, '\r'));
    const io = capture();
    assert.equal(await runCheck([file], io), 1);
    assert.match(io.stdout.join('\n'), /lone-cr\.scimmap:2:3 error unknown-target /);
  });
});

describe('a byte order mark', () => {
  test('is not a column of line 1: check reports the columns an editor shows (text, json and sarif)', async () => {
    const text = 'users {\n  titel <- [jobTitle]\n}\n';
    const file = tempFiles('scimmap-bom-');
    const withMark = file('bom.scimmap', `\uFEFF${text}`);
    const without = file('nobom.scimmap', text);
    for (const format of ['text', 'json', 'sarif']) {
      const [marked, plain] = await Promise.all(
        [withMark, without].map(async (path) => {
          const io = capture();
          await runCheck([path, '--format', format], io);
          return io.stdout.join('\n').replaceAll(path === withMark ? 'bom.scimmap' : 'nobom.scimmap', 'FILE');
        }),
      );
      assert.equal(marked, plain, format);
    }
    const io = capture();
    await runCheck([withMark], io);
    assert.match(io.stdout.join('\n'), /bom\.scimmap:1:1 error /);
  });

  test('maps an editor position at the start of line 1 to the offset after it', () => {
    const index = new LineIndex('\uFEFFusers {\n}');
    assert.deepEqual(index.positionAt(1), { line: 0, character: 0 });
    assert.deepEqual(index.positionAt(0), { line: 0, character: 0 });
    assert.equal(index.offsetAt({ line: 0, character: 5 }), 6);
    assert.deepEqual(index.positionAt(9), { line: 1, character: 0 });
  });
});

describe('the server keeps the editor text whatever an edit does to a line break', () => {
  /** Edits rich in `\r` and `\n` at random places, many of them joining or splitting a `\r\n` pair. */
  function randomEdits(seed: number, count: number) {
    const next = random(seed);
    const pieces = ['\r', '\n', '\r\n', 'a', '', 'x\r', '\ny'];
    let reference = TextDocument.create('file:///x', 'scimmap', 1, 'users {\r\n  a <- [b]\r\n}\r\n');
    const document = new ScimmapDocument('file:///x', 'scimmap', 1, reference.getText());
    for (let version = 2; version < count; version++) {
      const text = reference.getText();
      const start = Math.floor(next() * (text.length + 1));
      const end = Math.min(text.length, start + Math.floor(next() * 3));
      // Positions from the editor's own line index, as the client computes them.
      const range = { start: reference.positionAt(start), end: reference.positionAt(end) };
      const newText = pieces[Math.floor(next() * pieces.length)];
      reference = TextDocument.create('file:///x', 'scimmap', version, TextDocument.applyEdits(reference, [{ range, newText }]));
      document.update([{ range, text: newText }], version);
      assert.equal(document.getText(), reference.getText(), `seed ${seed}, version ${version}`);
      assert.equal(document.lineCount, reference.lineCount);
    }
  }
  for (const seed of [1, 2, 3, 4, 5]) test(`seed ${seed}: 400 edits`, () => randomEdits(seed, 400));

  test('deleting what stands between a \\r and a \\n joins them into one line break', () => {
    const document = new ScimmapDocument('file:///x', 'scimmap', 1, 'a\rX\nb');
    document.update([{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } }, text: '' }], 2);
    assert.equal(document.getText(), 'a\r\nb');
    assert.equal(document.lineCount, 2);
    document.update([{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } }, text: 'c' }], 3);
    assert.equal(document.getText(), 'a\r\nc');
  });
});
