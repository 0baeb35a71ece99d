import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from '../../../server/src/syntax/parser';
import { previewGroup, previewUser, wireRequests } from '../../../server/src/provisioning/requests';
import type { PreviewOptions } from '../../../server/src/provisioning/types';
import { parseSampleFile, type SampleSet, type SampleUser } from '../../../server/src/schema/sample-data';
import { bundledTarget, readTargetSchema } from '../../../server/src/schema/target-format';

// Run from the repository root, as npm test does.
const purecloud = readFileSync('examples/purecloud.scimmap', 'utf8');
const samplesResult = parseSampleFile(readFileSync('examples/users.json', 'utf8'));
if (!samplesResult.ok) throw new Error(samplesResult.errors.join('\n'));
const samples: SampleSet = samplesResult.value;
const sample = (id: string) => samples.users.find((user) => user.id === id)!;
const group = (id: string) => samples.groups.find((candidate) => candidate.id === id)!;

function mapping(text: string) {
  const { file, diagnostics } = parse(text);
  assert.deepEqual(
    diagnostics.filter((diagnostic) => diagnostic.severity === 'error'),
    [],
  );
  return file;
}

function user(attributes: Record<string, unknown>, id = 'u'): SampleUser {
  return { id, attributes };
}

const patchOp = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const core = 'urn:ietf:params:scim:schemas:core:2.0:User';

describe('create: POST /Users as Entra builds it', () => {
  test('the Genesys default mapping for a user without mail: schemas, typed values, nulls omitted, meta, then the manager', () => {
    const preview = previewUser(mapping(purecloud), sample('chloe'), { samples });
    assert.equal(preview.action, 'create');
    assert.deepEqual(wireRequests(preview), [
      { method: 'GET', path: '/Users?filter=userName eq "chloe.nguyen@contoso.com"' },
      {
        method: 'POST',
        path: '/Users',
        body: {
          schemas: [core, enterprise],
          userName: 'chloe.nguyen@contoso.com',
          active: true,
          displayName: 'Chloé Nguyễn',
          title: 'Sales Agent',
          phoneNumbers: [{ type: 'mobile', value: '+14255550177' }],
          [enterprise]: { department: 'Sales' },
          meta: { resourceType: 'User' },
        },
      },
      {
        method: 'PATCH',
        path: '/Users/«id of the new user»',
        body: {
          schemas: [patchOp],
          Operations: [{ op: 'Add', path: `${enterprise}:manager`, value: '0d9f8e7c-6b5a-4c3d-9e2f-1a0b9c8d7e6f' }],
        },
      },
    ]);
    assert.deepEqual(Object.keys(preview.requests[2].placeholders), ['path']);
  });

  test('each value links back to the mapping that produced it', () => {
    const text = purecloud;
    const preview = previewUser(mapping(text), sample('chloe'), { samples });
    const post = preview.requests[1];
    const sourceText = (pointer: string) => text.slice(post.sources[pointer].start, post.sources[pointer].end);
    assert.match(sourceText('/userName'), /^userName\s+<- \[userPrincipalName\]/);
    assert.match(sourceText('/phoneNumbers/0/value'), /^phoneNumbers\[type eq "mobile"\]\.value/);
    assert.match(sourceText(`/${enterprise}/department`), /:department\s+<- \[department\]/);
    assert.match(text.slice(preview.requests[0].sources.path.start, preview.requests[0].sources.path.end), /^userName/);
  });

  test('a disabled account is created inactive', () => {
    const preview = previewUser(mapping(purecloud), sample('erin'), { samples });
    assert.equal((preview.requests[1].body as Record<string, unknown>).active, false);
  });

  test('defaults and on-create mappings apply only on create', () => {
    const file = mapping(
      'users {\n  userName <- [userPrincipalName] match 1\n  title <- [jobTitle] default "Agent"\n  externalId <- [objectId] on create\n}',
    );
    const created = previewUser(file, user({ userPrincipalName: 'a@b.c', objectId: 'o-1' }));
    const body = created.requests[1].body as Record<string, unknown>;
    assert.equal(body.title, 'Agent');
    assert.equal(body.externalId, 'o-1');
    const updated = previewUser(file, user({ userPrincipalName: 'a@b.c', objectId: 'o-2' }), {
      target: { id: 't1', userName: 'a@b.c', externalId: 'o-1' },
    });
    assert.equal(updated.action, 'none');
    assert.deepEqual(wireRequests(updated), [{ method: 'GET', path: '/Users?filter=userName eq "a@b.c"' }]);
  });

  test('default "" (an empty "Default value if null" as exports write it) sends nothing and says so (before: "title": "")', () => {
    const file = mapping('users {\n  userName <- [userPrincipalName] match 1\n  title <- [jobTitle] default ""\n}');
    const created = previewUser(file, user({ userPrincipalName: 'a@b.c' }));
    assert.equal('title' in (created.requests[1].body as Record<string, unknown>), false);
    assert.ok(
      created.notes.some((note) => /title is null and its default is "", which Entra most likely reads as no default/.test(note.message)),
    );
  });

  test('`flow ObjectAddOnly` is `on create`, and `flow AttributeAddOnly` flows only into an empty attribute (Graph attributeMapping)', () => {
    const file = mapping(
      'users {\n  userName <- [userPrincipalName] match 1\n  title <- [jobTitle] flow ObjectAddOnly\n  displayName <- [displayName] flow AttributeAddOnly\n}',
    );
    const source = user({ userPrincipalName: 'a@b.c', jobTitle: 'New title', displayName: 'New name' });
    const created = previewUser(file, source).requests[1].body as Record<string, unknown>;
    assert.equal(created.title, 'New title');
    assert.equal(created.displayName, 'New name');
    const filled = previewUser(file, source, { target: { id: 't1', userName: 'a@b.c', title: 'Old title', displayName: 'Old name' } });
    assert.equal(filled.action, 'none');
    assert.ok(filled.notes.some((note) => /AttributeAddOnly.*keeps "Old name"/.test(note.message)));
    const empty = previewUser(file, source, { target: { id: 't1', userName: 'a@b.c', title: 'Old title' } });
    assert.deepEqual((empty.requests[1].body as { Operations: unknown[] }).Operations, [
      { op: 'Add', path: 'displayName', value: 'New name' },
    ]);
  });

  test('`behavior FlowAlways` sends an unchanged value too, and says what is assumed (Graph flowBehavior: when to export)', () => {
    const text = (behavior: string) => `users {\n  userName <- [userPrincipalName] match 1\n  title <- [jobTitle]${behavior}\n}`;
    const source = user({ userPrincipalName: 'a@b.c', jobTitle: 'Engineer' });
    const options = { target: { id: 't1', userName: 'a@b.c', title: 'Engineer' } };
    const whenChanged = previewUser(mapping(text('')), source, options);
    assert.equal(whenChanged.action, 'none');
    const always = previewUser(mapping(text(' behavior FlowAlways')), source, options);
    assert.equal(always.action, 'update');
    assert.deepEqual((always.requests[1].body as { Operations: unknown[] }).Operations, [
      { op: 'Replace', path: 'title', value: 'Engineer' },
    ]);
    assert.ok(always.notes.some((note) => /title is `behavior FlowAlways`.*unchanged/.test(note.message)));
  });

  test('a None mapping fills its default into an empty target attribute on update too, and leaves a filled one alone (Customize application attributes: "if the target attribute is ever empty")', () => {
    const file = mapping('users {\n  userName <- [userPrincipalName] match 1\n  title <- none default "Agent"\n}');
    const source = user({ userPrincipalName: 'a@b.c' });
    const empty = previewUser(file, source, { target: { id: 't1', userName: 'a@b.c' } });
    assert.equal(empty.action, 'update');
    assert.deepEqual((empty.requests[1].body as { Operations: unknown[] }).Operations, [{ op: 'Add', path: 'title', value: 'Agent' }]);
    assert.ok(
      empty.notes.some((note) =>
        /title is a None mapping and Genesys Cloud has no value: Entra fills in its default "Agent"/.test(note.message),
      ),
    );
    const filled = previewUser(file, source, { target: { id: 't1', userName: 'a@b.c', title: 'Boss' } });
    assert.equal(filled.action, 'none');
    // A Direct mapping's default stays creation-only.
    const direct = mapping('users {\n  userName <- [userPrincipalName] match 1\n  title <- [jobTitle] default "Agent"\n}');
    assert.equal(previewUser(direct, source, { target: { id: 't1', userName: 'a@b.c' } }).action, 'none');
  });

  test("the evaluator's notes of a dropped attribute reach the preview (IgnoreFlowIfNullOrEmpty on only empty values, inferred)", () => {
    const file = mapping(
      'users {\n  userName <- [userPrincipalName] match 1\n  title <- IgnoreFlowIfNullOrEmpty(Split([extensionAttribute1], ","))\n}',
    );
    const source = user({ userPrincipalName: 'a@b.c', extensionAttribute1: ',' });
    const created = previewUser(file, source);
    assert.equal('title' in (created.requests[1].body as Record<string, unknown>), false);
    assert.ok(created.notes.some((note) => /IgnoreFlowIfNullOrEmpty: every value is empty.*inferred/.test(note.message)));
    const updated = previewUser(file, source, { target: { id: 't1', userName: 'a@b.c', title: 'x' } });
    assert.equal(updated.action, 'none');
    assert.ok(updated.notes.some((note) => /IgnoreFlowIfNullOrEmpty: every value is empty.*inferred/.test(note.message)));
  });

  test('a write-only attribute (password) is sent on every update, with a note saying why and how to send it once', () => {
    const text = (flow: string) => `users {\n  userName <- [userPrincipalName] match 1\n  password <- "S3cret!x"${flow}\n}`;
    const source = user({ userPrincipalName: 'a@b.c' });
    const options = { target: { id: 't1', userName: 'a@b.c' } };
    const always = previewUser(mapping(text('')), source, options);
    assert.equal(always.action, 'update');
    assert.deepEqual((always.requests[1].body as { Operations: unknown[] }).Operations, [
      { op: 'Add', path: 'password', value: 'S3cret!x' },
    ]);
    assert.ok(
      always.notes.some((note) =>
        /password is write-only: Genesys Cloud never returns it, so Entra finds no current value to compare and most likely sends it on every update \(inferred.*\).*on create/.test(
          note.message,
        ),
      ),
    );
    const onCreate = previewUser(mapping(text(' on create')), source, options);
    assert.equal(onCreate.action, 'none');
    assert.ok(!onCreate.notes.some((note) => /write-only/.test(note.message)));
  });

  test('a target name in another case than the schema is sent as written, in the POST as in the PATCH (target-case: Entra sends what you write)', () => {
    const file = mapping(
      'users {\n  UserName <- [userPrincipalName] match 1\n  DisplayName <- [displayName]\n  emails[Type eq "work"].Value <- [mail]\n}',
    );
    const source = user({ userPrincipalName: 'a@b.c', displayName: 'Ada', mail: 'a@b.c' });
    const created = previewUser(file, source);
    assert.equal(created.action, 'create');
    const body = created.requests[1].body as Record<string, unknown>;
    assert.equal(body.DisplayName, 'Ada');
    assert.equal(body.displayName, undefined);
    assert.equal(body.UserName, 'a@b.c');
    assert.deepEqual(body.emails, [{ Type: 'work', Value: 'a@b.c' }]);
    assert.ok(!created.notes.some((note) => /requires (userName|displayName)/.test(note.message)));
    const updated = previewUser(file, source, { target: { id: 't1', userName: 'a@b.c', displayName: 'Old' } });
    assert.deepEqual((updated.requests[1].body as { Operations: unknown[] }).Operations, [
      { op: 'Replace', path: 'DisplayName', value: 'Ada' },
      { op: 'Add', path: 'emails[Type eq "work"].Value', value: 'a@b.c' },
    ]);
  });

  test('custom extension URNs are not added to schemas; enterprise and Genesys extensions are', () => {
    const file = mapping(
      'users {\n  userName <- [userPrincipalName] match 1\n' +
        '  urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User:externalIds[authority eq "microsoftteams"].value <- [mail]\n' +
        '  urn:ietf:params:scim:schemas:extension:Contoso:2.0:User:costCenter <- [department]\n}',
    );
    const body = previewUser(file, user({ userPrincipalName: 'a@b.c', mail: 'a@b.c', department: 'D1' })).requests[1].body as Record<
      string,
      unknown
    >;
    assert.deepEqual(body.schemas, [core, 'urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User']);
    assert.deepEqual(body['urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User'], {
      externalIds: [{ authority: 'microsoftteams', value: 'a@b.c' }],
    });
    assert.deepEqual(body['urn:ietf:params:scim:schemas:extension:Contoso:2.0:User'], { costCenter: 'D1' });
  });

  test('user after user, each body has its own values in their places, whichever values are present', () => {
    const text =
      'users {\n  userName <- [userPrincipalName] match 1\n' +
      '  phoneNumbers[type eq "mobile"].value <- [mobile]\n  phoneNumbers[type eq "work"].value <- [telephoneNumber]\n' +
      `  ${enterprise}:department <- [department]\n}`;
    const file = mapping(text);
    const created = (attributes: Record<string, unknown>) =>
      previewUser(file, user({ userPrincipalName: 'a@b.c', ...attributes })).requests[1];
    const both = created({ mobile: '+1', telephoneNumber: '+2', department: 'D' });
    assert.deepEqual(both.body, {
      schemas: [core, enterprise],
      userName: 'a@b.c',
      phoneNumbers: [
        { type: 'mobile', value: '+1' },
        { type: 'work', value: '+2' },
      ],
      [enterprise]: { department: 'D' },
      meta: { resourceType: 'User' },
    });
    const workOnly = created({ telephoneNumber: '+2' });
    assert.deepEqual(workOnly.body, {
      schemas: [core],
      userName: 'a@b.c',
      phoneNumbers: [{ type: 'work', value: '+2' }],
      meta: { resourceType: 'User' },
    });
    const source = workOnly.sources['/phoneNumbers/0/value'];
    assert.match(text.slice(source.start, source.end), /^phoneNumbers\[type eq "work"\]/);
    assert.equal(workOnly.sources['/phoneNumbers/1/value'], undefined);
    assert.deepEqual(created({}).body, { schemas: [core], userName: 'a@b.c', meta: { resourceType: 'User' } });
    assert.deepEqual(created({ mobile: '+1', telephoneNumber: '+2', department: 'D' }).body, both.body);
  });

  test('an element picked by a value another mapping writes is found by that value, user by user', () => {
    const file = mapping(
      'users {\n  userName <- [userPrincipalName] match 1\n  emails[type eq "work"].value <- [mail]\n  emails[value eq "x@y.z"].type <- [jobTitle]\n}',
    );
    const emails = (mail: string) =>
      (previewUser(file, user({ userPrincipalName: 'a@b.c', mail, jobTitle: 'home' })).requests[1].body as Record<string, unknown>).emails;
    assert.deepEqual(emails('x@y.z'), [{ type: 'home', value: 'x@y.z' }]);
    assert.deepEqual(emails('a@b.c'), [
      { type: 'work', value: 'a@b.c' },
      { value: 'x@y.z', type: 'home' },
    ]);
  });

  test('IgnoreFlowIfNullOrEmpty leaves the attribute out', () => {
    const file = mapping('users {\n  userName <- [userPrincipalName] match 1\n  title <- IgnoreFlowIfNullOrEmpty([jobTitle])\n}');
    const preview = previewUser(file, user({ userPrincipalName: 'a@b.c' }));
    assert.equal('title' in (preview.requests[1].body as object), false);
    assert.ok(preview.notes.some((note) => /IgnoreFlowIfNullOrEmpty/.test(note.message)));
  });

  test('placeholders are marked where they land', () => {
    const file = mapping('users {\n  userName <- [userPrincipalName] match 1\n  externalId <- Guid()\n}');
    const post = previewUser(file, user({ userPrincipalName: 'a@b.c' })).requests[1];
    assert.equal(post.placeholders['/externalId'][0].kind, 'guid');
  });

  test('warnings for values the target may reject: a phone number not in E.164, a type Genesys lacks', () => {
    const file = mapping('users {\n  userName <- [userPrincipalName] match 1\n  phoneNumbers[type eq "fax"].value <- [telephoneNumber]\n}');
    const post = previewUser(file, user({ userPrincipalName: 'a@b.c', telephoneNumber: '(425) 555-0142' })).requests[1];
    const warnings = post.notes
      .filter((note) => note.severity === 'warning' && note.pointer === '/phoneNumbers/0/value')
      .map((note) => note.message)
      .join('\n');
    assert.match(warnings, /E\.164/);
    assert.match(warnings, /no phoneNumbers\.type "fax"/);
  });

  test('an evaluation error fails the user: no create is sent', () => {
    const file = mapping('users {\n  userName <- [userPrincipalName] match 1\n  title <- Item([proxyAddresses], "5")\n}');
    const preview = previewUser(file, user({ userPrincipalName: 'a@b.c', proxyAddresses: ['x'] }));
    assert.equal(preview.action, 'error');
    assert.ok(!preview.requests.some((request) => request.method === 'POST'));
  });

  test('without a value for any matching attribute Entra cannot match', () => {
    const preview = previewUser(mapping(purecloud), user({ displayName: 'No UPN' }));
    assert.equal(preview.action, 'error');
    assert.deepEqual(preview.requests, []);
  });

  test('without a users block, or with it disabled, nothing is provisioned', () => {
    const groupsOnly = previewUser(mapping('groups {\n  displayName <- [displayName] match 1\n}'), user({ userPrincipalName: 'a@b.c' }));
    assert.equal(groupsOnly.action, 'skip');
    assert.match(groupsOnly.summary, /no users block/);
    const disabled = previewUser(
      mapping('users {\n  enabled false\n  userName <- [userPrincipalName] match 1\n}'),
      user({ userPrincipalName: 'a@b.c' }),
    );
    assert.equal(disabled.action, 'skip');
    assert.deepEqual(disabled.requests, []);
  });

  test('matching tries the attributes in precedence order and escapes the value', () => {
    const file = mapping('users {\n  userName <- [userPrincipalName] match 2\n  emails[type eq "work"].value <- [mail] match 1\n}');
    const preview = previewUser(file, user({ userPrincipalName: 'a@b.c', mail: 'o"b\\c@x.com' }));
    assert.deepEqual(
      preview.requests.slice(0, 2).map((request) => request.path),
      ['/Users?filter=emails[type eq "work"].value eq "o\\"b\\\\c@x.com"', '/Users?filter=userName eq "a@b.c"'],
    );
  });
});

describe('update: PATCH with only what changed', () => {
  const file = mapping(purecloud);
  const target = {
    id: 't-1',
    userName: 'ada@contoso.com',
    active: true,
    displayName: 'Ada',
    title: 'Old',
    [enterprise]: { department: 'Old dept' },
  };
  const ada = user({
    userPrincipalName: 'ada@contoso.com',
    displayName: 'Ada Lovelace',
    jobTitle: 'Analyst',
    department: 'Research',
    mobile: '+14255550123',
    accountEnabled: true,
  });

  test('default format: one capitalised op per attribute, Add where the target has no value', () => {
    const preview = previewUser(file, ada, { target });
    assert.equal(preview.action, 'update');
    assert.deepEqual(wireRequests(preview)[1], {
      method: 'PATCH',
      path: '/Users/t-1',
      body: {
        schemas: [patchOp],
        Operations: [
          { op: 'Replace', path: 'displayName', value: 'Ada Lovelace' },
          { op: 'Replace', path: 'title', value: 'Analyst' },
          { op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+14255550123' },
          { op: 'Replace', path: `${enterprise}:department`, value: 'Research' },
        ],
      },
    });
  });

  test('aadOptscim062020: lower-case ops, filtered paths and adds apart and first, other replacements merged into one path-less op after them', () => {
    const preview = previewUser(file, ada, { target, compat: 'aadOptscim062020' });
    const body = preview.requests[1].body as { Operations: unknown[] };
    assert.deepEqual(body.Operations, [
      { op: 'add', path: 'phoneNumbers[type eq "mobile"].value', value: '+14255550123' },
      { op: 'replace', value: { displayName: 'Ada Lovelace', title: 'Analyst', [`${enterprise}:department`]: 'Research' } },
    ]);
    assert.ok(preview.requests[1].sources[`/Operations/1/value/${enterprise}:department`]);
    assert.ok(preview.requests[1].sources['/Operations/0/value']);
  });

  test('nothing changed: no PATCH', () => {
    const same = {
      ...target,
      displayName: 'Ada Lovelace',
      title: 'Analyst',
      phoneNumbers: [{ type: 'mobile', value: '+14255550123' }],
      [enterprise]: { department: 'Research' },
    };
    const preview = previewUser(file, ada, { target: same });
    assert.equal(preview.action, 'none');
  });

  test('a null value never clears the target', () => {
    const preview = previewUser(file, user({ userPrincipalName: 'ada@contoso.com', displayName: 'Ada' }), {
      target: { ...target, displayName: 'Ada' },
    });
    const ops = (preview.requests[1]?.body as { Operations: Array<{ path?: string }> } | undefined)?.Operations ?? [];
    assert.ok(!ops.some((op) => op.path === 'title'));
    assert.ok(preview.notes.some((note) => /never sends null/.test(note.message)));
  });

  test('the manager changes in its own PATCH, as a plain string', () => {
    const preview = previewUser(file, sample('chloe'), {
      samples,
      target: {
        id: 'c-1',
        userName: 'chloe.nguyen@contoso.com',
        active: true,
        displayName: 'Chloé Nguyễn',
        title: 'Sales Agent',
        phoneNumbers: [{ type: 'mobile', value: '+14255550177' }],
        [enterprise]: { department: 'Sales', manager: { value: 'someone-else' } },
      },
    });
    assert.deepEqual(wireRequests(preview).slice(1), [
      {
        method: 'PATCH',
        path: '/Users/c-1',
        body: {
          schemas: [patchOp],
          Operations: [{ op: 'Replace', path: `${enterprise}:manager`, value: '0d9f8e7c-6b5a-4c3d-9e2f-1a0b9c8d7e6f' }],
        },
      },
    ]);
  });
});

describe('disable', () => {
  const file = mapping(purecloud);

  test('a soft-deleted user is disabled: the string "False" by default, which Genesys Cloud accepts (a note, not a warning)', () => {
    const preview = previewUser(file, sample('dmitri'), { samples, target: sample('dmitri').target });
    assert.equal(preview.action, 'disable');
    assert.deepEqual(wireRequests(preview), [
      {
        method: 'PATCH',
        path: '/Users/5e4d3c2b-1a09-4f8e-b7d6-c5b4a3928170',
        body: { schemas: [patchOp], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] },
      },
    ]);
    assert.ok(preview.requests[0].notes.some((note) => note.severity === 'information' && /string "False"/.test(note.message)));
  });

  test('with aadOptscim062020 the disable carries a JSON boolean', () => {
    const preview = previewUser(file, sample('dmitri'), { samples, target: sample('dmitri').target, compat: 'aadOptscim062020' });
    assert.deepEqual((preview.requests[0].body as { Operations: unknown[] }).Operations, [{ op: 'replace', path: 'active', value: false }]);
  });

  test('a soft-deleted user never provisioned is skipped', () => {
    const preview = previewUser(file, sample('dmitri'), { samples });
    assert.equal(preview.action, 'skip');
    assert.deepEqual(preview.requests, []);
  });

  test('a user out of scope is disabled; the verdict names the clause', () => {
    const scoped = mapping(purecloud.replace('users {', 'users {\n  scope "Sales only" { [department] EQUALS "Sales" }'));
    const preview = previewUser(scoped, user({ userPrincipalName: 'x@contoso.com', department: 'Legal' }), {
      target: { id: 'x-1', active: true },
    });
    assert.equal(preview.scope?.inScope, false);
    assert.equal(preview.action, 'disable');
    assert.equal(preview.requests.length, 1);
  });

  test('without a mapping that reads IsSoftDeleted nothing is sent', () => {
    const plain = mapping('users {\n  userName <- [userPrincipalName] match 1\n}');
    const preview = previewUser(plain, user({ userPrincipalName: 'a@b.c', IsSoftDeleted: true }), { target: { id: 'x' } });
    assert.equal(preview.action, 'none');
    assert.match(preview.summary, /No mapping reads IsSoftDeleted/);
  });
});

describe('groups', () => {
  const file = mapping(purecloud);
  const options = (extra: Partial<PreviewOptions> = {}): PreviewOptions => ({ samples, target: group('sales').target, ...extra });

  test('members are added with {"$ref": null, "value": id} and removed with a value list by default', () => {
    const preview = previewGroup(file, group('sales'), options());
    const requests = wireRequests(preview);
    assert.equal(requests[0].path, '/Groups?excludedAttributes=members&filter=displayName eq "Sales EMEA"');
    assert.deepEqual(requests.slice(2), [
      {
        method: 'PATCH',
        path: '/Groups/44d1f7a2-9c3b-4e5d-8f6a-0b1c2d3e4f5a',
        body: {
          schemas: [patchOp],
          Operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: '«id of chloe in Genesys Cloud»' }] }],
        },
      },
      {
        method: 'PATCH',
        path: '/Groups/44d1f7a2-9c3b-4e5d-8f6a-0b1c2d3e4f5a',
        body: {
          schemas: [patchOp],
          Operations: [{ op: 'Remove', path: 'members', value: [{ value: '5e4d3c2b-1a09-4f8e-b7d6-c5b4a3928170' }] }],
        },
      },
    ]);
  });

  test('with aadOptscim062020 each removal is its own op on a filtered path', () => {
    const preview = previewGroup(file, group('sales'), options({ compat: 'aadOptscim062020' }));
    const last = preview.requests[preview.requests.length - 1].body as { Operations: unknown[] };
    assert.deepEqual(last.Operations, [{ op: 'remove', path: 'members[value eq "5e4d3c2b-1a09-4f8e-b7d6-c5b4a3928170"]' }]);
  });

  test('a group not in Genesys Cloud is never created', () => {
    const preview = previewGroup(file, group('support'), { samples });
    assert.equal(preview.action, 'skip');
    assert.ok(!preview.requests.some((request) => request.method === 'POST'));
  });

  test('a group out of scope is never deleted', () => {
    const scoped = mapping(purecloud.replace('actions update\n', 'actions update\n  scope "EMEA" { [displayName] ENDS_WITH "EMEA" }\n'));
    const preview = previewGroup(
      scoped,
      { ...group('sales'), attributes: { ...group('sales').attributes, displayName: 'Sales APAC' } },
      options(),
    );
    assert.equal(preview.scope?.inScope, false);
    assert.ok(!preview.requests.some((request) => request.method === 'DELETE'));
  });
});

describe('roles (Customize Microsoft Entra attribute mappings, "Provisioning a role to a SCIM app")', () => {
  const file = mapping('users {\n  userName <- [userPrincipalName] match 1\n  roles <- AppRoleAssignmentsComplex([appRoleAssignments])\n}');
  const agent = user({
    userPrincipalName: 'a@b.c',
    appRoleAssignments: [{ value: 'Agent', displayName: 'Contact center agent', id: 'r-1' }],
  });

  test('POST carries the documented complex shape', () => {
    const body = previewUser(file, agent).requests[1].body as Record<string, unknown>;
    assert.deepEqual(body.roles, [
      { primary: false, type: 'WindowsAzureActiveDirectoryRole', displayName: 'Contact center agent', value: 'Agent' },
    ]);
  });

  test('the default PATCH adds each role as a JSON string; roles already there are no change', () => {
    const updated = previewUser(file, agent, { target: { id: 't', userName: 'a@b.c', roles: [{ value: 'Supervisor' }] } });
    assert.deepEqual((updated.requests[1].body as { Operations: unknown[] }).Operations, [
      { op: 'Add', path: 'roles', value: [{ value: '{"id":"r-1","value":"Agent","displayName":"Contact center agent"}' }] },
    ]);
    assert.equal(previewUser(file, agent, { target: { id: 't', userName: 'a@b.c', roles: [{ value: 'Agent' }] } }).action, 'none');
  });
});

describe('groups whose target state does not match', () => {
  test('a renamed group is treated as missing: skipped, never created', () => {
    const file = mapping(purecloud);
    const preview = previewGroup(file, group('sales'), { samples, target: { ...group('sales').target, displayName: 'Sales (old name)' } });
    assert.equal(preview.action, 'skip');
    assert.ok(preview.notes.some((note) => note.severity === 'warning' && /No matching query finds/.test(note.message)));
    assert.ok(!preview.requests.some((request) => request.method !== 'GET'));
  });
});

describe('large groups (issue 10 §13)', () => {
  test('a group update of 20,000 members adds, removes and notes each kind of member once', () => {
    const file = mapping(
      'users {\n  userName <- [userPrincipalName]  match 1\n  scope "in" {\n    [department] EQUALS "Sales"\n  }\n}\ngroups {\n  actions update\n  displayName <- [displayName]  match 1\n  members <- [members]\n}\n',
    );
    const users: SampleUser[] = Array.from({ length: 20_000 }, (_, i) => ({
      id: `u${i}`,
      attributes: { userPrincipalName: `u${i}@x`, department: i % 4 === 3 ? 'Other' : 'Sales' },
      target: { id: `t${i}` },
    }));
    const big = {
      id: 'big',
      attributes: { displayName: 'Big' },
      members: [...users.slice(0, 10_000).map((u) => u.id), 'ghost-1', 'ghost-2'],
    };
    // In the target: the even members of the first half, and the second half (Entra provisioned them; they left the Entra group), and strangers.
    const current = [...users.slice(0, 10_000).filter((_, i) => i % 2 === 0), ...users.slice(10_000)]
      .map((u) => ({ value: u.target!.id as string }))
      .concat([{ value: 'stranger' }]);
    const preview = previewGroup(file, big, {
      samples: { users, groups: [big] },
      target: { id: 'g', displayName: 'Big', members: current },
    });
    const add = preview.requests.find((r) => r.title === 'Add members')?.body as { Operations: Array<{ value: unknown[] }> };
    const remove = preview.requests.find((r) => r.title === 'Remove members')?.body as { Operations: Array<{ value: unknown[] }> };
    // Odd members of the first half that are in scope (i % 4 === 1): 2,500 additions; the second half in the target: 10,000 removals.
    assert.equal(add.Operations[0].value.length, 2_500);
    assert.equal(remove.Operations[0].value.length, 10_000);
    const messages = preview.notes.map((note) => note.message);
    assert.ok(
      messages.includes('2 members ("ghost-1", "ghost-2") are not sample users, so the preview cannot resolve them.'),
      messages.join('\n'),
    );
    assert.ok(
      messages.some((m) => /^2500 members \("u3", "u7", .* and 2490 more\) are not provisioned/.test(m)),
      messages.join('\n'),
    );
    assert.equal(preview.notes.length + preview.requests.flatMap((r) => r.notes).length < 10, true);
  });
});

describe('case-only differences (Customize application attributes: caseExact)', () => {
  const file = mapping(
    `users {\n  userName <- [userPrincipalName] match 1\n  displayName <- [displayName]\n  externalId <- [mailNickname]\n  title <- [jobTitle]\n}`,
  );
  const source = user({
    userPrincipalName: 'Ada.Lovelace@Contoso.com',
    displayName: 'Ada Lovelace',
    mailNickname: 'AdaL',
    jobTitle: 'Analyst',
  });

  test('a userName differing only in case is not sent, and the preview says why', () => {
    const preview = previewUser(file, source, {
      target: { id: 't', userName: 'ada.lovelace@contoso.com', displayName: 'Ada Lovelace', externalId: 'AdaL', title: 'Analyst' },
    });
    assert.equal(preview.action, 'none');
    assert.ok(preview.notes.some((note) => /userName differs .* only in letter case/.test(note.message)));
  });

  test('a caseExact attribute (externalId) is sent when only its case changed', () => {
    const preview = previewUser(file, source, {
      target: { id: 't', userName: 'Ada.Lovelace@Contoso.com', displayName: 'ADA LOVELACE', externalId: 'adal', title: 'Analyst' },
    });
    assert.deepEqual((preview.requests[1].body as { Operations: unknown[] }).Operations, [
      { op: 'Replace', path: 'externalId', value: 'AdaL' },
    ]);
    assert.ok(preview.notes.some((note) => /displayName differs .* only in letter case/.test(note.message)));
  });

  test('a change beyond case is sent whatever the case', () => {
    const preview = previewUser(file, source, {
      target: { id: 't', userName: 'ada.lovelace@contoso.com', displayName: 'Ada Lovelace', externalId: 'AdaL', title: 'ANALYST II' },
    });
    assert.deepEqual((preview.requests[1].body as { Operations: unknown[] }).Operations, [
      { op: 'Replace', path: 'title', value: 'Analyst' },
    ]);
  });
});

describe('caseExact decides, for every attribute the target schema describes (RFC 7644 §3.4.2.2; Customize application attributes)', () => {
  const genesysExtension = 'urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User';
  const file = mapping(
    [
      'users {',
      '  userName <- [userPrincipalName] match 1',
      '  displayName <- [displayName]',
      '  emails[type eq "work"].value <- [mail]',
      `  ${enterprise}:department <- [department]`,
      `  ${genesysExtension}:externalIds[authority eq "hr"].value <- [employeeId]`,
      '  urn:contoso:custom:2.0:User:costCenter <- [extensionAttribute1]',
      '}',
    ].join('\n'),
  );
  const source = user({
    userPrincipalName: 'ada@contoso.com',
    displayName: 'Ada',
    mail: 'Ada@Contoso.com',
    department: 'R&D',
    employeeId: 'E-42a',
    extensionAttribute1: 'CC-North',
  });
  const current = {
    id: 't',
    userName: 'ada@contoso.com',
    displayName: 'Ada',
    emails: [{ type: 'work', value: 'ada@contoso.com' }],
    [enterprise]: { department: 'r&d' },
    [genesysExtension]: { externalIds: [{ authority: 'hr', value: 'e-42A' }] },
    'urn:contoso:custom:2.0:User': { costCenter: 'cc-north' },
  };

  test('case-only differences: not sent for non-caseExact attributes (a filtered entry, an extension, a custom attribute), sent for a caseExact one', () => {
    const preview = previewUser(file, source, { target: current });
    assert.deepEqual((preview.requests[1].body as { Operations: unknown[] }).Operations, [
      { op: 'Replace', path: `${genesysExtension}:externalIds[authority eq "hr"].value`, value: 'E-42a' },
    ]);
    const caseNotes = preview.notes.filter((note) => /only in letter case/.test(note.message)).map((note) => note.message.split(' ')[0]);
    assert.deepEqual(caseNotes, ['emails[type', `${enterprise}:department`, 'urn:contoso:custom:2.0:User:costCenter']);
  });

  test('a target schema that makes an attribute caseExact gets its case changes', () => {
    const schema = JSON.parse(readFileSync('server/src/data/genesys-schema.json', 'utf8'));
    const core = schema.resources[0].schemas[0].attributes as Array<{ name: string; caseExact: boolean }>;
    core.find((attribute) => attribute.name === 'displayName')!.caseExact = true;
    const targetSchema = readTargetSchema(schema, 'test');
    const preview = previewUser(
      file,
      { ...source, attributes: { ...source.attributes, displayName: 'ADA' } },
      { target: current, targetSchema },
    );
    assert.deepEqual((preview.requests[1].body as { Operations: unknown[] }).Operations[0], {
      op: 'Replace',
      path: 'displayName',
      value: 'ADA',
    });
    const defaultPreview = previewUser(file, { ...source, attributes: { ...source.attributes, displayName: 'ADA' } }, { target: current });
    assert.ok(
      !(defaultPreview.requests[1].body as { Operations: Array<{ path?: string }> }).Operations.some((op) => op.path === 'displayName'),
    );
  });

  test('matching queries find the target as it compares: ignoring case, but exactly on a caseExact attribute (externalId)', () => {
    const byUserName = previewUser(file, source, { target: { ...current, userName: 'ADA@CONTOSO.COM' } });
    assert.equal(byUserName.matching[0].found, true);
    const byExternalId = mapping(
      `users {\n  externalId <- [mailNickname] match 1\n  userName <- [userPrincipalName]\n  displayName <- [displayName]\n}`,
    );
    const adaByAlias = user({ mailNickname: 'AdaL', userPrincipalName: 'ada@contoso.com', displayName: 'Ada' });
    assert.equal(previewUser(byExternalId, adaByAlias, { target: { id: 't', externalId: 'AdaL' } }).matching[0].found, true);
    const differentCase = previewUser(byExternalId, adaByAlias, { target: { id: 't', externalId: 'adal' } });
    assert.equal(differentCase.matching[0].found, false);
    assert.ok(differentCase.notes.some((note) => /No matching query finds/.test(note.message)));
  });
});

describe('role functions in both PATCH formats (Customize application attributes, "Provisioning a role to a SCIM app")', () => {
  const role = (fn: string) =>
    mapping(
      `users {\n  userName <- [userPrincipalName] match 1\n  displayName <- [displayName]\n  title <- [jobTitle]\n  roles <- ${fn}([appRoleAssignments])\n}`,
    );
  const source = user({
    userPrincipalName: 'a@b.c',
    displayName: 'A',
    jobTitle: 'Lead',
    appRoleAssignments: [
      { value: 'Agent', displayName: 'Agent role', id: 'r-1' },
      { value: 'Supervisor', id: 'r-2' },
    ],
  });
  const target = { id: 't', userName: 'a@b.c', displayName: 'Old', title: 'Old', roles: [{ value: 'Agent' }, { value: 'Admin' }] };
  const operations = (fn: string, compat?: 'aadOptscim062020') =>
    (previewUser(role(fn), source, { target, compat }).requests[1].body as { Operations: Array<Record<string, unknown>> }).Operations;

  test('AppRoleAssignmentsComplex adds only the missing roles with the flag too, never a replace, never merged', () => {
    const ops = operations('AppRoleAssignmentsComplex', 'aadOptscim062020');
    const roles = ops.filter((op) => op.path === 'roles');
    assert.deepEqual(roles, [
      {
        op: 'add',
        path: 'roles',
        value: [{ primary: false, type: 'WindowsAzureActiveDirectoryRole', displayName: 'Supervisor', value: 'Supervisor' }],
      },
    ]);
    assert.ok(!ops.some((op) => op.op === 'replace' && op.path === undefined && 'roles' in (op.value as object)));
  });

  // CAA shows only the default format's PATCH and says the flag "aligns" it with the POST: the shape is ours, said on the op.
  test('with the flag, an add-only roles op in the POST shape carries a note that this shape is inferred', () => {
    const inferred = (compat?: 'aadOptscim062020') =>
      previewUser(role('AppRoleAssignmentsComplex'), source, { target, compat }).requests[1].notes.filter((note) =>
        /aligns/.test(note.message),
      );
    const notes = inferred('aadOptscim062020');
    assert.equal(notes.length, 1);
    assert.equal(notes[0].severity, 'information');
    assert.equal(
      notes[0].pointer,
      `/Operations/${operations('AppRoleAssignmentsComplex', 'aadOptscim062020').findIndex((op) => op.path === 'roles')}/value`,
    );
    assert.match(notes[0].message, /^With aadOptscim062020 the roles are added in the POST's shape/);
    assert.deepEqual(inferred(), []);
  });

  test('AppRoleAssignmentsComplex keeps roles the user lost, with a note', () => {
    const preview = previewUser(role('AppRoleAssignmentsComplex'), source, { target });
    assert.deepEqual((preview.requests[1].body as { Operations: unknown[] }).Operations.slice(-1), [
      { op: 'Add', path: 'roles', value: [{ value: '{"id":"r-2","value":"Supervisor","displayName":"Supervisor"}' }] },
    ]);
    assert.ok(preview.notes.some((note) => /"Admin".*add only/.test(note.message)));
  });

  test('no missing role: no roles op, whatever extra roles the target has', () => {
    const preview = previewUser(role('AppRoleAssignmentsComplex'), source, {
      target: { ...target, displayName: 'A', title: 'Lead', roles: [{ value: 'Agent' }, { value: 'Supervisor' }, { value: 'Admin' }] },
    });
    assert.equal(preview.action, 'none');
  });

  test('AssertiveAppRoleAssignmentsComplex replaces the whole list, op spelled "replace" as documented, in both formats', () => {
    const expected = {
      op: 'replace',
      path: 'roles',
      value: [
        { primary: false, type: 'WindowsAzureActiveDirectoryRole', display: 'Agent role', value: 'Agent' },
        { primary: false, type: 'WindowsAzureActiveDirectoryRole', display: 'Supervisor', value: 'Supervisor' },
      ],
    };
    assert.deepEqual(
      operations('AssertiveAppRoleAssignmentsComplex').filter((op) => op.path === 'roles'),
      [expected],
    );
    assert.deepEqual(
      operations('AssertiveAppRoleAssignmentsComplex', 'aadOptscim062020').filter((op) => op.path === 'roles'),
      [expected],
    );
  });

  test('SingleAppRoleAssignment adds: a JSON string by default, the POST shape with the flag', () => {
    const single = user({
      userPrincipalName: 'a@b.c',
      displayName: 'A',
      jobTitle: 'Lead',
      appRoleAssignments: [{ value: 'Supervisor', id: 'r-2' }],
    });
    const file = role('SingleAppRoleAssignment');
    const ops = (compat?: 'aadOptscim062020') =>
      (previewUser(file, single, { target, compat }).requests[1].body as { Operations: Array<Record<string, unknown>> }).Operations.filter(
        (op) => op.path === 'roles',
      );
    assert.deepEqual(ops(), [
      { op: 'Add', path: 'roles', value: [{ value: '{"id":"r-2","value":"Supervisor","displayName":"Supervisor"}' }] },
    ]);
    assert.deepEqual(ops('aadOptscim062020'), [
      { op: 'add', path: 'roles', value: [{ primary: true, type: 'WindowsAzureActiveDirectoryRole', value: 'Supervisor' }] },
    ]);
  });
});

describe('filtered paths: the element carries the filter typed by the target schema (docs/requests.md)', () => {
  const generic = bundledTarget('generic-scim')!;
  const roleUser = user({ userPrincipalName: 'r@b.c', displayName: 'R', appRoleAssignments: [{ value: 'Admin', id: 'r-1' }] });
  const single = (target: string) =>
    mapping(
      `users {\n  userName <- [userPrincipalName] match 1\n  displayName <- [displayName]\n  ${target} <- SingleAppRoleAssignment([appRoleAssignments])\n}`,
    );
  const body = (preview: ReturnType<typeof previewUser>) => preview.requests[1].body as Record<string, unknown>;

  test('SingleAppRoleAssignment to roles[primary eq "True"].value gives the documented POST and PATCH, as mapped to roles', () => {
    const documentedPost = [{ primary: true, type: 'WindowsAzureActiveDirectoryRole', value: 'Admin' }];
    const documentedPatch = { op: 'Add', path: 'roles', value: [{ value: '{"id":"r-1","value":"Admin","displayName":"Admin"}' }] };
    const target = { id: 't', userName: 'r@b.c', displayName: 'R', roles: [{ value: 'Old', primary: false }] };
    for (const path of ['roles[primary eq "True"].value', 'roles']) {
      assert.deepEqual(body(previewUser(single(path), roleUser, { targetSchema: generic })).roles, documentedPost, path);
      const update = previewUser(single(path), roleUser, { targetSchema: generic, target });
      assert.deepEqual(body(update).Operations, [documentedPatch], path);
    }
    const unchanged = { ...target, roles: [{ value: 'Admin', primary: true, type: 'WindowsAzureActiveDirectoryRole' }] };
    assert.equal(
      previewUser(single('roles[primary eq "True"].value'), roleUser, { targetSchema: generic, target: unchanged }).action,
      'none',
    );
  });

  test('a boolean or numeric filter value is a JSON boolean or number in the element, and finds the element the target returns', () => {
    const file = mapping(
      `users {\n  userName <- [userPrincipalName] match 1\n  displayName <- [displayName]\n  emails[primary eq "True"].value <- [mail]\n}`,
    );
    const mail = user({ userPrincipalName: 'm@b.c', displayName: 'M', mail: 'm@b.c' });
    assert.deepEqual(body(previewUser(file, mail, { targetSchema: generic })).emails, [{ primary: true, value: 'm@b.c' }]);
    const current = { id: 't', userName: 'm@b.c', displayName: 'M', emails: [{ primary: true, value: 'm@b.c' }] };
    assert.equal(previewUser(file, mail, { targetSchema: generic, target: current }).action, 'none');
  });
});

describe('aadOptscim062020 op order (SCIM compatibility page, multi-attribute replace)', () => {
  test('a filtered-path replace comes before the merged path-less replace', () => {
    const file = mapping(
      `users {\n  userName <- [userPrincipalName] match 1\n  displayName <- [displayName]\n  title <- [jobTitle]\n  emails[type eq "work"].value <- [mail]\n}`,
    );
    const preview = previewUser(file, user({ userPrincipalName: 'a@b.c', displayName: 'New', jobTitle: 'New', mail: 'new@b.c' }), {
      target: { id: 't', userName: 'a@b.c', displayName: 'Old', title: 'Old', emails: [{ type: 'work', value: 'old@b.c' }] },
      compat: 'aadOptscim062020',
    });
    assert.deepEqual((preview.requests[1].body as { Operations: unknown[] }).Operations, [
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'new@b.c' },
      { op: 'replace', value: { displayName: 'New', title: 'New' } },
    ]);
  });
});

describe('aadOptscim062020 op order, as a rule: every op with a path first, in mapping order, then the merged replace', () => {
  const file = mapping(
    [
      'users {',
      '  userName <- [userPrincipalName] match 1',
      '  displayName <- [displayName]',
      '  emails[type eq "work"].value <- [mail]',
      '  title <- [jobTitle]',
      '  roles <- AppRoleAssignmentsComplex([appRoleAssignments])',
      '  phoneNumbers[type eq "mobile"].value <- [mobile]',
      `  ${enterprise}:department <- [department]`,
      '  externalId <- [mailNickname]',
      '}',
    ].join('\n'),
  );
  const source = user({
    userPrincipalName: 'a@b.c',
    displayName: 'New',
    mail: 'new@b.c',
    jobTitle: 'New',
    appRoleAssignments: ['Agent'],
    mobile: '+14255550100',
    department: 'New',
    mailNickname: 'alias',
  });
  const target = {
    id: 't',
    userName: 'a@b.c',
    displayName: 'Old',
    emails: [{ type: 'work', value: 'old@b.c' }],
    title: 'Old',
    [enterprise]: { department: 'Old' },
  };
  const operations = (compat?: 'aadOptscim062020') =>
    (previewUser(file, source, { target, compat }).requests[1].body as { Operations: Array<Record<string, unknown>> }).Operations;

  test('filtered paths, adds (a plain attribute and a role function) keep their place; the other replacements merge last', () => {
    assert.deepEqual(operations('aadOptscim062020'), [
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'new@b.c' },
      {
        op: 'add',
        path: 'roles',
        value: [{ primary: false, type: 'WindowsAzureActiveDirectoryRole', displayName: 'Agent', value: 'Agent' }],
      },
      { op: 'add', path: 'phoneNumbers[type eq "mobile"].value', value: '+14255550100' },
      { op: 'add', path: 'externalId', value: 'alias' },
      { op: 'replace', value: { displayName: 'New', title: 'New', [`${enterprise}:department`]: 'New' } },
    ]);
  });

  test('the default format keeps mapping order, one op each', () => {
    assert.deepEqual(
      operations().map((op) => `${op.op} ${String(op.path)}`),
      [
        'Replace displayName',
        'Replace emails[type eq "work"].value',
        'Replace title',
        'Add roles',
        'Add phoneNumbers[type eq "mobile"].value',
        `Replace ${enterprise}:department`,
        'Add externalId',
      ],
    );
  });

  test('a single replacement keeps its path, after the ops before it', () => {
    const one = previewUser(file, source, {
      target: { ...target, displayName: 'New', title: 'New', emails: [{ type: 'work', value: 'new@b.c' }] },
      compat: 'aadOptscim062020',
    });
    assert.deepEqual(
      (one.requests[1].body as { Operations: Array<Record<string, unknown>> }).Operations.map((op) => `${op.op} ${String(op.path)}`),
      ['add roles', 'add phoneNumbers[type eq "mobile"].value', `replace ${enterprise}:department`, 'add externalId'],
    );
  });

  test('AssertiveAppRoleAssignmentsComplex replaces even when the target has no roles, and sends nothing for the same roles in another order', () => {
    const assertive = mapping(
      'users {\n  userName <- [userPrincipalName] match 1\n  displayName <- [displayName]\n  roles <- AssertiveAppRoleAssignmentsComplex([appRoleAssignments])\n}',
    );
    const two = user({ userPrincipalName: 'a@b.c', displayName: 'A', appRoleAssignments: ['Agent', 'Admin'] });
    for (const compat of [undefined, 'aadOptscim062020'] as const) {
      const fresh = previewUser(assertive, two, { target: { id: 't', userName: 'a@b.c', displayName: 'A' }, compat });
      assert.deepEqual(
        (fresh.requests[1].body as { Operations: Array<Record<string, unknown>> }).Operations.map((op) => op.op),
        ['replace'],
      );
      const same = previewUser(assertive, two, {
        target: { id: 't', userName: 'a@b.c', displayName: 'A', roles: [{ value: 'Admin' }, { value: 'Agent' }] },
        compat,
      });
      assert.equal(same.action, 'none');
    }
  });
});

describe('Genesys Cloud value rules in the preview (genesys-schema.json: format, minimum, maximum)', () => {
  test('a userName that is not an email address is warned about on the evaluated value', () => {
    const file = mapping(`users {\n  userName <- Coalesce([mail], [mailNickname]) match 1\n  displayName <- [displayName]\n}`);
    const warned = (attributes: Record<string, unknown>) =>
      previewUser(file, user(attributes))
        .requests.flatMap((request) => request.notes)
        .some((note) => note.severity === 'warning' && /wants an email address/.test(note.message));
    assert.equal(warned({ mailNickname: 'adal', displayName: 'A' }), true);
    assert.equal(warned({ mail: 'ada@contoso.com', mailNickname: 'adal', displayName: 'A' }), false);
  });

  test('a routing proficiency outside 0-5 is warned about, for skills and languages, above and below', () => {
    for (const attribute of ['routingSkills', 'routingLanguages']) {
      const file = mapping(
        `users {\n  userName <- [userPrincipalName] match 1\n  displayName <- [displayName]\n  urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User:${attribute}[name eq "French"].proficiency <- [extensionAttribute1]\n}`,
      );
      const notes = (value: string) =>
        previewUser(file, user({ userPrincipalName: 'a@b.c', displayName: 'A', extensionAttribute1: value }))
          .requests.flatMap((request) => request.notes)
          .filter((note) => /range Genesys Cloud accepts/.test(note.message));
      for (const [value, warned] of [
        ['5.5', true],
        ['6', true],
        ['-1', true],
        ['-0.5', true],
        ['5', false],
        ['0', false],
        ['2.5', false],
      ] as const)
        assert.equal(notes(value).length, warned ? 1 : 0, `${attribute} ${value}`);
    }
  });
});

describe('a multi-valued attribute without a filter key (audit 12 J F1)', () => {
  const acmeUrn = 'urn:ietf:params:scim:schemas:extension:acme:2.0:User';
  const targetSchema = readTargetSchema(
    {
      name: 'Acme',
      resources: [
        {
          name: 'User',
          block: 'users',
          endpoint: '/Users',
          coreSchema: core,
          required: ['userName'],
          schemas: [
            { id: core, attributes: [{ name: 'userName', type: 'string', entraType: 'String', required: true, filterable: true }] },
            { id: acmeUrn, attributes: [{ name: 'tags', type: 'string', entraType: 'String', multiValued: true }] },
          ],
        },
      ],
    },
    'acme.target.json',
  );
  const file = mapping(`users {\n  userName <- [userPrincipalName] match 1\n  ${acmeUrn}:tags <- [department]\n}`);
  const ada = user({ userPrincipalName: 'ada@contoso.com', department: 'D1' });
  const body = (preview: ReturnType<typeof previewUser>) => preview.requests[1].body as Record<string, unknown>;

  test('a multi-valued string gets an array of the one value, in the POST and in the Replace (RFC 7643 §2.4)', () => {
    assert.deepEqual(body(previewUser(file, ada, { targetSchema }))[acmeUrn], { tags: ['D1'] });
    const update = previewUser(file, ada, { targetSchema, target: { id: 't', userName: 'ada@contoso.com', [acmeUrn]: { tags: ['D0'] } } });
    assert.deepEqual((update.requests[1].body as { Operations: unknown[] }).Operations, [
      { op: 'Replace', path: `${acmeUrn}:tags`, value: ['D1'] },
    ]);
    const same = previewUser(file, ada, { targetSchema, target: { id: 't', userName: 'ada@contoso.com', [acmeUrn]: { tags: ['D1'] } } });
    assert.equal(same.action, 'none');
  });

  test('several values (Split) are the array, not an error', () => {
    const split = mapping(`users {\n  userName <- [userPrincipalName] match 1\n  ${acmeUrn}:tags <- Split([department], ",")\n}`);
    const preview = previewUser(split, user({ userPrincipalName: 'ada@contoso.com', department: 'D1,D2' }), { targetSchema });
    assert.deepEqual(body(preview)[acmeUrn], { tags: ['D1', 'D2'] });
    assert.deepEqual(
      preview.requests.flatMap((request) => request.notes).filter((note) => note.severity === 'error'),
      [],
    );
  });
});

describe('group create summary', () => {
  const file = mapping(
    'target "generic-scim"\nusers {\n  userName <- [userPrincipalName] match 1\n}\ngroups {\n  displayName <- [displayName] match 1\n  members <- [members]\n}\n',
  );
  const engineers = (members: string[]) => ({ id: 'eng', attributes: { displayName: 'Engineers', objectId: 'g-eng' }, members });

  // Before: "Entra creates the group (empty), then adds the members" with no member to add and no PATCH planned.
  test('with no member to add: the create alone, and the summary says so', () => {
    const preview = previewGroup(file, engineers([]), { samples });
    assert.equal(preview.action, 'create');
    assert.deepEqual(
      wireRequests(preview).map((request) => request.method),
      ['GET', 'POST'],
    );
    assert.equal(preview.summary, 'Entra creates the group, with no members to add.');
  });

  test('with members in the target: the create, then the PATCH that adds them', () => {
    const member = samples.users.find((candidate) => typeof candidate.target?.id === 'string')!;
    const preview = previewGroup(file, engineers([member.id]), { samples });
    assert.deepEqual(
      wireRequests(preview).map((request) => request.method),
      ['GET', 'POST', 'PATCH'],
    );
    assert.equal(preview.summary, 'Entra creates the group (empty), then adds the members.');
  });
});

describe('a manager that fails in this cycle', () => {
  const file = parse(
    'target "generic-scim"\nusers {\n  externalId <- [objectId] match 1\n  userName <- [userPrincipalName]\n  urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager <- [manager]\n}\n',
  ).file;
  const user: SampleUser = { id: 'emp', attributes: { objectId: 'emp', userPrincipalName: 'emp@contoso.com', manager: 'boss' } };
  const note = (target: PreviewOptions['target']) =>
    previewUser(file, user, { target, unprovisioned: new Map([['boss', 'failure']]) }).notes.find((n) =>
      n.message.includes('fails in this cycle'),
    )?.message;

  test('a user that already has one in the target keeps it: the note says so (before: "Entra leaves the manager unset")', () => {
    const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
    const target = { id: 't-emp', externalId: 'emp', userName: 'emp@contoso.com', [enterprise]: { manager: { value: 't-boss1' } } };
    assert.match(note(target) ?? '', /: Entra sends no manager, and the user keeps the one it has in the target\.$/);
    assert.match(note(undefined) ?? '', /: Entra leaves the manager unset\.$/);
    assert.match(note({ id: 't-emp', externalId: 'emp', userName: 'emp@contoso.com' }) ?? '', /: Entra leaves the manager unset\.$/);
  });
});

describe('a manager removed in Entra (preview4 leftover)', () => {
  const file = parse(
    'target "generic-scim"\nusers {\n  externalId <- [objectId] match 1\n  userName <- [userPrincipalName]\n  urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager <- [manager]\n}\n',
  ).file;
  const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
  const user: SampleUser = { id: 'emp', attributes: { objectId: 'emp', userPrincipalName: 'emp@contoso.com' } };
  const base = { id: 't-emp', externalId: 'emp', userName: 'emp@contoso.com' };

  // Before: no request and no word, though every other attribute left null in the source gets a "keeps" note.
  test('a target that holds a manager keeps it, and an [inf] note says why nothing is sent', () => {
    const preview = previewUser(file, user, { target: { ...base, [enterprise]: { manager: { value: 't-boss1' } } } });
    assert.equal(preview.action, 'none');
    assert.deepEqual(
      preview.requests.map((request) => request.method),
      ['GET'],
    );
    assert.ok(
      preview.notes.some((note) =>
        /has no manager in Entra, but .* holds the manager "t-boss1": how Entra clears a manager is not documented/.test(note.message),
      ),
    );
  });

  test('no note when the target holds no manager either', () => {
    const preview = previewUser(file, user, { target: base });
    assert.ok(!preview.notes.some((note) => /has no manager in Entra/.test(note.message)));
  });
});

describe('a group extension of the target schema (discover13)', () => {
  const groupCore = 'urn:ietf:params:scim:schemas:core:2.0:Group';
  const acmeGroup = 'urn:ietf:params:scim:schemas:extension:acme:2.0:Group';
  const targetSchema = readTargetSchema(
    {
      name: 'Acme',
      resources: [
        {
          name: 'Group',
          block: 'groups',
          endpoint: '/Groups',
          coreSchema: groupCore,
          required: ['displayName'],
          schemas: [
            { id: groupCore, attributes: [{ name: 'displayName', type: 'string', entraType: 'String', required: true }] },
            { id: acmeGroup, attributes: [{ name: 'costCode', type: 'string', entraType: 'String' }] },
          ],
        },
      ],
    },
    'acme.target.json',
  );
  const file = mapping(`groups {\n  displayName <- [displayName] match 1\n  ${acmeGroup}:costCode <- [mail]\n}`);
  const create = (attributes: Record<string, unknown>) =>
    previewGroup(file, { id: 'eng', attributes: { displayName: 'Engineers', ...attributes }, members: [] }, { targetSchema }).requests[1]
      .body as Record<string, unknown>;

  // Before: ["...:core:2.0:Group", "http://schemas.microsoft.com/...ADSCIM/2.0/Group"] whatever the body held,
  // while a user's POST lists each extension of the target schema its values use.
  test('the POST lists the extension its values use in schemas, after the two Entra documents', () => {
    const body = create({ mail: 'eng@contoso.com' });
    assert.deepEqual(body.schemas, [groupCore, 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group', acmeGroup]);
    assert.deepEqual(body[acmeGroup], { costCode: 'eng@contoso.com' });
    assert.deepEqual(create({}).schemas, [groupCore, 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group']);
  });
});

describe('a dateTime target (discover13)', () => {
  const acmeUrn = 'urn:ietf:params:scim:schemas:extension:acme:2.0:User';
  const targetSchema = readTargetSchema(
    {
      name: 'Acme',
      resources: [
        {
          name: 'User',
          block: 'users',
          endpoint: '/Users',
          coreSchema: core,
          schemas: [
            { id: core, attributes: [{ name: 'userName', type: 'string', entraType: 'String', required: true }] },
            { id: acmeUrn, attributes: [{ name: 'hireDate', type: 'dateTime', entraType: 'DateTime' }] },
          ],
        },
      ],
    },
    'acme.target.json',
  );
  const file = mapping(`users {\n  userName <- [userPrincipalName] match 1\n  ${acmeUrn}:hireDate <- [employeeHireDate]\n}`);
  const warnings = (hired: string) =>
    previewUser(file, user({ userPrincipalName: 'ada@contoso.com', employeeHireDate: hired }), { targetSchema })
      .requests.flatMap((request) => request.notes)
      .filter((note) => note.severity === 'warning')
      .map((note) => note.message);

  // Before: "01/05/2026" was sent without a word, though a strict target refuses it.
  test('a value that is no xsd:dateTime is warned about; an ISO 8601 date and time is not', () => {
    assert.deepEqual(warnings('01/05/2026'), [
      `${acmeUrn}:hireDate is a dateTime, but the value "01/05/2026" is not an xsd:dateTime such as "2026-01-05T09:00:00Z" (RFC 7643 §2.3.5): the target will likely reject it`,
    ]);
    assert.deepEqual(warnings('2026-01-05T00:00:00Z'), []);
  });
});

describe('the manager note names the target (discover13)', () => {
  const managerNoteOf = (text: string, targetSchema?: PreviewOptions['targetSchema']) =>
    previewUser(
      parse(text).file,
      { id: 'emp', attributes: { objectId: 'emp', userPrincipalName: 'emp@contoso.com', displayName: 'Emp', manager: 'boss' } },
      { targetSchema },
    )
      .requests.flatMap((request) => request.notes)
      .find((note) => note.message.startsWith('Entra writes reference attributes'))!.message;
  const mapped = `users {\n  externalId <- [objectId] match 1\n  userName <- [userPrincipalName]\n  displayName <- [displayName]\n  active <- Not([IsSoftDeleted])\n  ${enterprise}:manager <- [manager]\n}\n`;

  // Before: "Unverified for Genesys Cloud, which models manager as {value, $ref}." whatever the target.
  test('Genesys Cloud by default, the declared target otherwise', () => {
    assert.match(managerNoteOf(mapped), /Unverified for Genesys Cloud, which models manager as \{value, \$ref\}\.$/);
    assert.match(
      managerNoteOf(mapped, bundledTarget('generic-scim')),
      /Unverified for SCIM 2\.0 \(RFC 7643\), which models manager as \{value, \$ref\}\.$/,
    );
  });
});

describe('a required attribute of an extension the POST carries or must carry (discover13)', () => {
  const acmeUrn = 'urn:ietf:params:scim:schemas:extension:acme:2.0:User';
  const target = (extensionRequired: boolean) =>
    readTargetSchema(
      {
        name: 'Acme',
        resources: [
          {
            name: 'User',
            block: 'users',
            endpoint: '/Users',
            coreSchema: core,
            required: ['userName'],
            schemas: [
              { id: core, attributes: [{ name: 'userName', type: 'string', entraType: 'String', required: true }] },
              {
                id: acmeUrn,
                name: 'AcmeUser',
                required: extensionRequired,
                attributes: [
                  { name: 'badge', type: 'string', entraType: 'String', required: true },
                  { name: 'region', type: 'string', entraType: 'String' },
                ],
              },
            ],
          },
        ],
      },
      'acme.target.json',
    );
  const file = mapping(
    `users {\n  userName <- [userPrincipalName] match 1\n  ${acmeUrn}:badge <- [employeeId]\n  ${acmeUrn}:region <- [country]\n}`,
  );
  const errors = (attributes: Record<string, unknown>, extensionRequired: boolean) => {
    const preview = previewUser(file, user({ userPrincipalName: 'ada@contoso.com', ...attributes }), {
      targetSchema: target(extensionRequired),
    });
    return [...preview.notes, ...preview.requests.flatMap((request) => request.notes)]
      .filter((note) => note.severity === 'error')
      .map((note) => note.message);
  };
  const refused = `Acme requires ${acmeUrn}:badge on create (the AcmeUser extension marks it required), and this user has none: the POST will be rejected.`;

  // Before: the POST went out with the extension but without its required badge, and nothing said the target refuses it.
  test('a user without the badge: refused when the POST carries the extension or the resource type requires it', () => {
    assert.deepEqual(errors({ country: 'FR' }, false), [refused]);
    assert.deepEqual(errors({}, true), [refused]);
    assert.deepEqual(errors({}, false), []);
    assert.deepEqual(errors({ employeeId: 'B1', country: 'FR' }, true), []);
  });

  // Before: the extension and its mapped required badge vanished from the POST without a word.
  test('a user whose values mapped to an optional extension are all null: the POST leaves it out, and a note says so', () => {
    const notes = (attributes: Record<string, unknown>) =>
      previewUser(file, user({ userPrincipalName: 'ada@contoso.com', ...attributes }), { targetSchema: target(false) }).notes.filter(
        (note) => note.severity === 'information' && note.message.includes('extension'),
      );
    const [note, ...others] = notes({});
    assert.equal(others.length, 0);
    assert.equal(
      note?.message,
      `${acmeUrn}:badge is null for this user, as is every value mapped to the AcmeUser extension, so the POST leaves the extension out and Acme creates the user without it (the attributes the extension marks required apply only when it is sent).`,
    );
    assert.deepEqual(notes({ employeeId: 'B1' }), []);
  });
});

describe('meta.resourceType of a create (discover13)', () => {
  // Before: "Employee", the name the app's /ResourceTypes gives its users, where Entra's documented POST says "User".
  test('is "User" or "Group", as Entra writes it, whatever the target names its resource', () => {
    const targetSchema = readTargetSchema(
      {
        name: 'Acme',
        resources: [
          {
            name: 'Employee',
            block: 'users',
            endpoint: '/Users',
            coreSchema: core,
            schemas: [{ id: core, attributes: [{ name: 'userName', type: 'string', entraType: 'String', required: true }] }],
          },
        ],
      },
      'acme.target.json',
    );
    const file = mapping('users {\n  userName <- [userPrincipalName] match 1\n}');
    const body = previewUser(file, user({ userPrincipalName: 'ada@contoso.com' }), { targetSchema }).requests[1].body as Record<
      string,
      unknown
    >;
    assert.deepEqual(body.meta, { resourceType: 'User' });
  });
});
