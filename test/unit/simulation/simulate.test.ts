// A simulated cycle: each object as the preview shows it, matching against the target's state
// (duplicates both ways), values the target keeps unique, assignment, the deletion threshold, and
// what a mapping change does.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { previewGroup, previewUser, wireRequests } from '../../../server/src/provisioning/requests';
import { parseSampleFile, type SampleGroup, type SampleUser } from '../../../server/src/schema/sample-data';
import type { DirectoryEntry } from '../../../server/src/simulation/directory';
import { compareRecords } from '../../../server/src/simulation/impact';
import { defaultCycleSettings, Simulation, type CycleSettings } from '../../../server/src/simulation/simulate';
import { directoryEntries, inputFiles, readDirectoryFiles, simulationOver } from '../../../server/src/simulation/input';
import { readTargetState, TargetIndex, type TargetState } from '../../../server/src/simulation/target-state';
import { parse } from '../../../server/src/syntax/parser';
import { bundledTarget } from '../../../server/src/schema/target-format';
import type { Target } from '../../../server/src/schema/target';
import { repositoryRoot } from '../../support/repository';

const root = repositoryRoot(__dirname);
const genesys = parse(readFileSync(join(root, 'examples', 'purecloud.scimmap'), 'utf8')).file;
const samples = parseSampleFile(readFileSync(join(root, 'examples', 'users.json'), 'utf8'));
assert.ok(samples.ok);
const { users, groups } = samples.value;

const user = (id: string, attributes: Record<string, unknown>): DirectoryEntry => ({ kind: 'user', sample: { id, attributes }, where: id });
const userEntry = (sample: SampleUser): DirectoryEntry => ({ kind: 'user', sample, where: sample.id });
const groupEntry = (sample: SampleGroup): DirectoryEntry => ({ kind: 'group', sample, where: sample.id });
const isRecordLike = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);

function simulation(
  options: { target?: TargetIndex; settings?: CycleSettings; assignmentKnown?: boolean; file?: typeof genesys; targetSchema?: Target } = {},
) {
  return new Simulation(options.file ?? genesys, {
    settings: options.settings ?? defaultCycleSettings,
    target: options.target,
    targetSchema: options.targetSchema,
    assignmentKnown: options.assignmentKnown ?? false,
  });
}

const scimUser = (id: string, userName: string, extra: Record<string, unknown> = {}) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  id,
  userName,
  active: true,
  ...extra,
});

/** Genesys Cloud users matched on mailNickname (externalId): userName is unique, but no matching query asks for it. */
const byMailNickname = parse(
  'users {\n  externalId <- [mailNickname] match 1\n  userName <- [userPrincipalName]\n  displayName <- [displayName]\n  active <- Not([IsSoftDeleted])\n}\n',
).file;

/** The generic SCIM target with `attribute` kept unique (`uniqueness` server) in every resource. */
function genericWithUnique(name: string): Target {
  const generic = bundledTarget('generic-scim')!;
  return {
    ...generic,
    resources: generic.resources.map((resource) => ({
      ...resource,
      schemas: resource.schemas.map((schema) => ({
        ...schema,
        attributes: schema.attributes.map((attribute) => (attribute.name === name ? { ...attribute, uniqueness: 'server' } : attribute)),
      })),
    })),
  };
}

describe('simulate', () => {
  test('every sample of examples/ gets exactly the requests the preview shows for it', () => {
    const cycle = simulation();
    cycle.know(users);
    for (const sample of users) {
      const record = cycle.simulate(userEntry(sample));
      assert.deepEqual(
        record.simulation.requests,
        wireRequests(previewUser(genesys, sample, { samples: samples.value, target: sample.target })),
        sample.id,
      );
    }
    for (const sample of groups) {
      const record = cycle.simulate(groupEntry(sample));
      assert.deepEqual(
        record.simulation.requests,
        wireRequests(previewGroup(genesys, sample, { samples: samples.value, target: sample.target })),
        sample.id,
      );
    }
  });

  test("a generic SCIM target's objects are simulated with its schema, not Genesys Cloud's: each equals the preview for that target", () => {
    const generic = bundledTarget('generic-scim')!;
    const notesOf = (preview: { requests: ReadonlyArray<{ notes: ReadonlyArray<{ severity: string; message: string }> }> }) =>
      preview.requests.flatMap((request) => request.notes.filter((note) => note.severity !== 'information').map((note) => note.message));
    const cycle = simulation({ targetSchema: generic });
    cycle.know(users);
    for (const sample of users) {
      const record = cycle.simulate(userEntry(sample));
      const preview = previewUser(genesys, sample, { samples: samples.value, target: sample.target, targetSchema: generic });
      assert.deepEqual(record.simulation.requests, wireRequests(preview), sample.id);
      assert.deepEqual(
        record.simulation.rejections.filter((rejection) => rejection.where !== 'object').map((rejection) => rejection.reason),
        notesOf(preview),
        sample.id,
      );
    }
    // Genesys Cloud wants E.164 phone numbers; a generic SCIM server takes any string.
    const bruno = users.find((sample) => sample.id === 'bruno')!;
    const e164 = (record: ReturnType<Simulation['simulate']>) =>
      record.simulation.rejections.some((rejection) => /E\.164/.test(rejection.reason));
    assert.ok(e164(simulation().simulate(userEntry(bruno))), 'Genesys Cloud rejects the phone number');
    assert.ok(!e164(simulation({ targetSchema: generic }).simulate(userEntry(bruno))), 'a generic SCIM server does not');
    assert.equal(cycle.simulate(groupEntry(groups[0])).targetSystem.displayName, generic.name);
  });

  test('records read like Entra provisioning logs', () => {
    const record = simulation().simulate(
      user('u1', { userPrincipalName: 'ada@contoso.com', displayName: 'Ada', mail: 'ada@contoso.com', accountEnabled: true }),
    );
    assert.equal(record.provisioningAction, 'create');
    assert.equal(record.provisioningStatusInfo.status, 'success');
    assert.deepEqual(
      record.provisioningSteps.map((step) => step.provisioningStepType),
      ['import', 'scoping', 'matching', 'export'],
    );
    // The source identity is named as the logs name it: the user's display name.
    assert.deepEqual(record.sourceIdentity, { id: 'u1', displayName: 'Ada', identityType: 'User', details: { where: 'u1' } });
    assert.ok(
      record.modifiedProperties.some(
        (property) => property.displayName === 'userName' && property.newValue === 'ada@contoso.com' && property.oldValue === null,
      ),
    );
    assert.equal(record.targetSystem.displayName, 'Genesys Cloud');
    // Step names and the target's type as Graph's provisioningObjectSummary examples write them.
    assert.deepEqual(
      record.provisioningSteps.map((step) => step.name),
      ['EntryImport', 'EntrySynchronizationScoping', 'EntryImport', 'EntryExportAdd'],
    );
    assert.equal(record.provisioningSteps[1].details.Assigned, 'True');
    assert.equal(record.targetIdentity.identityType, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User');
  });

  test("every record carries the members Graph's provisioningObjectSummary always has: errorInformation null without an error, the target identity's details, each system's id (null: a tenant's) and details (before: absent)", () => {
    const state = { users: [scimUser('t1', 'ada@contoso.com'), scimUser('t2', 'ADA@contoso.com')], groups: [] };
    const cycle = simulation({ target: new TargetIndex(state) });
    const created = cycle.simulate(user('u1', { userPrincipalName: 'bob@contoso.com', displayName: 'Bob', accountEnabled: true }));
    const skipped = cycle.simulate(user('u2', { userPrincipalName: 'gone@contoso.com', IsSoftDeleted: true }));
    const failed = cycle.simulate(user('u3', { userPrincipalName: 'ada@contoso.com', accountEnabled: true }));
    for (const record of [created, skipped])
      assert.deepEqual(record.provisioningStatusInfo, { status: record.provisioningStatusInfo.status, errorInformation: null });
    assert.equal(failed.provisioningStatusInfo.errorInformation?.errorCode, 'DuplicateTargetEntries');
    for (const record of [created, skipped, failed]) {
      assert.deepEqual(record.targetIdentity.details, {});
      assert.deepEqual(record.sourceSystem, { id: null, displayName: 'Microsoft Entra ID', details: {} });
      assert.deepEqual(record.targetSystem, { id: null, displayName: 'Genesys Cloud', details: {} });
    }
    assert.deepEqual(Object.keys(created.targetIdentity), ['id', 'displayName', 'identityType', 'details']);
  });

  test("failures carry Graph's provisioningErrorInfo; a refused write keeps its failed export step, an ambiguous match is DuplicateTargetEntries", () => {
    const state = { users: [scimUser('t1', 'ada@contoso.com'), scimUser('t2', 'ADA@contoso.com')], groups: [] };
    const ambiguous = simulation({ target: new TargetIndex(state) }).simulate(
      user('u1', { userPrincipalName: 'ada@contoso.com', displayName: 'Ada', accountEnabled: true }),
    );
    assert.deepEqual(Object.keys(ambiguous.provisioningStatusInfo.errorInformation!), [
      'errorCode',
      'reason',
      'additionalDetails',
      'errorCategory',
      'recommendedAction',
    ]);
    assert.equal(ambiguous.provisioningStatusInfo.errorInformation!.errorCode, 'DuplicateTargetEntries');
    assert.equal(ambiguous.provisioningStatusInfo.errorInformation!.errorCategory, 'nonServiceFailure');
    assert.equal(ambiguous.provisioningSteps.at(-1)!.name, 'EntrySynchronizationError', 'nothing was exported');
    const cycle = simulation({ file: byMailNickname });
    cycle.simulate(user('u1', { mailNickname: 'u1', userPrincipalName: 'same@contoso.com', displayName: 'One', accountEnabled: true }));
    const refused = cycle.simulate(
      user('u2', { mailNickname: 'u2', userPrincipalName: 'same@contoso.com', displayName: 'Two', accountEnabled: true }),
    );
    assert.equal(refused.provisioningStatusInfo.errorInformation!.errorCode, null);
    assert.deepEqual(
      { name: refused.provisioningSteps.at(-1)!.name, status: refused.provisioningSteps.at(-1)!.status },
      { name: 'EntryExportAdd', status: 'failure' },
    );
  });

  test('an unassigned user Entra skips says NotEffectivelyEntitled; a member\'s "$ref": null is no modified property', () => {
    const skipped = simulation({ assignmentKnown: true }).simulate(
      user('u1', { userPrincipalName: 'ada@contoso.com', displayName: 'Ada', accountEnabled: true, appRoleAssignments: [] }),
    );
    assert.equal(skipped.simulation.action, 'skip');
    assert.equal(skipped.provisioningSteps.at(-1)!.details.SkipReason, 'NotEffectivelyEntitled');
    const cycle = simulation();
    cycle.know(users);
    const sales = cycle.simulate(groupEntry(groups.find((group) => group.id === 'sales')!));
    assert.ok(sales.modifiedProperties.length > 0);
    assert.ok(sales.modifiedProperties.every((property) => property.oldValue !== null || property.newValue !== null));
  });

  test('every kind of record is the text JSON.stringify writes for it, whether its fixed runs are made for it or kept from an earlier object', () => {
    // Creates, updates, disables, skips, a group's member changes, a failure by collision, with and without the editor's sources.
    const twin = user('twin', { ...users[0].attributes, objectId: 'twin' });
    const entries = [...users.map(userEntry), twin, ...groups.map(groupEntry)];
    for (const keepSources of [false, true]) {
      const texts = [0, 1].map(() => {
        const cycle = new Simulation(genesys, { settings: defaultCycleSettings, assignmentKnown: false, keepSources });
        cycle.know(users);
        return entries.map((entry) => cycle.simulateText(entry).text);
      });
      assert.deepEqual(texts[1], texts[0], 'the second cycle writes from kept texts what the first wrote');
      for (const text of texts[0]) assert.equal(JSON.stringify(JSON.parse(text)), text);
      const actions = new Set(texts[0].map((text) => (JSON.parse(text) as { simulation: { action: string } }).simulation.action));
      assert.deepEqual([...actions].sort(), ['create', 'disable', 'failure', 'skip', 'update']);
    }
  });

  test("modifiedProperties give the target's old value of what an update replaces, a disable turns off and a group loses, in both PATCH dialects", () => {
    const byId = (id: string) => users.find((sample) => sample.id === id)!;
    for (const compat of ['default', 'aadOptscim062020'] as const) {
      const cycle = new Simulation(genesys, { settings: defaultCycleSettings, assignmentKnown: false, compat });
      cycle.know(users);
      const properties = (entry: DirectoryEntry) => {
        const simulated = cycle.simulateText(entry);
        const record = JSON.parse(simulated.text) as ReturnType<Simulation['simulate']>;
        // The text is the record as JSON.stringify writes it, keys in order.
        assert.equal(JSON.stringify(record), simulated.text);
        return record.modifiedProperties;
      };
      // amelia's title is "Sales Manager" in Genesys Cloud; her mobile number is not there yet (an Add: no old value).
      assert.deepEqual(properties(userEntry(byId('amelia'))), [
        { displayName: 'title', oldValue: 'Sales Manager', newValue: 'Head of Sales' },
        { displayName: 'phoneNumbers[type eq "mobile"].value', oldValue: null, newValue: '+14255550101' },
      ]);
      // dmitri is soft-deleted in Entra and active in the target: a boolean old value is written as the logs write values.
      assert.deepEqual(properties(userEntry(byId('dmitri'))), [
        { displayName: 'active', oldValue: 'true', newValue: compat === 'default' ? 'False' : 'false' },
      ]);
      // The group gains chloe (new: no old value) and loses dmitri, named as the flag's remove addresses him in both dialects.
      const dmitri = '5e4d3c2b-1a09-4f8e-b7d6-c5b4a3928170';
      assert.deepEqual(
        properties(groupEntry(groups.find((sample) => sample.id === 'sales')!)).filter((property) => property.displayName !== 'externalId'),
        [
          { displayName: 'members[0].value', oldValue: null, newValue: '«id of chloe in Genesys Cloud»' },
          { displayName: `members[value eq "${dmitri}"]`, oldValue: dmitri, newValue: null },
        ],
      );
    }
  });

  test("an update's multi-valued element and its merged replace (the flag) carry the old value at the same place; values the target lacks have none", () => {
    const state = readTargetState(
      [
        {
          Resources: [
            scimUser('t1', 'ada@contoso.com', {
              displayName: 'Ada L',
              title: 'Analyst',
              emails: [
                { type: 'other', value: 'ada@home.example' },
                { type: 'work', value: 'ada.old@contoso.com' },
              ],
              'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Support' },
            }),
          ],
        },
      ],
      'state.json',
      () => assert.fail(),
    );
    const ada = user('u1', {
      userPrincipalName: 'ada@contoso.com',
      displayName: 'Ada',
      mail: 'ada@contoso.com',
      jobTitle: 'Lead "Analyst"',
      department: 'Sales',
      employeeId: '42',
      accountEnabled: true,
    });
    const expected = [
      { displayName: 'displayName', oldValue: 'Ada L', newValue: 'Ada' },
      { displayName: 'emails[type eq "work"].value', oldValue: 'ada.old@contoso.com', newValue: 'ada@contoso.com' },
      { displayName: 'title', oldValue: 'Analyst', newValue: 'Lead "Analyst"' },
      { displayName: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', oldValue: 'Support', newValue: 'Sales' },
      { displayName: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber', oldValue: null, newValue: '42' },
    ];
    const byName = (a: { displayName: string }, b: { displayName: string }) => a.displayName.localeCompare(b.displayName);
    for (const compat of ['default', 'aadOptscim062020'] as const) {
      const cycle = new Simulation(genesys, {
        settings: defaultCycleSettings,
        assignmentKnown: false,
        compat,
        target: new TargetIndex(state),
      });
      const record = cycle.simulate(ada);
      const operations = (record.simulation.requests[1].body as { Operations: Array<{ op: string; path?: string }> }).Operations;
      // The flag merges the replaces without a filter into one operation without a path, keyed by attribute.
      assert.equal(
        operations.some((operation) => operation.path === undefined),
        compat === 'aadOptscim062020',
        compat,
      );
      assert.deepEqual([...record.modifiedProperties].sort(byName), expected, compat);
    }
  });

  test('a create lists the attributes the mapping sets, each without an old value, and not the envelope (schemas, meta)', () => {
    for (const targetSchema of [undefined, bundledTarget('generic-scim')!]) {
      const record = simulation({ targetSchema }).simulate(
        user('u1', { userPrincipalName: 'ada@contoso.com', displayName: 'Ada', mail: 'ada@contoso.com', accountEnabled: true }),
      );
      const body = record.simulation.requests.find((request) => request.method === 'POST')!.body as Record<string, unknown>;
      assert.ok(Array.isArray(body.schemas) && isRecordLike(body.meta), 'the body has an envelope');
      assert.deepEqual(
        record.modifiedProperties.map((property) => property.displayName),
        ['userName', 'active', 'displayName', 'emails[type eq "work"].value'],
      );
      assert.ok(record.modifiedProperties.every((property) => property.oldValue === null));
    }
  });

  test("a create names each attribute as its mapping's target, as an update does: one name per attribute in every record, whatever the body's order (before: emails[0].value, phoneNumbers[0].value for one user's work phone and another's mobile, User.department)", () => {
    const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
    const state = readTargetState([{ Resources: [scimUser('t1', 'old@contoso.com', { displayName: 'Old' })] }], 'state.json', () =>
      assert.fail(),
    );
    const values = { mail: 'x@contoso.com', jobTitle: 'Agent', department: 'Sales', employeeId: '42', accountEnabled: true };
    for (const compat of ['default', 'aadOptscim062020'] as const) {
      const cycle = new Simulation(genesys, {
        settings: defaultCycleSettings,
        assignmentKnown: false,
        compat,
        target: new TargetIndex(state),
      });
      const properties = (entry: DirectoryEntry) =>
        cycle.simulate(entry).modifiedProperties.map(({ displayName, newValue }) => [displayName, newValue] as const);
      // w1 has a work phone only, w2 a mobile and a work phone: the POST body's phoneNumbers[0] is another phone for each.
      assert.deepEqual(properties(user('w1', { userPrincipalName: 'w1@contoso.com', telephoneNumber: '+14255550111', ...values })), [
        ['userName', 'w1@contoso.com'],
        ['active', 'true'],
        ['emails[type eq "work"].value', 'x@contoso.com'],
        ['title', 'Agent'],
        ['phoneNumbers[type eq "work"].value', '+14255550111'],
        [`${enterprise}:department`, 'Sales'],
        [`${enterprise}:employeeNumber`, '42'],
      ]);
      const w2 = properties(
        user('w2', { userPrincipalName: 'w2@contoso.com', mobile: '+14255550122', telephoneNumber: '+14255550123', ...values }),
      );
      assert.deepEqual(w2.slice(4, 6), [
        ['phoneNumbers[type eq "mobile"].value', '+14255550122'],
        ['phoneNumbers[type eq "work"].value', '+14255550123'],
      ]);
      // The same attributes updated on the target's object carry the same names.
      const updated = properties(
        user('u1', {
          userPrincipalName: 'old@contoso.com',
          displayName: 'Old',
          mobile: '+14255550122',
          telephoneNumber: '+14255550123',
          ...values,
        }),
      );
      const created = new Set(w2.map(([name]) => name));
      assert.deepEqual(
        updated.map(([name]) => name).filter((name) => !created.has(name)),
        [],
        compat,
      );
      assert.equal(updated.length, 6, compat);
    }
  });

  test('a role mapped to one element, roles[primary eq "True"].value, is named so in an update too, whose PATCH goes to the whole roles list (before: roles[0].value, and roles[0].primary, roles[0].type under aadOptscim062020)', () => {
    const file = parse(
      'target "generic-scim"\nusers {\n  userName <- [userPrincipalName] match 1\n  displayName <- [displayName]\n  roles[primary eq "True"].value <- SingleAppRoleAssignment([appRoleAssignments])\n}\n',
    ).file;
    const state = readTargetState(
      [{ Resources: [scimUser('t1', 'u@contoso.com', { displayName: 'U', roles: [{ value: 'Old', primary: false }] })] }],
      'state.json',
      () => assert.fail(),
    );
    const assigned = (id: string) =>
      user(id, {
        userPrincipalName: `${id}@contoso.com`,
        displayName: id.toUpperCase(),
        appRoleAssignments: [{ id: 'r-1', value: 'Admin' }],
      });
    const role = '{"id":"r-1","value":"Admin","displayName":"Admin"}';
    for (const [compat, sent] of [
      ['default', role],
      ['aadOptscim062020', 'Admin'],
    ] as const) {
      const cycle = new Simulation(file, {
        settings: defaultCycleSettings,
        assignmentKnown: false,
        compat,
        target: new TargetIndex(state),
        targetSchema: bundledTarget('generic-scim'),
      });
      const roles = (entry: DirectoryEntry) => {
        const record = cycle.simulate(entry);
        return [record.simulation.action, record.modifiedProperties.filter((property) => property.displayName.startsWith('roles'))];
      };
      assert.deepEqual(roles(assigned('c')), [
        'create',
        [{ displayName: 'roles[primary eq "True"].value', oldValue: null, newValue: 'Admin' }],
      ]);
      assert.deepEqual(
        roles(assigned('u')),
        ['update', [{ displayName: 'roles[primary eq "True"].value', oldValue: null, newValue: sent }]],
        compat,
      );
    }
  });

  test('matching against the target state: an update when found, a create when not, no change when equal', () => {
    const state = readTargetState([{ Resources: [scimUser('t1', 'ada@contoso.com', { displayName: 'Old Name' })] }], 'state.json', () =>
      assert.fail(),
    );
    const cycle = simulation({ target: new TargetIndex(state) });
    const found = cycle.simulate(user('u1', { userPrincipalName: 'ADA@contoso.com', displayName: 'Ada', accountEnabled: true }));
    assert.equal(found.simulation.action, 'update');
    assert.equal(found.targetIdentity.id, 't1');
    assert.ok(found.simulation.requests.some((request) => request.method === 'PATCH' && request.path === '/Users/t1'));
    const missing = cycle.simulate(user('u2', { userPrincipalName: 'bob@contoso.com', displayName: 'Bob', accountEnabled: true }));
    assert.equal(missing.simulation.action, 'create');
  });

  test('matching on a caseExact attribute (externalId) finds only the same case, as the filter query compares (RFC 7644 §3.4.2.2)', () => {
    const byExternalId = parse(
      `users {\n  externalId <- [mailNickname] match 1\n  userName <- [userPrincipalName]\n  displayName <- [displayName]\n  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")\n}\n`,
    ).file;
    const state = readTargetState(
      [
        {
          Resources: [
            scimUser('t1', 'ada@contoso.com', { externalId: 'AdaL', displayName: 'Old' }),
            scimUser('t2', 'bo@contoso.com', { externalId: 'bol' }),
          ],
        },
      ],
      's',
      () => assert.fail(),
    );
    const cycle = simulation({ target: new TargetIndex(state), file: byExternalId });
    const exact = cycle.simulate(
      user('u1', { mailNickname: 'AdaL', userPrincipalName: 'ada@contoso.com', displayName: 'Ada', accountEnabled: true }),
    );
    assert.equal(exact.targetIdentity.id, 't1');
    const otherCase = cycle.simulate(
      user('u2', { mailNickname: 'BoL', userPrincipalName: 'bo@contoso.com', displayName: 'Bo', accountEnabled: true }),
    );
    // Not found, so Entra creates the user, and the target answers 409: t2 holds its userName.
    assert.equal(otherCase.provisioningAction, 'create');
    assert.match(otherCase.simulation.summary, /userName "bo@contoso\.com" is held by the target's object "t2"/);
  });

  test('one source matching two target objects, and two sources matching one, fail', () => {
    const state = readTargetState(
      [{ Resources: [scimUser('t1', 'twin@contoso.com'), scimUser('t2', 'TWIN@contoso.com'), scimUser('t3', 'solo@contoso.com')] }],
      's',
      () => assert.fail(),
    );
    const cycle = simulation({ target: new TargetIndex(state) });
    const twin = cycle.simulate(user('u1', { userPrincipalName: 'twin@contoso.com', accountEnabled: true }));
    assert.equal(twin.simulation.action, 'failure');
    assert.match(twin.simulation.summary, /finds 2 objects in the target \(ids "t1", "t2"\)/);
    assert.equal(cycle.simulate(user('u2', { userPrincipalName: 'solo@contoso.com', accountEnabled: true })).simulation.action, 'noChange');
    const second = cycle.simulate(user('u3', { userPrincipalName: 'Solo@Contoso.com', accountEnabled: true }));
    assert.equal(second.simulation.action, 'failure');
    assert.match(second.simulation.summary, /already matched by "u2"/);
    assert.equal(cycle.summary().byAction.failure, 2);
  });

  test('two users mapping to one userName that is not a matching attribute: the second fails, its POST answered with 409, by name', () => {
    const cycle = simulation({ file: byMailNickname });
    cycle.simulate(user('u1', { mailNickname: 'u1', userPrincipalName: 'same@contoso.com', displayName: 'Someone', accountEnabled: true }));
    const second = cycle.simulate(
      user('u2', { mailNickname: 'u2', userPrincipalName: 'SAME@contoso.com', displayName: 'Someone', accountEnabled: true }),
    );
    assert.equal(second.provisioningStatusInfo.status, 'failure');
    assert.equal(second.simulation.action, 'failure');
    assert.match(second.simulation.summary, /^Entra fails the object: userName "SAME@contoso.com" is also what "u1" maps to.*409/);
    assert.ok(second.simulation.rejections.some((rejection) => /also what "u1" maps to.*409/.test(rejection.reason)));
    // The write is sent: the 409 is its answer.
    assert.deepEqual(
      second.simulation.requests.map((request) => request.method),
      ['GET', 'POST'],
    );
    assert.equal(cycle.summary().byAction.failure, 1);
  });

  test('a user matching what the cycle created for an earlier user (same UPN, or another letter case) fails at matching: two sources, one target object (before: POST, 409)', () => {
    const cycle = simulation();
    const first = cycle.simulate(user('pat', { userPrincipalName: 'pat@contoso.com', displayName: 'Pat', accountEnabled: true }));
    assert.equal(first.simulation.action, 'create');
    for (const [id, upn] of [
      ['pat2', 'pat@contoso.com'],
      ['pat3', 'PAT@contoso.com'],
    ]) {
      const second = cycle.simulate(user(id, { userPrincipalName: upn, displayName: 'Pat Two', accountEnabled: true }));
      assert.equal(second.simulation.action, 'failure');
      assert.equal(second.provisioningAction, 'other', 'nothing is written');
      assert.match(
        second.simulation.summary,
        new RegExp(
          `^Entra fails the object: the matching query \\(userName "${upn}"\\) finds the target object written earlier in this cycle for "pat", already matched by it: two sources match one target object`,
        ),
      );
      assert.deepEqual(
        second.simulation.requests.map((request) => request.method),
        ['GET'],
      );
      const matching = second.provisioningSteps.find((step) => step.provisioningStepType === 'matching')!;
      assert.equal(matching.description, 'Found the target object written earlier in this cycle for "pat"');
      assert.equal(second.provisioningSteps.at(-1)!.name, 'EntrySynchronizationError');
    }
    // Against a target state too, and for a group created earlier (a generic SCIM group's displayName is not unique, but matched).
    const generic = bundledTarget('generic-scim')!;
    const groupsFile = parse('groups {\n  actions create, update\n  displayName <- [displayName] match 1\n}\n').file;
    const against = simulation({ file: groupsFile, targetSchema: generic, target: new TargetIndex({ users: [], groups: [] }) });
    assert.equal(against.simulate(groupEntry({ id: 'g1', attributes: { displayName: 'Sales' }, members: [] })).simulation.action, 'create');
    const again = against.simulate(groupEntry({ id: 'g2', attributes: { displayName: 'sales' }, members: [] }));
    assert.match(again.simulation.summary, /written earlier in this cycle for "g1".*two sources match one target object/);
    // A refused create leaves nothing to match: the next user is created.
    const refused = simulation();
    refused.simulate(user('r1', { userPrincipalName: 'r@contoso.com', accountEnabled: true }));
    assert.equal(
      refused.simulate(user('r2', { userPrincipalName: 'r@contoso.com', displayName: 'R', accountEnabled: true })).simulation.action,
      'create',
    );
    assert.equal(cycle.summary().byAction.failure, 2);
  });

  test('a write the target refuses holds no unique value: a later user taking the userName is created, or fails for the object that holds it', () => {
    const cycle = simulation();
    const refused = cycle.simulate(user('r1', { userPrincipalName: 'r1@contoso.com', accountEnabled: true }));
    assert.match(refused.simulation.summary, /requires displayName on create/);
    const later = cycle.simulate(user('r3', { userPrincipalName: 'R1@CONTOSO.COM', displayName: 'Dup Case', accountEnabled: true }));
    assert.equal(later.simulation.action, 'create', 'no target object holds r1@contoso.com');
    const third = cycle.simulate(user('r4', { userPrincipalName: 'r1@contoso.com', displayName: 'Third', accountEnabled: true }));
    assert.match(third.simulation.summary, /written earlier in this cycle for "r3"/, 'the created user holds it');
    // Refused by a 409 of its own (the target holds the value): the next user's 409 names that holder, not the refused user.
    const byExternalId = parse('users {\n  externalId <- [mailNickname] match 1\n  userName <- [userPrincipalName]\n}\n').file;
    const state = { users: [scimUser('t1', 'taken@contoso.com', { externalId: 'someone' })], groups: [] };
    const against = simulation({ file: byExternalId, target: new TargetIndex(state) });
    against.simulate(user('u1', { mailNickname: 'me1', userPrincipalName: 'taken@contoso.com' }));
    const next = against.simulate(user('u2', { mailNickname: 'me2', userPrincipalName: 'Taken@contoso.com' }));
    assert.match(next.simulation.summary, /is held by the target's object "t1"/);
  });

  test('sync only assigned: unassigned users are skipped, a group assigns its direct members; no assignment in the input counts everyone', () => {
    const cycle = simulation({ assignmentKnown: true });
    cycle.registerGroup({ id: 'g1', attributes: { displayName: 'Agents', appRoleAssignments: ['User'] }, members: ['viaGroup'] });
    assert.equal(
      cycle.simulate(
        user('direct', { userPrincipalName: 'd@contoso.com', displayName: 'Someone', accountEnabled: true, appRoleAssignments: ['User'] }),
      ).simulation.action,
      'create',
    );
    assert.equal(
      cycle.simulate(user('viaGroup', { userPrincipalName: 'g@contoso.com', displayName: 'Someone', accountEnabled: true })).simulation
        .action,
      'create',
    );
    const unassigned = cycle.simulate(user('none', { userPrincipalName: 'n@contoso.com', displayName: 'Someone', accountEnabled: true }));
    assert.equal(unassigned.simulation.action, 'skip');
    assert.equal(unassigned.provisioningSteps[1].details.Assigned, 'False');
    assert.deepEqual(cycle.summary().notes, []);
    const syncAll = simulation({ assignmentKnown: true, settings: { ...defaultCycleSettings, scope: 'all' } });
    assert.equal(
      syncAll.simulate(user('none', { userPrincipalName: 'n@contoso.com', displayName: 'Someone', accountEnabled: true })).simulation
        .action,
      'create',
    );
    const csvLike = simulation();
    csvLike.simulate(user('none', { userPrincipalName: 'n@contoso.com', displayName: 'Someone', accountEnabled: true }));
    assert.match(csvLike.summary().notes[0], /no app role assignments.*every user counted as assigned/);
  });

  test('under "sync all" an unassigned user is in scope, and its scoping step still says it is not assigned (Assigned states the input)', () => {
    const syncAll = simulation({ assignmentKnown: true, settings: { ...defaultCycleSettings, scope: 'all' } });
    const record = syncAll.simulate(
      user('none', { userPrincipalName: 'n@contoso.com', displayName: 'Someone', accountEnabled: true, appRoleAssignments: [] }),
    );
    assert.equal(record.simulation.action, 'create');
    assert.equal(record.provisioningSteps[1].status, 'success');
    assert.deepEqual(record.provisioningSteps[1].details, { Assigned: 'False', 'Scope sync all': 'True' });
    const assigned = syncAll.simulate(
      user('some', { userPrincipalName: 's@contoso.com', displayName: 'Someone', accountEnabled: true, appRoleAssignments: ['User'] }),
    );
    assert.deepEqual(assigned.provisioningSteps[1].details, { Assigned: 'True', 'Scope sync all': 'True' });
  });

  test('groups under "sync only assigned": an unassigned group is out of scope, and no unassigned user becomes a member', () => {
    const state = {
      users: [scimUser('t-in', 'in@contoso.com'), scimUser('t-out', 'out@contoso.com')],
      groups: [
        { id: 'tg1', displayName: 'Agents', members: [] },
        { id: 'tg2', displayName: 'Unassigned' },
      ],
    };
    const cycle = simulation({ assignmentKnown: true, target: new TargetIndex(state) });
    cycle.know([
      { id: 'in', attributes: { userPrincipalName: 'in@contoso.com', displayName: 'In', appRoleAssignments: ['User'] } },
      { id: 'out', attributes: { userPrincipalName: 'out@contoso.com', displayName: 'Out' } },
    ]);
    const assigned = { id: 'g1', attributes: { displayName: 'Agents', appRoleAssignments: ['User'] }, members: ['in'] };
    const unassigned = { id: 'g2', attributes: { displayName: 'Unassigned' }, members: ['in'] };
    cycle.registerGroup(assigned);
    cycle.registerGroup(unassigned);
    // The assigned group's members as Entra reads them: "out" is a member it never assigned (not registered so).
    const record = cycle.simulate(groupEntry({ ...assigned, members: ['in', 'out'] }));
    assert.equal(record.simulation.action, 'update');
    assert.deepEqual(
      record.simulation.requests.filter((request) => request.method === 'PATCH').map((request) => request.body),
      [
        {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: 't-in' }] }],
        },
      ],
      'the unassigned user is no member Entra adds',
    );
    const left = cycle.simulate(groupEntry(unassigned));
    assert.equal(left.provisioningSteps[1].details.Assigned, 'False');
    assert.equal(left.provisioningSteps[1].status, 'skipped');
    assert.deepEqual(left.simulation.requests, [], 'Genesys Cloud never deletes groups: nothing is sent');
    // Skipped for being unassigned, as an unassigned user is, though the target keeps it (before: noChange, RedundantExport).
    assert.equal(left.simulation.action, 'skip');
    assert.equal(left.provisioningStatusInfo.status, 'skipped');
    assert.deepEqual(left.provisioningSteps.at(-1)!.details, { Requests: '0', SkipReason: 'NotEffectivelyEntitled' });
    assert.deepEqual([cycle.summary().byAction.skip, cycle.summary().byAction.noChange], [1, 0]);
  });

  test('a group resolves its members among users streamed before it (a Users CSV), not only users known beforehand', () => {
    const state = { users: [scimUser('t-u1', 'u1@contoso.com')], groups: [{ id: 'tg1', displayName: 'Agents' }] };
    const cycle = simulation({ target: new TargetIndex(state) });
    const group = { id: 'g1', attributes: { displayName: 'Agents' }, members: ['u1'] };
    cycle.registerGroup(group);
    cycle.simulate(user('u1', { userPrincipalName: 'u1@contoso.com', displayName: 'U1', accountEnabled: true }));
    cycle.simulate(user('u2', { userPrincipalName: 'u2@contoso.com', displayName: 'U2', accountEnabled: true }));
    const record = cycle.simulate(groupEntry(group));
    assert.equal(record.simulation.action, 'update');
    assert.ok(record.simulation.requests.some((request) => JSON.stringify(request.body ?? null).includes('"value":"t-u1"')));
  });

  test('members and managers that fail in the cycle have no id in the target: the group skips them, the report gets no manager, each record says so', () => {
    const state = {
      users: [scimUser('t-twin1', 'twin@contoso.com'), scimUser('t-twin2', 'TWIN@contoso.com'), scimUser('t-kept', 'kept@contoso.com')],
      groups: [{ id: 'tg1', displayName: 'Agents', members: [] }],
    };
    const cycle = simulation({ target: new TargetIndex(state) });
    const known: SampleUser[] = [
      { id: 'ok', attributes: { userPrincipalName: 'ok@contoso.com', displayName: 'Ok', accountEnabled: true } },
      // Refused: the target answers 409, as "ok" takes the userName first.
      { id: 'conflict', attributes: { userPrincipalName: 'OK@contoso.com', displayName: 'Conflict', accountEnabled: true } },
      // Fails at matching: two target objects, no write sent.
      { id: 'twin', attributes: { userPrincipalName: 'twin@contoso.com', displayName: 'Twin', accountEnabled: true } },
      // Matched: referenced by its id in the target.
      { id: 'kept', attributes: { userPrincipalName: 'kept@contoso.com', displayName: 'Kept', accountEnabled: true } },
      // Refused: Genesys Cloud requires displayName on create.
      { id: 'boss', attributes: { userPrincipalName: 'boss@contoso.com', accountEnabled: true } },
      {
        id: 'report',
        attributes: { userPrincipalName: 'report@contoso.com', displayName: 'Report', accountEnabled: true, manager: 'boss' },
      },
    ];
    cycle.know(known);
    const actions = known.map((sample) => cycle.simulate(userEntry(sample)).simulation.action);
    assert.deepEqual(actions.slice(0, 5), ['create', 'failure', 'failure', 'update', 'failure']);
    const report = cycle.simulate(userEntry(known[5]));
    assert.equal(report.simulation.action, 'create');
    assert.deepEqual(
      report.simulation.requests.map((request) => request.method),
      ['GET', 'POST'],
      'no manager PATCH to a manager Entra could not create',
    );
    assert.equal(report.simulation.summary, 'Entra creates the user.');
    assert.match(report.simulation.notes.join(' '), /The manager "boss" fails in this cycle \(see its record\)/);
    const group = cycle.simulate(
      groupEntry({ id: 'g1', attributes: { displayName: 'Agents' }, members: known.map((sample) => sample.id) }),
    );
    const added = group.simulation.requests.find((request) => request.method === 'PATCH')?.body as {
      Operations: Array<{ value: unknown }>;
    };
    assert.deepEqual(
      added.Operations[0].value,
      [
        { $ref: null, value: '«id of ok in Genesys Cloud»' },
        { $ref: null, value: 't-kept' },
        { $ref: null, value: '«id of report in Genesys Cloud»' },
      ],
      'created in this cycle, matched, created in this cycle; the three that fail are left out',
    );
    assert.equal(group.simulation.summary, 'Entra adds 3 members.');
    assert.match(group.simulation.notes.join(' '), /3 members \("conflict", "twin", "boss"\) fail in this cycle \(see their records\)/);
  });

  test('users skipped with no target object have no id in it either: the group skips them, the report gets no manager; a skipped user matching finds keeps its id', () => {
    const mapping = (actions: string) =>
      parse(
        `users {\n  actions ${actions}\n  userName <- [userPrincipalName] match 1\n  displayName <- [displayName]\n` +
          '  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")\n' +
          '  urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager <- [manager]\n}\n' +
          'groups {\n  actions update\n  displayName <- [displayName] match 1\n  members <- [members]\n}\n',
      ).file;
    const state = () =>
      new TargetIndex({
        users: [scimUser('t-kept', 'kept@contoso.com', { displayName: 'Kept' })],
        groups: [{ id: 'tg1', displayName: 'Agents', members: [] }],
      });
    const known: SampleUser[] = [
      // Unmatched: with create not allowed, Entra skips it and it has no target object.
      { id: 'boss', attributes: { userPrincipalName: 'boss@contoso.com', displayName: 'Boss', accountEnabled: true } },
      {
        id: 'kept',
        attributes: { userPrincipalName: 'kept@contoso.com', displayName: 'Kept', accountEnabled: true, manager: 'boss' },
      },
    ];
    const members = (record: ReturnType<Simulation['simulate']>) =>
      (record.simulation.requests.find((request) => request.method === 'PATCH')?.body as { Operations: Array<{ value: unknown }> })
        .Operations[0].value;

    const updateOnly = simulation({ file: mapping('update, delete'), target: state() });
    updateOnly.know(known);
    const [boss, kept] = known.map((sample) => updateOnly.simulate(userEntry(sample)));
    assert.equal(boss.simulation.action, 'skip');
    assert.equal(kept.simulation.action, 'noChange', 'no manager PATCH to a manager Entra skips with no target object');
    assert.match(
      kept.simulation.notes.join(' '),
      /The manager "boss" is skipped in this cycle \(see its record\), so it has no id in Genesys Cloud/,
    );
    const group = updateOnly.simulate(groupEntry({ id: 'g1', attributes: { displayName: 'Agents' }, members: ['boss', 'kept'] }));
    assert.deepEqual(members(group), [{ $ref: null, value: 't-kept' }]);
    assert.equal(group.simulation.summary, 'Entra adds 1 member.');
    assert.match(
      group.simulation.notes.join(' '),
      /Member "boss" is skipped in this cycle \(see its record\), so it has no id in Genesys Cloud: Entra skips it\./,
    );

    // Under "sync only assigned", an unassigned manager absent from the target is skipped too.
    const assignedOnly = simulation({ target: state(), assignmentKnown: true });
    assignedOnly.know(known);
    assert.equal(assignedOnly.simulate(userEntry(known[0])).simulation.action, 'skip');
    const report = assignedOnly.simulate(
      user('report', { userPrincipalName: 'report@contoso.com', displayName: 'Report', manager: 'boss', appRoleAssignments: ['Agent'] }),
    );
    assert.deepEqual(
      report.simulation.requests.map((request) => request.method),
      ['GET', 'POST'],
    );

    // Create only: the matched user is skipped (update not allowed) but stays in the target, referred to by its id.
    const createOnly = simulation({ file: mapping('create'), target: state() });
    createOnly.know(known);
    assert.deepEqual(
      known.map((sample) => createOnly.simulate(userEntry(sample)).simulation.action),
      ['create', 'skip'],
    );
    assert.deepEqual(
      members(createOnly.simulate(groupEntry({ id: 'g1', attributes: { displayName: 'Agents' }, members: ['boss', 'kept'] }))),
      [
        { $ref: null, value: '«id of boss in Genesys Cloud»' },
        { $ref: null, value: 't-kept' },
      ],
    );
  });

  test("a manager that comes after its report is not simulated yet: the report keeps the placeholder, and the manager's own record says it fails", () => {
    const cycle = simulation();
    const boss: SampleUser = { id: 'boss', attributes: { userPrincipalName: 'boss@contoso.com', accountEnabled: true } };
    const report: SampleUser = {
      id: 'report',
      attributes: { userPrincipalName: 'report@contoso.com', displayName: 'Report', accountEnabled: true, manager: 'boss' },
    };
    cycle.know([report, boss]);
    const first = cycle.simulate(userEntry(report));
    assert.ok(JSON.stringify(first.simulation.requests).includes('«id of boss in Genesys Cloud»'));
    assert.equal(cycle.simulate(userEntry(boss)).simulation.action, 'failure');
  });

  test('a userName another object of the target state holds is refused: the create or the update that takes it fails with its write sent', () => {
    const byExternalId = parse(
      'users {\n  externalId <- [mailNickname] match 1\n  userName <- [userPrincipalName]\n  displayName <- [displayName]\n}\n',
    ).file;
    const state = {
      users: [
        scimUser('t1', 'taken@contoso.com', { externalId: 'someone', displayName: 'Someone' }),
        scimUser('t2', 'me2@contoso.com', { externalId: 'me2', displayName: 'Me2' }),
        scimUser('t3', 'me3@contoso.com', { externalId: 'me3', displayName: 'Old' }),
      ],
      groups: [],
    };
    const cycle = simulation({ file: byExternalId, target: new TargetIndex(state) });
    const created = cycle.simulate(user('u1', { mailNickname: 'me1', userPrincipalName: 'taken@contoso.com', displayName: 'Me1' }));
    assert.equal(created.simulation.action, 'failure');
    assert.equal(created.provisioningAction, 'create');
    assert.match(
      created.simulation.summary,
      /userName "taken@contoso\.com" is held by the target's object "t1" \(in the target state\).*409/,
    );
    const renamed = cycle.simulate(user('u2', { mailNickname: 'me2', userPrincipalName: 'TAKEN@contoso.com', displayName: 'Me2' }));
    assert.equal(renamed.simulation.action, 'failure');
    assert.equal(renamed.provisioningAction, 'update');
    const kept = cycle.simulate(user('u3', { mailNickname: 'me3', userPrincipalName: 'me3@contoso.com', displayName: 'New' }));
    assert.equal(kept.simulation.action, 'update', 'its own userName is no collision');
  });

  test('a userName renamed by an accepted update is free for a later create, and no longer matches; a refused rename keeps it held (before: the old value stayed held, a 409)', () => {
    // The audit's uniq/: r1's rename is refused (t-held holds its new value), r3's is accepted.
    const byExternalId = (matching: string) =>
      parse(
        `users {\n  externalId <- [objectId] match 1\n  userName <- [userPrincipalName] ${matching}\n  displayName <- [displayName]\n}\n`,
      ).file;
    const state = {
      users: [
        scimUser('t-r1', 'old-r1@contoso.com', { externalId: 'r1', displayName: 'Renamer' }),
        scimUser('t-held', 'held@contoso.com', { displayName: 'Holder' }),
        scimUser('t-r3', 'was-r3@contoso.com', { externalId: 'r3', displayName: 'Renames to free' }),
      ],
      groups: [],
    };
    const directory = [
      user('r1', { objectId: 'r1', userPrincipalName: 'held@contoso.com', displayName: 'Renamer' }),
      user('r2', { objectId: 'r2', userPrincipalName: 'old-r1@contoso.com', displayName: 'Takes old' }),
      user('r3', { objectId: 'r3', userPrincipalName: 'free@contoso.com', displayName: 'Renames to free' }),
      user('r4', { objectId: 'r4', userPrincipalName: 'WAS-R3@contoso.com', displayName: 'Takes r3 old' }),
    ];
    // Matching on externalId only, then on userName too: the renamed t-r3 answers no query for its old userName.
    for (const matching of ['', 'match 2']) {
      const cycle = simulation({
        file: byExternalId(matching),
        target: new TargetIndex(state),
        targetSchema: bundledTarget('generic-scim'),
      });
      const [r1, r2, r3, r4] = directory.map((entry) => cycle.simulate(entry));
      assert.deepEqual(
        [r1, r2, r3, r4].map((record) => [record.sourceIdentity.id, record.simulation.action, record.targetIdentity.id ?? null]),
        [
          ['r1', 'failure', 't-r1'],
          // The refused rename keeps old-r1 held: a 409 for r2's create, or r2 matches t-r1, which r1 matched.
          ['r2', 'failure', matching ? 't-r1' : null],
          ['r3', 'update', 't-r3'],
          ['r4', 'create', null],
        ],
        matching,
      );
      assert.match(
        r2.simulation.summary,
        matching
          ? /the target object t-r1 is already matched by "r1"/
          : /userName "old-r1@contoso\.com" is held by the target's object "t-r1"/,
      );
      assert.equal(r4.provisioningStatusInfo.status, 'success', matching);
    }
  });

  test('a unique value of a target object deleted earlier in the cycle is free for a later create, and the deleted object no longer matches; a disabled user keeps its userName (before: a 409)', () => {
    // A target that deletes groups and keeps their displayName unique (many SCIM apps do; Genesys Cloud deletes none).
    const uniqueNames = genericWithUnique('displayName');
    const groups = (matching: string) =>
      parse(
        `target "generic-scim"\nsync all\ngroups {\n  actions create, update, delete\n  externalId <- [objectId] match 1\n  displayName <- [displayName] ${matching}\n}\n`,
      ).file;
    const state = {
      users: [],
      groups: [{ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id: 'tg1', externalId: 'g1', displayName: 'Sales' }],
    };
    // Matching on externalId only, then on displayName too: the deleted tg1 answers no query for "Sales".
    for (const matching of ['', 'match 2']) {
      const cycle = simulation({ file: groups(matching), target: new TargetIndex(state), targetSchema: uniqueNames });
      const deleted = cycle.simulate(
        groupEntry({ id: 'g1', attributes: { objectId: 'g1', displayName: 'Sales', IsSoftDeleted: true }, members: [] }),
      );
      assert.equal(deleted.simulation.action, 'delete', matching);
      assert.deepEqual(deleted.simulation.requests.at(-1), { method: 'DELETE', path: '/Groups/tg1' }, matching);
      const created = cycle.simulate(groupEntry({ id: 'g2', attributes: { objectId: 'g2', displayName: 'SALES' }, members: [] }));
      assert.deepEqual(
        [created.simulation.action, created.provisioningStatusInfo.status, created.targetIdentity.id],
        ['create', 'success', null],
        `${matching}: ${created.simulation.summary}`,
      );
    }
    // Genesys Cloud refuses a userName "already in use by non-deleted user" (reference/genesys-scim.md): a disabled user is not deleted.
    const users = parse(
      'target "generic-scim"\nusers {\n  actions create, update, delete\n  externalId <- [objectId] match 1\n  userName <- [userPrincipalName]\n  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")\n}\n',
    ).file;
    const cycle = simulation({
      file: users,
      target: new TargetIndex({ users: [scimUser('t-u1', 'leaver@contoso.com', { externalId: 'u1' })], groups: [] }),
      targetSchema: bundledTarget('generic-scim'),
    });
    const disabled = cycle.simulate(user('u1', { objectId: 'u1', userPrincipalName: 'leaver@contoso.com', IsSoftDeleted: true }));
    assert.equal(disabled.simulation.action, 'disable');
    const taker = cycle.simulate(user('u2', { objectId: 'u2', userPrincipalName: 'leaver@contoso.com' }));
    assert.equal(taker.simulation.action, 'failure');
    assert.match(taker.simulation.summary, /userName "leaver@contoso\.com" is held by the target's object "t-u1"/);
  });

  test('a holder of the userName is found whatever the letter case of its attribute name (RFC 7643 §2.1)', () => {
    const state = {
      users: [{ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: 't1', UserName: 'TAKEN@contoso.com' }],
      groups: [],
    };
    const record = simulation({ target: new TargetIndex(state) }).simulate(
      user('u1', { userPrincipalName: 'taken@contoso.com', displayName: 'Someone', accountEnabled: true }),
    );
    // Matching finds t1 through "UserName"; a mapping that does not match on userName collides with it instead.
    assert.equal(record.simulation.action, 'update');
    assert.equal(record.targetIdentity.id, 't1');
    const byExternalId = parse(
      'users {\n  externalId <- [mailNickname] match 1\n  userName <- [userPrincipalName]\n  displayName <- [displayName]\n}\n',
    ).file;
    const created = simulation({ file: byExternalId, target: new TargetIndex(state) }).simulate(
      user('u1', { mailNickname: 'me1', userPrincipalName: 'taken@contoso.com', displayName: 'Me1' }),
    );
    assert.match(created.simulation.summary, /userName "taken@contoso\.com" is held by the target's object "t1"/);
  });

  test("what the target keeps unique is its schema's: a generic SCIM group's displayName is not (RFC 7643 §8.7.1), a schema's unique externalId is", () => {
    const groupsOnly = parse(
      'target "generic-scim"\nsync all\ngroups {\n  externalId <- [objectId] match 1\n  displayName <- [displayName]\n}\n',
    ).file;
    const state = { users: [], groups: [{ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id: 'tg9', displayName: 'Sales' }] };
    const cycle = simulation({ file: groupsOnly, targetSchema: bundledTarget('generic-scim'), target: new TargetIndex(state) });
    for (const id of ['g1', 'g2']) {
      const record = cycle.simulate(groupEntry({ id, attributes: { objectId: id, displayName: 'Sales' }, members: [] }));
      assert.equal(record.simulation.action, 'create', id);
      assert.equal(record.provisioningStatusInfo.status, 'success', id);
    }
    const uniqueExternalId = genericWithUnique('externalId');
    const users = parse(
      'target "generic-scim"\nsync all\nusers {\n  userName <- [userPrincipalName] match 1\n  externalId <- [department]\n}\n',
    ).file;
    const strict = simulation({ file: users, targetSchema: uniqueExternalId });
    assert.equal(strict.simulate(user('u1', { userPrincipalName: 'a@contoso.com', department: 'D1' })).simulation.action, 'create');
    const second = strict.simulate(user('u2', { userPrincipalName: 'b@contoso.com', department: 'D1' }));
    assert.equal(second.simulation.action, 'failure');
    assert.match(second.simulation.summary, /externalId "D1" is also what "u1" maps to/);
  });

  test('a unique attribute of an extension schema is kept unique too: its value taken twice, in a POST or a PATCH, or held by the target state, is a 409', () => {
    const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
    const file = parse(
      `target "generic-scim"\nsync all\nusers {\n  userName <- [userPrincipalName] match 1\n  ${enterprise}:costCenter <- [department]\n}\n`,
    ).file;
    const state = {
      users: [
        scimUser('t-held', 'held@contoso.com', { [enterprise]: { costCenter: 'CC-7' } }),
        scimUser('t-old', 'old@contoso.com', { [enterprise]: { costCenter: 'CC-0' } }),
      ],
      groups: [],
    };
    const cycle = simulation({ file, targetSchema: genericWithUnique('costCenter'), target: new TargetIndex(state) });
    assert.equal(cycle.simulate(user('u1', { userPrincipalName: 'a@contoso.com', department: 'CC-1' })).simulation.action, 'create');
    const posted = cycle.simulate(user('u2', { userPrincipalName: 'b@contoso.com', department: 'cc-1' }));
    assert.equal(posted.simulation.action, 'failure');
    assert.match(posted.simulation.summary, new RegExp(`${enterprise}:costCenter "cc-1" is also what "u1" maps to: .*409 Conflict`));
    // An update's PATCH sends it too.
    const patched = cycle.simulate(user('u3', { userPrincipalName: 'old@contoso.com', department: 'CC-1' }));
    assert.deepEqual(
      patched.simulation.requests.map((request) => request.method),
      ['GET', 'PATCH'],
    );
    assert.equal(patched.simulation.action, 'failure');
    assert.match(patched.simulation.summary, /costCenter "CC-1" is also what "u1" maps to/);
    const held = cycle.simulate(user('u4', { userPrincipalName: 'c@contoso.com', department: 'cc-7' }));
    assert.equal(held.simulation.action, 'failure');
    assert.match(held.simulation.summary, /costCenter "cc-7" is held by the target's object "t-held" \(in the target state\)/);
  });

  test('a caseExact unique attribute compares letter case (RFC 7643 §7): "AB" and "ab" are two values, in the directory and in the target state', () => {
    // The generic SCIM externalId is caseExact (RFC 7643 §3.1); here the target keeps it unique too.
    const file = parse(
      'target "generic-scim"\nsync all\nusers {\n  userName <- [userPrincipalName] match 1\n  externalId <- [department]\n}\n',
    ).file;
    const state = { users: [scimUser('t-held', 'held@contoso.com', { externalId: 'HELD' })], groups: [] };
    const cycle = simulation({ file, targetSchema: genericWithUnique('externalId'), target: new TargetIndex(state) });
    const outcome = (id: string, department: string) =>
      cycle.simulate(user(id, { userPrincipalName: `${id}@contoso.com`, department })).simulation;
    assert.equal(outcome('u1', 'AB').action, 'create');
    assert.equal(outcome('u2', 'ab').action, 'create', 'another value: no 409');
    assert.match(outcome('u3', 'AB').summary, /externalId "AB" is also what "u1" maps to/);
    assert.equal(outcome('u4', 'held').action, 'create', 'the target object holds "HELD", not "held"');
    assert.match(outcome('u5', 'HELD').summary, /externalId "HELD" is held by the target's object "t-held"/);
    // Matched on it, a later query finds what the cycle wrote as the target compares it: "ab" is not "AB".
    const byExternalId = parse(
      'target "generic-scim"\nsync all\nusers {\n  externalId <- [department] match 1\n  userName <- [userPrincipalName]\n}\n',
    ).file;
    const matching = simulation({ file: byExternalId, targetSchema: genericWithUnique('externalId') });
    const written = (id: string, department: string) =>
      matching.simulate(user(id, { userPrincipalName: `${id}@contoso.com`, department })).simulation;
    assert.equal(written('m1', 'AB').action, 'create');
    assert.equal(written('m2', 'ab').action, 'create');
    assert.match(
      written('m3', 'AB').summary,
      /matching query \(externalId "AB"\) finds the target object written earlier in this cycle for "m1"/,
    );
  });

  test('a required value missing is refused for certain: the object fails with its POST sent, logged as the create it attempted', () => {
    const record = simulation().simulate(user('u1', { userPrincipalName: 'nameless@contoso.com', accountEnabled: true }));
    assert.equal(record.simulation.action, 'failure');
    assert.equal(record.provisioningAction, 'create', 'a refused write keeps the action it attempted');
    assert.equal(record.provisioningStatusInfo.status, 'failure');
    assert.match(
      record.simulation.summary,
      /^Entra fails the object: Genesys Cloud requires displayName on create, and this user has none: the POST will be rejected\.$/,
    );
    assert.deepEqual(
      record.simulation.requests.map((request) => request.method),
      ['GET', 'POST'],
    );
  });

  test('identities are named as the logs name them: the source by its display name, the target by its userName and id', () => {
    const state = { users: [scimUser('t1', 'ada@contoso.com', { displayName: 'Ada' })], groups: [] };
    const cycle = simulation({ target: new TargetIndex(state) });
    const same = cycle.simulate(user('u1', { userPrincipalName: 'ada@contoso.com', displayName: 'Ada', accountEnabled: true }));
    assert.equal(same.simulation.action, 'noChange');
    assert.deepEqual(
      [same.sourceIdentity.displayName, same.targetIdentity.id, same.targetIdentity.displayName],
      ['Ada', 't1', 'ada@contoso.com'],
    );
    const skipped = cycle.simulate(user('u2', { userPrincipalName: 'gone@contoso.com', IsSoftDeleted: true }));
    assert.equal(skipped.simulation.action, 'skip');
    assert.equal(skipped.sourceIdentity.displayName, 'gone@contoso.com', 'without a display name, the sign-in name');
    assert.equal(cycle.simulate(user('u3', {})).sourceIdentity.displayName, 'u3', 'without either, the id');
  });

  test('a samples entry\'s source identity is the Entra object id it carries, as the logs give it, its $id only without one; the record\'s own key stays its $id (before: sourceIdentity.id "amelia")', () => {
    const amelia = users.find((sample) => sample.id === 'amelia')!;
    const objectId = '3f2a9c1e-7b4d-4e8a-9f01-2c5d6e7f8a90';
    assert.equal(amelia.attributes.objectId, objectId);
    const cycle = simulation();
    cycle.know(users);
    const record = cycle.simulate(userEntry(amelia));
    assert.equal(record.id, 'user:amelia');
    assert.equal(record.sourceIdentity.id, objectId);
    assert.equal(record.provisioningSteps[0].description, `Retrieved User '${objectId}' from Microsoft Entra ID`);
    const sales = cycle.simulate(groupEntry(groups.find((sample) => sample.id === 'sales')!));
    assert.equal(sales.id, 'group:sales');
    assert.match(sales.sourceIdentity.id, /^[0-9a-f]{8}-/);
    assert.equal(sales.provisioningSteps[0].description, `Retrieved Group '${sales.sourceIdentity.id}' from Microsoft Entra ID`);
    const without = cycle.simulate(user('u4', { userPrincipalName: 'u4@contoso.com', accountEnabled: true }));
    assert.deepEqual(
      [without.id, without.sourceIdentity.id, without.provisioningSteps[0].description],
      ['user:u4', 'u4', "Retrieved User 'u4' from Microsoft Entra ID"],
    );
  });

  test('the summary counts warnings by wording: a quoted value that differs between objects is blanked, one they share is kept', () => {
    const file = parse(
      'users {\n  userName <- [userPrincipalName] match 1\n  displayName <- [displayName]\n  active <- [status]\n}\n',
    ).file;
    const cycle = simulation({ file });
    for (const [id, status] of [
      ['u1', 'maybe'],
      ['u2', 'perhaps'],
    ])
      cycle.simulate(user(id, { userPrincipalName: `${id}@contoso.com`, displayName: id, status }));
    assert.deepEqual(cycle.summary().topWarnings, [
      { warning: 'active is a boolean, but the value "…" is not "True" or "False": the target will likely reject it', count: 2 },
    ]);
  });

  test('disables over the accidental deletions threshold stop the cycle', () => {
    const resources = [0, 1, 2].map((index) => scimUser(`t${index}`, `gone${index}@contoso.com`));
    const cycle = simulation({
      target: new TargetIndex({ users: resources, groups: [] }),
      settings: { scope: 'all', deletionThreshold: 2 },
    });
    for (const index of [0, 1, 2])
      assert.equal(
        cycle.simulate(user(`u${index}`, { userPrincipalName: `gone${index}@contoso.com`, accountEnabled: false })).simulation.action,
        'disable',
      );
    const summary = cycle.summary();
    assert.equal(summary.stopsCycle, true);
    assert.match(summary.notes.join(' '), /3 disables and deletes exceed the accidental deletions threshold \(2\)/);
    const one = simulation({ target: new TargetIndex({ users: resources, groups: [] }), settings: { scope: 'all', deletionThreshold: 0 } });
    one.simulate(user('u0', { userPrincipalName: 'gone0@contoso.com', accountEnabled: false }));
    assert.match(
      one.summary().notes.join(' '),
      /1 disable or delete exceeds the accidental deletions threshold \(0\): Entra would stage it \(StagedDelete in its provisioning logs\) and put the job in quarantine, sending none of its requests until/,
      'one disable: "it" and "its" (before: "none of their requests")',
    );
  });

  test('over the threshold, the summary says the disable and delete records are staged (StagedDelete), not sent, and that creates are not held', () => {
    const resources = [0, 1].map((index) => scimUser(`t${index}`, `gone${index}@contoso.com`));
    const cycle = simulation({
      target: new TargetIndex({ users: resources, groups: [] }),
      settings: { scope: 'all', deletionThreshold: 1 },
    });
    for (const index of [0, 1]) cycle.simulate(user(`u${index}`, { userPrincipalName: `gone${index}@contoso.com`, accountEnabled: false }));
    assert.equal(
      cycle.simulate(user('new', { userPrincipalName: 'new@contoso.com', displayName: 'New', mail: 'new@contoso.com' })).simulation.action,
      'create',
    );
    const note = cycle.summary().notes.find((text) => text.includes('threshold'));
    assert.equal(
      note,
      '2 disables and deletes exceed the accidental deletions threshold (1): Entra would stage them all (StagedDelete in its provisioning logs) and put the job in quarantine, sending none of their requests until an admin allows the deletions. So every disable and delete record of this cycle is held, not sent; creates and updates are not held.',
    );
  });

  test('unassigned, out-of-scope and soft-deleted users that exist in the target are disabled, as the preview disables them; they count toward the threshold', () => {
    const scoped = parse(
      readFileSync(join(root, 'examples', 'purecloud.scimmap'), 'utf8').replace(
        'users {',
        'users {\n  scope "Sales only" {\n    [department] EQUALS "Sales"\n  }',
      ),
    );
    assert.deepEqual(
      scoped.diagnostics.filter((diagnostic) => diagnostic.severity === 'error'),
      [],
    );
    const resources = ['unassigned', 'outOfScope', 'softDeleted'].map((name) => scimUser(`t-${name}`, `${name}@contoso.com`));
    const cycle = simulation({
      file: scoped.file,
      target: new TargetIndex({ users: resources, groups: [] }),
      assignmentKnown: true,
      settings: { scope: 'assigned', deletionThreshold: 2 },
    });
    const assigned = { accountEnabled: true, appRoleAssignments: ['User'], department: 'Sales' };
    const cases: Array<[string, Record<string, unknown>]> = [
      ['unassigned', { ...assigned, appRoleAssignments: [] }],
      ['outOfScope', { ...assigned, department: 'Support' }],
      ['softDeleted', { ...assigned, IsSoftDeleted: true }],
    ];
    for (const [name, attributes] of cases) {
      const sample = { id: name, attributes: { userPrincipalName: `${name}@contoso.com`, ...attributes } };
      const record = cycle.simulate(userEntry(sample));
      assert.equal(record.simulation.action, 'disable', name);
      assert.equal(record.targetIdentity.id, `t-${name}`, name);
      assert.equal(record.provisioningSteps[2].details.TargetId, `t-${name}`, name);
      // The preview of the same user with the object the target holds sends the same requests.
      const subject = name === 'unassigned' ? { ...sample, attributes: { ...sample.attributes, IsSoftDeleted: true } } : sample;
      const preview = previewUser(scoped.file, subject, { target: resources.find((resource) => resource.id === `t-${name}`) });
      assert.deepEqual(record.simulation.requests, wireRequests(preview), name);
      // Not in the target: never provisioned, so skipped.
      const absent = cycle.simulate(
        userEntry({ id: `${name}-new`, attributes: { ...sample.attributes, userPrincipalName: `${name}-new@contoso.com` } }),
      );
      assert.equal(absent.simulation.action, 'skip', name);
    }
    assert.equal(cycle.summary().byAction.disable, 3);
    assert.equal(cycle.summary().stopsCycle, true);
  });

  test('a user disabled in Entra (accountEnabled false) is summarised as the disable it is, then what else the PATCH updates, in both PATCH dialects', () => {
    const target = new TargetIndex({ users: [scimUser('t1', 'fay@contoso.com', { displayName: 'Fay' })], groups: [] });
    const gone = (displayName: string) => user('u1', { userPrincipalName: 'fay@contoso.com', displayName, accountEnabled: false });
    const renamed = simulation({ target }).simulate(gone('Fay Gone'));
    assert.equal(renamed.simulation.action, 'disable');
    assert.equal(renamed.simulation.summary, 'Entra disables the user and updates 1 other attribute.');
    assert.equal(renamed.provisioningSteps[3].name, 'EntryExportUpdateSoftDelete');
    assert.equal(renamed.provisioningSteps[3].description, renamed.simulation.summary);
    assert.equal(simulation({ target }).simulate(gone('Fay')).simulation.summary, 'Entra disables the user.');
    // The flag merges both replaces into one pathless operation: still one other attribute.
    const flagged = new Simulation(genesys, { settings: defaultCycleSettings, target, assignmentKnown: false, compat: 'aadOptscim062020' });
    const merged = flagged.simulate(gone('Fay Gone'));
    assert.ok(JSON.stringify(merged.simulation.requests).includes('"op":"replace","value":{'), 'one merged replace');
    assert.equal(merged.simulation.summary, 'Entra disables the user and updates 1 other attribute.');
  });

  test('a mapping change lists exactly the objects whose requests change, attribute by attribute', () => {
    const changed = parse(
      readFileSync(join(root, 'examples', 'purecloud.scimmap'), 'utf8').replace(
        'title <- [jobTitle]',
        'title <- Coalesce([jobTitle], "Agent")',
      ),
    ).file;
    const before = simulation();
    const after = simulation({ file: changed });
    const directory = [
      user('withTitle', { userPrincipalName: 'a@contoso.com', jobTitle: 'Analyst', accountEnabled: true }),
      user('noTitle', { userPrincipalName: 'b@contoso.com', accountEnabled: true }),
      user('other', { userPrincipalName: 'c@contoso.com', jobTitle: 'Lead', accountEnabled: true }),
    ];
    const impacts = directory.map((entry) => [entry.sample.id, compareRecords(before.simulate(entry), after.simulate(entry))] as const);
    assert.deepEqual(
      impacts.filter(([, impact]) => impact.changed).map(([id, impact]) => [id, impact.attributes]),
      [['noTitle', [{ attribute: 'title', before: null, after: 'Agent' }]]],
    );
  });

  test('a change of the requests that no attribute value shows says what it is: the matching query, the requests sent, the operation (before: no attribute at all)', () => {
    const mapping = (externalId: string, userName: string) =>
      parse(
        `target "generic-scim"\nusers {\n  externalId <- [objectId] ${externalId}\n  userName <- [userPrincipalName] ${userName}\n  title <- [jobTitle]\n}\n`,
      ).file;
    const state = { users: [scimUser('t1', 'ada@contoso.com', { externalId: 'u1', title: 'Old' })], groups: [] };
    const cycle = (file: typeof genesys) =>
      simulation({ file, target: new TargetIndex(state), targetSchema: bundledTarget('generic-scim') });
    const ada = user('u1', { objectId: 'u1', userPrincipalName: 'ada@contoso.com', jobTitle: 'New', accountEnabled: true });
    const before = cycle(mapping('match 1', 'match 2')).simulate(ada);
    const after = cycle(mapping('match 2', 'match 1')).simulate(ada);
    assert.deepEqual(compareRecords(before, after), {
      changed: true,
      before: 'update',
      after: 'update',
      attributes: [
        {
          attribute: '(matching query)',
          before: 'GET /Users?filter=externalId eq "u1"',
          after: 'GET /Users?filter=userName eq "ada@contoso.com"',
        },
      ],
    });

    // The same values sent elsewhere, or by another operation: said by the request, and by the first operation that differs.
    const [patch] = after.simulation.requests.filter((request) => request.method === 'PATCH');
    const withPatch = (changed: { path?: string; op?: string }) => ({
      ...after,
      simulation: {
        ...after.simulation,
        requests: after.simulation.requests.map((request) =>
          request === patch
            ? {
                method: request.method,
                path: changed.path ?? request.path,
                body: {
                  ...(request.body as object),
                  Operations: [{ ...(request.body as { Operations: object[] }).Operations[0], ...(changed.op ? { op: changed.op } : {}) }],
                },
              }
            : request,
        ),
      },
    });
    assert.deepEqual(compareRecords(after, withPatch({ path: '/Users/t2' })).attributes, [
      { attribute: '(requests)', before: 'PATCH /Users/t1', after: 'PATCH /Users/t2' },
    ]);
    const operation = (patch.body as { Operations: object[] }).Operations[0];
    assert.deepEqual(compareRecords(after, withPatch({ op: 'Add' })).attributes, [
      { attribute: '(PATCH /Users/t1)', before: JSON.stringify(operation), after: JSON.stringify({ ...operation, op: 'Add' }) },
    ]);
  });
});

describe('assignment, as each input file carries it', () => {
  const mapping = parse(
    'target "generic-scim"\nusers {\n  userName <- [userPrincipalName] match 1\n  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")\n}\n' +
      'groups {\n  displayName <- [displayName] match 1\n  members <- [members]\n}\n',
  ).file;
  const assignment = [{ appRoleId: 'r1', resourceDisplayName: 'SCIM app' }];

  async function cycle(files: Record<string, string>, state: { users: object[]; groups: object[] }) {
    const input = readDirectoryFiles(
      Object.keys(files),
      () => undefined,
      inputFiles(() => '', new Map(Object.entries(files))),
    );
    const simulation = simulationOver(mapping, input, {
      settings: defaultCycleSettings,
      targetSchema: bundledTarget('generic-scim'),
      target: new TargetIndex(state as TargetState),
    });
    const records = new Map<string, ReturnType<Simulation['simulate']>>();
    const warnings: string[] = [];
    for await (const entry of directoryEntries(input, (problem) => warnings.push(problem.message)))
      records.set(entry.sample.id, simulation.simulate(entry));
    return { records, notes: simulation.summary().notes, warnings };
  }

  test('a member that is a group of the input is a nested group, left out as Entra leaves it: the warning and the note say so (before: "not a user of the directory input")', async () => {
    const groups = {
      value: [
        { id: 'g1', displayName: 'Sales', appRoleAssignments: assignment, members: [{ id: 'u1' }, { id: 'g2' }, { id: 'ghost' }] },
        { id: 'g2', displayName: 'Inner', appRoleAssignments: assignment, members: [] },
      ],
    };
    const users = { value: [{ id: 'u1', userPrincipalName: 'u1@contoso.com', appRoleAssignments: assignment }] };
    const { records, warnings } = await cycle(
      { 'users.json': JSON.stringify(users), 'groups.json': JSON.stringify(groups) },
      { users: [], groups: [] },
    );
    assert.deepEqual(warnings, [
      'the member "g2" is a group of the directory input: nested groups are not provisioned as members, so the group is simulated without it',
      'the member "ghost" is not a user of the directory input; the group is simulated without it',
    ]);
    const sales = records.get('g1')!;
    assert.deepEqual(sales.simulation.notes, [
      'Member "g2" is a group: nested groups are not provisioned as members, so Entra leaves it out.',
      'Member "ghost" is not a user of the directory input, so the simulation cannot resolve it.',
    ]);
    assert.ok(!JSON.stringify(sales.simulation.requests).includes('g2'), 'no request adds the nested group');
  });

  test('a skipped group (not assigned) with a nested group as member sends no members: the input note says it, its record has no member note (docs/simulation.md said "in the group\'s record notes")', async () => {
    const groups = {
      value: [
        { id: 'g1', displayName: 'Sales', appRoleAssignments: [], members: [{ id: 'g2' }] },
        { id: 'g2', displayName: 'Inner', appRoleAssignments: assignment, members: [] },
      ],
    };
    const { records, warnings } = await cycle({ 'groups.json': JSON.stringify(groups) }, { users: [], groups: [] });
    assert.deepEqual(warnings, [
      'the member "g2" is a group of the directory input: nested groups are not provisioned as members, so the group is simulated without it',
    ]);
    const sales = records.get('g1')!;
    assert.equal(sales.provisioningStatusInfo.status, 'skipped');
    assert.deepEqual(sales.simulation.requests, []);
    assert.deepEqual(sales.simulation.notes, []);
  });

  test('users exported with their assignments, groups without: the groups count as assigned (never deleted), and the summary says so', async () => {
    const users = { value: [{ id: 'u1', userPrincipalName: 'u1@contoso.com', appRoleAssignments: assignment }] };
    const groups = {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#groups(id,displayName,members())',
      value: [{ id: 'g1', displayName: 'G1', members: [{ id: 'u1' }] }],
    };
    const { records, notes } = await cycle(
      { 'users.json': JSON.stringify(users), 'groups.json': JSON.stringify(groups) },
      { users: [scimUser('t1', 'u1@contoso.com')], groups: [{ id: 'tg1', displayName: 'G1', members: [] }] },
    );
    assert.equal(records.get('g1')!.simulation.action, 'update');
    assert.deepEqual(records.get('g1')!.simulation.requests.at(-1)!.body, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: 't1' }] }],
    });
    assert.deepEqual(notes, [
      '1 group came without app role assignments (a Users CSV never carries them, a Graph export only with $expand=appRoleAssignments), so they counted as assigned. With "Sync only assigned users and groups", Entra provisions only assigned objects: export them with assignments to simulate that.',
    ]);
  });

  test('a Users CSV beside an assigned groups export: the CSV cannot say who is assigned directly, so its users count as assigned', async () => {
    const groups = { value: [{ id: 'g1', displayName: 'G1', appRoleAssignments: assignment, members: [{ id: 'u1' }] }] };
    const { records, notes } = await cycle(
      { 'users.csv': 'id,userPrincipalName\r\nu1,u1@contoso.com\r\nu2,u2@contoso.com\r\n', 'groups.json': JSON.stringify(groups) },
      { users: [scimUser('t2', 'u2@contoso.com')], groups: [] },
    );
    assert.equal(records.get('u1')!.simulation.action, 'create');
    assert.equal(records.get('u2')!.simulation.action, 'noChange', 'not disabled as unassigned');
    assert.equal(records.get('u2')!.provisioningSteps[1].details.Assigned, 'True');
    assert.equal(records.get('g1')!.simulation.action, 'create');
    assert.match(notes[0], /^2 users came without app role assignments/);
  });

  test('in a file whose users carry assignments, a user without any is assigned to nothing', async () => {
    const users = {
      value: [
        { id: 'u1', userPrincipalName: 'u1@contoso.com', appRoleAssignments: assignment },
        { id: 'u2', userPrincipalName: 'u2@contoso.com' },
      ],
    };
    const { records, notes } = await cycle({ 'users.json': JSON.stringify(users) }, { users: [], groups: [] });
    assert.equal(records.get('u1')!.simulation.action, 'create');
    assert.equal(records.get('u2')!.simulation.action, 'skip');
    assert.deepEqual(notes, []);
  });
});
