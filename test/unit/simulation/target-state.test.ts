// Reading the target's state from dumps of its ListResponse pages: each resource once, the
// resources that cannot be target objects reported with their JSON pointer and skipped.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from '../../../server/src/syntax/parser';
import { defaultCycleSettings, Simulation } from '../../../server/src/simulation/simulate';
import { inputFiles, readTargetStateFiles } from '../../../server/src/simulation/input';
import { TargetIndex, type TargetState, type TargetStateProblem } from '../../../server/src/simulation/target-state';

const userSchema = 'urn:ietf:params:scim:schemas:core:2.0:User';
const scimUser = (id: unknown, userName: string) => ({ schemas: [userSchema], id, userName, displayName: userName, active: true });

/** The state the dumps hold (path -> text), with the problems reported. */
function stateOf(files: Record<string, string>): { state: TargetState; problems: TargetStateProblem[] } {
  const problems: TargetStateProblem[] = [];
  const source = inputFiles(() => assert.fail('read from the disk'), new Map(Object.entries(files)));
  const state = readTargetStateFiles(Object.keys(files), (problem) => problems.push(problem), source);
  return { state, problems };
}

const mapping = parse(
  'users {\n  userName <- [userPrincipalName] match 1\n  displayName <- [displayName]\n  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")\n}\n',
).file;

function simulated(state: TargetState, userPrincipalName: string) {
  const cycle = new Simulation(mapping, { settings: defaultCycleSettings, assignmentKnown: false, target: new TargetIndex(state) });
  return cycle.simulate({
    kind: 'user',
    sample: { id: 'u1', attributes: { userPrincipalName, displayName: userPrincipalName, accountEnabled: true } },
    where: 'u1',
  });
}

describe('the target state from ListResponse dumps', () => {
  test('a page saved twice is each resource once, and the repeats are said with their JSON pointer (before: 2 targets, DuplicateTargetEntries)', () => {
    const page = JSON.stringify({ Resources: [scimUser('t-cara', 'cara@contoso.com'), scimUser('t-dan', 'dan@contoso.com')] });
    const { state, problems } = stateOf({ 'state.json': JSON.stringify([JSON.parse(page), JSON.parse(page)]) });
    assert.deepEqual(
      state.users.map((user) => user.id),
      ['t-cara', 't-dan'],
    );
    assert.deepEqual(problems, [
      {
        where: 'state.json /1/Resources/0',
        message: 'user "t-cara" is already read at state.json /0/Resources/0; one id is one target object, so the repeat is skipped',
      },
      {
        where: 'state.json /1/Resources/1',
        message: 'user "t-dan" is already read at state.json /0/Resources/1; one id is one target object, so the repeat is skipped',
      },
    ]);
    const record = simulated(state, 'cara@contoso.com');
    assert.equal(record.simulation.action, 'noChange');
    assert.equal(record.targetIdentity.id, 't-cara');
  });

  test('an integer past 2^53 keeps every digit, in each of several pages saved one after another; other numbers, strings and problems stay as they are', () => {
    const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
    const long = {
      ...scimUser('t-long', 'long@contoso.com'),
      [enterprise]: { employeeNumber: 0 },
      note: 'n 12345678901234567',
    };
    const plain = { ...scimUser('t-plain', 'plain@contoso.com'), x: 42, y: 1e21 };
    // Two pages appended (curl >> state.json), a broken document between them, and one nested past any resource.
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const text = `${JSON.stringify({ Resources: [plain] })}\n{"Resources": [1,]}\n${JSON.stringify({ Resources: [long] })
      .replace('"employeeNumber":0', '"employeeNumber":129699324000000001')
      .replace('"t-long"', '"t-long", "big": -9007199254740993')}\n${deep}`;
    const { state, problems } = stateOf({ 'state.json': text });
    assert.deepEqual(
      state.users.map((user) => [
        user.id,
        user.big,
        (user[enterprise] as Record<string, unknown> | undefined)?.employeeNumber,
        user.note,
        user.x,
        user.y,
      ]),
      [
        ['t-plain', undefined, undefined, undefined, 42, 1e21],
        ['t-long', '-9007199254740993', '129699324000000001', 'n 12345678901234567', undefined, undefined],
      ],
    );
    assert.equal(problems.filter((problem) => /not valid JSON/.test(problem.message)).length, 1, JSON.stringify(problems));
    // The digits Entra sends compare equal to the digits the target holds: no update for a rounded neighbour.
    const record = new Simulation(
      parse(`users {\n  userName <- [userPrincipalName] match 1\n  ${enterprise}:employeeNumber <- [extensionAttribute1]\n}\n`).file,
      { settings: defaultCycleSettings, assignmentKnown: false, target: new TargetIndex(state), targetSchema: undefined },
    ).simulate({
      kind: 'user',
      sample: {
        id: 'u1',
        attributes: { userPrincipalName: 'long@contoso.com', extensionAttribute1: '129699324000000001', accountEnabled: true },
      },
      where: 'u1',
    });
    assert.equal(record.simulation.action, 'noChange', JSON.stringify(record.modifiedProperties));
  });

  test('a resource in two dumps (users read plainly and with filter=active eq false) is one target object', () => {
    const { state, problems } = stateOf({
      'active.json': JSON.stringify({ Resources: [scimUser('t-eve', 'eve@contoso.com')] }),
      'all.json': JSON.stringify({ Resources: [scimUser('t-eve', 'eve@contoso.com'), scimUser('t-fay', 'fay@contoso.com')] }),
    });
    assert.deepEqual(
      state.users.map((user) => user.id),
      ['t-eve', 't-fay'],
    );
    assert.deepEqual(
      problems.map((problem) => problem.where),
      ['all.json/Resources/0'],
    );
    assert.equal(simulated(state, 'eve@contoso.com').simulation.action, 'noChange');
  });

  test('a resource without a string id, or with a blank one, is said with its JSON pointer and left out (RFC 7643 §3.1; before: matched and patched at a placeholder id, a blank one at PATCH /Users/)', () => {
    const { state, problems } = stateOf({
      'state.json': JSON.stringify([
        scimUser(undefined, 'cara@contoso.com'),
        scimUser(42, 'hal@contoso.com'),
        scimUser('«1e400»', 'ivy@contoso.com'),
        scimUser('', 'ada@contoso.com'),
        scimUser('  ', 'ben@contoso.com'),
        scimUser('t-x', 'x@contoso.com'),
      ]).replace('"«1e400»"', '1e400'), // JSON.stringify writes Infinity as null
    });
    assert.deepEqual(
      state.users.map((user) => user.id),
      ['t-x'],
    );
    assert.deepEqual(problems, [
      {
        where: 'state.json /0',
        message:
          'a user without an "id": RFC 7643 §3.1 requires every resource to have one, and no request could address this one; skipped',
      },
      {
        where: 'state.json /1',
        message:
          'a user whose "id" is 42, not a string: RFC 7643 §3.1 requires every resource to have one, and no request could address this one; skipped',
      },
      {
        where: 'state.json /2',
        message:
          'a user whose "id" is a number too large for any reader (Infinity), not a string: RFC 7643 §3.1 requires every resource to have one, and no request could address this one; skipped',
      },
      {
        where: 'state.json /3',
        message:
          'a user whose "id" is "", blank: RFC 7643 §3.1 requires every resource to have one, and no request could address this one; skipped',
      },
      {
        where: 'state.json /4',
        message:
          'a user whose "id" is "  ", blank: RFC 7643 §3.1 requires every resource to have one, and no request could address this one; skipped',
      },
    ]);
    const record = simulated(state, 'cara@contoso.com');
    assert.equal(record.simulation.action, 'create');
    assert.ok(record.simulation.requests.every((request) => !request.path.includes('«id of')));
  });

  test('the same dump given twice is read once, and said so (before: every resource a repeat of itself, each counted as unreadable)', () => {
    const problems: TargetStateProblem[] = [];
    const text = JSON.stringify({ Resources: [scimUser('t1', 'ada@contoso.com'), scimUser('t2', 'bo@contoso.com')] });
    const source = inputFiles(() => assert.fail('read from the disk'), new Map([['state.json', text]]));
    const state = readTargetStateFiles(['state.json', './state.json'], (problem) => problems.push(problem), source);
    assert.deepEqual(
      state.users.map((user) => user.id),
      ['t1', 't2'],
    );
    assert.deepEqual(problems, [{ where: './state.json', message: 'the file is given twice; it is read once', simulated: true }]);
  });

  test('a ListResponse page without Resources is an empty page; a SCIM error saved among the pages is said to be one (before: both "neither a User nor a Group", counted as skipped)', () => {
    const listResponse = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
    const pages = [
      { schemas: [listResponse], totalResults: 1, startIndex: 1, itemsPerPage: 1, Resources: [scimUser('t1', 'ada@contoso.com')] },
      { schemas: [listResponse], totalResults: 1, startIndex: 2, itemsPerPage: 0 },
      { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401', detail: 'Token expired' },
      { schemas: [listResponse], totalResults: 1, Resources: { id: 't2' } },
    ];
    const { state, problems } = stateOf({ 'state.json': pages.map((page) => JSON.stringify(page)).join('\n') });
    assert.deepEqual(
      state.users.map((user) => user.id),
      ['t1'],
    );
    assert.deepEqual(problems, [
      {
        where: 'state.json #3',
        message: 'a SCIM error response (401: Token expired), not a page of resources: the read that saved it failed; skipped',
      },
      { where: 'state.json #4/Resources', message: 'a ListResponse\'s "Resources" is not an array of resources; skipped' },
    ]);
    assert.deepEqual(stateOf({ 'state.json': JSON.stringify({ schemas: [listResponse], totalResults: 0 }) }).problems, []);
  });

  // Before: "neither a User nor a Group (no core schema in "schemas", no meta.resourceType)", as if the page were a user.
  test('a page without "schemas" whose Resources is not an array is said to be that', () => {
    const page = scimUser('t1', 'ada@contoso.com');
    for (const resources of ['x', { id: 't1' }, null])
      assert.deepEqual(stateOf({ 'state.json': JSON.stringify([{ totalResults: 1, Resources: resources }, page]) }).problems, [
        { where: 'state.json /0/Resources', message: 'a ListResponse\'s "Resources" is not an array of resources; skipped' },
      ]);
  });

  // Before: each said as a warning, and the run went on against an empty target: every user a create, exit 0.
  test('a file holding no resource and no page that says the target is empty is no target state (InputError); an empty page or array is an empty target', () => {
    const nothing = (reason: string) => new RegExp(`^Error: ${reason}, so nothing in the file could be read as the target's state`);
    assert.throws(() => stateOf({ 'state.json': '[null]' }), nothing('state\\.json /0: not a SCIM resource \\(expected an object\\)'));
    assert.throws(() => stateOf({ 'state.json': 'null' }), /^Error: state\.json starts with "n", where a target-state file/);
    assert.throws(
      () => stateOf({ 'state.json': JSON.stringify({ Resources: 'x' }) }),
      nothing('state\\.json/Resources: a ListResponse\'s "Resources" is not an array of resources'),
    );
    assert.throws(
      () => stateOf({ 'state.json': JSON.stringify({ Resources: [1, { id: 't1' }, scimUser(undefined, 'ada@contoso.com')] }) }),
      nothing('state\\.json/Resources/0: not a SCIM resource \\(expected an object\\) \\(and 2 more such problems\\)'),
    );
    assert.throws(
      () => stateOf({ 'state.json': JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401' }) }),
      nothing('state\\.json: a SCIM error response \\(401\\), not a page of resources: the read that saved it failed'),
    );
    // One file that holds nothing fails the read even beside one that holds users.
    assert.throws(
      () => stateOf({ 'users.json': JSON.stringify({ Resources: [scimUser('t1', 'ada@contoso.com')] }), 'groups.json': '{}' }),
      nothing('groups\\.json: neither a User nor a Group \\(no core schema in "schemas", no meta\\.resourceType\\)'),
    );
    const listResponse = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
    for (const empty of [{ schemas: [listResponse], totalResults: 0, Resources: [] }, { schemas: [listResponse], totalResults: 0 }, []]) {
      const { state, problems } = stateOf({ 'state.json': JSON.stringify(empty) });
      assert.deepEqual([state.users, state.groups, problems], [[], [], []]);
    }
  });

  test('ListResponse pages saved one after another are read, as Graph pages are (before: "not JSON", exit 2)', () => {
    const page = (...resources: unknown[]) => ({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], Resources: resources });
    const first = page(scimUser('t1', 'ada@contoso.com'));
    const second = page(scimUser('t2', 'bo@contoso.com'));
    for (const text of [
      `${JSON.stringify(first)}\n${JSON.stringify(second)}\n`,
      `${JSON.stringify(first, null, 2)}${JSON.stringify(second, null, 2)}`,
    ]) {
      const { state, problems } = stateOf({ 'state.json': text });
      assert.deepEqual(
        state.users.map((user) => user.id),
        ['t1', 't2'],
      );
      assert.deepEqual(problems, []);
    }
    // The first page cut off: the pages after it are still the target's state (before: exit 2, "the file ends inside it").
    const cut = JSON.stringify(first, null, 2);
    const { state, problems } = stateOf({ 'state.json': `${cut.slice(0, cut.indexOf('"userName"'))}\n${JSON.stringify(second, null, 2)}` });
    assert.deepEqual(
      state.users.map((user) => user.id),
      ['t2'],
    );
    assert.deepEqual(
      problems.map((problem) => problem.message),
      [`the JSON document is cut off (the document at offset ${cut.indexOf('"userName"') + 1} starts before it ends); skipped`],
    );
    assert.throws(
      () => stateOf({ 'state.json': 'not json' }),
      /^Error: state\.json starts with "n", where a target-state file \(the target's ListResponse pages\) starts with \{ or \[ \(a JSON object or array\); it is not read further$/,
    );
  });

  test('a key given twice with different values: a page with "Resources" twice is skipped (the file then holds nothing), a resource with one is skipped (before: JSON.parse kept the last, an empty target, exit 0)', () => {
    const listResponse = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
    const user = JSON.stringify(scimUser('t1', 'ada@contoso.com'));
    assert.throws(
      () => stateOf({ 'state.json': `{"schemas":["${listResponse}"],"Resources":[${user}],"Resources":[]}` }),
      /^Error: state\.json: \/Resources is given 2 times in one object, with different values: JSON keeps only the last, so the others would be lost; keep one, so nothing in the file could be read as the target's state/,
    );
    const twoNames =
      '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"t2","userName":"bo@contoso.com","userName":"cy@contoso.com"}';
    const sameTwice = '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"t3","id":"t3","userName":"di@contoso.com"}';
    const { state, problems } = stateOf({ 'state.json': `{"Resources":[${user},${twoNames},${sameTwice}]}` });
    assert.deepEqual(
      state.users.map((resource) => resource.id),
      ['t1', 't3'],
    );
    assert.deepEqual(problems, [
      {
        where: 'state.json/Resources/1',
        message:
          '/Resources/1/userName is given 2 times in one object, with different values: JSON keeps only the last, so the others would be lost; keep one; skipped',
      },
    ]);
  });
});
