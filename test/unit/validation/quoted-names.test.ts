// What check says about quoted target names (audit 10 F9): a quoted name is shown with its quotes, a
// dot, bracket or colon inside them is said to be part of one name, and a case variant of a target
// is said to be what Entra treats it as, a name of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../server/src/validation/analyze';

const genericScim = (...lines: string[]) =>
  [
    'target "generic-scim"',
    'users {',
    '  userName <- [userPrincipalName]  match 1',
    '  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")',
    ...lines,
    '}',
    '',
  ].join('\n');

function messages(text: string, code: string): string[] {
  return analyze(text)
    .diagnostics.filter((d) => d.code === code)
    .map((d) => d.message);
}

test('a quoted name with a dot or a filter is one attribute, which the message says (before: `name.familyName`, which looks valid)', () => {
  const [dotted, filtered] = messages(
    genericScim('  "name.familyName" <- [surname]', '  "emails[type eq \\"work\\"].value" <- [mail]'),
    'unknown-target',
  );
  assert.match(dotted, /^`"name\.familyName"` is not an attribute .* Inside quotes a dot, bracket or colon is part of one attribute name/);
  assert.match(filtered, /^`"emails\[type eq \\"work\\"\]\.value"` is not an attribute .* part of one attribute name/);
});

test('a quoted name without punctuation gets no such note', () => {
  const [message] = messages(genericScim('  "Société" <- [companyName]'), 'unknown-target');
  assert.match(message, /^`"Société"` is not an attribute/);
  assert.doesNotMatch(message, /Inside quotes/);
});

test('target-case says Entra compares names byte for byte, as export does when it adds a definition for the variant', () => {
  const [message] = messages(genericScim('  DisplayName <- [displayName]'), 'target-case');
  assert.match(message, /spells this attribute `displayName`/);
  assert.match(message, /Entra compares target names byte for byte/);
  assert.match(message, /scimmap export/);
});
