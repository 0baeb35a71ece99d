// The samples file has two readers: VS Code checks it against server/src/data/sample-data.schema.json
// as it is edited (package.json jsonValidation), and the preview and the CLI load it with
// server/src/schema/sample-data.ts. A table of files goes through both: each reader accepts exactly
// the files the other accepts, except what a JSON schema cannot say (ids that must exist or differ).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import schema from '../../../server/src/data/sample-data.schema.json';
import { parseSampleFile } from '../../../server/src/schema/sample-data';
import { validateJson } from '../../support/json-schema';
import { repositoryRoot } from '../../support/repository';

const ada = { $id: 'ada', userPrincipalName: 'ada@contoso.com', displayName: 'Ada Lovelace' };

const valid: Record<string, unknown> = {
  'one user': { users: [ada] },
  'one group, no users': { groups: [{ displayName: 'Sales' }] },
  '$schema, users and groups': {
    $schema: './sample-data.schema.json',
    users: [ada],
    groups: [{ $id: 'sales', displayName: 'Sales', members: ['ada', { ref: 'ada' }] }],
  },
  'every kind of value': {
    users: [
      {
        ...ada,
        accountEnabled: true,
        employeeId: 42,
        department: null,
        proxyAddresses: ['SMTP:ada@contoso.com'],
        otherMails: [],
        IsSoftDeleted: false,
      },
    ],
  },
  'null for the typed attributes': {
    users: [
      {
        $id: 'x',
        userPrincipalName: null,
        objectId: null,
        accountEnabled: null,
        proxyAddresses: null,
        appRoleAssignments: null,
        manager: null,
      },
    ],
  },
  'a manager by id and by ref': { users: [ada, { $id: 'bob', manager: 'ada' }, { $id: 'cy', manager: { ref: 'ada' } }] },
  'app role assignments as values and objects': {
    users: [{ ...ada, appRoleAssignments: ['Agent', { value: 'Admin', displayName: 'Administrator', id: '8f0e...' }] }],
  },
  'a description and a target state': {
    users: [{ ...ada, $description: 'existing user', $target: { id: 'u-1', userName: 'ada@contoso.com', active: true } }],
  },
  'a user known by objectId only': { users: [{ objectId: '0f1e2d3c' }] },
  'booleans as Entra shows them, "True" and "False" in any case': {
    users: [{ ...ada, accountEnabled: 'True', IsSoftDeleted: 'false' }],
  },
  'an empty users list beside a group': { users: [], groups: [{ displayName: 'Sales' }] },
};

const invalid: Record<string, unknown> = {
  'not an object': [ada],
  'no samples at all': {},
  'empty lists': { users: [], groups: [] },
  'an unknown top-level key': { users: [ada], people: [] },
  'users not an array': { users: ada },
  'a user that is not an object': { users: ['ada'] },
  'an unknown $ key': { users: [{ ...ada, $notes: 'x' }] },
  'an empty $id': { users: [{ ...ada, $id: '' }] },
  '$id not a string': { users: [{ ...ada, $id: 7 }] },
  '$description not a string': { users: [{ ...ada, $description: ['x'] }] },
  '$target not an object': { users: [{ ...ada, $target: 'u-1' }] },
  '$target id not a string': { users: [{ ...ada, $target: { id: 1 } }] },
  'a nested object as a value': { users: [{ ...ada, address: { city: 'Paris' } }] },
  'a multi-valued attribute with a number': { users: [{ ...ada, otherMails: ['a@x', 3] }] },
  'accountEnabled as a string other than "True" or "False"': { users: [{ ...ada, accountEnabled: 'yes' }] },
  'userPrincipalName as a number': { users: [{ ...ada, userPrincipalName: 5 }] },
  'proxyAddresses as a string': { users: [{ ...ada, proxyAddresses: 'SMTP:ada@contoso.com' }] },
  'a manager as a number': { users: [ada, { $id: 'bob', manager: 1 }] },
  'a manager ref with another key': { users: [ada, { $id: 'bob', manager: { ref: 'ada', name: 'Ada' } }] },
  'an app role assignment without value': { users: [{ ...ada, appRoleAssignments: [{ displayName: 'Agent' }] }] },
  'app role assignments as a string': { users: [{ ...ada, appRoleAssignments: 'Agent' }] },
  'group members not an array': { users: [ada], groups: [{ displayName: 'Sales', members: 'ada' }] },
  'a group member as a number': { users: [ada], groups: [{ displayName: 'Sales', members: [1] }] },
  'a group displayName as a boolean': { groups: [{ displayName: true }] },
};

/** What only the loader checks: references between samples and distinct ids. The schema accepts these. */
const loaderOnly: Record<string, unknown> = {
  'a manager that is not a sample': { users: [{ $id: 'bob', manager: 'ada' }] },
  'two users with one id': { users: [ada, { ...ada, displayName: 'Ada again' }] },
  'a member that is not a sample': { users: [ada], groups: [{ displayName: 'Sales', members: ['bob'] }] },
  'a user who is their own manager': { users: [{ ...ada, manager: 'ada' }] },
};

const loaderAccepts = (file: unknown) => parseSampleFile(JSON.stringify(file));
const schemaProblems = (file: unknown) => validateJson(schema, file);

describe('the sample-data schema and loader agree', () => {
  for (const [name, file] of Object.entries(valid)) {
    test(`both accept: ${name}`, () => {
      assert.deepEqual(schemaProblems(file), [], 'the schema accepts it');
      const loaded = loaderAccepts(file);
      assert.ok(loaded.ok, `the loader accepts it: ${loaded.ok ? '' : loaded.errors.join('; ')}`);
    });
  }
  for (const [name, file] of Object.entries(invalid)) {
    test(`both reject: ${name}`, () => {
      assert.notDeepEqual(schemaProblems(file), [], 'the schema rejects it');
      assert.equal(loaderAccepts(file).ok, false, 'the loader rejects it');
    });
  }
  for (const [name, file] of Object.entries(loaderOnly)) {
    test(`only the loader can reject: ${name}`, () => {
      assert.deepEqual(schemaProblems(file), [], 'no JSON schema keyword says this');
      assert.equal(loaderAccepts(file).ok, false, 'the loader rejects it');
    });
  }

  test('"True" and "False" are read as the booleans they stand for', () => {
    const loaded = loaderAccepts({ users: [{ ...ada, accountEnabled: 'FALSE', IsSoftDeleted: 'True' }] });
    assert.ok(loaded.ok);
    assert.equal(loaded.value.users[0].attributes.accountEnabled, false);
    assert.equal(loaded.value.users[0].attributes.IsSoftDeleted, true);
    const refused = loaderAccepts({ users: [{ ...ada, accountEnabled: 'yes' }] });
    assert.deepEqual(refused.ok ? [] : refused.errors, [
      'users[0].accountEnabled must be a boolean or the string "True" or "False" or null, not the string "yes"',
    ]);
  });

  test('a samples file saved with a byte order mark (as Windows Notepad saves) is read', () => {
    const loaded = parseSampleFile(`\uFEFF${JSON.stringify({ users: [ada] })}`);
    assert.ok(loaded.ok, loaded.ok ? '' : loaded.errors.join('; '));
    assert.equal(loaded.value.users[0].id, 'ada');
  });

  test('the shipped example samples pass both', () => {
    const text = readFileSync(join(repositoryRoot(__dirname), 'examples', 'users.json'), 'utf8');
    assert.deepEqual(schemaProblems(JSON.parse(text)), []);
    assert.ok(parseSampleFile(text).ok);
  });
});
