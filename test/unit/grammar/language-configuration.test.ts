import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import configuration from '../../../syntaxes/language-configuration.json';

/** The words VS Code sees in a line (double-click selection, word-based completion ranges). */
function words(line: string): string[] {
  return [...line.matchAll(new RegExp(configuration.wordPattern, 'g'))].map((m) => m[0]);
}

describe('language configuration', () => {
  test('comments and brackets', () => {
    assert.equal(configuration.comments.lineComment, '#');
    assert.deepEqual(configuration.brackets, [
      ['{', '}'],
      ['[', ']'],
      ['(', ')'],
    ]);
  });

  test('quotes and brackets close themselves, except inside strings and comments, and surround selections', () => {
    for (const pair of ['{}', '[]', '()', '""', "''"]) {
      const rule = configuration.autoClosingPairs.find((p) => p.open === pair[0]);
      assert.equal(rule?.close, pair[1], pair);
      assert.deepEqual(rule?.notIn, ['string', 'comment'], pair);
      assert.ok(
        configuration.surroundingPairs.some(([open, close]) => open === pair[0] && close === pair[1]),
        pair,
      );
    }
  });

  test('words: a dotted path is one word per segment, a schema URN is one word, a name keeps its hyphens, numbers keep their sign, dot and hex prefix', () => {
    const cases: Array<[string, string[]]> = [
      ['  name.givenName <- [givenName]', ['name', 'givenName', 'givenName']],
      [
        '  urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager <- [manager]',
        ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', 'manager', 'manager'],
      ],
      ['urn:ietf:params:scim:schemas:core:2.0:User:name.givenName', ['urn:ietf:params:scim:schemas:core:2.0:User', 'name', 'givenName']],
      ['  x <- [extension_9d98a8e1b2c34f8a_costCenter]', ['x', 'extension_9d98a8e1b2c34f8a_costCenter']],
      ['  x <- BitAnd(&HF7, Len(42568.75))', ['x', 'BitAnd', '&HF7', 'Len', '42568.75']],
      ['  x <- DateAdd("d", -10, Now())', ['x', 'DateAdd', 'd', '-10', 'Now']],
      // RFC 7643's `-` inside a name, as the lexer reads it (before: `cost` and `center`); a name never ends on one.
      ['  cost-center <- Mid([department], 1, -1)', ['cost-center', 'Mid', 'department', '1', '-1']],
      [
        '  urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:cost-center <- [a]',
        ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', 'cost-center', 'a'],
      ],
    ];
    for (const [line, expected] of cases) assert.deepEqual(words(line), expected, line);
  });

  test('indentation: a line opening a block or an argument list indents the next one; a closing line dedents', () => {
    const increase = new RegExp(configuration.indentationRules.increaseIndentPattern);
    const decrease = new RegExp(configuration.indentationRules.decreaseIndentPattern);
    const cases: Array<[string, boolean]> = [
      ['users {', true],
      ['  scope "Sales {east}" {  # east coast', true],
      ['  active <- Switch(', true],
      ['  x <- "{"', false],
      ['  x <- Join(" (", [a], [b])', false],
      ['# users {', false],
      ['  title <- [jobTitle]  # the {title', false],
    ];
    for (const [line, indents] of cases) assert.equal(increase.test(line), indents, line);
    for (const line of ['}', '  }', '  )']) assert.ok(decrease.test(line), line);
    for (const line of ['  displayName <- [displayName]', '    "True", "False")']) assert.ok(!decrease.test(line), line);
  });

  test('folding: blocks, scoping filters and #region comments fold, whatever the indentation', () => {
    const start = new RegExp(configuration.folding.markers.start);
    const end = new RegExp(configuration.folding.markers.end);
    for (const line of ['users {', 'groups{', '  scope "Sales only" {', 'users "Sales #1" {', '  scope "a \\" # b" {', '# region Phones'])
      assert.ok(start.test(line), line);
    for (const line of ['  title <- [jobTitle]', '  x <- Switch(', '# users {']) assert.ok(!start.test(line), line);
    for (const line of ['}', '  }', '# endregion']) assert.ok(end.test(line), line);
    assert.ok(!end.test('  x <- "}"'));
  });
});
