import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { foldingRanges } from '../../../server/src/lsp/folding-ranges';
import { analyzedDocument, brokenInputs } from './analyzed-document';

function folds(lines: string[]): string[] {
  return foldingRanges(analyzedDocument(lines.join('\n'))).map((r) => `${r.startLine}-${r.endLine}${r.kind ? ` ${r.kind}` : ''}`);
}

describe('folding ranges', () => {
  test('blocks and scopes fold up to their closing brace, which stays visible', () => {
    assert.deepEqual(
      folds([
        'users {',
        '  userName <- [userPrincipalName]  match 1',
        '  scope "Sales" {',
        '    [department] EQUALS "Sales"',
        '    [accountEnabled] IS TRUE',
        '  }',
        '}',
        'groups {',
        '  displayName <- [displayName]',
        '}',
      ]),
      ['0-5', '2-4', '7-8'],
    );
  });

  test('multi-line expressions fold, and so do the multi-line calls inside them', () => {
    assert.deepEqual(
      folds([
        'users {',
        '  displayName <- IIF([c] = "US",',
        '    Join(" ",',
        '      [givenName],',
        '      [surname]),',
        '    [displayName])',
        '  title <- [jobTitle]',
        '}',
      ]),
      ['0-6', '1-5', '2-4'],
    );
  });

  test('runs of two or more whole-line comments fold; trailing comments do not join a run', () => {
    assert.deepEqual(
      folds([
        '# Genesys defaults',
        '# from the tutorial',
        '',
        '# alone',
        'users { # not a run',
        '  # one',
        '  # two',
        '  # three',
        '  userName <- [userPrincipalName] # trailing',
        '}',
      ]),
      ['0-1 comment', '4-8', '5-7 comment'],
    );
  });

  test('one-line constructs do not fold, and broken input never throws', () => {
    assert.deepEqual(folds(['users { userName <- [userPrincipalName] }']), []);
    for (const text of brokenInputs) {
      for (const range of foldingRanges(analyzedDocument(text)))
        assert.ok(range.endLine > range.startLine, JSON.stringify({ text, range }));
    }
  });
});
