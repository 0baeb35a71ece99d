import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseSampleFile, parseSampleUser, parseTargetResource } from '../../../server/src/schema/sample-data';
import { parse } from '../../../server/src/syntax/parser';
import { previewUser } from '../../../server/src/provisioning/requests';

// Run from the repository root, as npm test does.
const examples = readFileSync('examples/users.json', 'utf8');

function errorsOf(text: string): string[] {
  const result = parseSampleFile(text);
  assert.equal(result.ok, false);
  return result.ok ? [] : result.errors;
}

describe('sample data', () => {
  test('an integer past 2^53 keeps every digit, as the string of its digits; other numbers and strings stay as they are', () => {
    const text =
      '{"accountExpires": 129699324000000001, "low": -9007199254740993, "safe": 42, "big": 1e21, "note": "id 129699324000000001: 12345678901234567"}';
    const user = parseSampleUser(text);
    assert.ok(user.ok);
    assert.deepEqual(user.value.attributes, {
      accountExpires: '129699324000000001',
      low: '-9007199254740993',
      safe: 42,
      big: 1e21,
      note: 'id 129699324000000001: 12345678901234567',
    });
    const samples = parseSampleFile(`{"users": [{"$id": "u", "accountExpires": 129699324000000001}]}`);
    assert.ok(samples.ok);
    assert.equal(samples.value.users[0].attributes.accountExpires, '129699324000000001');
  });

  // Audit 10 F9: the same integer with a fraction or an exponent was rounded to …000000000 silently.
  test('an integer past 2^53 written with a fraction or an exponent keeps its digits too; a number that is no integer stays a number', () => {
    const text =
      '{"f": 1.29699324000000001e17, "j": 129699324000000001.0, "n": -1296993240000000010E-1, "e": 12969932400000000100e-2, "z": 9.007199254740993e15, "h": 1e21, "frac": 12345678901234567.5, "k": 0.1000000000000000055511151231257827}';
    const user = parseSampleUser(text);
    assert.ok(user.ok);
    assert.deepEqual(user.value.attributes, {
      f: '129699324000000001',
      j: '129699324000000001',
      n: '-129699324000000001',
      e: '129699324000000001',
      z: '9007199254740993',
      h: 1e21,
      frac: Number('12345678901234567.5'),
      k: Number('0.1000000000000000055511151231257827'),
    });
  });

  test("a target resource's integer past 2^53 keeps every digit, as the string of its digits; other numbers and strings stay as they are", () => {
    const target = parseTargetResource('{"id": "t1", "employeeNumber": 129699324000000001, "safe": 42, "note": "n 12345678901234567"}');
    assert.ok(target.ok);
    assert.deepEqual(target.value, { id: 't1', employeeNumber: '129699324000000001', safe: 42, note: 'n 12345678901234567' });
    const samples = parseSampleFile('{"users": [{"$id": "u", "$target": {"id": "t1", "employeeNumber": 129699324000000001}}]}');
    assert.ok(samples.ok);
    assert.equal(samples.value.users[0].target?.employeeNumber, '129699324000000001');
  });

  test('examples/users.json loads with its edge cases', () => {
    const result = parseSampleFile(examples);
    assert.ok(result.ok, result.ok ? '' : result.errors.join('\n'));
    const ids = result.value.users.map((user) => user.id);
    for (const id of ['amelia', 'bruno', 'chloe', 'dmitri', 'kenji', 'erin']) assert.ok(ids.includes(id), id);
    const chloe = result.value.users.find((user) => user.id === 'chloe')!;
    assert.equal(chloe.attributes.mail, undefined);
    assert.deepEqual(chloe.attributes.manager, { ref: 'bruno' });
    assert.equal(result.value.users.find((user) => user.id === 'dmitri')!.attributes.IsSoftDeleted, true);
    assert.equal(result.value.users.find((user) => user.id === 'amelia')!.target?.id, '7c0e5b52-1f0a-4f4e-8d43-2b1b3c4d5e6f');
    assert.deepEqual(result.value.groups.find((group) => group.id === 'sales')!.members, ['amelia', 'bruno', 'chloe']);
  });

  test('reserved keys do not become Entra attributes', () => {
    const result = parseSampleFile('{"users": [{"$id": "a", "$description": "d", "$target": {"id": "1"}, "displayName": "A"}]}');
    assert.ok(result.ok);
    assert.deepEqual(result.value.users[0].attributes, { displayName: 'A' });
    assert.equal(result.value.users[0].description, 'd');
  });

  test('an attribute named __proto__ stays an attribute (data), in users, groups and the preview', () => {
    const result = parseSampleFile(
      '{"users": [{"$id": "a", "__proto__": "p", "constructor": "c", "displayName": "A"}], "groups": [{"$id": "g", "__proto__": ["x"], "members": ["a"]}]}',
    );
    assert.ok(result.ok, result.ok ? '' : result.errors.join('\n'));
    const user = result.value.users[0];
    assert.deepEqual(Object.keys(user.attributes), ['__proto__', 'constructor', 'displayName']);
    assert.equal(Object.getOwnPropertyDescriptor(user.attributes, '__proto__')?.value, 'p');
    assert.equal(Object.getPrototypeOf(user.attributes), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(result.value.groups[0].attributes, '__proto__')?.value, ['x']);
    const preview = previewUser(
      parse('users {\n  userName <- [displayName]  match 1\n  title <- [__proto__]\n  nickName <- [constructor]\n}\n').file,
      user,
    );
    const body = preview.requests.at(-1)?.body as Record<string, unknown>;
    assert.deepEqual([body.userName, body.title, body.nickName], ['A', 'p', 'c']);
  });

  test('a key given twice with different values is an error at its JSON pointer (before: JSON kept the last, "users" twice lost the first list: "has no sample")', () => {
    assert.deepEqual(errorsOf('{"users": [{"$id": "a"}], "users": [{"$id": "b"}]}'), [
      '/users is given 2 times in one object, with different values: JSON keeps only the last, so the others would be lost; keep one',
    ]);
    assert.match(
      errorsOf('{"users": [{"$id": "a", "jobTitle": "x", "jobTitle": "y"}]}').join('\n'),
      /^\/users\/0\/jobTitle is given 2 times/,
    );
    assert.match(
      errorsOf('{"users": [{"$id": "a", "$target": {"id": "1", "title": "x", "title": "y"}}]}').join('\n'),
      /^\/users\/0\/\$target\/title is given 2 times/,
    );
    const user = parseSampleUser('{"userPrincipalName": "a@contoso.com", "userPrincipalName": "b@contoso.com"}');
    assert.deepEqual(user.ok ? [] : user.errors, [
      '/userPrincipalName is given 2 times in one object, with different values: JSON keeps only the last, so the others would be lost; keep one',
    ]);
    const target = parseTargetResource('{"id": "1", "active": true, "active": false}');
    assert.match(target.ok ? '' : target.errors.join('\n'), /^\/active is given 2 times/);
    // The same value twice loses nothing.
    assert.ok(parseSampleUser('{"userPrincipalName": "a@contoso.com", "userPrincipalName": "a@contoso.com"}').ok);
  });

  test('a sample without $id is known by its objectId, then its userPrincipalName', () => {
    const result = parseSampleFile('{"users": [{"objectId": "o1"}, {"userPrincipalName": "u@x"}]}');
    assert.ok(result.ok);
    assert.deepEqual(
      result.value.users.map((user) => user.id),
      ['o1', 'u@x'],
    );
  });

  test('invalid JSON says so', () => {
    assert.match(errorsOf('{"users": [')[0], /not valid JSON/);
  });

  test("text that is not JSON is named by line and column, its content not quoted (before: JSON.parse's message quoted the file's start, a token's when the file was /proc/self/environ)", () => {
    const [error] = errorsOf('SCIMMAP_TOKEN=secret123\nHOME=/root');
    assert.match(error, /^not valid JSON: .*line 1, column 1/);
    assert.doesNotMatch(error, /SCIMMAP_TO|secret/);
  });

  test('each mistake is reported with where it is', () => {
    const errors = errorsOf(
      JSON.stringify({
        users: [
          { $id: 'a', manager: { ref: 'nobody' }, proxyAddresses: ['x', 1], nested: { a: 1 } },
          { $id: 'a', $unknown: 1 },
        ],
        groups: [{ $id: 'g', members: ['zed'] }],
        extra: true,
      }),
    );
    const text = errors.join('\n');
    assert.match(text, /unknown top-level key "extra"/);
    assert.match(text, /users\[0\]\.proxyAddresses\[1\]: a multi-valued attribute holds strings/);
    assert.match(text, /users\[0\]\.nested must be a string, boolean, number, null or an array of strings, not an object/);
    assert.match(text, /users\[1\]: unknown key "\$unknown"/);
    assert.match(text, /two sample users have the id "a"/);
    assert.match(text, /manager refers to "nobody", which is not a sample user id/);
    assert.match(text, /group "g": member "zed" is not a sample user id/);
  });

  test('app role assignments may be role values or {value, displayName, id} objects', () => {
    assert.ok(
      parseSampleFile('{"users": [{"$id": "a", "appRoleAssignments": ["Admin", {"value": "Agent", "displayName": "Agent", "id": "r1"}]}]}')
        .ok,
    );
    assert.match(
      errorsOf('{"users": [{"$id": "a", "appRoleAssignments": [{"name": "Agent"}]}]}')[0],
      /appRoleAssignments\[0\]: an app role assignment is a role value or/,
    );
  });

  test('a manager must be a reference', () => {
    assert.match(
      errorsOf('{"users": [{"$id": "a", "manager": {"id": "b"}}]}').join('\n'),
      /write the manager as \{"ref": "<sample id of the manager>"\}/,
    );
  });

  test('a file with no samples is an error, not an empty list', () => {
    assert.match(errorsOf('{"users": []}')[0], /no sample users or groups/);
    assert.match(errorsOf('[]')[0], /a samples file is an object/);
  });

  test('one user object for the CLI', () => {
    const user = parseSampleUser('{"userPrincipalName": "a@b.c", "accountEnabled": true}');
    assert.ok(user.ok);
    assert.deepEqual(user.value.attributes, { userPrincipalName: 'a@b.c', accountEnabled: true });
    const samples = parseSampleUser(examples);
    assert.equal(samples.ok, false);
    assert.match(samples.ok ? '' : samples.errors[0], /this is a samples file/);
  });

  test('a target state must be an object with a string id', () => {
    assert.ok(parseTargetResource('{"id": "1", "userName": "a"}').ok);
    const bad = parseTargetResource('{"id": 7}');
    assert.equal(bad.ok, false);
    assert.match(bad.ok ? '' : bad.errors[0], /id must be a string/);
    assert.equal(parseTargetResource('"x"').ok, false);
  });
});
