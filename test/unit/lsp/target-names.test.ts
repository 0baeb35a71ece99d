// Editor features on targets the plain path syntax cannot spell (`cost-center`, `"Département"`,
// `urn:...:User:"Région"`): completion inserts the form the language needs, hover and semantic
// tokens read the quoted name as the attribute it names.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TextEdit } from 'vscode-languageserver';
import { completion } from '../../../server/src/lsp/completion';
import { hover } from '../../../server/src/lsp/hover';
import { semanticTokenList } from '../../../server/src/lsp/semantic-tokens';
import { analyzedDocument, atCursor } from './analyzed-document';
import { ACME, FIELDWORK, SOCIETE, unusualNamesTarget } from '../helpers/unusual-target-names';

const targets = { override: unusualNamesTarget };

/** The document once the completion item `label` at the `<|>` cursor is applied (snippet syntax left as is). */
function completed(source: string, label: string): string {
  const { document, offset } = atCursor(source, targets);
  const item = completion(document, offset).items.find((i) => i.label === label);
  assert.ok(item, `no item ${label}`);
  const edit = item.textEdit as TextEdit;
  const { start, end } = document.lines.spanOf(edit.range);
  const typed = document.text.slice(start, end);
  // The editor keeps an item only when what was typed matches its filter text.
  assert.ok(!typed.includes('"') || item.filterText?.startsWith('"'), `filter text ${item.filterText} for ${typed}`);
  return document.text.slice(0, start) + edit.newText + document.text.slice(end);
}

describe('completion of target names', () => {
  const cases: Array<{ source: string; label: string; result: string }> = [
    { source: 'users {\n  cost<|>\n}', label: 'cost-center', result: 'users {\n  cost-center <- $0\n}' },
    { source: 'users {\n  Dép<|>\n}', label: 'Département', result: 'users {\n  "Département" <- $0\n}' },
    { source: 'users {\n  u_r<|>\n}', label: 'u_région', result: 'users {\n  "u_région" <- $0\n}' },
    { source: 'users {\n  x_y<|>\n}', label: 'x_y$z', result: 'users {\n  "x_y\\$z" <- $0\n}' },
    { source: 'users {\n  first<|>\n}', label: 'first name', result: 'users {\n  "first name" <- $0\n}' },
    // A quote typed first (and the editor's auto-closed one after the cursor) is replaced too.
    { source: 'users {\n  "Dé<|>"\n}', label: 'Département', result: 'users {\n  "Département" <- $0\n}' },
    { source: 'users {\n  "<|>\n}', label: 'u_région', result: 'users {\n  "u_région" <- $0\n}' },
    { source: `users {\n  ${FIELDWORK}:Ré<|>\n}`, label: `${FIELDWORK}:Région`, result: `users {\n  ${FIELDWORK}:"Région" <- $0\n}` },
    // A URN with RFC 8141's `~`, `(`, `$`... is one path: the whole of it is replaced (a snippet escapes `$`).
    { source: `users {\n  ${ACME}:ba<|>\n}`, label: `${ACME}:badge`, result: `users {\n  ${ACME}:badge <- $0\n}` },
    {
      source: `users {\n  ${SOCIETE}:s<|>\n}`,
      label: `${SOCIETE}:site`,
      result: `users {\n  ${SOCIETE.replace('$', '\\$')}:site <- $0\n}`,
    },
    // Before an arrow already written, only the name goes in.
    { source: 'users {\n  <|> <- [department]\n}', label: 'Département', result: 'users {\n  "Département" <- [department]\n}' },
    { source: 'users {\n  <|> <- [department]\n}', label: 'cost-center', result: 'users {\n  cost-center <- [department]\n}' },
    {
      source: 'users {\n  emails[type eq "work"].<|>\n}',
      label: 'cost-center',
      result: 'users {\n  emails[type eq "work"].cost-center\n}',
    },
  ];
  for (const { source, label, result } of cases)
    test(`${source.split('\n')[1].trim()} -> ${label}`, () => assert.equal(completed(source, label), result));

  test('a target mapped under its quoted spelling is offered as already mapped', () => {
    const { document, offset } = atCursor('users {\n  "département" <- [a]\n  <|>\n}', targets);
    const item = completion(document, offset).items.find((i) => i.label === 'Département');
    assert.match(item?.detail ?? '', /Already mapped/);
  });
});

describe('hover and semantic tokens on quoted names', () => {
  test('hover inside the quotes describes the attribute, over the quoted name', () => {
    const { document, offset } = atCursor(`users {\n  ${FIELDWORK}:"Rég<|>ion" <- [a]\n}`, targets);
    const result = hover(document, offset);
    assert.ok(result);
    assert.match((result.contents as { value: string }).value, /Région/);
    const { start, end } = document.lines.spanOf(result.range!);
    assert.equal(document.text.slice(start, end), '"Région"');
  });

  test('hover on an attribute of an extension whose URN holds `~` describes it, over the name', () => {
    const { document, offset } = atCursor(`users {\n  ${ACME}:bad<|>ge <- [a]\n}`, targets);
    const result = hover(document, offset);
    assert.ok(result);
    assert.match((result.contents as { value: string }).value, /badge/);
    const { start, end } = document.lines.spanOf(result.range!);
    assert.equal(document.text.slice(start, end), 'badge');
  });

  test('a quoted name is a property token, quotes included; the URN before it a namespace', () => {
    const text = `users {\n  "Département" <- [a]\n  ${FIELDWORK}:"Région" <- [b]\n  cost-center <- [c]\n}`;
    const tokens = semanticTokenList(analyzedDocument(text, targets)).map((t) => `${text.slice(t.span.start, t.span.end)} ${t.type}`);
    for (const token of ['"Département" property', `${FIELDWORK} namespace`, '"Région" property', 'cost-center property'])
      assert.ok(tokens.includes(token), `${token} in ${tokens.join(', ')}`);
  });
});
