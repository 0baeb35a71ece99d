import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { documentSymbols } from '../../../server/src/lsp/document-symbols';
import { analyzedDocument, brokenInputs } from './analyzed-document';

const SOURCE = [
  'users {',
  '  enabled true',
  '  userName    <- [userPrincipalName]  match 1',
  '  active <- Switch([IsSoftDeleted], ,',
  '    "False", "True", "True", "False")',
  '  scope "Sales only" {',
  '    [department] EQUALS "Sales"',
  '    [accountEnabled]   IS TRUE',
  '  }',
  '  actions create, update',
  '  title <- [jobTitle]  default "Agent"  on create',
  '}',
  'groups {',
  '  enabled false',
  '  displayName <- [displayName]  match 1',
  '}',
].join('\n');

/** name (detail) for each symbol, children indented. */
function outline(symbols: DocumentSymbol[] | undefined, depth = 0): string[] {
  return (symbols ?? []).flatMap((s) => [
    `${'  '.repeat(depth)}${s.name}${s.detail ? ` (${s.detail})` : ''}`,
    ...outline(s.children, depth + 1),
  ]);
}

describe('document symbols', () => {
  const document = analyzedDocument(SOURCE);
  const symbols = documentSymbols(document);

  test('blocks, then their settings, mappings and scopes in source order, with clauses under scopes', () => {
    assert.deepEqual(outline(symbols), [
      'users (Entra User → Genesys Cloud User)',
      '  enabled (true)',
      '  userName ([userPrincipalName]  match 1)',
      '  active (Switch([IsSoftDeleted], , "False", "True", "True", "False"))',
      '  Sales only (scoping filter, 2 clauses (ANDed))',
      '    [department] EQUALS "Sales"',
      '    [accountEnabled] IS TRUE',
      '  actions (create, update)',
      '  title ([jobTitle]  default "Agent"  on create)',
      'groups (Entra Group → Genesys Cloud Group (disabled))',
      '  enabled (false)',
      '  displayName ([displayName]  match 1)',
    ]);
  });

  test("a block's header tells blocks of one keyword apart: its name, and the objects of a carried block", () => {
    const headed = analyzedDocument(
      [
        'users "Provision Users" {',
        '  displayName <- [displayName]',
        '}',
        'users "Hidden" from "" to "urn:example:Thing" {',
        '  title <- [x]',
        '}',
      ].join('\n'),
    );
    assert.deepEqual(
      documentSymbols(headed).map((s) => s.detail),
      ['Provision Users · Entra User → Genesys Cloud User', 'Hidden · Entra "" → "urn:example:Thing" (carried as written)'],
    );
  });

  test('blocks of one keyword told apart by their rule alone show the rule', () => {
    const ruled = analyzedDocument('users rule "A" {\n  title <- [x]\n}\nusers "Named" rule "B" {\n  title <- [x]\n}');
    assert.deepEqual(
      documentSymbols(ruled).map((s) => s.detail),
      ['rule "A" · Entra User → Genesys Cloud User', 'Named · rule "B" · Entra User → Genesys Cloud User'],
    );
  });

  test('kinds, and ranges: the whole construct, its name selected', () => {
    const [users] = symbols;
    assert.equal(users.kind, SymbolKind.Module);
    const active = users.children!.find((s) => s.name === 'active')!;
    assert.equal(active.kind, SymbolKind.Field);
    assert.deepEqual(active.range, { start: { line: 3, character: 2 }, end: { line: 4, character: 37 } });
    assert.deepEqual(active.selectionRange, { start: { line: 3, character: 2 }, end: { line: 3, character: 8 } });
    const scope = users.children!.find((s) => s.name === 'Sales only')!;
    assert.equal(scope.kind, SymbolKind.Object);
    assert.equal(scope.range.end.line, 8);
    assert.deepEqual(users.range, { start: { line: 0, character: 0 }, end: { line: 11, character: 1 } });
  });

  test('long sources are shortened in the detail', () => {
    const long = `users {\n  displayName <- Join(" ", ${Array.from({ length: 20 }, (_, i) => `[a${i}]`).join(', ')})\n}`;
    const [mapping] = documentSymbols(analyzedDocument(long))[0].children!;
    assert.ok(mapping.detail!.length <= 80 && mapping.detail!.endsWith('…'), mapping.detail);
  });

  test('every symbol of broken input has a name and a selection inside its range', () => {
    const check = (s: DocumentSymbol) => {
      assert.ok(s.name.trim().length > 0);
      const { range, selectionRange } = s;
      const before = (a: typeof range.start, b: typeof range.start) => a.line < b.line || (a.line === b.line && a.character <= b.character);
      assert.ok(before(range.start, selectionRange.start) && before(selectionRange.end, range.end), JSON.stringify(s));
      s.children?.forEach(check);
    };
    for (const text of brokenInputs) documentSymbols(analyzedDocument(text)).forEach(check);
    const missing = documentSymbols(analyzedDocument('users {\n  <- [mail]\n  scope {\n  }\n}'));
    missing.forEach(check);
  });
});
