// The function catalogue is complete against the reference (§1.1) and consistent: signatures,
// repeating groups, and examples that parse, name their function and pass validation.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze } from '../../../server/src/validation/analyze';
import type { Expression } from '../../../server/src/syntax/ast';
import { parseExpression } from '../../../server/src/syntax/parser';
import {
  acceptsArgumentCount,
  findFunction,
  findFunctionIgnoreCase,
  functionCatalogue,
  parameterAt,
} from '../../../server/src/schema/functions';

/** Microsoft Learn "Reference for writing expressions for attribute mappings in Microsoft Entra Application Provisioning", plus the role functions of "Customize Microsoft Entra attribute mappings in Application Provisioning". */
const REFERENCE_FUNCTIONS = [
  'Append',
  'AppRoleAssignmentsComplex',
  'BitAnd',
  'CBool',
  'CDate',
  'Coalesce',
  'ConvertToBase64',
  'ConvertToUTF8Hex',
  'Count',
  'CStr',
  'DateAdd',
  'DateDiff',
  'DateFromNum',
  'DefaultDomain',
  'FormatDateTime',
  'Guid',
  'IgnoreFlowIfNullOrEmpty',
  'IIF',
  'InStr',
  'IsNull',
  'IsNullOrEmpty',
  'IsPresent',
  'IsString',
  'Item',
  'Join',
  'Left',
  'Len',
  'Mid',
  'NormalizeDiacritics',
  'Not',
  'Now',
  'NumFromDate',
  'PCase',
  'RandomString',
  'Redact',
  'RemoveDuplicates',
  'Replace',
  'SelectUniqueValue',
  'SingleAppRoleAssignment',
  'Split',
  'StripSpaces',
  'Switch',
  'ToLower',
  'ToUpper',
  'Word',
  'AssertiveAppRoleAssignmentsComplex',
];

const functions = functionCatalogue.functions;

function callsOf(expression: Expression | undefined): string[] {
  if (!expression) return [];
  switch (expression.kind) {
    case 'call':
      return [expression.name.text, ...expression.args.flatMap(callsOf)];
    case 'comparison':
    case 'concat':
      return [...callsOf(expression.left), ...callsOf(expression.right)];
    default:
      return [];
  }
}

test('every function of the reference is in the catalogue, and nothing else', () => {
  assert.deepEqual(functions.map((f) => f.name).sort(), [...REFERENCE_FUNCTIONS].sort());
});

test('lookups: exact names are case-sensitive, the case-insensitive lookup finds the intended one', () => {
  assert.equal(findFunction('Switch')?.name, 'Switch');
  assert.equal(findFunction('switch'), undefined);
  assert.equal(findFunctionIgnoreCase('switch')?.name, 'Switch');
  assert.equal(findFunctionIgnoreCase('iif')?.name, 'IIF');
});

test('Replace has 7 slots, all to be written', () => {
  const [signature] = findFunction('Replace')!.signatures;
  assert.deepEqual(
    signature.parameters.map((p) => p.name),
    ['source', 'oldValue', 'regexPattern', 'regexGroupName', 'replacementValue', 'replacementAttributeName', 'template'],
  );
  assert.equal(acceptsArgumentCount(signature, 7), true);
  assert.equal(acceptsArgumentCount(signature, 6), false);
});

test('Switch takes source, default, then key/value pairs', () => {
  const [signature] = findFunction('Switch')!.signatures;
  assert.deepEqual(
    [4, 6, 8].map((n) => acceptsArgumentCount(signature, n)),
    [true, true, true],
  );
  assert.deepEqual(
    [2, 3, 5, 7].map((n) => acceptsArgumentCount(signature, n)),
    [false, false, false, false],
  );
  assert.deepEqual(
    [2, 3, 4, 5].map((i) => parameterAt(signature, i)?.name),
    ['key', 'value', 'key', 'value'],
  );
});

// Issue 4 and the reference: the four-slot form (the canonical one, first) and Graph's three-argument form.
test('FormatDateTime has a four-slot and a three-argument form', () => {
  const forms = findFunction('FormatDateTime')!.signatures;
  assert.deepEqual(
    forms.map((s) => s.parameters.length),
    [4, 3],
  );
  assert.deepEqual(
    [3, 4].map((count) => acceptsArgumentCount(forms[0], count)),
    [false, true],
  );
});

describe('each function is well formed', () => {
  for (const fn of functions) {
    test(fn.name, () => {
      assert.ok(fn.description.length > 10, 'has a description');
      assert.ok(fn.signatures.length > 0, 'has a signature');
      for (const signature of fn.signatures) {
        const names = signature.parameters.map((p) => p.name);
        assert.equal(new Set(names).size, names.length, 'parameter names are unique');
        for (const p of signature.parameters) assert.ok(p.description.length > 3, `${p.name} is described`);
        const repeating = signature.parameters.map((p, i) => (p.repeating ? i : -1)).filter((i) => i >= 0);
        if (signature.repeat) {
          assert.equal(
            signature.repeat.from + signature.repeat.size,
            signature.parameters.length,
            'the repeating group ends the signature',
          );
          assert.deepEqual(repeating, names.map((_, i) => i).slice(signature.repeat.from), 'the repeating group is marked');
        } else {
          assert.deepEqual(repeating, [], 'no repeating parameter without a repeat group');
        }
        for (const p of signature.parameters.filter((q) => q.type === 'enum'))
          assert.ok((p.values ?? []).length > 0, `${p.name} lists its values`);
      }
      assert.ok(fn.examples.length > 0, 'has an example');
    });
  }
});

describe('catalogue examples parse, name their function and pass argument validation', () => {
  const argumentCodes = new Set([
    'argument-count',
    'missing-argument',
    'argument-kind',
    'unknown-function',
    'function-case',
    'comparison-outside-condition',
    'unexpected-identifier',
    'syntax',
    'invalid-regex',
  ]);
  for (const fn of functions) {
    for (const example of fn.examples) {
      test(`${fn.name}: ${example.expression.slice(0, 60)}`, () => {
        const parsed = parseExpression(example.expression);
        assert.deepEqual(parsed.diagnostics, []);
        assert.ok(callsOf(parsed.expression).includes(fn.name), `the example calls ${fn.name}`);
        const text = `users {\n  title <- ${example.expression}\n}\n`;
        const problems = analyze(text).diagnostics.filter((d) => argumentCodes.has(d.code));
        assert.deepEqual(
          problems.map((d) => `${d.code}: ${d.message}`),
          [],
        );
      });
    }
  }
});
