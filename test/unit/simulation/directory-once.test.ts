// The directory input as a cycle takes it: each object once however often the files give it, and a
// reference to a user outside the input reported with its place while every object is simulated.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DirectoryProblem } from '../../../server/src/simulation/directory';
import { StreamedIds } from '../../../server/src/simulation/directory-once';
import { directoryEntries, inputFiles, readDirectoryFiles } from '../../../server/src/simulation/input';

/** The objects read from the files (path -> text, given in `order`), and the problems said. */
async function readAll(files: Readonly<Record<string, string>>, order: readonly string[] = Object.keys(files)) {
  const problems: DirectoryProblem[] = [];
  const problem = (found: DirectoryProblem) => problems.push(found);
  const source = inputFiles(() => assert.fail('read from the disk'), new Map(Object.entries(files)));
  const input = readDirectoryFiles(order, problem, source);
  const objects: string[] = [];
  for await (const entry of directoryEntries(input, problem)) objects.push(`${entry.kind}:${entry.sample.id}`);
  return { objects, problems: problems.map(({ where, message, simulated }) => [where, message, simulated ?? false]) };
}

const samplesWithoutAmelia = JSON.stringify({
  users: [
    { $id: 'bruno', userPrincipalName: 'bruno@contoso.com', manager: { ref: 'amelia' } },
    { $id: 'chloe', userPrincipalName: 'chloe@contoso.com', manager: { ref: 'bruno' } },
  ],
  groups: [{ $id: 'sales', displayName: 'Sales', members: ['amelia', 'chloe'] }],
});

test('a samples file whose manager and member are outside it: every object is read, each reference said with its place', async () => {
  const { objects, problems } = await readAll({ '/d/samples.json': samplesWithoutAmelia });
  assert.deepEqual(objects, ['user:bruno', 'user:chloe', 'group:sales']);
  assert.deepEqual(problems, [
    [
      '/d/samples.json user "bruno"',
      'the manager "amelia" is not a user of the directory input; the user is simulated with a manager outside it',
      true,
    ],
    ['/d/samples.json group "sales"', 'the member "amelia" is not a user of the directory input; the group is simulated without it', true],
  ]);
});

test('a reference is to the whole input: a manager in another JSON file, a member in a CSV, are no reference outside it', async () => {
  const { objects, problems } = await readAll({
    '/d/groups.json': JSON.stringify({ groups: [{ $id: 'sales', displayName: 'Sales', members: ['amelia', 'csv-user'] }] }),
    '/d/users.json': JSON.stringify({ value: [{ id: 'amelia', userPrincipalName: 'amelia@contoso.com' }] }),
    '/d/samples.json': JSON.stringify({ users: [{ $id: 'bruno', userPrincipalName: 'bruno@contoso.com', manager: { ref: 'amelia' } }] }),
    '/d/users.csv': 'id,userPrincipalName\ncsv-user,c@contoso.com\n',
  });
  assert.deepEqual(objects, ['user:amelia', 'user:bruno', 'user:csv-user', 'group:sales']);
  assert.deepEqual(problems, []);
});

test('a samples file entry with a mistake is skipped with its place; the rest of the file is read (the preview refuses the file)', async () => {
  const { objects, problems } = await readAll({
    '/d/samples.json': JSON.stringify({
      users: [
        { $id: 'a', userPrincipalName: 'a@contoso.com', accountEnabled: 'maybe' },
        { $id: 'b', userPrincipalName: 'b@contoso.com' },
      ],
      extra: 1,
    }),
  });
  assert.deepEqual(objects, ['user:b']);
  assert.deepEqual(problems, [
    ['/d/samples.json', 'unknown top-level key "extra": expected "users", "groups" or "$schema"', false],
    [
      '/d/samples.json',
      'users[0].accountEnabled must be a boolean or the string "True" or "False" or null, not the string "maybe"; skipped',
      false,
    ],
  ]);
});

test('the same file given twice is read once', async () => {
  const files = {
    '/d/users.csv': 'id,userPrincipalName\nc1,c1@contoso.com\nc2,c2@contoso.com\n',
    '/d/g.json': JSON.stringify({ value: [{ id: 'j1', userPrincipalName: 'j1@contoso.com' }] }),
  };
  const { objects, problems } = await readAll(files, ['/d/g.json', '/d/users.csv', '/d/g.json', '/d/../d/users.csv']);
  assert.deepEqual(objects, ['user:j1', 'user:c1', 'user:c2']);
  assert.deepEqual(problems, [
    ['/d/g.json', 'the file is given twice; it is read once', true],
    ['/d/../d/users.csv', 'the file is given twice; it is read once', true],
  ]);
});

test('an object repeated among JSON files, a page saved twice, or a CSV row repeating a JSON user: read at its first place, each repeat said and skipped', async () => {
  const page = JSON.stringify({ value: [{ id: 'j1', userPrincipalName: 'j1@contoso.com' }] });
  const { objects, problems } = await readAll({
    '/d/pages.json': `${page}\n${page}`,
    '/d/samples.json': JSON.stringify({
      users: [{ $id: 'j1', userPrincipalName: 'j1@contoso.com' }],
      groups: [{ $id: 'j1', displayName: 'A group may share a user id' }],
    }),
    '/d/users.csv': 'id,userPrincipalName\nc1,c1@contoso.com\nj1,j1@contoso.com\n',
  });
  assert.deepEqual(objects, ['user:j1', 'user:c1', 'group:j1']);
  const skipped = 'an object is provisioned once a cycle, so the repeat is skipped';
  assert.deepEqual(problems, [
    ['/d/pages.json #2 /value/0', `user "j1" is already read at /d/pages.json #1 /value/0; ${skipped}`, false],
    ['/d/samples.json user "j1"', `user "j1" is already read at /d/pages.json #1 /value/0; ${skipped}`, false],
    ['/d/users.csv:3', `user "j1" is already read at /d/pages.json #1 /value/0; ${skipped}`, false],
  ]);
});

test('references outside the input are listed up to 20, then counted in one line', async () => {
  const users = Array.from({ length: 25 }, (_, i) => ({ id: `u${i}`, userPrincipalName: `u${i}@contoso.com`, manager: { id: `m${i}` } }));
  const { objects, problems } = await readAll({ '/d/users.json': JSON.stringify({ value: users }) });
  assert.equal(objects.length, 25);
  assert.equal(problems.length, 21);
  assert.deepEqual(problems.at(-1), ['directory', '5 more references to users outside the directory input (not listed)', true]);
});

test('a CSV row repeating an earlier row, of its file or of another CSV, is said with its place and skipped', async () => {
  const guid = '0f8fad5b-d9cb-469f-a165-70867728950e';
  const { objects, problems } = await readAll({
    '/d/users.csv': `id,userPrincipalName\n${guid},a@contoso.com\nc2,c2@contoso.com\n${guid},again@contoso.com\n`,
    '/d/copy.csv': 'id,userPrincipalName\nc2,c2@contoso.com\n',
  });
  assert.deepEqual(objects, [`user:${guid}`, 'user:c2']);
  const skipped = 'an object is provisioned once a cycle, so the repeat is skipped';
  assert.deepEqual(problems, [
    ['/d/users.csv:4', `user "${guid}" is already read at an earlier CSV row; ${skipped}`, false],
    ['/d/copy.csv:2', `user "c2" is already read at an earlier CSV row; ${skipped}`, false],
  ]);
});

test('the CSV ids: each kept exactly, through the table growing; a GUID in upper case, the nil GUID and other ids too', () => {
  const ids = new StreamedIds();
  const guid = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
  for (let i = 0; i < 5000; i++) assert.equal(ids.add(guid(i)), true, guid(i));
  for (let i = 0; i < 5000; i++) assert.equal(ids.add(guid(i)), false, guid(i));
  assert.equal(ids.add(guid(5000)), true);
  for (const other of [
    '00000000-0000-0000-0000-000000000000',
    '0F8FAD5B-D9CB-469F-A165-70867728950E',
    'ada@contoso.com',
    '0f8fad5b+d9cb-469f-a165-70867728950e',
  ]) {
    assert.equal(ids.add(other), true, other);
    assert.equal(ids.add(other), false, other);
  }
  assert.equal(ids.add('0f8fad5b-d9cb-469f-a165-70867728950e'), true, 'the lower-case GUID is another id than its upper-case spelling');
});
