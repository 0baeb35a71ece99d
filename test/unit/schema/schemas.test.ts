// The Genesys Cloud target schema, the Entra source schema and the scoping operators are
// consistent with each other and with the references.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../../server/src/validation/analyze';
import { parse } from '../../../server/src/syntax/parser';
import {
  allTargetAttributes,
  findSubAttribute,
  findTargetAttributeByPath,
  findTargetResource,
  type BlockObject,
  type TargetAttribute,
} from '../../../server/src/schema/target';
import { defaultTarget } from '../../../server/src/schema/target-format';
import { findScopingOperator, scopingOperators } from '../../../server/src/schema/scoping-operators';
import { findSourceAttribute, isDirectoryExtension, sourceSchema } from '../../../server/src/schema/source';

const targetSchema = defaultTarget();
const targetResource = (object: BlockObject) => findTargetResource(targetSchema, object)!;

function walk(
  attributes: readonly TargetAttribute[],
  visit: (a: TargetAttribute, parent?: TargetAttribute) => void,
  parent?: TargetAttribute,
): void {
  for (const a of attributes) {
    visit(a, parent);
    if (a.subAttributes) walk(a.subAttributes, visit, a);
  }
}

const everyAttribute: Array<{ attribute: TargetAttribute; parent?: TargetAttribute; where: string }> = [];
for (const resource of targetSchema.resources) {
  for (const schema of resource.schemas)
    walk(schema.attributes, (attribute, parent) =>
      everyAttribute.push({ attribute, parent, where: `${schema.id}:${parent ? `${parent.name}.` : ''}${attribute.name}` }),
    );
}

test('users and groups map to the User and Group resources with the Genesys required attributes', () => {
  assert.equal(targetResource('users').name, 'User');
  assert.equal(targetResource('groups').name, 'Group');
  assert.deepEqual(targetResource('users').required, ['userName', 'active', 'displayName']);
  assert.deepEqual(targetResource('groups').required, ['displayName']);
  assert.deepEqual(targetResource('groups').supportedActions, ['update']);
  for (const resource of targetSchema.resources)
    for (const name of resource.required)
      assert.ok(findTargetAttributeByPath(resource, name)?.attribute.required, `${resource.name}.${name}`);
});

test('the User resource has the core, enterprise and Genesys schemas', () => {
  assert.deepEqual(
    targetResource('users').schemas.map((s) => s.id),
    [
      'urn:ietf:params:scim:schemas:core:2.0:User',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
      'urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User',
    ],
  );
});

test('every attribute path of the gallery app (Entra tutorial) resolves', () => {
  const users = targetResource('users');
  for (const path of [
    'userName',
    'active',
    'displayName',
    'title',
    'roles',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division',
  ]) {
    assert.ok(findTargetAttributeByPath(users, path), path);
  }
  const phoneTypes = findSubAttribute(findTargetAttributeByPath(users, 'phoneNumbers')!.attribute, 'type')!.canonicalValues!;
  for (const type of ['mobile', 'work', 'work2', 'work3', 'work4', 'home', 'microsoftteams']) assert.ok(phoneTypes.includes(type), type);
  const externalIds = findTargetAttributeByPath(
    users,
    'urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User:externalIds',
  )!.attribute;
  assert.deepEqual(findSubAttribute(externalIds, 'authority')!.suggestedValues, ['microsoftteams', 'ringcentral', 'zoomphone']);
  const groups = targetResource('groups');
  for (const path of ['displayName', 'externalId', 'members']) assert.ok(findTargetAttributeByPath(groups, path), path);
});

test('the attributes Entra marks filterable for matching are filterable, and only attributes Genesys documents filters for', () => {
  const filterable = allTargetAttributes(targetResource('users'))
    .filter((e) => e.attribute.filterable)
    .map((e) => e.attribute.name)
    .sort();
  assert.deepEqual(filterable, ['active', 'division', 'employeeNumber', 'externalId', 'externalIds', 'id', 'manager', 'userName']);
  const groupFilterable = allTargetAttributes(targetResource('groups'))
    .filter((e) => e.attribute.filterable)
    .map((e) => e.attribute.name)
    .sort();
  assert.deepEqual(groupFilterable, ['displayName', 'id']);
});

test('every canonical value list is non-empty and every filter key names a sub-attribute', () => {
  for (const { attribute, where } of everyAttribute) {
    if (attribute.canonicalValues) assert.ok(attribute.canonicalValues.length > 0, where);
    if (attribute.filterKey) assert.ok(findSubAttribute(attribute, attribute.filterKey), `${where} filterKey`);
    for (const entry of attribute.readOnlyEntries ?? []) {
      const key = findSubAttribute(attribute, attribute.filterKey!)!;
      // A prefix selects values of an open list (the x-pc:scimv2:v1 authority Genesys sets itself).
      if (entry.match !== 'prefix') assert.ok(key.canonicalValues?.includes(entry.value), `${where} read-only entry ${entry.value}`);
    }
    assert.ok(attribute.description.length > 3, `${where} is described`);
    assert.ok((attribute.source ?? '').length > 0, `${where} cites a source`);
    if (attribute.type === 'complex') assert.ok(attribute.subAttributes?.length, `${where} has sub-attributes`);
  }
});

test('read-only targets: id, meta, groups on a user, the other email', () => {
  const users = targetResource('users');
  for (const name of ['id', 'meta', 'groups']) assert.equal(findTargetAttributeByPath(users, name)!.attribute.mutability, 'readOnly', name);
  assert.deepEqual(
    findTargetAttributeByPath(users, 'emails')!.attribute.readOnlyEntries!.map((e) => e.value),
    ['other'],
  );
});

test('every gallery default source expression is valid for its target', () => {
  for (const resource of targetSchema.resources) {
    for (const { attribute, path } of allTargetAttributes(resource).filter((e) => e.attribute.entraDefault)) {
      const text = `${resource.block} {\n  ${path} <- ${attribute.entraDefault}\n}\n`;
      const codes = analyze(text)
        .diagnostics.map((d) => d.code)
        .filter((c) => !['no-matching-attribute', 'missing-required-target', 'group-action-unsupported'].includes(c));
      assert.deepEqual(codes, [], `${resource.name} ${path} <- ${attribute.entraDefault}`);
    }
  }
});

test('source schema: names are unique per object, special attributes are flagged', () => {
  for (const object of sourceSchema.objects) {
    const names = object.attributes.map((a) => a.name);
    assert.equal(new Set(names).size, names.length, object.name);
  }
  assert.ok(findSourceAttribute('users', 'IsSoftDeleted')?.computed);
  assert.ok(findSourceAttribute('users', 'objectId')?.anchor);
  assert.equal(findSourceAttribute('users', 'manager')?.type, 'Reference');
  assert.ok(findSourceAttribute('users', 'proxyAddresses')?.multiValued);
  assert.ok(findSourceAttribute('users', 'appRoleAssignments')?.roleFunctionsOnly);
  for (const i of [1, 15]) assert.ok(findSourceAttribute('users', `extensionAttribute${i}`), `extensionAttribute${i}`);
  for (const name of ['displayName', 'objectId', 'members']) assert.ok(findSourceAttribute('groups', name), name);
  assert.equal(findSourceAttribute('users', 'mail ')?.name, undefined);
});

test('directory extension attributes: extension_<32 hex>_<name>', () => {
  assert.equal(isDirectoryExtension('extension_0123456789abcdef0123456789ABCDEF_costCenter'), true);
  assert.equal(isDirectoryExtension('extension_0123_costCenter'), false);
  assert.equal(isDirectoryExtension('extension_0123456789abcdef0123456789abcdef_'), false);
});

test('the 14 scoping operators of the reference, each with a parseable example', () => {
  assert.deepEqual(
    scopingOperators.map((o) => o.name).sort(),
    [
      '!&',
      '&',
      'ENDS_WITH',
      'EQUALS',
      'Greater_Than',
      'Greater_Than_OR_EQUALS',
      'IS FALSE',
      'IS NOT NULL',
      'IS NULL',
      'IS TRUE',
      'Includes',
      'NOT EQUALS',
      'NOT REGEX MATCH',
      'REGEX MATCH',
    ].sort(),
  );
  for (const operator of scopingOperators) {
    assert.equal(
      operator.arity === 'binary',
      operator.valueKind !== undefined,
      `${operator.name}: binary operators say what value they take`,
    );
    assert.equal(findScopingOperator(operator.name.replace(' ', '   ')), operator);
    const { file, diagnostics } = parse(`users {\n  scope "s" {\n    ${operator.example}\n  }\n}\n`);
    assert.deepEqual(diagnostics, [], operator.example);
    const clause = file.blocks[0].scopes[0].clauses[0];
    assert.equal(findScopingOperator(clause.operator.text), operator);
    assert.equal(clause.value === undefined, operator.arity === 'unary');
  }
});
