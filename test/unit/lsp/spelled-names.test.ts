// Messages and quick fixes that write a target name write it as the language needs it (audit 10 F6,
// F9): `"Adresse postale"."rue principale"`, never `Adresse postale.rue principale`, and the fixed
// file analyses clean.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TextEdit } from 'vscode-languageserver';
import { completion } from '../../../server/src/lsp/completion';
import { codeActions } from '../../../server/src/lsp/code-actions';
import { analyze } from '../../../server/src/validation/analyze';
import { readTargetSchema } from '../../../server/src/schema/target-format';
import { applyEdits } from './apply-edits';
import { atCursor } from './analyzed-document';

const EXTENSION = 'urn:ietf:params:scim:schemas:extension:Contoso:2.0:User';
const string = (name: string) => ({ name, type: 'string', entraType: 'String' });

const target = readTargetSchema(
  {
    name: 'app',
    resources: [
      {
        name: 'User',
        block: 'users',
        endpoint: '/Users',
        coreSchema: 'urn:ietf:params:scim:schemas:core:2.0:User',
        schemas: [
          {
            id: 'urn:ietf:params:scim:schemas:core:2.0:User',
            name: 'User',
            attributes: [
              string('userName'),
              string('x_y$z'),
              { name: 'Adresse postale', type: 'complex', subAttributes: [string('rue principale'), string('ville')] },
              {
                name: 'e-mails',
                type: 'complex',
                multiValued: true,
                filterKey: 'type',
                subAttributes: [{ ...string('type'), canonicalValues: ['wo"rk'] }, string('valeur'), string('est principal')],
              },
            ],
          },
          { id: EXTENSION, name: 'Contoso', attributes: [{ name: 'Ré-gion', type: 'complex', subAttributes: [string('nom court')] }] },
        ],
      },
    ],
  },
  'app.target.json',
);
const targets = { override: target };

const users = (...lines: string[]) => ['users {', '  userName <- [userPrincipalName]  match 1', ...lines, '}', ''].join('\n');

/** The `code` diagnostic's message and the text once its one quick fix at the `<|>` marker is applied. */
function fixed(source: string, code: string): { message: string; text: string } {
  const { document, offset } = atCursor(source, targets);
  const actions = codeActions(document, { start: offset, end: offset }).filter((action) => action.diagnostics?.[0].code === code);
  assert.equal(actions.length, 1, `one ${code} fix; diagnostics: ${JSON.stringify(document.diagnostics.map((d) => d.message))}`);
  const edits = actions[0].edit!.changes![document.uri].map((edit) => ({ span: document.lines.spanOf(edit.range), newText: edit.newText }));
  return { message: actions[0].diagnostics![0].message, text: applyEdits(document.text, edits) };
}

function errors(text: string): string[] {
  return analyze(text, targets)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => `${d.code} ${d.message}`);
}

describe('names in messages and quick fixes are spelled as the language needs them', () => {
  const cases: Array<{ name: string; source: string; code: string; message: RegExp; expected: string }> = [
    {
      name: 'complex-target on a quoted attribute (before: `Adresse postale.rue principale`, a syntax error once applied)',
      source: users('  "Adresse<|> postale" <- [city]'),
      code: 'complex-target',
      message: /e\.g\. `"Adresse postale"\."rue principale"`/,
      expected: users('  "Adresse postale"."rue principale" <- [city]'),
    },
    {
      name: 'complex-target on a quoted extension attribute',
      source: users(`  ${EXTENSION}:"Ré<|>-gion" <- [city]`),
      code: 'complex-target',
      message: /e\.g\. `urn:[^`]*:User:"Ré-gion"\."nom court"`/,
      expected: users(`  ${EXTENSION}:"Ré-gion"."nom court" <- [city]`),
    },
    {
      name: 'complex-target on a multi-valued attribute: its filter value escaped',
      source: users('  "e-<|>mails" <- [mail]'),
      code: 'complex-target',
      message: /e\.g\. `e-mails\[type eq "wo\\"rk"\]\.valeur`/,
      expected: users('  e-mails[type eq "wo\\"rk"].valeur <- [mail]'),
    },
    {
      name: 'missing-value-filter',
      source: users('  "e-<|>mails".valeur <- [mail]'),
      code: 'missing-value-filter',
      message: /`e-mails` is multi-valued: .* e\.g\. `e-mails\[type eq "wo\\"rk"\]\.valeur`/,
      expected: users('  e-mails[type eq "wo\\"rk"].valeur <- [mail]'),
    },
    {
      name: 'target-case names the app’s spelling as written (before: `x_y$z` bare)',
      source: users('  "x_<|>y$Z" <- [city]'),
      code: 'target-case',
      message: /spells this attribute `"x_y\$z"`/,
      expected: users('  "x_y$z" <- [city]'),
    },
  ];
  for (const { name, source, code, message, expected } of cases)
    test(name, () => {
      const result = fixed(source, code);
      assert.match(result.message, message);
      assert.equal(result.text, expected);
      assert.deepEqual(errors(result.text), []);
    });
});

describe('completion writes filter values as strings', () => {
  /** The completion items at the `<|>` marker: label and the text each inserts. */
  function items(source: string): Array<[string, string | undefined]> {
    const { document, offset } = atCursor(source, targets);
    return completion(document, offset).items.map((i) => [i.label, (i.textEdit as TextEdit | undefined)?.newText ?? i.insertText]);
  }

  test('a value with a quote is offered escaped (before: `"wo"rk"`, an unterminated string)', () => {
    assert.deepEqual(items(users('  e-mails[type eq <|>')), [['"wo\\"rk"', '"wo\\"rk"']]);
  });

  test('the filter attribute’s snippet offers each value as a string', () => {
    assert.deepEqual(
      items(users('  e-mails[<|>')).find(([label]) => label === 'type'),
      ['type', 'type eq "${1|wo\\\\"rk|}"'],
    );
  });

  test('a filtered target path escapes its value', () => {
    assert.deepEqual(
      items(users('  e-ma<|>')).find(([label]) => label.endsWith('.valeur')),
      // A snippet: its `\\` inserts one backslash.
      ['e-mails[type eq "wo\\"rk"].valeur', 'e-mails[type eq "wo\\\\"rk"].valeur <- $0'],
    );
  });
});

describe('completion offers what the grammar can write there', () => {
  const labels = (source: string) => {
    const { document, offset } = atCursor(source, targets);
    return completion(document, offset).items.map((i) => i.label);
  };

  test('a value filter offers only the sub-attributes a bare name spells (before: `"est principal"`, a syntax error there)', () => {
    assert.deepEqual(labels(users('  e-mails[<|>')), ['type', 'valeur']);
  });

  test('after the filter, the quoted sub-attribute is still offered', () => {
    assert.ok(labels(users('  e-mails[type eq "wo\\"rk"].<|>')).includes('est principal'));
  });
});
