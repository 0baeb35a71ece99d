import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { selectionRanges, selectionSpans } from '../../../server/src/lsp/selection-ranges';
import { analyzedDocument, atCursor, brokenInputs } from './analyzed-document';

/** The selected texts at the `<|>` marker, innermost first. */
function expansions(source: string): string[] {
  const { document, offset } = atCursor(source);
  return selectionSpans(document, offset)
    .map((span) => document.text.slice(span.start, span.end))
    .reverse();
}

describe('selection ranges', () => {
  const block = (line: string) => `users {\n${line}\n}\n`;

  test('token -> argument -> call -> expression -> mapping -> block -> file', () => {
    const source = block('  displayName <- IIF([c] = "US", Join(" ", [give<|>nName], [surname]), "x")  match 1');
    const text = source.replace('<|>', '');
    assert.deepEqual(expansions(source), [
      'givenName',
      '[givenName]',
      'Join(" ", [givenName], [surname])',
      'IIF([c] = "US", Join(" ", [givenName], [surname]), "x")',
      'displayName <- IIF([c] = "US", Join(" ", [givenName], [surname]), "x")  match 1',
      text.trimEnd(),
      text,
    ]);
  });

  test('inside a string, its text first; in a target, the segment then the path', () => {
    assert.deepEqual(expansions(block('  emails[type eq "wo<|>rk"].value <- [mail]')).slice(0, 6), [
      'work',
      '"work"',
      'type eq "work"',
      '[type eq "work"]',
      'emails[type eq "work"]',
      'emails[type eq "work"].value',
    ]);
  });

  test('scoping clauses expand through the clause and the filter', () => {
    assert.deepEqual(expansions(block('  scope "Sales" {\n    [department] EQU<|>ALS "Sales"\n  }')).slice(0, 3), [
      'EQUALS',
      '[department] EQUALS "Sales"',
      'scope "Sales" {\n    [department] EQUALS "Sales"\n  }',
    ]);
  });

  test('one chain per position, each range inside its parent', () => {
    const document = analyzedDocument(block('  title <- [jobTitle]'));
    const ranges = selectionRanges(document, [document.lines.positionAt(14), { line: 0, character: 0 }]);
    assert.equal(ranges.length, 2);
    for (const broken of [...brokenInputs, document.text]) {
      const doc = analyzedDocument(broken);
      for (let offset = 0; offset <= broken.length; offset++) {
        const spans = selectionSpans(doc, offset);
        assert.deepEqual(spans[0], { start: 0, end: broken.length });
        for (let i = 1; i < spans.length; i++) assert.ok(spans[i - 1].start <= spans[i].start && spans[i].end <= spans[i - 1].end);
      }
    }
  });
});
