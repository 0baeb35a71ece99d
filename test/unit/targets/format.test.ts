// The target-schema format: the bundled schemas load, a file is read with RFC 7643's defaults, and
// every problem of a bad file is reported with its JSON path, never thrown as a crash.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  bundledTarget,
  bundledTargetNames,
  defaultTarget,
  parseTargetSchema,
  readTargetSchema,
  resolveTargetReference,
  TargetSchemaError,
} from '../../../server/src/schema/target-format';
import { findTargetAttributeByPath, findTargetResource } from '../../../server/src/schema/target';
import { shownPattern } from '../../../server/src/evaluation/regex';

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

function minimal(attributes: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Acme',
    resources: [{ name: 'User', block: 'users', endpoint: '/Users', coreSchema: CORE_USER, schemas: [{ id: CORE_USER, attributes }] }],
    ...extra,
  };
}

function problems(json: unknown): string {
  assert.throws(() => readTargetSchema(json, 'acme.target.json'), TargetSchemaError);
  try {
    readTargetSchema(json, 'acme.target.json');
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

describe('bundled target schemas', () => {
  test('genesys-cloud (the default) and generic-scim', () => {
    assert.deepEqual(bundledTargetNames, ['genesys-cloud', 'generic-scim']);
    assert.equal(defaultTarget(), bundledTarget('genesys-cloud'));
    assert.equal(defaultTarget().name, 'Genesys Cloud');
    assert.equal(defaultTarget().stringBooleans, true);
    assert.deepEqual(findTargetResource(defaultTarget(), 'groups')!.supportedActions, ['update']);
  });

  test('the generic profile: RFC 7643 core User with the enterprise extension, and Group with every action', () => {
    const generic = bundledTarget('generic-scim')!;
    const users = findTargetResource(generic, 'users')!;
    const groups = findTargetResource(generic, 'groups')!;
    assert.deepEqual(
      users.schemas.map((s) => s.id),
      [CORE_USER, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
    );
    assert.deepEqual(users.required, ['userName']);
    assert.equal(groups.supportedActions, undefined);
    for (const path of [
      'userName',
      'name',
      'nickName',
      'addresses',
      'ims',
      'photos',
      'x509Certificates',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter',
    ]) {
      assert.ok(findTargetAttributeByPath(users, path), path);
    }
    const password = findTargetAttributeByPath(users, 'password')!.attribute;
    assert.equal(password.mutability, 'writeOnly');
    assert.equal(password.returned, 'never');
    assert.equal(findTargetAttributeByPath(users, 'userName')!.attribute.uniqueness, 'server');
    // RFC 7643 §7: canonical values are suggestions a server may extend, so the profile does not close the list.
    const emailType = findTargetAttributeByPath(users, 'emails')!.attribute.subAttributes!.find((s) => s.name === 'type')!;
    assert.deepEqual(emailType.suggestedValues, ['work', 'home', 'other']);
    assert.equal(emailType.canonicalValues, undefined);
  });

  test('every key of the bundled files is one the JSON schema (contributed through jsonValidation) declares', () => {
    const schema = JSON.parse(readFileSync('server/src/data/target-schema.schema.json', 'utf8'));
    const check = (value: Record<string, unknown>, definition: { properties: Record<string, unknown> }, where: string) => {
      for (const key of Object.keys(value)) assert.ok(key in definition.properties, `${where}.${key} is not in target-schema.schema.json`);
    };
    for (const file of ['genesys-schema.json', 'generic-scim-schema.json']) {
      const json = JSON.parse(readFileSync(`server/src/data/${file}`, 'utf8'));
      check(json, schema, file);
      for (const resource of json.resources) {
        check(resource, schema.definitions.resource, `${file} resource`);
        for (const s of resource.schemas) {
          check(s, schema.definitions.schema, `${file} ${s.id}`);
          const walk = (attribute: Record<string, unknown>, where: string): void => {
            check(attribute, schema.definitions.attribute, where);
            for (const sub of (attribute.subAttributes as Array<Record<string, unknown>>) ?? []) walk(sub, `${where}.${String(sub.name)}`);
          };
          for (const attribute of s.attributes) walk(attribute, `${file} ${String(attribute.name)}`);
        }
      }
    }
  });
});

// Before: the editor's JSON schema allowed only `$?[A-Za-z][A-Za-z0-9_-]*`, so a file discover or
// import wrote with `attr3_ü`, `first name` or `door.number` (kept, written in double quotes in a
// mapping) showed errors in VS Code that scimmap itself does not make.
test('the JSON schema names every attribute name the reader takes, and refuses the line break no mapping can write', () => {
  const schema = JSON.parse(readFileSync('server/src/data/target-schema.schema.json', 'utf8'));
  const name = schema.definitions.attribute.properties.name;
  const fits = (text: string) => text.length >= (name.minLength ?? 0) && new RegExp(name.pattern).test(text);
  for (const taken of ['userName', '$ref', 'attr3_ü', 'cost-center', 'first name', 'Département', 'x_y$z', 'door.number'])
    assert.equal(fits(taken), true, taken);
  for (const refused of ['', 'two\nlines', 'cr\rhere']) assert.equal(fits(refused), false, JSON.stringify(refused));
});

describe('reading a target-schema file', () => {
  test('RFC 7643 §2.2 defaults fill what a file leaves out; filterable stays unknown', () => {
    const target = readTargetSchema(minimal([{ name: 'userName', type: 'string', entraType: 'String' }]), 'acme.target.json');
    const attribute = findTargetAttributeByPath(findTargetResource(target, 'users')!, 'userName')!.attribute;
    assert.equal(target.origin, 'acme.target.json');
    assert.deepEqual(
      {
        multiValued: attribute.multiValued,
        required: attribute.required,
        mutability: attribute.mutability,
        returned: attribute.returned,
        uniqueness: attribute.uniqueness,
        caseExact: attribute.caseExact,
        filterable: attribute.filterable,
      },
      {
        multiValued: false,
        required: false,
        mutability: 'readWrite',
        returned: 'default',
        uniqueness: 'none',
        caseExact: false,
        filterable: undefined,
      },
    );
    assert.equal(findTargetResource(target, 'groups'), undefined);
  });

  test('every problem is listed with its JSON path', () => {
    const message = problems(
      minimal([
        { name: 'userName', type: 'string' },
        { name: 'emails', type: 'complex', multiValued: 'yes', filterKey: 'kind', subAttributes: [{ name: 'value', type: 'string' }] },
        { name: 'USERNAME', type: 'string' },
        { name: 'age', type: 'text' },
        { type: 'string' },
        {
          name: 'name',
          type: 'complex',
          subAttributes: [{ name: 'inner', type: 'complex', subAttributes: [{ name: 'deeper', type: 'string' }] }],
        },
        { name: 'phone', type: 'string', format: { pattern: '([', description: 'x' } },
      ]),
    );
    for (const expected of [
      'attributes[3].type: "text" is not one of string, boolean',
      '$.resources[0] (User).schemas[0].attributes[1] (emails).multiValued: must be true or false',
      'filterKey: names no sub-attribute ("kind")',
      '"USERNAME" is listed twice',
      '$.resources[0] (User).schemas[0].attributes[4]: "name" is missing',
      'a sub-attribute cannot have sub-attributes of its own',
      'format.pattern: is not a regular expression',
    ]) {
      assert.ok(message.includes(expected), `${expected}\nin:\n${message}`);
    }
  });

  test('a format pattern that could backtrack catastrophically is refused at its JSON path, read as JavaScript', () => {
    const at = '$.resources[0] (User).schemas[0].attributes[0] (userName).format.pattern';
    const formatted = (pattern: string) => minimal([{ name: 'userName', type: 'string', format: { pattern, description: 'x' } }]);
    // Each hung the preview of a userName of 30 a's and a "!" (matchesFormat runs the pattern on every value).
    for (const [pattern, reason] of [
      ['^(a|a)*$', 'a repeated group contains alternatives'],
      ['^(a+)+$', 'a repeated group contains another variable repetition'],
      [`^${'(a|a)'.repeat(30)}$`, 'it has 30 groups of alternatives that can match the same text'],
      // JavaScript spellings .NET reads otherwise (or refuses) do not hide one: \_ and [\W] are valid here.
      ['^[\\W_]\\_(a|a)*$', 'a repeated group contains alternatives'],
      ['^\\p{1,3}(a+)+$', 'a repeated group contains another variable repetition'],
    ]) {
      const message = problems(formatted(pattern));
      assert.ok(message.includes(`${at}: ${shownPattern(pattern)} could hang validation and the preview: ${reason}`), message);
    }
    // Valid JavaScript that .NET's syntax reads otherwise or refuses, and Genesys' phone format, are read.
    for (const pattern of [
      '^[\\w\\-\\_.]+$',
      '^[^\\W_]+\\y$',
      '^[]?\\p{2}(?<$n>x)\\k<$n>\\8\\c$',
      '(a)\\1|[a-z-[]',
      '^(\\+[1-9]\\d{1,14}|tel:\\+[1-9]\\d{1,14}(;ext=\\d+)?)$',
    ]) {
      assert.equal(readTargetSchema(formatted(pattern), 'acme.target.json').name, 'Acme', pattern);
    }
  });

  test('a format pattern too large for V8 to compile is refused when read, not when a value first runs it', () => {
    const pattern = '\\1'.repeat(50_000);
    const message = problems(minimal([{ name: 'userName', type: 'string', format: { pattern, description: 'x' } }]));
    assert.match(message, /\(userName\)\.format\.pattern: is not a regular expression \(Regular expression too large\)/);
    assert.ok(message.length < 1_000, 'the pattern is not repeated in the message');
  });

  test('a resource whose core schema is not among its schemas, a second users resource, no resources', () => {
    assert.match(
      problems({
        name: 'A',
        resources: [
          { name: 'User', block: 'users', endpoint: '/Users', coreSchema: 'urn:x', schemas: [{ id: CORE_USER, attributes: [] }] },
        ],
      }),
      /"urn:x" is not among the resource's schemas/,
    );
    const twice = minimal([]);
    (twice.resources as unknown[]).push((twice.resources as unknown[])[0]);
    assert.match(problems(twice), /two resources map to the users block/);
    assert.match(problems({ name: 'A', resources: [] }), /lists no resource/);
    assert.match(problems({ resources: [] }), /"name" is missing/);
    assert.match(problems([1, 2]), /is not a target schema: expected a JSON object/);
  });

  test('text that is not JSON, and a BOM', () => {
    assert.throws(() => parseTargetSchema('{ "name": ', 'broken.target.json'), /broken.target.json is not JSON/);
    assert.equal(parseTargetSchema(`\ufeff${JSON.stringify(minimal([]))}`, 'bom.target.json').name, 'Acme');
  });

  // Before: JSON.parse's message quoted the file's first characters ("SCIMMAP_TO"...), so a mapping declaring
  // target "/proc/self/environ" put part of a secret in a diagnostic, and in a SARIF log uploaded from CI.
  test('text that is not JSON is located by line and column; none of it is quoted but the character found', () => {
    const thrown = () => parseTargetSchema('SCIMMAP_TOKEN=eyJhbGciOi\nHOME=/root\n', '/proc/self/environ');
    assert.throws(thrown, { message: '/proc/self/environ is not JSON: Unexpected `S`: expected a JSON value (line 1, column 1, at /)' });
    assert.throws(() => parseTargetSchema('{\n  "name": "x",\n  "secret": tru\n}', 'x.target.json'), /\(line 3, column 13, at \/secret\)$/);
  });

  test('a declaration names a bundled target, suggests the near one, and needs a reader for files', () => {
    assert.deepEqual(resolveTargetReference('generic-scim'), { target: bundledTarget('generic-scim') });
    const near = resolveTargetReference('GenesysCloud');
    assert.ok('error' in near && near.error.includes('did you mean "genesys-cloud"'), JSON.stringify(near));
    const file = resolveTargetReference('./acme.target.json');
    assert.ok('error' in file && /relative to a saved .scimmap file/.test(file.error));
    const missing = resolveTargetReference('./acme.target.json', () => {
      throw Object.assign(new Error('nope'), { code: 'ENOENT' });
    });
    assert.deepEqual(missing, { error: 'Target schema file "./acme.target.json" not found.' });
  });
});
