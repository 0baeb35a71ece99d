// Every string import writes into the .scimmap (a default value, a scoping value, a filter's name,
// a block header's names) goes through one writer: quoted with the language's escapes, and refused
// with its JSON pointer when it holds a line break, which no .scimmap string can (audit 10 F4:
// such a value was written raw, and import exited 0 with a file that did not parse).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importSchema } from '../../../server/src/entra/import';
import { EntraSchemaError } from '../../../server/src/entra/model';
import { parse } from '../../../server/src/syntax/parser';
import { repositoryRoot } from '../../support/repository';

const root = repositoryRoot(__dirname);
const base = readFileSync(join(root, 'test', 'fixtures', 'entra', 'scoping-filters.json'), 'utf8');

/** The fixture with one string changed at `pointer` (its parent object and key). */
function changed(pointer: string, value: string): string {
  const document = JSON.parse(base) as Record<string, unknown>;
  const keys = pointer.split('/').slice(1);
  let node = document;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys[keys.length - 1]] = value;
  return JSON.stringify(document, null, 2);
}

function problemsOf(json: string): readonly { pointer: string; message: string }[] {
  try {
    importSchema(json);
  } catch (error) {
    assert.ok(error instanceof EntraSchemaError, String(error));
    return error.problems;
  }
  return [];
}

const mapping = '/synchronizationRules/0/objectMappings/0';
const places: Array<[string, string]> = [
  ['a default value', `${mapping}/attributeMappings/4/defaultValue`],
  ['a scoping value', `${mapping}/scope/groups/0/clauses/0/targetOperand/values/0`],
  ['a scoping filter name', `${mapping}/scope/groups/1/name`],
  ['an object mapping name', `${mapping}/name`],
];

describe('import refuses a line break in a string, naming its pointer', () => {
  for (const [what, pointer] of places) {
    for (const lineBreak of ['\n', '\r\n', '\r']) {
      test(`${what} with ${JSON.stringify(lineBreak)}`, () => {
        const problems = problemsOf(changed(pointer, `line1${lineBreak}line2`));
        assert.deepEqual(
          problems.map((problem) => problem.pointer),
          [pointer],
        );
        assert.match(problems[0].message, /holds a line break, which no \.scimmap string can hold/);
      });
    }
  }

  test('quotes, backslashes, tabs and U+2028 are written with the escapes and read back the same', () => {
    const value = 'say "hi" \\ a\tb\u2028c';
    for (const [what, pointer] of places) {
      const { text } = importSchema(changed(pointer, value));
      const parsed = parse(text);
      assert.deepEqual(parsed.diagnostics, [], what);
      assert.ok(text.includes(`"say \\"hi\\" \\\\ a\tb\u2028c"`), what);
    }
  });
});

describe('import refuses a lone UTF-16 surrogate (`\\ud800`), which a UTF-8 .scimmap turns into U+FFFD (before: export then wrote "\uFFFD" over it)', () => {
  const lone = 'a\ud800b';
  for (const [what, pointer] of places)
    test(what, () => {
      const problems = problemsOf(changed(pointer, lone));
      assert.deepEqual(
        problems.map((problem) => problem.pointer),
        [pointer],
      );
      assert.match(problems[0].message, /cannot be written: it holds a lone surrogate \\ud800, which a UTF-8 \.scimmap file cannot hold/);
    });
  test('in an expression and a scoping attribute', () => {
    const expression = `${mapping}/attributeMappings/5/source/expression`;
    const attribute = `${mapping}/scope/groups/0/clauses/0/sourceOperandName`;
    assert.deepEqual(
      problemsOf(changed(expression, `"${lone}"`)).map((problem) => problem.pointer),
      [expression],
    );
    assert.deepEqual(
      problemsOf(changed(attribute, lone)).map((problem) => problem.pointer),
      [attribute],
    );
  });
  test('a surrogate pair (an emoji) is no problem', () => assert.deepEqual(problemsOf(changed(`${mapping}/name`, 'a\ud83d\ude80b')), []));
});
